package dev.guanjia.payments;

import dev.guanjia.community.refusal.Refusal;
import dev.guanjia.payments.merchant.Merchant;
import dev.guanjia.payments.merchant.MerchantSettings;
import dev.guanjia.payments.merchant.WxPayMerchant;
import dev.guanjia.payments.notify.PaymentNotifies;
import dev.guanjia.payments.offer.Offer;
import dev.guanjia.payments.order.PaymentException;
import dev.guanjia.payments.order.PaymentOrder;
import dev.guanjia.payments.order.WeChatPayOrders;
import dev.guanjia.payments.receipt.Receipts;
import dev.guanjia.payments.refund.Refunds;
import dev.guanjia.payments.sweep.OpenOrderSweeper;
import dev.guanjia.testkit.FakeWeChatPay;
import dev.guanjia.testkit.MutableClock;
import dev.guanjia.testkit.TestDatabase;
import dev.guanjia.testkit.TwoHouseholds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Payments end to end against the fake WeChat Pay (real APIv3 wire format, signed both ways) and a
 * real PostgreSQL: orders, notifies settled exactly once, refused notifies, the sweeper, refunds.
 */
class PaymentsTest {

    static FakeWeChatPay fake;
    static Merchant merchant;

    DataSource db;
    MutableClock clock;
    Payments payments;
    long owner;
    long neighbour;
    long coOwner;
    long house101;
    long house102;
    final List<PaymentOrder> told = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startFake() {
        fake = FakeWeChatPay.start("1900000109", "wx8888888888888888");
        merchant = new WxPayMerchant(new MerchantSettings(fake.appId(), fake.mchId(), fake.apiV3Key(),
                fake.merchantSerial(), fake.merchantPrivateKeyPath().toString(), fake.publicKeyId(),
                fake.platformPublicKeyPath().toString(), null, "https://guanjia.example.com/pay/notify",
                "https://guanjia.example.com/pay/refund-notify", fake.baseUrl()));
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @BeforeEach
    void setUp() throws SQLException {
        db = TestDatabase.fresh("community", "payments");
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            TwoHouseholds.insert(c);
            s.execute("""
                    INSERT INTO bills (community_id, code, house_id, fee_item_id, period, amount, due, status)
                    SELECT 'c1', 'b3', h.id, f.id, '2026-Q3', 300.00, DATE '2026-09-30', 'overdue'
                    FROM houses h, fee_items f WHERE h.code = '1-1-101' AND f.code = 'property'""");
            s.execute("INSERT INTO residents (community_id, code, name, birth_year) VALUES ('c1', 'r3', '家人丙', 1985)");
            s.execute("""
                    INSERT INTO resident_houses (resident_id, house_id, role)
                    SELECT r.id, h.id, 'family' FROM residents r, houses h WHERE r.code = 'r3' AND h.code = '1-1-101'""");
            owner = one(c, "SELECT id FROM residents WHERE code = 'r1'");
            neighbour = one(c, "SELECT id FROM residents WHERE code = 'r2'");
            coOwner = one(c, "SELECT id FROM residents WHERE code = 'r3'");
            house101 = one(c, "SELECT id FROM houses WHERE code = '1-1-101'");
            house102 = one(c, "SELECT id FROM houses WHERE code = '1-1-102'");
        }
        clock = new MutableClock(Instant.now());
        payments = new Payments(db, merchant, clock, new Payments.Timing(Duration.ofMinutes(30),
                Duration.ofMinutes(15), Duration.ofMinutes(5)));
        told.clear();
        payments.onSettled(told::add);
    }

    private Offer offerFor(long resident, long house) {
        return payments.offers().offer("c1", resident, List.of(house), List.of(), "wechat", "wx-owner", "conv-1")
                .orElseThrow();
    }

    @Test
    void offerReadsUnpaidBillsAndExpires() {
        Offer o = offerFor(owner, house101);
        assertEquals(90000, o.totalFen());
        assertEquals(List.of("b3", "b1"), o.bills().stream().map(Offer.OfferedBill::code).toList());
        assertTrue(o.token().length() >= 32);
        Offer one = payments.offers().offer("c1", owner, List.of(house101), List.of("b1"), "web", null, null).orElseThrow();
        assertEquals(60000, one.totalFen());
        assertTrue(payments.offers().offer("c1", owner, List.of(house101), List.of("nope"), "web", null, null).isEmpty());
        assertTrue(payments.offers().find(o.token()).isPresent());
        assertTrue(payments.offers().find("guessed-token").isEmpty());
        clock.advance(Duration.ofMinutes(31));
        assertTrue(payments.offers().find(o.token()).isEmpty());
        PaymentException e = assertThrows(PaymentException.class, () -> payments.orders().payByNative(o.token()));
        assertEquals(Refusal.Reason.NOT_FOUND, e.reason());
    }

    @Test
    void jsapiOrderHoldsTheBillsAtTheirAmount() throws SQLException {
        Offer o = offerFor(owner, house101);
        PaymentOrder order = payments.orders().payByJsapi(o.token(), "wx-owner");
        assertEquals("open", order.state());
        assertEquals(90000, order.amountFen());
        assertEquals(List.of("b1", "b3"), order.billCodes());
        assertTrue(order.outTradeNo().matches("[0-9A-Za-z_|*-]{6,32}"));
        Merchant.JsapiPayment p = order.jsapi();
        assertNotNull(p);
        assertTrue(fake.paySignValid(p.appId(), p.timeStamp(), p.nonceStr(), p.packageValue(), p.paySign()));
        FakeWeChatPay.Order atWeChat = fake.order(order.outTradeNo());
        assertEquals(90000, atWeChat.totalFen);
        assertEquals("wx-owner", atWeChat.openid);
        assertNotNull(atWeChat.timeExpire);
        assertEquals(2, count("SELECT count(*) FROM payment_order_bills WHERE held"));
        assertEquals(0, fake.signatureFailures());
    }

    @Test
    void nativeOrderGivesACodeUrl() {
        PaymentOrder order = payments.orders().payByNative(offerFor(neighbour, house102).token());
        assertTrue(order.codeUrl().startsWith("weixin://wxpay/bizpayurl"));
        assertEquals(48000, order.amountFen());
        assertEquals("NATIVE", fake.order(order.outTradeNo()).tradeType);
        assertEquals(order.outTradeNo(), payments.orders().ofResident("c1", neighbour, 5).getFirst().outTradeNo());
    }

    @Test
    void aNotifySettlesOnceHoweverOftenItComes() throws Exception {
        PaymentOrder order = payments.orders().payByJsapi(offerFor(owner, house101).token(), "wx-owner");
        FakeWeChatPay.Notify n = fake.paymentNotify(order.outTradeNo());
        for (int i = 0; i < 3; i++) {
            PaymentNotifies.Answer a = payments.notifies().onPayment(n.body(), headers(i == 0 ? n : fake.resigned(n)));
            assertEquals(204, a.status());
            assertEquals("", a.body());
        }
        assertEquals(1, count("SELECT count(*) FROM payments"));
        assertEquals(2, count("SELECT count(*) FROM bills WHERE status = 'paid' AND code IN ('b1', 'b3')"));
        assertEquals(0, count("SELECT count(*) FROM bills WHERE status = 'paid' AND code = 'b2'"));
        assertEquals(1, count("SELECT count(*) FROM audit_log WHERE action = 'payment.settled'"));
        assertEquals(1, count("SELECT count(*) FROM payment_notifies"));
        assertEquals(1, told.size());
        assertTrue(told.getFirst().paid());
        assertEquals("paid", payments.orders().find(order.outTradeNo()).orElseThrow().state());
        assertEquals("notify", text("SELECT settled_by FROM payments"));

        // two deliveries at the same moment: one settlement
        PaymentOrder other = payments.orders().payByNative(offerFor(neighbour, house102).token());
        FakeWeChatPay.Notify m = fake.paymentNotify(other.outTradeNo());
        FakeWeChatPay.Notify m2 = fake.resigned(m);
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<PaymentNotifies.Answer>> answers = new ArrayList<>();
            for (FakeWeChatPay.Notify x : List.of(m, m2)) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return payments.notifies().onPayment(x.body(), headers(x));
                }));
            }
            go.countDown();
            for (Future<PaymentNotifies.Answer> f : answers) {
                assertEquals(204, f.get().status());
            }
        }
        assertEquals(2, count("SELECT count(*) FROM payments"));
        assertEquals(3, count("SELECT count(*) FROM bills WHERE status = 'paid'"));
        assertEquals(2, count("SELECT count(*) FROM audit_log WHERE action = 'payment.settled'"));
        assertEquals(2, told.size());
    }

    @Test
    void forgedAndStaleNotifiesAreRefusedAndChangeNothing() throws SQLException {
        PaymentOrder order = payments.orders().payByJsapi(offerFor(owner, house101).token(), "wx-owner");
        FakeWeChatPay.Notify n = fake.paymentNotify(order.outTradeNo());
        PaymentNotifies.Answer forged = payments.notifies().onPayment(n.forged().body(), headers(n));
        assertEquals(401, forged.status());
        assertEquals("{\"code\":\"FAIL\",\"message\":\"失败\"}", forged.body());
        FakeWeChatPay.Notify stale = fake.paymentNotify(fake.order(order.outTradeNo()), order.amountFen(),
                Instant.now().minusSeconds(360));
        assertEquals(401, payments.notifies().onPayment(stale.body(), headers(stale)).status());
        assertEquals(401, payments.notifies().onPayment(n.body(),
                new Merchant.NotifyHeaders(null, n.nonce(), n.signature(), n.serial())).status());
        assertEquals(0, count("SELECT count(*) FROM payments"));
        assertEquals(0, count("SELECT count(*) FROM bills WHERE status = 'paid'"));
        assertEquals(0, count("SELECT count(*) FROM payment_notifies"));
        assertEquals("open", payments.orders().find(order.outTradeNo()).orElseThrow().state());
        assertTrue(told.isEmpty());
    }

    @Test
    void anAmountMismatchIsRefusedAuditedAndChangesNothing() throws SQLException {
        PaymentOrder order = payments.orders().payByJsapi(offerFor(owner, house101).token(), "wx-owner");
        FakeWeChatPay.Order paid = fake.pay(order.outTradeNo());
        FakeWeChatPay.Notify n = fake.paymentNotify(paid, order.amountFen() - 1, Instant.now());
        PaymentNotifies.Answer a = payments.notifies().onPayment(n.body(), headers(n));
        assertEquals(400, a.status());
        assertEquals(0, count("SELECT count(*) FROM payments"));
        assertEquals(0, count("SELECT count(*) FROM bills WHERE status = 'paid'"));
        assertEquals(1, count("SELECT count(*) FROM audit_log WHERE action = 'payment.refused'"));
        assertEquals("open", payments.orders().find(order.outTradeNo()).orElseThrow().state());
    }

    @Test
    void theSweeperSettlesAPaymentWhoseNotifyNeverCame() throws SQLException {
        PaymentOrder order = payments.orders().payByNative(offerFor(owner, house101).token());
        fake.pay(order.outTradeNo());
        OpenOrderSweeper.Sweep early = payments.sweeper().sweep(10);
        assertEquals(0, early.checked()); // younger than 5 minutes: the notify may still come
        clock.advance(Duration.ofMinutes(6));
        OpenOrderSweeper.Sweep s = payments.sweeper().sweep(10);
        assertEquals(1, s.settled());
        assertEquals("query", text("SELECT settled_by FROM payments"));
        assertEquals(2, count("SELECT count(*) FROM bills WHERE status = 'paid'"));
        assertEquals(1, told.size());
        // the notify that finally arrives changes nothing
        FakeWeChatPay.Notify late = fake.paymentNotify(order.outTradeNo());
        assertEquals(204, payments.notifies().onPayment(late.body(), headers(late)).status());
        assertEquals(1, count("SELECT count(*) FROM payments"));
        assertEquals(1, told.size());
    }

    @Test
    void anExpiredUnpaidOrderIsClosedAndItsBillsFreed() throws SQLException {
        PaymentOrder order = payments.orders().payByNative(offerFor(owner, house101).token());
        clock.advance(Duration.ofMinutes(10));
        OpenOrderSweeper.Sweep notYet = payments.sweeper().sweep(10);
        assertEquals(1, notYet.checked());
        assertEquals(0, notYet.closed());
        clock.advance(Duration.ofMinutes(6));
        assertEquals(1, payments.sweeper().sweep(10).closed());
        assertEquals("CLOSED", fake.order(order.outTradeNo()).state);
        assertEquals("closed", payments.orders().find(order.outTradeNo()).orElseThrow().state());
        assertEquals(0, count("SELECT count(*) FROM payment_order_bills WHERE held"));
        // another member of the household can pay them now
        PaymentOrder next = payments.orders().payByNative(offerFor(coOwner, house101).token());
        assertEquals("open", next.state());
    }

    @Test
    void billsHeldByAnotherResidentsPaymentAreRefused() throws SQLException {
        PaymentOrder first = payments.orders().payByNative(offerFor(owner, house101).token());
        Offer second = offerFor(coOwner, house101);
        PaymentException e = assertThrows(PaymentException.class, () -> payments.orders().payByNative(second.token()));
        assertEquals(Refusal.Reason.CONFLICT, e.reason());
        assertTrue(e.getMessage().contains("另一笔支付"), e.getMessage());
        assertEquals(1, count("SELECT count(*) FROM payment_orders"));
        assertEquals("NOTPAY", fake.order(first.outTradeNo()).state);
    }

    @Test
    void aRetryClosesThePreviousOrderOrSettlesItWhenPaid() throws SQLException {
        Offer offer = offerFor(owner, house101);
        PaymentOrder first = payments.orders().payByNative(offer.token());
        PaymentOrder second = payments.orders().payByJsapi(offer.token(), "wx-owner");
        assertEquals("CLOSED", fake.order(first.outTradeNo()).state);
        assertEquals("closed", payments.orders().find(first.outTradeNo()).orElseThrow().state());
        assertEquals("open", second.state());
        fake.pay(second.outTradeNo()); // paid in WeChat, the notify not here yet
        PaymentException e = assertThrows(PaymentException.class, () -> payments.orders().payByNative(offer.token()));
        assertEquals(Refusal.Reason.CONFLICT, e.reason());
        assertTrue(e.getMessage().contains("已经成功"), e.getMessage());
        assertEquals("paid", payments.orders().find(second.outTradeNo()).orElseThrow().state());
        assertEquals(2, count("SELECT count(*) FROM bills WHERE status = 'paid'"));
        assertEquals(2, count("SELECT count(*) FROM payment_orders"));
    }

    @Test
    void aWeChatPayErrorLeavesNothingHeld() throws SQLException {
        Offer offer = offerFor(owner, house101);
        fake.failNext(500, "SYSTEM_ERROR", "系统错误");
        PaymentException e = assertThrows(PaymentException.class, () -> payments.orders().payByNative(offer.token()));
        assertTrue(e.getMessage().contains("微信支付"), e.getMessage());
        assertEquals(0, count("SELECT count(*) FROM payment_order_bills WHERE held"));
        assertEquals("open", payments.orders().payByNative(offer.token()).state());
    }

    @Test
    void aPaymentForBillsAlreadyPaidIsFlaggedDuplicateNotMarkedTwice() throws SQLException {
        Offer offer = offerFor(owner, house101);
        PaymentOrder first = payments.orders().payByNative(offer.token());
        // as if the first order had been given up here while the resident still paid it at WeChat Pay
        WeChatPayOrders.closeLocally(db, first.outTradeNo(), clock);
        PaymentOrder second = payments.orders().payByNative(offerFor(coOwner, house101).token());
        FakeWeChatPay.Notify n2 = fake.paymentNotify(second.outTradeNo());
        assertEquals(204, payments.notifies().onPayment(n2.body(), headers(n2)).status());
        FakeWeChatPay.Notify n1 = fake.paymentNotify(first.outTradeNo());
        assertEquals(204, payments.notifies().onPayment(n1.body(), headers(n1)).status());
        assertEquals(2, count("SELECT count(*) FROM payments"));
        assertEquals(1, count("SELECT count(*) FROM payments WHERE duplicate"));
        assertEquals(1, count("SELECT count(*) FROM audit_log WHERE action = 'payment.duplicate'"));
        assertEquals(2, count("SELECT count(*) FROM bills WHERE status = 'paid'"));
    }

    @Test
    void refundsArePartialBoundedReasonedAndNotifiedOnce() throws SQLException {
        PaymentOrder order = payments.orders().payByNative(offerFor(owner, house101).token());
        FakeWeChatPay.Notify n = fake.paymentNotify(order.outTradeNo());
        payments.notifies().onPayment(n.body(), headers(n));
        Refunds refunds = payments.refunds();
        PaymentException noReason = assertThrows(PaymentException.class,
                () -> refunds.refund("c1", order.outTradeNo(), 1000, " ", "s-1"));
        assertEquals("reason_required", noReason.code());
        Refunds.Refund part = refunds.refund("c1", order.outTradeNo(), 30000, "多收了第三季度物业费", "s-1");
        assertEquals("processing", part.state());
        assertEquals("s-1", part.requestedBy());
        assertNotNull(part.refundId());
        PaymentException over = assertThrows(PaymentException.class,
                () -> refunds.refund("c1", order.outTradeNo(), 60001, "再退", "s-1"));
        assertEquals("amount_too_large", over.code());
        assertTrue(over.getMessage().contains("600.00"), over.getMessage());
        assertThrows(PaymentException.class, () -> refunds.refund("c2", order.outTradeNo(), 100, "别的小区", "s-1"));
        assertEquals(30000, payments.orders().find(order.outTradeNo()).orElseThrow().refundedFen());
        assertEquals(1, count("SELECT count(*) FROM audit_log WHERE action = 'payment.refund.requested'"
                              + " AND actor = 's-1' AND details LIKE '%多收了第三季度物业费%'"));

        FakeWeChatPay.Notify done = fake.refundNotify(part.outRefundNo(), "SUCCESS");
        for (int i = 0; i < 3; i++) {
            FakeWeChatPay.Notify x = i == 0 ? done : fake.resigned(done);
            assertEquals(204, payments.notifies().onRefund(x.body(), headers(x)).status());
        }
        assertEquals("success", refunds.find(part.outRefundNo()).orElseThrow().state());
        assertEquals(1, count("SELECT count(*) FROM audit_log WHERE action = 'payment.refund.success'"));
        assertEquals(401, payments.notifies().onRefund(done.forged().body(), headers(done)).status());

        // a refund that WeChat Pay closes gives its amount back
        Refunds.Refund rest = refunds.refund("c1", order.outTradeNo(), 60000, "全部退回", "s-2");
        FakeWeChatPay.Notify closed = fake.refundNotify(rest.outRefundNo(), "CLOSED");
        assertEquals(204, payments.notifies().onRefund(closed.body(), headers(closed)).status());
        assertEquals("closed", refunds.find(rest.outRefundNo()).orElseThrow().state());
        assertEquals(30000, payments.orders().find(order.outTradeNo()).orElseThrow().refundedFen());
        assertEquals(2, refunds.ofOrder(order.outTradeNo()).size());
    }

    @Test
    void theReceiptListsWhatWasPaid() {
        PaymentOrder order = payments.orders().payByJsapi(offerFor(owner, house101).token(), "wx-owner");
        assertTrue(payments.receipts().of(order.outTradeNo()).isEmpty());
        FakeWeChatPay.Notify n = fake.paymentNotify(order.outTradeNo());
        payments.notifies().onPayment(n.body(), headers(n));
        Receipts.Receipt r = payments.receipts().of(order.outTradeNo()).orElseThrow();
        assertEquals("测试苑", r.communityName());
        assertEquals(List.of("1-1-101"), r.houseCodes());
        assertEquals(90000, r.totalFen());
        assertEquals(fake.order(order.outTradeNo()).transactionId, r.transactionId());
        assertNotNull(r.paidAt());
        assertEquals(List.of("2026-Q3", "2026-Q4"), r.items().stream().map(Receipts.Item::period).toList());
        assertEquals(List.of(30000L, 60000L), r.items().stream().map(Receipts.Item::amountFen).toList());
        assertFalse(r.items().getFirst().itemName().isBlank());
    }

    static Merchant.NotifyHeaders headers(FakeWeChatPay.Notify n) {
        return new Merchant.NotifyHeaders(n.timestamp(), n.nonce(), n.signature(), n.serial());
    }

    private long count(String sql) throws SQLException {
        try (Connection c = db.getConnection()) {
            return one(c, sql);
        }
    }

    private String text(String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void sweepersRunningTogetherSettleEachOrderOnce() throws Exception {
        PaymentOrder a = payments.orders().payByNative(offerFor(owner, house101).token());
        PaymentOrder b = payments.orders().payByNative(offerFor(neighbour, house102).token());
        fake.pay(a.outTradeNo());
        fake.pay(b.outTradeNo());
        clock.advance(Duration.ofMinutes(6));
        CountDownLatch go = new CountDownLatch(1);
        int settled = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
            List<Future<OpenOrderSweeper.Sweep>> sweeps = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                sweeps.add(pool.submit(() -> {
                    go.await();
                    return payments.sweeper().sweep(10);
                }));
            }
            go.countDown();
            for (Future<OpenOrderSweeper.Sweep> f : sweeps) {
                settled += f.get().settled();
            }
        }
        assertEquals(2, settled);
        assertEquals(2, count("SELECT count(*) FROM payments"));
        assertEquals(2, count("SELECT count(*) FROM audit_log WHERE action = 'payment.settled'"));
        assertEquals(2, told.size());
    }

    @Test
    void aResidentsPaymentDataIsExportedAndErasedButTheRecordsStay() throws SQLException {
        PaymentOrder order = payments.orders().payByJsapi(offerFor(owner, house101).token(), "wx-owner");
        FakeWeChatPay.Notify n = fake.paymentNotify(order.outTradeNo());
        payments.notifies().onPayment(n.body(), headers(n));
        payments.refunds().refund("c1", order.outTradeNo(), 100, "业主甲要求退回", "s-1");
        dev.guanjia.community.privacy.DataSubject who = new dev.guanjia.community.privacy.DataSubject("c1", owner, "r1",
                "业主甲", "业主", List.of(house101), List.of(), List.of("wx-owner"), List.of());
        dev.guanjia.payments.privacy.PaymentRecords records = new dev.guanjia.payments.privacy.PaymentRecords();
        try (Connection c = db.getConnection()) {
            java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
            records.export(c, who, out);
            assertTrue(out.get("paymentOrders").toString().contains(order.outTradeNo()));
            assertTrue(out.get("paymentOrders").toString().contains("wx-owner"));
            assertEquals(1, ((List<?>) out.get("paymentOffers")).size());
            c.setAutoCommit(false);
            records.erase(c, who, "（已删除）");
            c.commit();
        }
        assertEquals(0, count("SELECT count(*) FROM payment_offers"));
        assertEquals(0, count("SELECT count(*) FROM payment_orders WHERE openid IS NOT NULL"));
        assertEquals(0, count("SELECT count(*) FROM payments WHERE payer_openid IS NOT NULL"));
        assertEquals(0, count("SELECT count(*) FROM payment_refunds WHERE reason LIKE '%业主甲%'"));
        assertEquals(1, count("SELECT count(*) FROM payments"));
        assertEquals("paid", payments.orders().find(order.outTradeNo()).orElseThrow().state());
    }
}
