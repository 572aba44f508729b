package dev.guanjia.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.app.config.ConfigLoader;
import dev.guanjia.testkit.FakeWeChatPay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Paying from the official account: a bound follower asks to pay, the answer carries the payment
 * page's link, the page pays by JSAPI for their openid, and once WeChat Pay's notify settles it the
 * follower gets "缴费成功" with the receipt link as a customer-service message.
 */
class WeChatPayTest {

    private static final String TOKEN = "guanjiatesttoken";
    private static final String OPENID = "wx-cuihu-c01";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workDir;

    private FakeWeChatApi weChat;
    private FakeWeChatPay pay;
    private GuanjiaServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (weChat != null) {
            weChat.close();
        }
        if (pay != null) {
            pay.close();
        }
    }

    @Test
    void aFollowerPaysFromTheLinkAndIsToldWithTheReceipt() throws Exception {
        weChat = FakeWeChatApi.start();
        FakeWeChatApi.Account account = FakeWeChatApi.Account.cuihu(TOKEN);
        pay = FakeWeChatPay.start("1900000109", account.appId());
        weChat.writeConfig(workDir, 0, account, "passive_wait_ms: 4000\n", """
                payments:
                  app_id: %s
                  mch_id: %s
                  api_v3_key: %s
                  merchant_serial: %s
                  private_key_path: %s
                  public_key_id: %s
                  public_key_path: %s
                  notify_url: https://wy.example.com/pay/notify
                  refund_notify_url: https://wy.example.com/pay/refund-notify
                  api_host: %s
                """.formatted(pay.appId(), pay.mchId(), pay.apiV3Key(), pay.merchantSerial(),
                pay.merchantPrivateKeyPath(), pay.publicKeyId(), pay.platformPublicKeyPath(), pay.baseUrl()));
        server = GuanjiaServer.start(ClusterTemplate.seed(ConfigLoader.load(Map.of(), workDir)), (phone, text) -> { });

        String reply = WeChatCallbackTest.passiveReply(http, server.port(), "cuihu", TOKEN, OPENID,
                "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[帮我把物业费交了]]></Content><MsgId>700001</MsgId>",
                "nonce-pay-1");
        Matcher link = Pattern.compile("https://wy\\.example\\.com/pay/o/([A-Za-z0-9_-]+)").matcher(reply);
        assertTrue(link.find(), reply);
        // 沈桂兰's A1-1-201: the property fee and the garbage fee, as the bills table holds them
        assertTrue(reply.contains("578.76"), reply);

        HttpResponse<String> order = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/api/v1/payments/offers/" + link.group(1) + "/order"))
                .header("User-Agent", "Mozilla/5.0 (Linux; Android 14) MicroMessenger/8.0.50")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, order.statusCode(), order.body());
        JsonNode o = JSON.readTree(order.body());
        assertTrue(o.path("jsapi").path("package").asText().startsWith("prepay_id="), o.toString());
        String no = o.path("outTradeNo").asText();
        assertEquals(OPENID, pay.order(no).openid);
        assertEquals(57876, pay.order(no).totalFen);

        HttpResponse<String> answer = pay.paymentNotify(no).post(URI.create("http://127.0.0.1:" + server.port() + "/pay/notify"));
        assertEquals(2, answer.statusCode() / 100, answer.body());
        long until = System.currentTimeMillis() + 15_000;
        while (weChat.kefu.stream().noneMatch(m -> m.contains("缴费成功")) && System.currentTimeMillis() < until) {
            Thread.sleep(50);
        }
        String told = weChat.kefu.stream().filter(m -> m.contains("缴费成功")).findFirst()
                .orElseThrow(() -> new AssertionError("no 缴费成功 message: " + weChat.kefu));
        assertTrue(told.contains(OPENID) && told.contains("578.76") && told.contains("https://wy.example.com/pay/receipt/" + no),
                told);
        // WeChat Pay retries the notify: the follower is not told twice
        pay.paymentNotify(no).post(URI.create("http://127.0.0.1:" + server.port() + "/pay/notify"));
        Thread.sleep(500);
        assertEquals(1, weChat.kefu.stream().filter(m -> m.contains("缴费成功")).count());
    }
}
