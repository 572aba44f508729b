package dev.guanjia.bookings.fee;

import dev.guanjia.community.billing.Bills;
import dev.guanjia.payments.order.BillOrders;
import dev.guanjia.payments.refund.Refunds;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;

/**
 * A booking's fee paid online: charged to the house as a bill of the community's own (so the payment
 * flow that pays bills pays it: offer, WeChat Pay order, notify, receipt, reconciliation), taken back
 * when the booking lapses unpaid, refunded when a paid booking is cancelled in time.
 */
public final class BookingFees {

    /** How long an unpaid booking holds its slot: a little over the payment order's own lifetime. */
    public static final Duration DEFAULT_HOLD = Duration.ofMinutes(20);
    /** The fee item's name on the bill, the receipt and the reconciliation. */
    public static final String ITEM = "场地预约费";

    private final Refunds refunds;
    private final Duration hold;

    public BookingFees(Refunds refunds, Duration hold) {
        if (hold.isNegative() || hold.isZero()) {
            throw new IllegalArgumentException("the payment hold must be positive: " + hold);
        }
        this.refunds = refunds;
        this.hold = hold;
    }

    public Duration hold() {
        return hold;
    }

    /** Charges the fee to the house in the booking's transaction; the bill carries the booking's code. */
    public long charge(Connection c, String communityId, long houseId, String bookingCode, String what,
                       BigDecimal fee, LocalDate today) throws SQLException {
        return Bills.charge(c, communityId, houseId, bookingCode, ITEM, what, fee, today);
    }

    /** Where an unpaid booking's bill stands when the booking is to be released. */
    public enum Release {
        /** The bill was taken back (or was already gone): the slot can be given up. */
        WITHDRAWN,
        /** A payment of it is open at WeChat Pay: wait for it to be paid or closed. */
        PAYING,
        /** It was paid meanwhile: the booking stands. */
        PAID
    }

    /** Takes back the bill of an unpaid booking unless it is being paid or was paid, in the caller's transaction. */
    public Release release(Connection c, long billId) throws SQLException {
        Optional<Boolean> paid = Bills.lockPaid(c, billId);
        if (paid.isEmpty()) {
            return Release.WITHDRAWN;
        }
        if (paid.get()) {
            return Release.PAID;
        }
        if (BillOrders.paying(c, billId)) {
            return Release.PAYING;
        }
        Bills.withdraw(c, billId);
        return Release.WITHDRAWN;
    }

    /** The settled order that paid the bill, if it was paid. */
    public Optional<BillOrders.PaidBy> paidBy(Connection c, long billId) throws SQLException {
        return BillOrders.paidBy(c, billId);
    }

    /**
     * Gives the fee back through WeChat Pay (the original way), after the cancellation committed.
     * Returns the refund number; throws {@link dev.guanjia.payments.order.PaymentException} when
     * WeChat Pay refuses, so the caller can tell the resident staff will see to it.
     */
    public String refund(String communityId, BillOrders.PaidBy paid, String reason, String actor) {
        return refunds.refund(communityId, paid.outTradeNo(), paid.billFen(), reason, actor).outRefundNo();
    }
}
