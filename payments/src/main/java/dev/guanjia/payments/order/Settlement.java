package dev.guanjia.payments.order;

import dev.guanjia.community.audit.AuditLog;
import dev.guanjia.community.billing.Bills;
import dev.guanjia.payments.merchant.Merchant;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Settles a payment WeChat Pay reports (by notify or by query) exactly once: in one transaction,
 * with the order's row locked, the order becomes paid, a payments row is written, its bills are
 * marked paid (community billing) and an audit entry is appended. A second report of the same
 * payment finds the order paid and changes nothing. After the commit the {@link Settled} listeners
 * are told.
 */
public final class Settlement {

    private static final Logger LOG = Logger.getLogger(Settlement.class.getName());
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    /** What a report of a payment led to. */
    public enum Outcome {
        /** Settled now. */
        SETTLED,
        /** Settled now, but the bills were already paid by another order: the money must go back. */
        DUPLICATE,
        /** Settled before: nothing changed. */
        ALREADY,
        /** The report does not match the order (merchant, app, amount): refused, nothing changed. */
        MISMATCH,
        /** No such order here. */
        UNKNOWN_ORDER,
        /** WeChat Pay does not say it is paid. */
        NOT_PAID
    }

    private final DataSource db;
    private final Merchant merchant;
    private final Clock clock;
    private final List<Settled> listeners = new CopyOnWriteArrayList<>();

    public Settlement(DataSource db, Merchant merchant, Clock clock) {
        this.db = db;
        this.merchant = merchant;
        this.clock = clock;
    }

    /** Told after each settlement commits (the desk tells the resident). */
    public void onSettled(Settled listener) {
        listeners.add(listener);
    }

    /** Settles in a transaction of its own, then tells the listeners. {@code settledBy}: notify or query. */
    public Outcome settle(Merchant.Transaction t, String settledBy) {
        Result r;
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                r = settleIn(c, t, settledBy);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot settle payment " + t.outTradeNo() + ": " + e.getMessage(), e);
        }
        if (r.outcome() == Outcome.MISMATCH) {
            AuditLog.record(db, "wechat-pay", "payment.refused", r.communityId(), "order " + t.outTradeNo(),
                    r.detail());
        }
        AuditLog.anchor(db);
        after(r);
        return r.outcome();
    }

    /** What {@link #settleIn} did, and the order to tell the listeners about once committed. */
    public record Result(Outcome outcome, PaymentOrder order, String communityId, String detail) {
    }

    /** Paid, including a payment already (partly) refunded at WeChat Pay (trade_state REFUND). */
    public static boolean wasPaid(Merchant.Transaction t) {
        return t.paid() || "REFUND".equals(t.tradeState());
    }

    /** Tells the listeners about a settlement made with {@link #settleIn}, after its commit. */
    public void after(Result r) {
        if (r.order() == null || r.outcome() != Outcome.SETTLED && r.outcome() != Outcome.DUPLICATE) {
            return;
        }
        for (Settled l : listeners) {
            try {
                l.settled(r.order());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a listener failed after settling " + r.order().outTradeNo(), e);
            }
        }
    }

    /**
     * Settles within the caller's transaction (the sweeper's, which holds the order locked already).
     * The caller commits, and calls {@link #after} then. A mismatch changes nothing; the caller audits it.
     */
    public Result settleIn(Connection c, Merchant.Transaction t, String settledBy) throws SQLException {
        long orderId;
        String community;
        long amount;
        String state;
        try (PreparedStatement s = c.prepareStatement(
                "SELECT id, community_id, amount_fen, state FROM payment_orders WHERE out_trade_no = ? FOR UPDATE")) {
            s.setString(1, t.outTradeNo());
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return new Result(Outcome.UNKNOWN_ORDER, null, null, null);
                }
                orderId = rs.getLong(1);
                community = rs.getString(2);
                amount = rs.getLong(3);
                state = rs.getString(4);
            }
        }
        if (!wasPaid(t)) {
            return new Result(Outcome.NOT_PAID, null, community, t.tradeState());
        }
        List<String> wrong = new ArrayList<>();
        if (!merchant.mchId().equals(t.mchId())) {
            wrong.add("mchid " + t.mchId() + " is not ours (" + merchant.mchId() + ")");
        }
        if (t.appId() != null && !merchant.appId().equals(t.appId())) {
            wrong.add("appid " + t.appId() + " is not ours (" + merchant.appId() + ")");
        }
        if (t.totalFen() != amount) {
            wrong.add("amount " + t.totalFen() + " fen differs from the order's " + amount + " fen");
        }
        if (t.transactionId() == null || t.transactionId().isBlank()) {
            wrong.add("no transaction_id");
        }
        if (!wrong.isEmpty()) {
            LOG.warning("payment report for " + t.outTradeNo() + " refused: " + String.join("; ", wrong));
            return new Result(Outcome.MISMATCH, null, community, String.join("; ", wrong) + " (by " + settledBy + ")");
        }
        if ("paid".equals(state)) {
            return new Result(Outcome.ALREADY, null, community, null);
        }
        java.util.Map<Long, String> billCodes = new java.util.TreeMap<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT bill_id, bill_code FROM payment_order_bills WHERE order_id = ? ORDER BY bill_id")) {
            s.setLong(1, orderId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    billCodes.put(rs.getLong(1), rs.getString(2));
                }
            }
        }
        List<Long> billIds = new ArrayList<>(billCodes.keySet());
        // Lock the bills before looking at them: a payment of another order for the same bills waits here.
        List<Long> unpaid = new ArrayList<>();
        List<String> alreadyPaid = new ArrayList<>();
        for (Bills.Payable b : Bills.lockForPayment(c, billIds)) {
            billCodes.remove(b.id());
            if (b.paid()) {
                alreadyPaid.add(b.code());
            } else {
                unpaid.add(b.id());
            }
        }
        // a bill gone meanwhile (a booking fee withdrawn when the booking lapsed): its money goes back too
        billCodes.values().forEach(code -> alreadyPaid.add(code + " (withdrawn)"));
        OffsetDateTime success = t.successTime() != null ? t.successTime()
                : OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        Bills.markPaid(c, unpaid, success.atZoneSameInstant(CHINA).toLocalDate());
        boolean duplicate = !alreadyPaid.isEmpty();
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE payment_orders SET state = 'paid', paid_at = ?, transaction_id = ?, closed_at = NULL
                WHERE id = ?""")) {
            s.setObject(1, success);
            s.setString(2, t.transactionId());
            s.setLong(3, orderId);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE payment_order_bills SET held = false WHERE order_id = ?")) {
            s.setLong(1, orderId);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO payments (order_id, transaction_id, amount_fen, payer_openid, success_time, settled_by,
                                      settled_at, duplicate)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            s.setLong(1, orderId);
            s.setString(2, t.transactionId());
            s.setLong(3, t.totalFen());
            s.setString(4, t.payerOpenid());
            s.setObject(5, success);
            s.setString(6, settledBy);
            s.setObject(7, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            s.setBoolean(8, duplicate);
            s.executeUpdate();
        }
        String detail = "transaction " + t.transactionId() + ", " + t.totalFen() + " fen, " + unpaid.size()
                        + " bill(s) marked paid, by " + settledBy
                        + (duplicate ? "; DUPLICATE: already paid by another order: " + String.join(", ", alreadyPaid)
                                       + " (to be refunded)" : "");
        AuditLog.append(c, "wechat-pay", duplicate ? "payment.duplicate" : "payment.settled", community,
                "order " + t.outTradeNo(), detail);
        if (duplicate) {
            LOG.warning("payment " + t.outTradeNo() + " settled for bills already paid (" + String.join(", ", alreadyPaid)
                    + "): refund it");
        }
        PaymentOrder order = WeChatPayOrders.load(c, t.outTradeNo(), false).orElseThrow();
        return new Result(duplicate ? Outcome.DUPLICATE : Outcome.SETTLED, order, community, detail);
    }
}
