package dev.guanjia.payments.merchant;

import dev.guanjia.testkit.FakeWeChatPay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The adapter against the fake WeChat Pay: requests signed, answers verified, notifies checked. */
class WxPayMerchantTest {

    static FakeWeChatPay fake;
    static WxPayMerchant merchant;

    @BeforeAll
    static void start() {
        fake = FakeWeChatPay.start("1900000109", "wx8888888888888888");
        merchant = new WxPayMerchant(settings(fake));
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    /** Settings pointing at a fake (public-key mode). */
    public static MerchantSettings settings(FakeWeChatPay f) {
        return new MerchantSettings(f.appId(), f.mchId(), f.apiV3Key(), f.merchantSerial(),
                f.merchantPrivateKeyPath().toString(), f.publicKeyId(), f.platformPublicKeyPath().toString(), null,
                "https://guanjia.example.com/pay/notify", "https://guanjia.example.com/pay/refund-notify", f.baseUrl());
    }

    private static Merchant.OrderRequest order(String no, String openid) {
        return new Merchant.OrderRequest(no, "物业费", 60000, OffsetDateTime.now().plusMinutes(15), openid);
    }

    @Test
    void jsapiOrderIsSignedAndPaySignVerifies() throws Exception {
        Merchant.JsapiPayment p = merchant.createJsapi(order("GJTEST0001", "o-payer"));
        assertTrue(p.packageValue().startsWith("prepay_id="));
        assertEquals(p.packageValue(), "prepay_id=" + p.prepayId());
        assertEquals("RSA", p.signType());
        assertTrue(fake.paySignValid(p.appId(), p.timeStamp(), p.nonceStr(), p.packageValue(), p.paySign()));
        assertEquals(60000, fake.order("GJTEST0001").totalFen);
        assertEquals("o-payer", fake.order("GJTEST0001").openid);
        assertEquals(0, fake.signatureFailures());
    }

    @Test
    void nativeQueryCloseAndRefund() throws Exception {
        String code = merchant.createNative(order("GJTEST0002", null));
        assertTrue(code.startsWith("weixin://wxpay/bizpayurl"));
        assertEquals("NOTPAY", merchant.query("GJTEST0002").orElseThrow().tradeState());
        assertTrue(merchant.query("GJNOSUCH01").isEmpty());
        fake.pay("GJTEST0002");
        Merchant.Transaction t = merchant.query("GJTEST0002").orElseThrow();
        assertTrue(t.paid());
        assertEquals(60000, t.totalFen());
        MerchantException paid = assertThrows(MerchantException.class, () -> merchant.close("GJTEST0002"));
        assertEquals("ORDERPAID", paid.code());
        Merchant.Refund r = merchant.refund(new Merchant.RefundRequest("GJTEST0002", "GJRF0002A", 10000, 60000, "多收"));
        assertEquals("PROCESSING", r.status());
        assertEquals(10000, r.refundFen());
        MerchantException over = assertThrows(MerchantException.class, () -> merchant.refund(
                new Merchant.RefundRequest("GJTEST0002", "GJRF0002B", 60000, 60000, "多收")));
        assertEquals("NOT_ENOUGH", over.code());
        merchant.createNative(order("GJTEST0003", null));
        merchant.close("GJTEST0003");
        assertEquals("CLOSED", fake.order("GJTEST0003").state);
    }

    @Test
    void aWronglySignedAnswerIsAnError() {
        fake.failNext(500, "SYSTEM_ERROR", "系统错误");
        MerchantException e = assertThrows(MerchantException.class, () -> merchant.createNative(order("GJTEST0004", null)));
        assertEquals("SYSTEM_ERROR", e.code());
    }

    @Test
    void tradeBillHashIsChecked() throws Exception {
        LocalDate day = LocalDate.of(2026, 11, 30);
        fake.tradeBill(day, "交易时间,公众账号ID\n`2026-11-30 10:00:00,`wx8888888888888888\n");
        try (InputStream in = merchant.tradeBill(day)) {
            assertTrue(new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("`wx8888888888888888"));
        }
        fake.corruptBillHash(true);
        try {
            MerchantException e = assertThrows(MerchantException.class, () -> merchant.tradeBill(day));
            assertEquals("HASH_MISMATCH", e.code());
        } finally {
            fake.corruptBillHash(false);
        }
    }

    @Test
    void notifyVerifiedAndDecrypted() throws Exception {
        merchant.createJsapi(order("GJTEST0005", "o-payer"));
        FakeWeChatPay.Notify n = fake.paymentNotify("GJTEST0005");
        Merchant.PaymentNotice p = merchant.paymentNotice(n.body(), headers(n));
        assertEquals("TRANSACTION.SUCCESS", p.eventType());
        assertEquals("GJTEST0005", p.transaction().outTradeNo());
        assertEquals(60000, p.transaction().totalFen());
        assertEquals(fake.mchId(), p.transaction().mchId());
        assertEquals("o-payer", p.transaction().payerOpenid());
        assertTrue(p.transaction().paid());
        assertFalse(p.notifyId().isBlank());
    }

    @Test
    void forgedStaleUnknownAndProbeNotifiesAreRefused() throws Exception {
        merchant.createJsapi(order("GJTEST0006", "o-payer"));
        FakeWeChatPay.Notify n = fake.paymentNotify("GJTEST0006");
        assertThrows(NotifyRefused.class, () -> merchant.paymentNotice(n.forged().body(), headers(n)));
        FakeWeChatPay.Notify stale = fake.paymentNotify(fake.order("GJTEST0006"), 60000,
                Instant.now().minusSeconds(360));
        NotifyRefused s = assertThrows(NotifyRefused.class, () -> merchant.paymentNotice(stale.body(), headers(stale)));
        assertTrue(s.getMessage().contains("timestamp"), s.getMessage());
        assertThrows(NotifyRefused.class, () -> merchant.paymentNotice(n.body(),
                new Merchant.NotifyHeaders(n.timestamp(), n.nonce(), n.signature(), "PUB_KEY_ID_OTHER")));
        NotifyRefused missing = assertThrows(NotifyRefused.class, () -> merchant.paymentNotice(n.body(),
                new Merchant.NotifyHeaders(n.timestamp(), n.nonce(), null, n.serial())));
        assertTrue(missing.getMessage().contains("Wechatpay-Signature"));
        FakeWeChatPay.Notify probe = fake.signTestNotify("GJTEST0006");
        assertThrows(NotifyRefused.class, () -> merchant.paymentNotice(probe.body(), headers(probe)));
    }

    @Test
    void partialSettingsNameWhatIsMissing() {
        MerchantSettings s = new MerchantSettings("wx1", "1900000109", null, "", null, "PUB_KEY_ID_1", null, null,
                "https://a/pay/notify", null, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::requireComplete);
        for (String field : new String[]{"api_v3_key", "merchant_serial", "private_key_path", "public_key_path",
                "refund_notify_url"}) {
            assertTrue(e.getMessage().contains(field), e.getMessage());
        }
        assertTrue(settings(fake).problems().isEmpty(), settings(fake).problems().toString());
    }

    static Merchant.NotifyHeaders headers(FakeWeChatPay.Notify n) {
        return new Merchant.NotifyHeaders(n.timestamp(), n.nonce(), n.signature(), n.serial());
    }
}
