package dev.guanjia.payments.refund;

import dev.guanjia.community.audit.AuditLog;
import dev.guanjia.community.refusal.Refusal;
import dev.guanjia.payments.merchant.Merchant;
import dev.guanjia.payments.merchant.MerchantException;
import dev.guanjia.payments.order.PaymentException;

import javax.sql.DataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Refunds of paid orders, asked for by a supervisor: a reason is required, the amount is at most
 * what was paid less what is already refunded or being refunded, several partial refunds are
 * allowed. Each is audited with who asked. The refund notify moves its state on, once.
 */
public final class Refunds {

    private static final Logger LOG = Logger.getLogger(Refunds.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A refund as recorded; {@code state} processing, success, abnormal or closed. */
    public record Refund(String outRefundNo, String outTradeNo, long amountFen, String reason, String requestedBy,
                         String state, String refundId, OffsetDateTime createdAt, OffsetDateTime finishedAt) {
    }

    private final DataSource db;
    private final Merchant merchant;
    private final Clock clock;

    public Refunds(DataSource db, Merchant merchant, Clock clock) {
        this.db = db;
        this.merchant = merchant;
        this.clock = clock;
    }

    /**
     * Refunds part or all of a paid order of this community. {@code staffId}: the supervisor asking
     * (recorded and audited). Refused (PaymentException, Chinese) when the order is not paid, the
     * reason is empty or the amount is more than can still be refunded.
     */
    public Refund refund(String communityId, String outTradeNo, long amountFen, String reason, String staffId) {
        if (reason == null || reason.isBlank()) {
            throw new PaymentException(Refusal.Reason.INVALID, "reason_required", "请填写退款原因。");
        }
        if (amountFen <= 0) {
            throw new PaymentException(Refusal.Reason.INVALID, "amount_invalid", "退款金额必须大于0。");
        }
        String no = outRefundNo();
        long total;
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                long orderId;
                long refunded;
                try (PreparedStatement s = c.prepareStatement("""
                        SELECT id, amount_fen, refunded_fen, state FROM payment_orders
                        WHERE out_trade_no = ? AND community_id = ? FOR UPDATE""")) {
                    s.setString(1, outTradeNo);
                    s.setString(2, communityId);
                    try (ResultSet rs = s.executeQuery()) {
                        if (!rs.next()) {
                            throw new PaymentException(Refusal.Reason.NOT_FOUND, "order_not_found", "没有找到这笔缴费。");
                        }
                        if (!"paid".equals(rs.getString(4))) {
                            throw new PaymentException(Refusal.Reason.CONFLICT, "not_paid", "这笔缴费尚未支付成功，不能退款。");
                        }
                        orderId = rs.getLong(1);
                        total = rs.getLong(2);
                        refunded = rs.getLong(3);
                    }
                }
                if (amountFen > total - refunded) {
                    throw new PaymentException(Refusal.Reason.INVALID, "amount_too_large",
                            "退款金额超过可退金额（最多可退" + yuan(total - refunded) + "元）。");
                }
                try (PreparedStatement s = c.prepareStatement(
                        "UPDATE payment_orders SET refunded_fen = refunded_fen + ? WHERE id = ?")) {
                    s.setLong(1, amountFen);
                    s.setLong(2, orderId);
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("""
                        INSERT INTO payment_refunds (out_refund_no, order_id, amount_fen, reason, requested_by, state,
                                                     created_at)
                        VALUES (?, ?, ?, ?, ?, 'processing', ?)""")) {
                    s.setString(1, no);
                    s.setLong(2, orderId);
                    s.setLong(3, amountFen);
                    s.setString(4, reason.strip());
                    s.setString(5, staffId);
                    s.setObject(6, now());
                    s.executeUpdate();
                }
                AuditLog.append(c, staffId, "payment.refund.requested", communityId, "order " + outTradeNo,
                        "refund " + no + ": " + amountFen + " fen, reason: " + reason.strip());
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record a refund: " + e.getMessage(), e);
        }
        try {
            Merchant.Refund r = merchant.refund(new Merchant.RefundRequest(outTradeNo, no, amountFen, total, reason.strip()));
            update(no, r.refundId(), r.status(), "wechat-pay");
        } catch (MerchantException e) {
            LOG.warning("WeChat Pay refused refund " + no + ": " + e.getMessage());
            update(no, null, "CLOSED", "wechat-pay");
            throw new PaymentException(Refusal.Reason.CONFLICT, "refund_refused",
                    "微信支付未受理这笔退款：" + (e.code() == null ? "暂时无法连接" : e.code()) + "。请稍后再试。");
        }
        AuditLog.anchor(db);
        return find(no).orElseThrow();
    }

    /**
     * Moves a refund to WeChat Pay's status (PROCESSING, SUCCESS, ABNORMAL, CLOSED), once: a refund
     * already in that state is left alone; a closed refund gives its amount back to the order's
     * refundable amount. Returns false when no such refund is recorded.
     */
    public boolean update(String outRefundNo, String refundId, String wechatStatus, String actor) {
        String state = wechatStatus == null ? "processing" : wechatStatus.toLowerCase(Locale.ROOT);
        if (!List.of("processing", "success", "abnormal", "closed").contains(state)) {
            throw new IllegalArgumentException("unknown refund status " + wechatStatus);
        }
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                long orderId;
                long amount;
                String was;
                String community;
                String outTradeNo;
                try (PreparedStatement s = c.prepareStatement("""
                        SELECT r.order_id, r.amount_fen, r.state, o.community_id, o.out_trade_no
                        FROM payment_refunds r JOIN payment_orders o ON o.id = r.order_id
                        WHERE r.out_refund_no = ? FOR UPDATE OF r, o""")) {
                    s.setString(1, outRefundNo);
                    try (ResultSet rs = s.executeQuery()) {
                        if (!rs.next()) {
                            c.rollback();
                            return false;
                        }
                        orderId = rs.getLong(1);
                        amount = rs.getLong(2);
                        was = rs.getString(3);
                        community = rs.getString(4);
                        outTradeNo = rs.getString(5);
                    }
                }
                // final states stay final; a repeated notify changes nothing
                if (was.equals(state) || "success".equals(was) || "closed".equals(was)) {
                    if (refundId != null) {
                        setRefundId(c, outRefundNo, refundId);
                    }
                    c.commit();
                    return true;
                }
                try (PreparedStatement s = c.prepareStatement("""
                        UPDATE payment_refunds SET state = ?, refund_id = coalesce(?, refund_id),
                            finished_at = CASE WHEN ? = 'processing' THEN NULL ELSE ? END
                        WHERE out_refund_no = ?""")) {
                    s.setString(1, state);
                    s.setString(2, refundId);
                    s.setString(3, state);
                    s.setObject(4, now());
                    s.setString(5, outRefundNo);
                    s.executeUpdate();
                }
                if ("closed".equals(state)) {
                    try (PreparedStatement s = c.prepareStatement(
                            "UPDATE payment_orders SET refunded_fen = refunded_fen - ? WHERE id = ?")) {
                        s.setLong(1, amount);
                        s.setLong(2, orderId);
                        s.executeUpdate();
                    }
                }
                if (!"processing".equals(state)) {
                    AuditLog.append(c, actor, "payment.refund." + state, community, "order " + outTradeNo,
                            "refund " + outRefundNo + ": " + amount + " fen");
                }
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update refund " + outRefundNo + ": " + e.getMessage(), e);
        }
    }

    private static void setRefundId(Connection c, String no, String refundId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE payment_refunds SET refund_id = ? WHERE out_refund_no = ? AND refund_id IS NULL")) {
            s.setString(1, refundId);
            s.setString(2, no);
            s.executeUpdate();
        }
    }

    public Optional<Refund> find(String outRefundNo) {
        return query(" WHERE r.out_refund_no = ?", outRefundNo).stream().findFirst();
    }

    /** An order's refunds, oldest first. */
    public List<Refund> ofOrder(String outTradeNo) {
        return query(" WHERE o.out_trade_no = ? ORDER BY r.id", outTradeNo);
    }

    private List<Refund> query(String where, String value) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT r.out_refund_no, o.out_trade_no, r.amount_fen, r.reason, r.requested_by, r.state, r.refund_id,
                       r.created_at, r.finished_at
                FROM payment_refunds r JOIN payment_orders o ON o.id = r.order_id""" + where)) {
            s.setString(1, value);
            List<Refund> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Refund(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getObject(8, OffsetDateTime.class),
                            rs.getObject(9, OffsetDateTime.class)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read refunds: " + e.getMessage(), e);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static String yuan(long fen) {
        return java.math.BigDecimal.valueOf(fen, 2).toPlainString();
    }

    private static String outRefundNo() {
        String a = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder b = new StringBuilder("GJR").append(System.currentTimeMillis());
        for (int i = 0; i < 8; i++) {
            b.append(a.charAt(RANDOM.nextInt(a.length())));
        }
        return b.toString();
    }
}
