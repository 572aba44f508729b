package dev.guanjia.payments.notify;

import dev.guanjia.community.audit.AuditLog;
import dev.guanjia.payments.merchant.Merchant;
import dev.guanjia.payments.merchant.NotifyRefused;
import dev.guanjia.payments.order.Settlement;
import dev.guanjia.payments.refund.Refunds;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * WeChat Pay's notifies, as they arrive at {@code POST /pay/notify} and {@code /pay/refund-notify}:
 * verified and decrypted by the {@link Merchant}, checked against the order, settled exactly once,
 * and answered the way WeChat Pay reads answers — the HTTP status decides: 204 without a body is
 * taken, anything else with {@code {"code":"FAIL","message":"失败"}} is retried later. Retries of
 * a notify already handled are answered 204 again without changing anything.
 */
public final class PaymentNotifies {

    private static final Logger LOG = Logger.getLogger(PaymentNotifies.class.getName());

    /** The HTTP answer to give WeChat Pay. */
    public record Answer(int status, String body) {
        static final Answer OK = new Answer(204, "");

        static Answer fail(int status) {
            return new Answer(status, "{\"code\":\"FAIL\",\"message\":\"失败\"}");
        }

        public boolean accepted() {
            return status == 204;
        }
    }

    private final DataSource db;
    private final Merchant merchant;
    private final Settlement settlement;
    private final Refunds refunds;

    public PaymentNotifies(DataSource db, Merchant merchant, Settlement settlement, Refunds refunds) {
        this.db = db;
        this.merchant = merchant;
        this.settlement = settlement;
        this.refunds = refunds;
    }

    private volatile NotifyMeter meter = NotifyMeter.NONE;

    /** Where payment notifies are counted (the app's metrics); nowhere by default. */
    public PaymentNotifies meter(NotifyMeter meter) {
        this.meter = meter;
        return this;
    }

    /** A payment notify: the raw body exactly as received (a re-serialised one no longer verifies). */
    public Answer onPayment(String rawBody, Merchant.NotifyHeaders headers) {
        Merchant.PaymentNotice n;
        try {
            n = merchant.paymentNotice(rawBody, headers);
        } catch (NotifyRefused e) {
            LOG.warning("payment notify refused: " + e.getMessage());
            meter.notified(NotifyMeter.Outcome.REJECTED);
            return Answer.fail(401);
        }
        if (settledBefore(n.notifyId())) {
            meter.notified(NotifyMeter.Outcome.DUPLICATE);
            return Answer.OK; // a retry of a notify already taken: nothing to do again
        }
        if (!"TRANSACTION.SUCCESS".equals(n.eventType())) {
            record(n.notifyId(), n.eventType(), "ignored");
            meter.notified(NotifyMeter.Outcome.IGNORED);
            return Answer.OK;
        }
        try {
            Settlement.Outcome o = settlement.settle(n.transaction(), "notify");
            record(n.notifyId(), n.eventType(), o.name().toLowerCase());
            meter.notified(switch (o) {
                case SETTLED -> NotifyMeter.Outcome.SETTLED;
                case DUPLICATE -> NotifyMeter.Outcome.DOUBLE_PAID;
                case ALREADY -> NotifyMeter.Outcome.DUPLICATE;
                case MISMATCH, NOT_PAID -> NotifyMeter.Outcome.REJECTED;
                case UNKNOWN_ORDER -> NotifyMeter.Outcome.IGNORED;
            });
            return switch (o) {
                case SETTLED, DUPLICATE, ALREADY -> Answer.OK;
                case MISMATCH, NOT_PAID -> Answer.fail(400);
                case UNKNOWN_ORDER -> {
                    // not an order of ours (another system on the same merchant account?): say so once, in the log
                    LOG.warning("payment notify for unknown order " + n.transaction().outTradeNo() + " (transaction "
                                + n.transaction().transactionId() + ")");
                    AuditLog.record(db, "wechat-pay", "payment.unknown-order", null,
                            "order " + n.transaction().outTradeNo(), "transaction " + n.transaction().transactionId()
                                    + ", " + n.transaction().totalFen() + " fen");
                    yield Answer.OK;
                }
            };
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "cannot settle payment notify " + n.notifyId(), e);
            meter.notified(NotifyMeter.Outcome.FAILED);
            return Answer.fail(500);
        }
    }

    /** A refund notify (REFUND.SUCCESS, REFUND.ABNORMAL, REFUND.CLOSED). */
    public Answer onRefund(String rawBody, Merchant.NotifyHeaders headers) {
        Merchant.RefundNotice n;
        try {
            n = merchant.refundNotice(rawBody, headers);
        } catch (NotifyRefused e) {
            LOG.warning("refund notify refused: " + e.getMessage());
            return Answer.fail(401);
        }
        try {
            boolean known = refunds.update(n.refund().outRefundNo(), n.refund().refundId(), n.refund().status(),
                    "wechat-pay");
            record(n.notifyId(), n.eventType(), known ? "refund " + n.refund().status().toLowerCase() : "unknown refund");
            if (!known) {
                LOG.warning("refund notify for unknown refund " + n.refund().outRefundNo());
            }
            AuditLog.anchor(db);
            return Answer.OK;
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "cannot handle refund notify " + n.notifyId(), e);
            return Answer.fail(500);
        }
    }

    private boolean settledBefore(String id) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT outcome IN ('settled', 'duplicate', 'already', 'ignored') FROM payment_notifies WHERE id = ?")) {
            s.setString(1, id);
            try (java.sql.ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            return false; // settling again is safe: the order's lock makes it a no-op
        }
    }

    /** Notify ids seen, with what came of the first; retries keep the first outcome. */
    private void record(String id, String eventType, String outcome) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO payment_notifies (id, event_type, outcome) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING""")) {
            s.setString(1, id);
            s.setString(2, eventType);
            s.setString(3, outcome);
            s.executeUpdate();
        } catch (SQLException e) {
            LOG.warning("cannot record notify " + id + ": " + e.getMessage());
        }
    }
}
