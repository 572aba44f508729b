package dev.guanjia.app.serve;

import dev.guanjia.app.config.ConfigLoader;
import dev.guanjia.testkit.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static dev.guanjia.app.serve.WeChatCallbackTest.OPENID;
import static dev.guanjia.app.serve.WeChatCallbackTest.TOKEN;
import static dev.guanjia.app.serve.WeChatCallbackTest.sha1;
import static dev.guanjia.app.serve.WeChatCallbackTest.textXml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two nodes (two servers, each with its own data directory) on one PostgreSQL, as behind a load
 * balancer: WeChat's retry of a message lands on the other node. The message is stored once and
 * answered once, whichever node made the answer and whichever delivered it.
 */
class WeChatTwoNodesTest {

    @TempDir
    Path nodeADir;
    @TempDir
    Path nodeBDir;

    private FakeWeChatApi fakeWeChat;
    private GuanjiaServer nodeA;
    private GuanjiaServer nodeB;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void fakeApi() throws Exception {
        fakeWeChat = FakeWeChatApi.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (GuanjiaServer node : new GuanjiaServer[]{nodeA, nodeB}) {
            if (node != null) {
                node.close();
            }
        }
        fakeWeChat.close();
    }

    private void start(long passiveWaitMillis) throws Exception {
        String dbUrl = TestDatabase.freshUrl();
        // every node has the same keys (personal data and the audit chain are sealed and signed with them)
        Path keys = nodeADir.resolve("shared-keys");
        for (Path dir : List.of(nodeADir, nodeBDir)) {
            fakeWeChat.writeConfig(dir, 0, FakeWeChatApi.Account.cuihu(TOKEN), """
                    passive_wait_ms: %d
                    """.formatted(passiveWaitMillis), """
                    database:
                      url: %s
                      user: postgres
                    security:
                      data_key_file: %s
                    """.formatted(dbUrl, keys.resolve("data.key")));
        }
        // one after the other, as nodes are rolled out: the first prepares the database
        nodeA = GuanjiaServer.start(ClusterTemplate.seed(ConfigLoader.load(Map.of(), nodeADir)), (phone, text) -> { });
        nodeB = GuanjiaServer.start(ClusterTemplate.seed(ConfigLoader.load(Map.of(), nodeBDir)), (phone, text) -> { });
    }

    private CompletableFuture<HttpResponse<String>> post(GuanjiaServer node, String nonce, String body) throws Exception {
        String ts = String.valueOf(java.time.Instant.now().getEpochSecond());
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port()
                        + "/wechat/cuihu/callback?timestamp=" + ts + "&nonce=" + nonce + "&signature="
                        + sha1(TOKEN, ts, nonce) + "&openid=" + OPENID))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private long count(String sql) throws Exception {
        try (Connection c = nodeA.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean answers(String body) {
        return body.contains("<ToUserName><![CDATA[" + OPENID + "]]></ToUserName>") && body.contains("20");
    }

    @Test
    void aRetryOnTheOtherNodeWhileTheFirstIsAnsweringIsStoredAndAnsweredOnce() throws Exception {
        start(4000);
        String question = "门禁卡遗失了怎么补办";
        // WeChat's retry reaches node B while node A is still making the answer
        CompletableFuture<HttpResponse<String>> first = post(nodeA, "a1", textXml(question, 610001));
        CompletableFuture<HttpResponse<String>> retry = post(nodeB, "b1", textXml(question, 610001));
        String a = first.get().body();
        String b = retry.get().body();
        assertTrue(answers(a) || answers(b), "answered passively by one node or both: " + a + " / " + b);
        // a later retry on either node gets the stored answer, not a new one
        assertTrue(answers(post(nodeB, "b2", textXml(question, 610001)).get().body()));
        assertTrue(answers(post(nodeA, "a2", textXml(question, 610001)).get().body()));
        assertEquals(1, count("SELECT count(*) FROM messages WHERE direction = 'in' AND channel_msg_id = 'msg:610001'"),
                "stored once");
        assertEquals(1, count("SELECT count(*) FROM messages WHERE reply_to = (SELECT id FROM messages"
                + " WHERE channel_msg_id = 'msg:610001')"), "one answer made");
        assertTrue(fakeWeChat.kefu.isEmpty(), "answered passively, nothing pushed: " + fakeWeChat.kefu);
    }

    @Test
    void aSlowAnswerAndItsRetryOnTheOtherNodeReachTheResidentOnce() throws Exception {
        start(1);
        String question = "门禁卡遗失了怎么补办";
        assertEquals("success", post(nodeA, "a1", textXml(question, 610002)).get().body());
        String retried = post(nodeB, "b1", textXml(question, 610002)).get().body();
        // node B may find the answer stored and give it passively; then node A's push finds it taken
        for (int i = 0; i < 150 && !answers(retried) && fakeWeChat.kefu.isEmpty(); i++) {
            Thread.sleep(100);
        }
        Thread.sleep(3000);
        int passive = answers(retried) ? 1 : 0;
        assertEquals(1, passive + fakeWeChat.kefu.size(), "one answer reached the resident: " + retried + " / "
                + fakeWeChat.kefu);
        assertEquals(1, count("SELECT count(*) FROM messages WHERE direction = 'in' AND channel_msg_id = 'msg:610002'"));
        assertEquals(1, count("SELECT count(*) FROM messages WHERE reply_to = (SELECT id FROM messages"
                + " WHERE channel_msg_id = 'msg:610002')"));
        assertEquals(1, count("SELECT count(*) FROM reply_deliveries WHERE state IN ('pushed', 'passive')"));
    }
}
