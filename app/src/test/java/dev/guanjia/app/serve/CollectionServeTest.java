package dev.guanjia.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.app.config.ConfigLoader;
import dev.guanjia.community.session.Caller;
import dev.guanjia.community.session.Sessions;
import dev.guanjia.payments.Payments;
import dev.guanjia.payments.merchant.WxPayMerchant;
import dev.guanjia.payments.order.PaymentOrder;
import dev.guanjia.payments.reconcile.Reconciliation;
import dev.guanjia.testkit.FakeWeChatPay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The served product with payments on, end to end: a resident pays demo bills through the fake
 * WeChat Pay, the dashboard counts them as paid online, and reconciliation against the fake's trade
 * bill is clean while the bill lists the payment and shows the mismatch on the dashboard when not.
 */
class CollectionServeTest {

    @TempDir
    Path workDir;

    private final HttpClient http = HttpClient.newHttpClient();

    private JsonNode get(GuanjiaServer server, String token, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return new ObjectMapper().readTree(r.body());
    }

    private static String bill(LocalDate day, String transactionId, String outTradeNo, String yuan) {
        String header = "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,"
                + "货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,"
                + "商户数据包,手续费,费率,订单金额,申请退款金额,费率备注";
        String row = "`" + day + " 10:00:00,`wx8888888888888888,`1900000109,`0,`,`" + transactionId + ",`" + outTradeNo
                + ",`o-payer,`NATIVE,`SUCCESS,`OTHERS,`CNY,`" + yuan + ",`0.00,`0,`0,`0.00,`0.00,`,`,`物业费,`,`0.00600,"
                + "`0.60%,`" + yuan + ",`0.00,`";
        return header + "\r\n" + row + "\r\n总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额"
                + "\r\n`1,`" + yuan + ",`0.00,`0.00,`0.00600,`" + yuan + ",`0.00\r\n";
    }

    @Test
    void billsPaidOnlineCountAndTheDaysBillReconciles() throws Exception {
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
                assertTrue(server.jobs().names().contains("trade bill reconciliation"), server.jobs().names()::toString);
                String supervisor = new Sessions(server.dataSource(), server.personalData()).open("cuihu",
                        Caller.Kind.STAFF, "e07", Duration.ofHours(1));
                JsonNode before = get(server, supervisor, "/api/v1/dashboard/collection/rates?from=2025-01&to=2027-12");
                assertEquals(0, before.get("online").get("bills").asInt());

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
                assertEquals(204, n.post(URI.create("http://127.0.0.1:" + server.port() + "/pay/notify")).statusCode());

                JsonNode after = get(server, supervisor, "/api/v1/dashboard/collection/rates?from=2025-01&to=2027-12");
                assertEquals(order.billCodes().size(), after.get("online").get("bills").asInt(), after.toString());
                assertEquals(BigDecimal.valueOf(order.amountFen(), 2), new BigDecimal(after.get("online").get("collected").asText()));
                assertEquals(new BigDecimal(before.get("community").get("collected").asText())
                                .add(BigDecimal.valueOf(order.amountFen(), 2)),
                        new BigDecimal(after.get("community").get("collected").asText()));

                String transactionId;
                LocalDate day;
                try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT transaction_id, success_time FROM payments")) {
                    assertTrue(rs.next());
                    transactionId = rs.getString(1);
                    day = rs.getObject(2, OffsetDateTime.class).atZoneSameInstant(Reconciliation.BEIJING).toLocalDate();
                }
                Reconciliation reconciliation = new Reconciliation(server.dataSource(),
                        new WxPayMerchant(config.payments()), Clock.systemUTC());
                fake.tradeBill(day, bill(day, transactionId, order.outTradeNo(),
                        BigDecimal.valueOf(order.amountFen(), 2).toPlainString()));
                assertTrue(reconciliation.run(day, "cli").clean());

                // the same day's bill without the payment: it shows on the dashboard, nothing changes
                fake.tradeBill(day, bill(day, "4200009999", "PFsomeoneelse01", "1.00"));
                Reconciliation.Outcome o = reconciliation.run(day, "cli");
                assertEquals(2, o.findings().size());
                JsonNode findings = get(server, supervisor, "/api/v1/dashboard/collection/findings?from=" + day.minusDays(1)
                        + "&to=" + day.plusDays(1));
                assertEquals(2, findings.get("findings").size(), findings.toString());
                assertTrue(findings.toString().contains("marked_not_in_bill") && findings.toString().contains(
                        order.outTradeNo()), findings.toString());
                assertEquals("paid", payments.orders().find(order.outTradeNo()).orElseThrow().state());
            }
        }
    }
}
