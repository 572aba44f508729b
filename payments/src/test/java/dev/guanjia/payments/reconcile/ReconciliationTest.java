package dev.guanjia.payments.reconcile;

import dev.guanjia.payments.merchant.Merchant;
import dev.guanjia.payments.merchant.MerchantException;
import dev.guanjia.payments.merchant.NotifyRefused;
import dev.guanjia.testkit.MutableClock;
import dev.guanjia.testkit.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reconciliation of real-format trade bills with orders, payments and refunds seeded in PostgreSQL. */
class ReconciliationTest {

    static final LocalDate DAY = LocalDate.of(2026, 12, 1);

    /** WeChat Pay as far as bills go: the day's bill bytes, or WeChat's error for the day. */
    static final class BillMerchant implements Merchant {
        final Map<LocalDate, String> bills = new HashMap<>();
        final Map<LocalDate, MerchantException> errors = new HashMap<>();
        int downloads;

        @Override
        public InputStream tradeBill(LocalDate day) throws MerchantException {
            downloads++;
            if (errors.containsKey(day)) {
                throw errors.get(day);
            }
            String bill = bills.get(day);
            if (bill == null) {
                throw new MerchantException("NO_STATEMENT_EXIST", "账单文件不存在", null);
            }
            return new ByteArrayInputStream(bill.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String mchId() {
            return "1900000109";
        }

        @Override
        public String appId() {
            return "wx5f0c1a2b3c4d5e6f";
        }

        @Override
        public JsapiPayment createJsapi(OrderRequest order) {
            throw new UnsupportedOperationException("reconciliation places no orders");
        }

        @Override
        public String createNative(OrderRequest order) {
            throw new UnsupportedOperationException("reconciliation places no orders");
        }

        @Override
        public Optional<Transaction> query(String outTradeNo) {
            throw new UnsupportedOperationException("reconciliation queries no orders");
        }

        @Override
        public void close(String outTradeNo) {
            throw new UnsupportedOperationException("reconciliation closes no orders");
        }

        @Override
        public Refund refund(RefundRequest refund) {
            throw new UnsupportedOperationException("reconciliation refunds nothing");
        }

        @Override
        public PaymentNotice paymentNotice(String rawBody, NotifyHeaders headers) throws NotifyRefused {
            throw new NotifyRefused("no notifies here", null);
        }

        @Override
        public RefundNotice refundNotice(String rawBody, NotifyHeaders headers) throws NotifyRefused {
            throw new NotifyRefused("no notifies here", null);
        }
    }

    DataSource db;
    BillMerchant wechat;
    MutableClock clock;
    Reconciliation reconciliation;
    ReconciliationRecords records;

    @BeforeEach
    void setUp() {
        db = TestDatabase.fresh("community", "payments");
        wechat = new BillMerchant();
        clock = new MutableClock(Instant.parse("2026-12-02T03:00:00Z")); // 11:00 in Beijing
        reconciliation = new Reconciliation(db, wechat, clock);
        records = new ReconciliationRecords(db, clock);
    }

    /** An order; paid (with its payment row) when successTime is given, else left open. */
    static long order(DataSource db, String community, String outTradeNo, long fen, String successTime,
                      String transactionId, long paidFen) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO payment_orders (out_trade_no, community_id, resident_id, channel, trade_type, description,
                    amount_fen, state, expires_at, paid_at, transaction_id)
                VALUES (?, ?, 1, 'wechat', 'JSAPI', '物业费', ?, ?, now(), ?, ?) RETURNING id""")) {
            s.setString(1, outTradeNo);
            s.setString(2, community);
            s.setLong(3, fen);
            s.setString(4, successTime == null ? "open" : "paid");
            s.setObject(5, successTime == null ? null : OffsetDateTime.parse(successTime));
            s.setString(6, successTime == null ? null : transactionId);
            long id;
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
            if (successTime != null) {
                try (PreparedStatement p = c.prepareStatement("""
                        INSERT INTO payments (order_id, transaction_id, amount_fen, success_time, settled_by)
                        VALUES (?, ?, ?, ?, 'notify')""")) {
                    p.setLong(1, id);
                    p.setString(2, transactionId);
                    p.setLong(3, paidFen);
                    p.setObject(4, OffsetDateTime.parse(successTime));
                    p.executeUpdate();
                }
            }
            return id;
        }
    }

    static void refund(DataSource db, long orderId, String outRefundNo, long fen, String state, String createdAt)
            throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO payment_refunds (out_refund_no, order_id, amount_fen, reason, requested_by, state, created_at)
                VALUES (?, ?, ?, '业主重复缴费', 's1', ?, ?)""")) {
            s.setString(1, outRefundNo);
            s.setLong(2, orderId);
            s.setLong(3, fen);
            s.setString(4, state);
            s.setObject(5, OffsetDateTime.parse(createdAt));
            s.executeUpdate();
        }
    }

    private Map<String, Finding> byOrder(List<Finding> findings) {
        return findings.stream().collect(Collectors.toMap(
                f -> f.outRefundNo() == null ? f.outTradeNo() : f.outRefundNo(), f -> f));
    }

    @Test
    void findsEachKindOfMismatchAndNothingWhereBothAgree() throws Exception {
        order(db, "c1", "PFmatch000001", 51876, "2026-12-01T09:15:02+08:00", "4200000001", 51876);
        // paid at 23:59:30 in Beijing is still the 1st; 00:00:10 on the 2nd is the next bill's
        order(db, "c1", "PFlate0000001", 20000, "2026-12-01T23:59:30+08:00", "4200000002", 20000);
        order(db, "c1", "PFnextday0001", 20000, "2026-12-02T00:00:10+08:00", "4200000003", 20000);
        order(db, "c1", "PFopen0000001", 30000, null, null, 0);
        order(db, "c2", "PFnotinbill01", 45000, "2026-12-01T10:00:00+08:00", "4200000004", 45000);
        order(db, "c1", "PFamount00001", 30000, "2026-12-01T11:00:00+08:00", "4200000005", 30000);
        order(db, "c1", "PFtx000000001", 10000, "2026-12-01T12:00:00+08:00", "4200000006", 10000);
        long refunded = order(db, "c1", "PFrefunded001", 74118, "2026-11-30T20:00:00+08:00", "4200000007", 74118);
        refund(db, refunded, "RFmatch000001", 10050, "success", "2026-12-01T14:00:00+08:00");
        refund(db, refunded, "RFamount00001", 5000, "success", "2026-12-01T14:10:00+08:00");
        refund(db, refunded, "RFnotinbill01", 3000, "processing", "2026-12-01T15:00:00+08:00");
        refund(db, refunded, "RFclosed00001", 2000, "closed", "2026-12-01T15:30:00+08:00");
        wechat.bills.put(DAY, new BillText()
                .payment("09:15:02", "4200000001", "PFmatch000001", "518.76")
                .payment("23:59:30", "4200000002", "PFlate0000001", "200.00")
                .payment("10:30:00", "4200000099", "PFopen0000001", "300.00")
                .payment("10:40:00", "4200000098", "PFunknown0001", "88.00")
                .payment("11:00:00", "4200000005", "PFamount00001", "300.01")
                .payment("12:00:00", "4200000666", "PFtx000000001", "100.00")
                .refund("14:00:00", "4200000007", "PFrefunded001", "5030001", "RFmatch000001", "741.18", "100.50")
                .refund("14:10:00", "4200000007", "PFrefunded001", "5030002", "RFamount00001", "741.18", "60.00")
                .refund("16:00:00", "4200000007", "PFrefunded001", "5030003", "RFstranger001", "741.18", "7.00")
                .text());

        Reconciliation.Outcome o = reconciliation.run(DAY, "cli");

        assertNull(o.error());
        assertEquals(9, o.billRows());
        assertEquals(6, o.billPayments());
        assertEquals(3, o.billRefunds());
        assertEquals(5, o.ourPayments(), "the payment of 00:00:10 on the 2nd is not the 1st's");
        Map<String, Finding> f = byOrder(o.findings());
        assertEquals(List.of("PFamount00001", "PFnotinbill01", "PFopen0000001", "PFtx000000001", "PFunknown0001",
                "RFamount00001", "RFnotinbill01", "RFstranger001"), f.keySet().stream().sorted().toList());

        assertEquals(Finding.Kind.PAID_NOT_MARKED, f.get("PFopen0000001").kind());
        assertEquals(30000L, f.get("PFopen0000001").wechatFen());
        assertEquals(30000L, f.get("PFopen0000001").ourFen());
        assertEquals("4200000099", f.get("PFopen0000001").transactionId());
        assertEquals("c1", f.get("PFopen0000001").communityId());

        assertEquals(Finding.Kind.PAID_NOT_MARKED, f.get("PFunknown0001").kind());
        assertNull(f.get("PFunknown0001").communityId());
        assertNull(f.get("PFunknown0001").ourFen());
        assertEquals(8800L, f.get("PFunknown0001").wechatFen());

        assertEquals(Finding.Kind.MARKED_NOT_IN_BILL, f.get("PFnotinbill01").kind());
        assertEquals("c2", f.get("PFnotinbill01").communityId());
        assertNull(f.get("PFnotinbill01").wechatFen());
        assertEquals(45000L, f.get("PFnotinbill01").ourFen());

        assertEquals(Finding.Kind.AMOUNT_DIFFERS, f.get("PFamount00001").kind());
        assertEquals(30001L, f.get("PFamount00001").wechatFen());
        assertEquals(30000L, f.get("PFamount00001").ourFen());

        assertEquals(Finding.Kind.TRANSACTION_DIFFERS, f.get("PFtx000000001").kind());
        assertEquals("4200000666", f.get("PFtx000000001").transactionId());

        assertEquals(Finding.Kind.REFUND_AMOUNT_DIFFERS, f.get("RFamount00001").kind());
        assertEquals(6000L, f.get("RFamount00001").wechatFen());
        assertEquals(5000L, f.get("RFamount00001").ourFen());
        assertEquals(Finding.Kind.REFUND_NOT_RECORDED, f.get("RFstranger001").kind());
        assertEquals("PFrefunded001", f.get("RFstranger001").outTradeNo());
        assertEquals("c1", f.get("RFstranger001").communityId());
        assertEquals(Finding.Kind.REFUND_NOT_IN_BILL, f.get("RFnotinbill01").kind());
        assertEquals(3000L, f.get("RFnotinbill01").ourFen());

        // nothing was "fixed": the open order is still open, the amounts as they were
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT state, (SELECT count(*) FROM payments) FROM payment_orders "
                     + "WHERE out_trade_no = 'PFopen0000001'")) {
            rs.next();
            assertEquals("open", rs.getString(1));
            assertEquals(7, rs.getInt(2));
        }
        assertEquals(7, records.findings("c1", DAY, DAY).size(), "c1 sees its own and the unknown order's, not c2's");
        assertEquals(2, records.findings("c2", DAY, DAY).size());
        ReconciliationRecords.Run run = records.runs(1).getFirst();
        assertEquals(8, run.findings());
        assertEquals(9, run.billRows());
        assertEquals(40, run.billSha1().length());
    }

    @Test
    void aRerunReplacesTheDaysOpenFindingsAndKeepsResolvedOnes() throws Exception {
        order(db, "c1", "PFopen0000001", 30000, null, null, 0);
        order(db, "c2", "PFnotinbill01", 45000, "2026-12-01T10:00:00+08:00", "4200000004", 45000);
        wechat.bills.put(DAY, new BillText().payment("10:30:00", "4200000099", "PFopen0000001", "300.00").text());
        Reconciliation.Outcome first = reconciliation.run(DAY, "cli");
        assertEquals(2, first.findings().size());
        Finding notInBill = byOrder(first.findings()).get("PFnotinbill01");
        assertFalse(records.resolve(notInBill.id(), "c1", "staff:s1", "微信侧已人工核实"), "c2's finding");
        assertTrue(records.resolve(notInBill.id(), "c2", "staff:s9", "微信侧已人工核实"));
        assertFalse(records.resolve(notInBill.id(), "c2", "staff:s9", "again"), "resolved once");
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT actor, details FROM audit_log WHERE action = 'payments.finding.resolved'")) {
            assertTrue(rs.next());
            assertEquals("staff:s9", rs.getString(1));
            assertEquals("marked_not_in_bill: 微信侧已人工核实", rs.getString(2));
            assertFalse(rs.next());
        }

        Reconciliation.Outcome second = reconciliation.run(DAY, "cli");
        assertEquals(List.of("PFopen0000001"), second.findings().stream().map(Finding::outTradeNo).toList());
        List<Finding> stored = new java.util.ArrayList<>(records.findings("c1", DAY, DAY));
        stored.addAll(records.findings("c2", DAY, DAY).stream().filter(f -> f.communityId() != null).toList());
        assertEquals(2, stored.size(), "one open (replaced, not doubled) and the resolved one");
        assertEquals(Map.of("open", 1L, "resolved", 1L), stored.stream()
                .collect(Collectors.groupingBy(Finding::status, Collectors.counting())));
    }

    @Test
    void aFailedDownloadIsRecordedAndLeavesEarlierFindingsAlone() throws Exception {
        order(db, "c1", "PFnotinbill01", 45000, "2026-12-01T10:00:00+08:00", "4200000004", 45000);
        wechat.bills.put(DAY, new BillText().text());
        assertEquals(1, reconciliation.run(DAY, "cli").findings().size());

        wechat.errors.put(DAY, new MerchantException("SYSTEM_ERROR", "系统繁忙，请稍后重试", null));
        Reconciliation.Outcome failed = reconciliation.run(DAY, "cli");
        assertTrue(failed.failed());
        assertTrue(failed.error().contains("SYSTEM_ERROR"), failed.error());
        ReconciliationRecords.Run run = records.runs(1).getFirst();
        assertEquals(failed.runId(), run.id());
        assertNotNull(run.finishedAt());
        assertTrue(run.error().contains("trade bill not downloaded"), run.error());
        assertEquals(1, records.findings("c1", DAY, DAY).size());

        wechat.errors.clear();
        wechat.bills.put(DAY, new BillText().payment("09:00:00", "42", "PFx00000001", "1.00").counting(5).text());
        Reconciliation.Outcome unreadable = reconciliation.run(DAY, "cli");
        assertTrue(unreadable.error().contains("refused as incomplete"), unreadable.error());
        assertEquals(1, records.findings("c1", DAY, DAY).size());
    }

    @Test
    void aDayWithoutABillAtWeChatStillShowsOurPaymentsOfThatDay() throws Exception {
        order(db, "c1", "PFnotinbill01", 45000, "2026-12-01T10:00:00+08:00", "4200000004", 45000);
        Reconciliation.Outcome o = reconciliation.run(DAY, "cli"); // WeChat answers NO_STATEMENT_EXIST
        assertFalse(o.failed());
        assertEquals(0, o.billRows());
        assertEquals(Finding.Kind.MARKED_NOT_IN_BILL, o.findings().getFirst().kind());
        assertTrue(reconciliation.run(LocalDate.of(2026, 11, 30), "cli").clean());
    }

    @Test
    void theDailyJobWaitsForTenOClockAndTakesEachDayOnceAcrossNodes() throws Exception {
        clock = new MutableClock(Instant.parse("2026-12-02T01:59:00Z")); // 09:59 in Beijing
        Reconciliation nodeA = new Reconciliation(db, wechat, clock);
        Reconciliation nodeB = new Reconciliation(db, wechat, clock);
        assertTrue(nodeA.runDaily().isEmpty());
        assertEquals(0, wechat.downloads);

        clock.advance(Duration.ofMinutes(2));
        List<Reconciliation.Outcome> ran = nodeA.runDaily();
        assertEquals(List.of(LocalDate.of(2026, 11, 29), LocalDate.of(2026, 11, 30), DAY),
                ran.stream().map(Reconciliation.Outcome::day).toList());
        assertTrue(nodeB.runDaily().isEmpty(), "the other node finds the days taken");
        assertTrue(nodeA.runDaily().isEmpty());
        assertEquals(3, wechat.downloads);

        // a failed day is taken again after a while, by any node, and not before
        clock.advance(Duration.ofDays(1));
        wechat.errors.put(LocalDate.of(2026, 12, 2), new MerchantException("STATEMENT_CREATING", "账单生成中", null));
        assertTrue(nodeB.runDaily().getFirst().failed());
        assertTrue(nodeA.runDaily().isEmpty());
        wechat.errors.clear();
        clock.advance(Duration.ofMinutes(31));
        List<Reconciliation.Outcome> retried = nodeA.runDaily();
        assertEquals(1, retried.size());
        assertFalse(retried.getFirst().failed());
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT attempts, done_at IS NOT NULL FROM payment_reconcile_days "
                     + "WHERE day = DATE '2026-12-02'")) {
            rs.next();
            assertEquals(2, rs.getInt(1));
            assertTrue(rs.getBoolean(2));
        }
    }
}
