package dev.guanjia.payments.order;

import dev.guanjia.community.billing.Bills;
import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.community.refusal.Refusal;
import dev.guanjia.payments.merchant.Merchant;
import dev.guanjia.payments.merchant.MerchantException;
import dev.guanjia.payments.offer.Offer;
import dev.guanjia.payments.offer.StoredOffers;

import javax.sql.DataSource;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Orders at WeChat Pay, kept in payment_orders. The amount is the sum of the offer's bills as they
 * stand when the order is made; the bills are held (payment_order_bills' unique index) while the
 * order is open, so a second payment for them is refused. A retry by the same resident first closes
 * the open order it replaces, at WeChat Pay too.
 */
public final class WeChatPayOrders implements PaymentOrders {

    public static final Duration DEFAULT_TTL = Duration.ofMinutes(15);
    private static final Logger LOG = Logger.getLogger(WeChatPayOrders.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final String ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    static final String BUSY = "微信支付暂时无法受理，请稍后再试；也可以到物业服务中心缴纳。";

    private final DataSource db;
    private final Merchant merchant;
    private final Settlement settlement;
    private final Clock clock;
    private final Duration ttl;

    public WeChatPayOrders(DataSource db, Merchant merchant, Settlement settlement, Clock clock, Duration ttl) {
        this.db = db;
        this.merchant = merchant;
        this.settlement = settlement;
        this.clock = clock;
        this.ttl = ttl;
    }

    @Override
    public PaymentOrder payByJsapi(String offerToken, String openid) throws PaymentException {
        if (openid == null || openid.isBlank()) {
            throw new PaymentException(Refusal.Reason.INVALID, "openid_required", "请在微信公众号内打开缴费页面。");
        }
        return pay(offerToken, "JSAPI", openid);
    }

    @Override
    public PaymentOrder payByNative(String offerToken) throws PaymentException {
        return pay(offerToken, "NATIVE", null);
    }

    private PaymentOrder pay(String token, String tradeType, String openid) {
        Offer offer = offer(token);
        closePrevious(offer);
        String no = outTradeNo();
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        OffsetDateTime expires = now.plus(ttl);
        String description;
        long amount;
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                // re-read in the transaction that holds them: the amount is the bills', now
                List<Long> offered = offer.bills().stream().map(Offer.OfferedBill::billId).toList();
                // locked, so a booking fee cannot be withdrawn while its order is being made
                Bills.lockForPayment(c, offered);
                List<Bills.Payable> found = Bills.byIds(c, offered);
                List<Bills.Payable> bills = found.stream().filter(b -> !b.paid()).toList();
                if (found.isEmpty()) {
                    throw new PaymentException(Refusal.Reason.CONFLICT, "withdrawn", "这笔费用已取消，无需支付。");
                }
                if (bills.isEmpty()) {
                    throw new PaymentException(Refusal.Reason.CONFLICT, "already_paid", "这些费用已经缴清，无需再付。");
                }
                amount = bills.stream().mapToLong(Bills.Payable::amountFen).sum();
                description = description(c, offer.communityId(), bills);
                long id;
                try (PreparedStatement s = c.prepareStatement("""
                        INSERT INTO payment_orders (out_trade_no, offer_token, community_id, resident_id, channel,
                            trade_type, openid, description, amount_fen, state, conversation_id, created_at, expires_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?) RETURNING id""")) {
                    s.setString(1, no);
                    s.setString(2, offer.token());
                    s.setString(3, offer.communityId());
                    s.setLong(4, offer.residentId());
                    s.setString(5, offer.channel());
                    s.setString(6, tradeType);
                    s.setString(7, openid);
                    s.setString(8, description);
                    s.setLong(9, amount);
                    s.setString(10, offer.conversationId());
                    s.setObject(11, now);
                    s.setObject(12, expires);
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        id = rs.getLong(1);
                    }
                }
                try (PreparedStatement s = c.prepareStatement("""
                        INSERT INTO payment_order_bills (order_id, bill_id, bill_code, amount_fen) VALUES (?, ?, ?, ?)""")) {
                    for (Bills.Payable b : bills) {
                        s.setLong(1, id);
                        s.setLong(2, b.id());
                        s.setString(3, b.code());
                        s.setLong(4, b.amountFen());
                        s.addBatch();
                    }
                    s.executeBatch();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                if ("23505".equals(e.getSQLState()) || e.getNextException() != null
                        && "23505".equals(e.getNextException().getSQLState())) {
                    throw new PaymentException(Refusal.Reason.CONFLICT, "bills_held",
                            "这些账单正在另一笔支付中处理，请稍后再试；如已付款，请稍候查看缴费结果。");
                }
                throw e;
            } catch (RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store a payment order: " + e.getMessage(), e);
        }
        Merchant.OrderRequest request = new Merchant.OrderRequest(no, description, amount, expires, openid);
        Merchant.JsapiPayment jsapi = null;
        String codeUrl = null;
        try {
            if ("JSAPI".equals(tradeType)) {
                jsapi = merchant.createJsapi(request);
            } else {
                codeUrl = merchant.createNative(request);
            }
        } catch (MerchantException e) {
            LOG.warning("WeChat Pay refused order " + no + ": " + e.getMessage());
            release(no, true);
            throw new PaymentException(Refusal.Reason.CONFLICT, "wechat_pay_unavailable", BUSY);
        }
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE payment_orders SET prepay_id = ?, code_url = ? WHERE out_trade_no = ?")) {
            s.setString(1, jsapi == null ? null : jsapi.prepayId());
            s.setString(2, codeUrl);
            s.setString(3, no);
            s.executeUpdate();
            PaymentOrder o = load(c, no, false).orElseThrow();
            return jsapi == null ? o : with(o, jsapi);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store a payment order: " + e.getMessage(), e);
        }
    }

    private Offer offer(String token) {
        Offer offer = new StoredOffers(db, clock, Duration.ZERO).find(token).orElseThrow(() -> new PaymentException(
                Refusal.Reason.NOT_FOUND, "offer_expired", "这个缴费链接已过期，请回到对话中重新发起缴费。"));
        if (offer.bills().isEmpty()) {
            throw new PaymentException(Refusal.Reason.CONFLICT, "already_paid", "这些费用已经缴清或已取消，无需再付。");
        }
        return offer;
    }

    /**
     * The resident's open orders holding any of these bills are replaced: closed at WeChat Pay, then
     * here. One WeChat Pay says is paid is settled instead, and the new payment refused.
     */
    private void closePrevious(Offer offer) {
        List<String> previous = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT DISTINCT o.out_trade_no FROM payment_orders o JOIN payment_order_bills ob ON ob.order_id = o.id
                WHERE o.state = 'open' AND ob.held AND o.community_id = ? AND o.resident_id = ? AND ob.bill_id = ANY (?)""")) {
            s.setString(1, offer.communityId());
            s.setLong(2, offer.residentId());
            s.setArray(3, c.createArrayOf("bigint", offer.bills().stream().map(Offer.OfferedBill::billId).toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    previous.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read payment orders: " + e.getMessage(), e);
        }
        for (String no : previous) {
            try {
                merchant.close(no);
            } catch (MerchantException e) {
                if ("ORDERPAID".equals(e.code()) || "ORDER_PAID".equals(e.code())) {
                    settlePaid(no);
                    throw new PaymentException(Refusal.Reason.CONFLICT, "paid_already",
                            "您刚才的支付已经成功，账单已缴清，无需重复支付。");
                }
                if (!"ORDER_NOT_EXIST".equals(e.code()) && !"ORDER_CLOSED".equals(e.code())) {
                    LOG.warning("cannot close order " + no + " before a retry: " + e.getMessage());
                    throw new PaymentException(Refusal.Reason.CONFLICT, "wechat_pay_unavailable", BUSY);
                }
            }
            release(no, false);
        }
    }

    private void settlePaid(String no) {
        try {
            Optional<Merchant.Transaction> t = merchant.query(no);
            if (t.isPresent() && Settlement.wasPaid(t.get())) {
                settlement.settle(t.get(), "query");
            }
        } catch (MerchantException e) {
            LOG.warning("order " + no + " is paid at WeChat Pay but cannot be queried now: " + e.getMessage()
                        + "; the sweeper will settle it");
        }
    }

    /** Closes an open order here and frees its bills; {@code tryWeChat}: also close it there, quietly. */
    private void release(String no, boolean tryWeChat) {
        if (tryWeChat) {
            try {
                merchant.close(no); // the order may exist there although the answer was lost
            } catch (MerchantException ignored) {
                // ORDER_NOT_EXIST most likely; the sweeper queries closed orders' payments anyway by notify
            }
        }
        closeLocally(db, no, clock);
    }

    /** Closes an order still open and frees its bills; false when it was no longer open. */
    public static boolean closeLocally(DataSource db, String no, Clock clock) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            boolean closed = closeLocally(c, no, clock);
            c.commit();
            return closed;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close payment order " + no + ": " + e.getMessage(), e);
        }
    }

    /** The same in the caller's transaction. */
    public static boolean closeLocally(Connection c, String no, Clock clock) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE payment_orders SET state = 'closed', closed_at = ? WHERE out_trade_no = ? AND state = 'open'
                RETURNING id""")) {
            s.setObject(1, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            s.setString(2, no);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                try (PreparedStatement u = c.prepareStatement(
                        "UPDATE payment_order_bills SET held = false WHERE order_id = ?")) {
                    u.setLong(1, rs.getLong(1));
                    u.executeUpdate();
                }
                return true;
            }
        }
    }

    @Override
    public Optional<PaymentOrder> find(String outTradeNo) {
        try (Connection c = db.getConnection()) {
            return load(c, outTradeNo, false);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read payment order: " + e.getMessage(), e);
        }
    }

    @Override
    public List<PaymentOrder> ofResident(String communityId, long residentId, int limit) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(SELECT
                + " WHERE o.community_id = ? AND o.resident_id = ? ORDER BY o.created_at DESC, o.id DESC LIMIT ?")) {
            s.setString(1, communityId);
            s.setLong(2, residentId);
            s.setInt(3, Math.max(1, Math.min(limit, 200)));
            return rows(s);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read payment orders: " + e.getMessage(), e);
        }
    }

    @Override
    public List<PaymentOrder> paidIn(String communityId, int limit) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(SELECT
                + " WHERE o.community_id = ? AND o.state = 'paid' ORDER BY o.paid_at DESC, o.id DESC LIMIT ?")) {
            s.setString(1, communityId);
            s.setInt(2, Math.max(1, Math.min(limit, 500)));
            return rows(s);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read payment orders: " + e.getMessage(), e);
        }
    }

    private static final String SELECT = """
            SELECT o.out_trade_no, o.community_id, o.resident_id, o.channel, o.trade_type, o.amount_fen, o.state,
                   o.description, ARRAY(SELECT ob.bill_code FROM payment_order_bills ob WHERE ob.order_id = o.id
                                        ORDER BY ob.bill_code),
                   o.created_at, o.expires_at, o.paid_at, o.transaction_id, o.refunded_fen, o.code_url,
                   o.conversation_id
            FROM payment_orders o""";

    /** One order in the caller's connection; {@code lock}: its row locked until the transaction ends. */
    public static Optional<PaymentOrder> load(Connection c, String outTradeNo, boolean lock) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT + " WHERE o.out_trade_no = ?" + (lock ? " FOR UPDATE OF o" : ""))) {
            s.setString(1, outTradeNo);
            return rows(s).stream().findFirst();
        }
    }

    private static List<PaymentOrder> rows(PreparedStatement s) throws SQLException {
        List<PaymentOrder> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                Array codes = rs.getArray(9);
                out.add(new PaymentOrder(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getLong(6), rs.getString(7), rs.getString(8),
                        List.copyOf(Arrays.asList((String[]) codes.getArray())),
                        rs.getObject(10, OffsetDateTime.class), rs.getObject(11, OffsetDateTime.class),
                        rs.getObject(12, OffsetDateTime.class), rs.getString(13), rs.getLong(14), rs.getString(15),
                        null, rs.getString(16)));
            }
        }
        return out;
    }

    private static PaymentOrder with(PaymentOrder o, Merchant.JsapiPayment jsapi) {
        return new PaymentOrder(o.outTradeNo(), o.communityId(), o.residentId(), o.channel(), o.tradeType(),
                o.amountFen(), o.state(), o.description(), o.billCodes(), o.createdAt(), o.expiresAt(), o.paidAt(),
                o.transactionId(), o.refundedFen(), o.codeUrl(), jsapi, o.conversationId());
    }

    /** What the resident reads in WeChat's payment sheet and bill list (at most 127 characters). */
    private static String description(Connection c, String communityId, List<Bills.Payable> bills) throws SQLException {
        String name = communityName(c, communityId);
        String first = bills.getFirst().houseCode() + " " + bills.getFirst().itemName() + " " + bills.getFirst().period();
        String d = name + " " + first + (bills.size() > 1 ? " 等" + bills.size() + "笔" : "");
        return d.length() > 120 ? d.substring(0, 120) : d;
    }

    private static String communityName(Connection c, String communityId) throws SQLException {
        return CommunityDirectory.name(c, communityId).orElse("物业缴费");
    }

    /** GJ + Beijing time to the second + 10 random characters: 26 characters, unique in practice and by index. */
    private String outTradeNo() {
        StringBuilder b = new StringBuilder("GJ").append(STAMP.format(clock.instant().atZone(ZoneId.of("Asia/Shanghai"))));
        for (int i = 0; i < 10; i++) {
            b.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
        }
        return b.toString();
    }
}
