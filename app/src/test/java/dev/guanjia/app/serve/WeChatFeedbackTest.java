package dev.guanjia.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.app.config.ConfigLoader;
import dev.guanjia.community.session.Caller;
import dev.guanjia.community.session.Sessions;
import dev.guanjia.testkit.FakeWeChatPay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * WeChat knowledge answers end with a short link to rate them on the web (the service's public
 * address comes from the payment settings); the link's key alone lets the follower vote.
 */
class WeChatFeedbackTest {

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

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aKnowledgeAnswerOnWeChatCarriesALinkWhereTheFollowerRatesIt() throws Exception {
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
                "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[宠物狗可以带进电梯吗]]></Content><MsgId>710001</MsgId>",
                "nonce-feedback-1");
        assertTrue(reply.contains("文明养宠规定"), reply);
        Matcher link = Pattern.compile("这条回答有帮助吗？点此评价：https://wy\\.example\\.com/chat/feedback\\.html\\?m=(\\d+)&k=(\\w+)")
                .matcher(reply);
        assertTrue(link.find(), reply);
        String m = link.group(1);
        String k = link.group(2);
        assertEquals(200, send("GET", "/chat/feedback.html", null, null).statusCode());

        HttpResponse<String> shown = send("GET", "/api/v1/feedback/links/" + m + "?k=" + k, null, null);
        assertEquals(200, shown.statusCode(), shown.body());
        JsonNode answer = JSON.readTree(shown.body());
        assertEquals("宠物狗可以带进电梯吗", answer.get("question").asText());
        assertTrue(answer.get("helpful").isNull());
        assertEquals(404, send("GET", "/api/v1/feedback/links/" + m + "?k=" + k.substring(1) + "0", null, null)
                .statusCode(), "another key");
        assertEquals(200, send("POST", "/api/v1/feedback/links/" + m, null,
                "{\"k\":\"" + k + "\",\"helpful\":false}").statusCode());
        assertFalse(JSON.readTree(send("GET", "/api/v1/feedback/links/" + m + "?k=" + k, null, null).body())
                .get("helpful").asBoolean(true));

        String supervisor = new Sessions(server.dataSource(), server.personalData())
                .open("cuihu", Caller.Kind.STAFF, "e07", Duration.ofHours(1));
        JsonNode poor = JSON.readTree(send("GET", "/api/v1/dashboard/feedback", supervisor, null).body());
        assertEquals("rules-pets", poor.at("/articles/0/docId").asText(), poor.toString());
        JsonNode groups = JSON.readTree(send("GET", "/api/v1/console/unanswered", supervisor, null).body());
        assertEquals("宠物狗可以带进电梯吗", groups.at("/groups/0/examples/0/question").asText(), groups.toString());
    }
}
