package dev.guanjia.app.serve;

import com.sun.net.httpserver.HttpServer;
import dev.guanjia.testkit.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service killed (-9) after acknowledging a WeChat message and before answering it: the next
 * process answers it and the answer reaches the resident exactly once. The service runs in a child
 * JVM on a database outside it (the shared test PostgreSQL), as a production node would.
 */
class WeChatCrashTest {

    static final String TOKEN = "crashtesttoken";
    static final String OPENID = "wx-cuihu-c04";

    @TempDir
    Path workDir;

    private FakeWeChatApi fakeWeChat;
    private HttpServer hangingModel;
    private List<String> kefu;
    private final CountDownLatch modelAsked = new CountDownLatch(1);
    private final HttpClient http = HttpClient.newHttpClient();
    private ServeProcess child;

    @BeforeEach
    void fakes() throws Exception {
        fakeWeChat = FakeWeChatApi.start();
        kefu = fakeWeChat.kefu;
        // a remote model that never answers: the first process is killed while waiting for it
        hangingModel = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hangingModel.setExecutor(Executors.newCachedThreadPool());
        hangingModel.createContext("/", ex -> {
            modelAsked.countDown();
            try {
                Thread.sleep(Duration.ofMinutes(3));
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        hangingModel.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (child != null) {
            child.kill();
        }
        fakeWeChat.close();
        hangingModel.stop(0);
    }

    @Test
    void anAnswerLostToAKillIsMadeAndSentOnceByTheNextProcess() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String dbUrl = TestDatabase.freshUrl();
        fakeWeChat.writeConfig(workDir, port, FakeWeChatApi.Account.cuihu(TOKEN), """
                passive_wait_ms: 500
                answer_lease_seconds: 3
                """, """
                database:
                  url: %s
                  user: postgres
                llm:
                  timeout_seconds: 120
                  max_retries: 0
                """.formatted(dbUrl));

        child = serve(port, true);
        String question = "小区大门的通行证遗失后怎样重新办理";
        HttpResponse<String> ack = post(port, question, 700001);
        assertEquals("success", ack.body(), "acknowledged without an answer");
        assertTrue(modelAsked.await(30, TimeUnit.SECONDS), "the answer was underway");
        child.kill();
        assertTrue(kefu.isEmpty(), "nothing was sent before the kill: " + kefu);
        assertEquals(1, count(dbUrl, "SELECT count(*) FROM messages WHERE awaiting_answer"), "stored, unanswered");

        child = serve(port, false);
        waitFor(() -> !kefu.isEmpty(), Duration.ofSeconds(90), "the answer pushed after the restart");
        Thread.sleep(5000);
        assertEquals(1, kefu.size(), "exactly once: " + kefu);
        assertTrue(kefu.get(0).contains(OPENID) && kefu.get(0).length() > 10, kefu.get(0));
        // WeChat's late retry of that message: already delivered, so only acknowledged
        assertEquals("success", post(port, question, 700001).body());
        assertEquals(1, count(dbUrl, "SELECT count(*) FROM messages WHERE direction = 'in' AND channel_msg_id = 'msg:700001'"));
        assertEquals(1, count(dbUrl, "SELECT count(*) FROM reply_deliveries WHERE state = 'pushed'"));
        assertEquals(1, kefu.size());
    }

    /** `guanjia serve` in a child JVM; with the hanging remote model or the local one. */
    private ServeProcess serve(int port, boolean remoteModel) throws Exception {
        Map<String, String> env = new HashMap<>();
        if (remoteModel) {
            env.put("GUANJIA_LLM_PROVIDER", "openai");
            env.put("GUANJIA_LLM_BASE_URL", "http://127.0.0.1:" + hangingModel.getAddress().getPort() + "/v1");
            env.put("GUANJIA_LLM_API_KEY", "test");
            env.put("GUANJIA_LLM_MODEL", "test-model");
        }
        return ServeProcess.start(workDir, port, env, false);
    }

    private HttpResponse<String> post(int port, String content, long msgId) throws Exception {
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        String nonce = "n" + System.nanoTime();
        String query = "timestamp=" + timestamp + "&nonce=" + nonce + "&signature="
                + WeChatCallbackTest.sha1(TOKEN, timestamp, nonce) + "&openid=" + OPENID;
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/wechat/cuihu/callback?" + query))
                        .POST(HttpRequest.BodyPublishers.ofString(WeChatCallbackTest.textXml(OPENID, content, msgId))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long count(String url, String sql) throws Exception {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setUser("postgres");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void waitFor(BooleanSupplier condition, Duration limit, String what) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what + "\n"
                        + (Files.exists(workDir.resolve("serve.log")) ? tail(Files.readString(workDir.resolve("serve.log"))) : ""));
            }
            Thread.sleep(200);
        }
    }

    private static String tail(String s) {
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }
}
