package dev.guanjia.bookings.booking;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;

/**
 * A resident's booking of one slot.
 *
 * @param code   what the resident and staff call it ("BK7Q2MX")
 * @param start  local time of the community
 * @param status confirmed or cancelled
 * @param fee    per the facility when booked; paid at the facility (online payment of bookings is not wired)
 */
public record Booking(long id, String code, String communityId, String bookableCode, String bookableName,
                      long residentId, String houseCode, LocalDateTime start, LocalDateTime end, String status,
                      BigDecimal fee, String channel, Instant createdAt, Instant cancelledAt, Long billId,
                      Instant payBy, String refundNo) {

    public boolean confirmed() {
        return "confirmed".equals(status);
    }

    /** Held for the resident until its fee is paid online (by {@link #payBy}), else released. */
    public boolean awaitingPayment() {
        return "awaiting_payment".equals(status);
    }

    /** Holding its slot: confirmed or awaiting payment. */
    public boolean active() {
        return confirmed() || awaitingPayment();
    }

    public Slot slot() {
        return new Slot(bookableCode, bookableName, start, end, 0);
    }
}
