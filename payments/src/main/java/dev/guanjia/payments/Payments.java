package dev.guanjia.payments;

import dev.guanjia.payments.merchant.Merchant;
import dev.guanjia.payments.notify.PaymentNotifies;
import dev.guanjia.payments.offer.PaymentOffers;
import dev.guanjia.payments.offer.StoredOffers;
import dev.guanjia.payments.order.PaymentOrders;
import dev.guanjia.payments.order.Settled;
import dev.guanjia.payments.order.Settlement;
import dev.guanjia.payments.order.WeChatPayOrders;
import dev.guanjia.payments.receipt.Receipts;
import dev.guanjia.payments.refund.Refunds;
import dev.guanjia.payments.sweep.OpenOrderSweeper;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;

/**
 * Online payment, built once over one merchant account: the parts share the settlement, so a
 * payment is settled the same way whether a notify, the sweeper or a retry finds it.
 */
public final class Payments {

    /** How long things last: an offer's link, an order at WeChat Pay, and when the sweeper asks about one. */
    public record Timing(Duration offerTtl, Duration orderTtl, Duration sweepAfter) {
        public static final Timing DEFAULT = new Timing(StoredOffers.DEFAULT_TTL, WeChatPayOrders.DEFAULT_TTL,
                Duration.ofMinutes(5));
    }

    private final Merchant merchant;
    private final Settlement settlement;
    private final StoredOffers offers;
    private final WeChatPayOrders orders;
    private final Refunds refunds;
    private final PaymentNotifies notifies;
    private final OpenOrderSweeper sweeper;
    private final Receipts receipts;

    public Payments(DataSource db, Merchant merchant, Clock clock, Timing timing) {
        this.merchant = merchant;
        this.settlement = new Settlement(db, merchant, clock);
        this.offers = new StoredOffers(db, clock, timing.offerTtl());
        this.orders = new WeChatPayOrders(db, merchant, settlement, clock, timing.orderTtl());
        this.refunds = new Refunds(db, merchant, clock);
        this.notifies = new PaymentNotifies(db, merchant, settlement, refunds);
        this.sweeper = new OpenOrderSweeper(db, merchant, settlement, clock, timing.sweepAfter());
        this.receipts = new Receipts(db);
    }

    public Payments(DataSource db, Merchant merchant) {
        this(db, merchant, Clock.systemUTC(), Timing.DEFAULT);
    }

    /** Told after each settlement commits. */
    public void onSettled(Settled listener) {
        settlement.onSettled(listener);
    }

    public Merchant merchant() {
        return merchant;
    }

    public Settlement settlement() {
        return settlement;
    }

    public PaymentOffers offers() {
        return offers;
    }

    public PaymentOrders orders() {
        return orders;
    }

    public Refunds refunds() {
        return refunds;
    }

    public PaymentNotifies notifies() {
        return notifies;
    }

    public OpenOrderSweeper sweeper() {
        return sweeper;
    }

    public Receipts receipts() {
        return receipts;
    }
}
