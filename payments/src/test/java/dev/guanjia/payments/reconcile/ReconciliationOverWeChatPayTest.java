package dev.guanjia.payments.reconcile;

import dev.guanjia.payments.merchant.WxPayMerchant;
import dev.guanjia.payments.merchant.MerchantSettings;
import dev.guanjia.testkit.FakeWeChatPay;
import dev.guanjia.testkit.MutableClock;
import dev.guanjia.testkit.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reconciliation through the real adapter (WxJava, APIv3 signatures) against the fake WeChat Pay:
 * the bill applied for, downloaded and hash-checked, a day without a bill, a download whose hash
 * does not match.
 */
class ReconciliationOverWeChatPayTest {

    static final LocalDate DAY = LocalDate.of(2026, 12, 1);

    FakeWeChatPay fake;
    DataSource db;
    Reconciliation reconciliation;

    @BeforeEach
    void start() throws Exception {
        fake = FakeWeChatPay.start("1900000109", "wx5f0c1a2b3c4d5e6f");
        db = TestDatabase.fresh("community", "payments");
        reconciliation = new Reconciliation(db, new WxPayMerchant(new MerchantSettings(fake.appId(),
                fake.mchId(), fake.apiV3Key(), fake.merchantSerial(), fake.merchantPrivateKeyPath().toString(),
                fake.publicKeyId(), fake.platformPublicKeyPath().toString(), null, "https://guanjia.example.com/pay/notify",
                "https://guanjia.example.com/pay/refund-notify", fake.baseUrl())),
                new MutableClock(Instant.parse("2026-12-02T03:00:00Z")));
        ReconciliationTest.order(db, "c1", "PFmatch000001", 51876, "2026-12-01T09:15:02+08:00", "4200000001", 51876);
        ReconciliationTest.order(db, "c1", "PFamount00001", 30000, "2026-12-01T11:00:00+08:00", "4200000005", 30000);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void theDownloadedBillIsCheckedAndCompared() throws Exception {
        String csv = new BillText().payment("09:15:02", "4200000001", "PFmatch000001", "518.76")
                .payment("11:00:00", "4200000005", "PFamount00001", "300.10").text();
        fake.tradeBill(DAY, csv);
        Reconciliation.Outcome o = reconciliation.run(DAY, "job");
        assertEquals(null, o.error());
        assertEquals(2, o.billRows());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                .digest(csv.getBytes(StandardCharsets.UTF_8))), o.billSha1());
        assertEquals(1, o.findings().size());
        Finding f = o.findings().getFirst();
        assertEquals(Finding.Kind.AMOUNT_DIFFERS, f.kind());
        assertEquals(30010L, f.wechatFen());
        assertEquals(30000L, f.ourFen());
    }

    @Test
    void aDayWithoutTradesHasNoBillAtWeChatAndOurPaymentsOfItShow() {
        Reconciliation.Outcome o = reconciliation.run(DAY, "job"); // no bill: NO_STATEMENT_EXIST
        assertEquals(null, o.error());
        assertEquals(2, o.findings().size());
        assertTrue(o.findings().stream().allMatch(f -> f.kind() == Finding.Kind.MARKED_NOT_IN_BILL));
        assertTrue(reconciliation.run(DAY.minusDays(1), "job").clean());
    }

    @Test
    void aBillThatDoesNotMatchItsHashIsNotCompared() {
        fake.tradeBill(DAY, new BillText().payment("09:15:02", "4200000001", "PFmatch000001", "518.76").text());
        fake.corruptBillHash(true);
        Reconciliation.Outcome o = reconciliation.run(DAY, "job");
        assertTrue(o.failed());
        assertTrue(o.error().contains("HASH_MISMATCH"), o.error());
        assertTrue(new ReconciliationRecords(db, java.time.Clock.systemUTC()).findings("c1", DAY, DAY).isEmpty());
    }
}
