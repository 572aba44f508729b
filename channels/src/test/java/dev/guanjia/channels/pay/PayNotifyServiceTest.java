package dev.guanjia.channels.pay;

import dev.guanjia.payments.Payments;
import dev.guanjia.payments.merchant.MerchantSettings;
import dev.guanjia.payments.merchant.WxPayMerchant;
import dev.guanjia.payments.notify.NotifyMeter;
import dev.guanjia.payments.order.PaymentOrder;
import dev.guanjia.testkit.FakeWeChatPay;
import dev.guanjia.testkit.TestDatabase;
import dev.guanjia.testkit.TwoHouseholds;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** WeChat Pay's notifies over real HTTP: raw body, headers, and the answer's status and body. */
class PayNotifyServiceTest {

    FakeWeChatPay fake;
    DataSource db;
    Payments payments;
    WebServer server;

    @BeforeEach
    void start() throws Exception {
        fake = FakeWeChatPay.start("1900000109", "wx8888888888888888");
        db = TestDatabase.fresh("community", "payments");
        try (Connection c = db.getConnection()) {
            TwoHouseholds.insert(c);
        }
        payments = new Payments(db, new WxPayMerchant(new MerchantSettings(fake.appId(), fake.mchId(),
                fake.apiV3Key(), fake.merchantSerial(), fake.merchantPrivateKeyPath().toString(), fake.publicKeyId(),
                fake.platformPublicKeyPath().toString(), null, "https://example.com/pay/notify",
                "https://example.com/pay/refund-notify", fake.baseUrl())));
        server = WebServer.builder().host("127.0.0.1").port(0)
                .routing(r -> r.register("/pay", new PayNotifyService(payments.notifies()))).build().start();
    }

    @AfterEach
    void stop() {
        server.stop();
        fake.close();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    @Test
    void paymentAndRefundNotifies() throws Exception {
        long house;
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM houses WHERE code = '1-1-101'")) {
            rs.next();
            house = rs.getLong(1);
        }
        String token = payments.offers().offer("c1", 1, List.of(house), List.of(), "web", null, null).orElseThrow().token();
        PaymentOrder order = payments.orders().payByNative(token);
        FakeWeChatPay.Notify n = fake.paymentNotify(order.outTradeNo());

        HttpResponse<String> forged = n.forged().post(uri("/pay/notify"));
        assertEquals(401, forged.statusCode());
        assertEquals("{\"code\":\"FAIL\",\"message\":\"失败\"}", forged.body());
        assertEquals("open", payments.orders().find(order.outTradeNo()).orElseThrow().state());

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> ok = (i == 0 ? n : fake.resigned(n)).post(uri("/pay/notify"));
            assertEquals(204, ok.statusCode());
            assertEquals("", ok.body());
        }
        assertEquals("paid", payments.orders().find(order.outTradeNo()).orElseThrow().state());
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM payments")) {
            rs.next();
            assertEquals(1, rs.getLong(1));
        }

        var refund = payments.refunds().refund("c1", order.outTradeNo(), 100, "测试退款", "s-1");
        HttpResponse<String> r = fake.refundNotify(refund.outRefundNo(), "SUCCESS").post(uri("/pay/refund-notify"));
        assertEquals(204, r.statusCode());
        assertEquals("success", payments.refunds().find(refund.outRefundNo()).orElseThrow().state());
    }

    @Test
    void everyPaymentNotifyIsCountedByWhatCameOfIt() throws Exception {
        List<NotifyMeter.Outcome> counted = new java.util.concurrent.CopyOnWriteArrayList<>();
        payments.notifies().meter(counted::add);
        long house;
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM houses WHERE code = '1-1-101'")) {
            rs.next();
            house = rs.getLong(1);
        }
        String token = payments.offers().offer("c1", 1, List.of(house), List.of(), "web", null, null).orElseThrow().token();
        PaymentOrder order = payments.orders().payByNative(token);
        FakeWeChatPay.Notify n = fake.paymentNotify(order.outTradeNo());
        assertEquals(401, n.forged().post(uri("/pay/notify")).statusCode());
        assertEquals(204, n.post(uri("/pay/notify")).statusCode());
        assertEquals(204, fake.resigned(n).post(uri("/pay/notify")).statusCode());
        assertEquals(List.of(NotifyMeter.Outcome.REJECTED, NotifyMeter.Outcome.SETTLED, NotifyMeter.Outcome.DUPLICATE),
                counted);
    }
}
