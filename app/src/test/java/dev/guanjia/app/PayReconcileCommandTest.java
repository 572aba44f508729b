package dev.guanjia.app;

import dev.guanjia.app.pay.MerchantSource;
import dev.guanjia.payments.merchant.Merchant;
import dev.guanjia.payments.merchant.MerchantException;
import dev.guanjia.payments.merchant.NotifyRefused;
import dev.guanjia.testkit.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code guanjia pay reconcile}: exit 0 clean, 1 mismatches, 2 bill not had or not configured. */
class PayReconcileCommandTest {

    @TempDir
    Path workDir;

    private DataSource db;
    private Map<String, String> env;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final WeChatBills wechat = new WeChatBills();

    private static final String HEADER = "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,"
            + "交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,"
            + "退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注";

    /** WeChat Pay's trade bill download: the bill text of a day, or an error code. */
    static final class WeChatBills implements Merchant {
        String bill;
        String error;

        @Override
        public InputStream tradeBill(LocalDate day) throws MerchantException {
            if (error != null) {
                throw new MerchantException(error, "系统繁忙，请稍后重试", null);
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
            throw new UnsupportedOperationException("the command places no orders");
        }

        @Override
        public String createNative(OrderRequest order) {
            throw new UnsupportedOperationException("the command places no orders");
        }

        @Override
        public Optional<Transaction> query(String outTradeNo) {
            throw new UnsupportedOperationException("the command queries no orders");
        }

        @Override
        public void close(String outTradeNo) {
            throw new UnsupportedOperationException("the command closes no orders");
        }

        @Override
        public Refund refund(RefundRequest refund) {
            throw new UnsupportedOperationException("the command refunds nothing");
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

    private static String bill(String... rows) {
        StringBuilder b = new StringBuilder(HEADER).append("\r\n");
        for (String r : rows) {
            b.append(r).append("\r\n");
        }
        return b.append("总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\r\n`")
                .append(rows.length).append(",`0.00,`0.00,`0.00,`0.00000,`0.00,`0.00\r\n").toString();
    }

    private static String payment(String time, String transactionId, String outTradeNo, String yuan) {
        return "`2026-12-01 " + time + ",`wx5f0c1a2b3c4d5e6f,`1900000109,`0,`,`" + transactionId + ",`" + outTradeNo
                + ",`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`JSAPI,`SUCCESS,`OTHERS,`CNY,`" + yuan + ",`0.00,`0,`0,`0.00,`0.00,`,`,"
                + "`物业费,`,`0.00600,`0.60%,`" + yuan + ",`0.00,`";
    }

    @BeforeEach
    void database() throws Exception {
        // an external database, as in production, so each command starts in a moment
        db = TestDatabase.fresh("community", "payments");
        String name;
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            name = c.getCatalog();
            s.execute("""
                    INSERT INTO payment_orders (out_trade_no, community_id, resident_id, channel, trade_type, description,
                        amount_fen, state, expires_at, paid_at, transaction_id)
                    VALUES ('PF20261201a001', 'cuihu', 1, 'wechat', 'JSAPI', '物业费', 51876, 'paid', now(),
                            '2026-12-01T09:15:02+08:00', '4200000001')""");
            s.execute("""
                    INSERT INTO payments (order_id, transaction_id, amount_fen, success_time, settled_by)
                    SELECT id, transaction_id, amount_fen, paid_at, 'notify' FROM payment_orders""");
        }
        env = Map.of("GUANJIA_DB_URL", TestDatabase.jdbcUrl(name).replaceAll("\\?.*$", ""),
                "GUANJIA_DB_USER", "postgres");
    }

    private int run(MerchantSource merchants, String... args) {
        out.reset();
        PrintStream p = new PrintStream(out, true, StandardCharsets.UTF_8);
        return Main.run(args, env, workDir, p, p, merchants);
    }

    private int reconcile(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "pay";
        all[1] = "reconcile";
        System.arraycopy(args, 0, all, 2, args.length);
        return run(config -> Optional.of(wechat), all);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aCleanDayExitsZero() {
        wechat.bill = bill(payment("09:15:02", "4200000001", "PF20261201a001", "518.76"));
        assertEquals(0, reconcile("--date", "2026-12-01"), out());
        assertTrue(out().contains("reconciliation of 2026-12-01: bill 1 rows (1 payments, 0 refunds"), out());
        assertTrue(out().contains("0 mismatch(es)"), out());
    }

    @Test
    void mismatchesExitOneAndArePrintedAndStored() throws Exception {
        wechat.bill = bill(payment("09:15:02", "4200000001", "PF20261201a001", "518.67"),
                payment("11:00:00", "4200000002", "PF20261201x999", "88.00"));
        assertEquals(1, reconcile("--date", "2026-12-01"), out());
        assertTrue(out().contains("2 mismatch(es)"), out());
        assertTrue(out().contains("amount_differs PF20261201a001 transaction 4200000001 wechat 518.67 here 518.76 (cuihu)"),
                out());
        assertTrue(out().contains("paid_not_marked PF20261201x999 transaction 4200000002 wechat 88.00 here - (no order here)"),
                out());
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM payment_reconcile_findings WHERE status = 'open'")) {
            rs.next();
            assertEquals(2, rs.getInt(1));
        }
    }

    @Test
    void aBillNotHadExitsTwoWithTheReason() {
        wechat.error = "SYSTEM_ERROR";
        assertEquals(2, reconcile("--date", "2026-12-01"), out());
        assertTrue(out().contains("FAILED") && out().contains("SYSTEM_ERROR"), out());
        wechat.error = null;
        wechat.bill = bill(payment("09:15:02", "4200000001", "PF20261201a001", "518.76")).replace("`1,`0.00", "`2,`0.00");
        assertEquals(2, reconcile("--date", "2026-12-01"), out());
        assertTrue(out().contains("refused as incomplete"), out());
    }

    @Test
    void withoutPaymentsOrWithABadDateNothingRuns() {
        assertEquals(2, run(MerchantSource.FROM_SETTINGS, "pay", "reconcile", "--date", "2026-12-01"));
        assertTrue(out().contains("payments are not configured"), out());
        assertEquals(2, reconcile("--date", "12/01/2026"));
        assertTrue(out().contains("--date must be a day like 2026-12-01"), out());
        assertEquals(2, run(MerchantSource.FROM_SETTINGS, "pay", "refund"));
        assertEquals(0, run(MerchantSource.FROM_SETTINGS, "pay", "--help"));
        assertTrue(out().contains("Exit 0 when the day is clean, 1 when there are mismatches, 2"), out());
    }
}
