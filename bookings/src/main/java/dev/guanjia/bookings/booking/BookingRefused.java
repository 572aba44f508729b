package dev.guanjia.bookings.booking;

import dev.guanjia.community.refusal.Refusal;

import java.util.List;

/** A booking or cancellation the rules do not allow, with the free slots to offer instead (maybe none). */
public final class BookingRefused extends Refusal {

    private final transient List<Slot> alternatives;

    public BookingRefused(Reason reason, String code, String chineseMessage, List<Slot> alternatives) {
        super(reason, code, chineseMessage);
        this.alternatives = List.copyOf(alternatives);
    }

    public BookingRefused(Reason reason, String code, String chineseMessage) {
        this(reason, code, chineseMessage, List.of());
    }

    public List<Slot> alternatives() {
        return alternatives;
    }
}
