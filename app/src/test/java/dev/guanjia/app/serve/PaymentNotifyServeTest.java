package dev.guanjia.app.serve;

import dev.guanjia.app.config.ConfigLoader;
import dev.guanjia.payments.Payments;
import dev.guanjia.payments.merchant.MerchantSettings;
import dev.guanjia.payments.merchant.WxPayMerchant;
import dev.guanjia.payments.order.PaymentOrder;
import dev.guanjia.testkit.FakeWeChatPay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The served product with payments configured: the notify route, the sweeper job, bills marked paid. */
class PaymentNotifyServeTest {

    @TempDir
    Path workDir;

    @Test
    void aSignedNotifyToTheServedRouteMarksTheDemoBillsPaid() throws Exception {
        try (FakeWeChatPay fake = FakeWeChatPay.start("1900000109", "wx8888888888888888")) {
            Files.writeString(workDir.resolve("guanjia.yaml"), """
                    http:
                      host: 127.0.0.1
                      port: 0
                    payments:
                      app_id: %s
                      mch_id: "%s"
                      api_v3_key: %s
                      merchant_serial: %s
                      private_key_path: %s
                      public_key_id: %s
                      public_key_path: %s
                      notify_url: https://guanjia.example.com/pay/notify
                      refund_notify_url: https://guanjia.example.com/pay/refund-notify
                      api_host: %s
                    """.formatted(fake.appId(), fake.mchId(), fake.apiV3Key(), fake.merchantSerial(),
                    fake.merchantPrivateKeyPath(), fake.publicKeyId(), fake.platformPublicKeyPath(), fake.baseUrl()));
            var config = ConfigLoader.load(Map.of(), workDir);
            try (GuanjiaServer server = GuanjiaServer.start(ClusterTemplate.seed(config))) {
                assertTrue(server.jobs().names().contains("payment sweep"), server.jobs().names()::toString);
                long resident;
                long house;
                try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("""
                             SELECT rh.resident_id, b.house_id FROM bills b
                             JOIN resident_houses rh ON rh.house_id = b.house_id
                             WHERE b.community_id = 'cuihu' AND b.status <> 'paid' ORDER BY b.id LIMIT 1""")) {
                    assertTrue(rs.next(), "the demo has unpaid bills");
                    resident = rs.getLong(1);
                    house = rs.getLong(2);
                }
                // a second Payments over the same database stands for the bot making the order
                Payments payments = new Payments(server.dataSource(), new WxPayMerchant(config.payments()));
                String token = payments.offers().offer("cuihu", resident, List.of(house), List.of(), "web", null,
                        null).orElseThrow().token();
                PaymentOrder order = payments.orders().payByNative(token);
                FakeWeChatPay.Notify n = fake.paymentNotify(order.outTradeNo());
                URI notify = URI.create("http://127.0.0.1:" + server.port() + "/pay/notify");

                HttpResponse<String> forged = n.forged().post(notify);
                assertEquals(401, forged.statusCode());
                assertEquals("{\"code\":\"FAIL\",\"message\":\"失败\"}", forged.body());
                HttpResponse<String> ok = n.post(notify);
                assertEquals(204, ok.statusCode(), ok.body());
                assertEquals(204, fake.resigned(n).post(notify).statusCode());
                assertEquals("paid", payments.orders().find(order.outTradeNo()).orElseThrow().state());
                try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT count(*) FROM payments")) {
                    rs.next();
                    assertEquals(1, rs.getLong(1));
                }
            }
        }
    }
}
