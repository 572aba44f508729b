package dev.guanjia.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.app.config.ConfigLoader;
import dev.guanjia.community.session.Caller;
import dev.guanjia.community.session.Sessions;
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
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A complaint end to end on the served demo, with the official account faked at WeChat's API: the
 * follower complains in WeChat and is told who answers and by when; the supervisor answers from the
 * console API; the answer reaches the follower as a customer-service message; "解决了" is recorded
 * as the 回访. Agents read complaints but cannot answer.
 */
class ComplaintServeTest {

    private static final String TOKEN = "guanjiatesttoken";
    private static final String OPENID = "wx-cuihu-c04";

    @TempDir
    Path workDir;
    private FakeWeChatApi fakeWeChat;
    private GuanjiaServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (fakeWeChat != null) {
            fakeWeChat.close();
        }
    }

    @Test
    void theResidentSeesTheSupervisorsAnswerInWeChatAndSaysItResolvedTheMatter() throws Exception {
        fakeWeChat = FakeWeChatApi.start();
        fakeWeChat.writeConfig(workDir, FakeWeChatApi.Account.cuihu(TOKEN), "passive_wait_ms: 4000\n");
        server = GuanjiaServer.start(ClusterTemplate.seed(ConfigLoader.load(Map.of(), workDir)), (phone, text) -> { });
        Sessions sessions = new Sessions(server.dataSource(), server.personalData());
        String supervisor = sessions.open("cuihu", Caller.Kind.STAFF, "e07", Duration.ofHours(1));
        String agent = sessions.open("cuihu", Caller.Kind.STAFF, "e05", Duration.ofHours(1));

        String filed = WeChatCallbackTest.passiveReply(http, server.port(), "cuihu", TOKEN, OPENID,
                "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你们保安态度太差了，晚上叫他开门还骂人]]></Content>"
                        + "<MsgId>880001</MsgId>", "n1");
        assertTrue(filed.contains("主管") && filed.contains("前给您首次答复"), filed);

        JsonNode list = json.readTree(send("GET", "/api/v1/console/complaints?open=true", agent, null).body());
        JsonNode complaint = list.path("complaints").get(0);
        assertEquals("staff", complaint.path("subject").asText(), list.toString());
        assertEquals("你们保安态度太差了，晚上叫他开门还骂人", complaint.path("words").asText());
        String code = complaint.path("code").asText();
        assertTrue(filed.contains(code), filed);

        assertEquals(403, send("POST", "/api/v1/console/complaints/" + code + "/reply", agent,
                "{\"text\":\"好的\"}").statusCode(), "agents read, supervisors answer");
        HttpResponse<String> answered = send("POST", "/api/v1/console/complaints/" + code + "/reply", supervisor,
                "{\"text\":\"已与保安队长谈话，当班保安会当面向您致歉。\",\"close\":true}");
        assertEquals(200, answered.statusCode(), answered.body());
        assertEquals("closed", json.readTree(answered.body()).path("status").asText());

        Predicate<String> reply = k -> k.contains("\"touser\":\"" + OPENID + "\"") && k.contains("当面向您致歉");
        for (int i = 0; i < 150 && fakeWeChat.kefu.stream().noneMatch(reply); i++) {
            Thread.sleep(100);
        }
        assertTrue(fakeWeChat.kefu.stream().anyMatch(reply), fakeWeChat.kefu::toString);
        assertTrue(fakeWeChat.kefu.stream().filter(reply).anyMatch(k -> k.contains("解决了")), "asked whether it helped");

        String verdict = WeChatCallbackTest.passiveReply(http, server.port(), "cuihu", TOKEN, OPENID,
                "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[解决了]]></Content><MsgId>880002</MsgId>", "n2");
        assertTrue(verdict.contains("感谢您的回访"), verdict);
        JsonNode after = json.readTree(send("GET", "/api/v1/console/complaints/" + code, agent, null).body());
        assertTrue(after.path("followUpResolved").asBoolean(), after.toString());
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
