package dev.guanjia.payments.reminder;

import dev.guanjia.payments.offer.PaymentOffers;

import java.util.List;
import java.util.Optional;

/** The payment page a reminder points to, when online payment is configured. */
@FunctionalInterface
public interface PaymentLinks {

    /** Online payment is off: reminders say where to pay instead. */
    PaymentLinks NONE = (communityId, residentId, houseIds, billCodes, channel) -> Optional.empty();

    /** A link paying exactly these bills of the resident's houses; empty when none can be offered. */
    Optional<String> link(String communityId, long residentId, List<Long> houseIds, List<String> billCodes,
                          String channel);

    /**
     * Links to the payment page ({@code base}/pay/o/{token}) of an offer made for the reminder.
     *
     * @param base the server's address as residents reach it, e.g. https://wy.example.com
     */
    static PaymentLinks of(PaymentOffers offers, String base) {
        String root = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return (communityId, residentId, houseIds, billCodes, channel) -> offers
                .offer(communityId, residentId, houseIds, billCodes, channel, null, null)
                .map(o -> root + "/pay/o/" + o.token());
    }
}
