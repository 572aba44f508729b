package dev.guanjia.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.app.bench.Haproxy;
import dev.guanjia.desk.conversation.ConversationLog;
import dev.guanjia.testkit.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two `serve` nodes (child JVMs) on one PostgreSQL behind HAProxy, a steady load of web chat and
 * WeChat messages, and one node killed with SIGKILL in the middle of it. Web visitors send as the
 * chat page does (a clientMessageId, resent with back-off on a network failure or a 5xx), WeChat as
 * WeChat does (5 s timeout, three tries). The killed node's remote model stops answering when the
 * load starts, so the questions that reach it (物业费怎么交 asks the model) are stored and leased
 * there, unanswered, when it dies. Afterwards the database must hold every accepted message once
 * and an answer to every stored message, within a bounded time after the kill.
 */
class NodeKillTest {

    static final String TOKEN = "nodekilltoken";
    static final Duration LOAD = Duration.ofSeconds(16);
    static final Duration KILL_AT = Duration.ofSeconds(7);
    /** The lease (4 s) plus the resumption round (2 s) plus room for a busy 2-core machine. */
    static final Duration ANSWERED_WITHIN = Duration.ofSeconds(25);
    static final List<String> QUESTIONS = List.of("门禁卡遗失了怎么补办", "物业费怎么交", "小区大门的通行证遗失后怎样重新办理",
            "装修需要办理什么手续", "停车位怎么办理", "快递可以放在哪里", "宠物可以带进电梯吗", "垃圾分类怎么投放");
    static final int VISITORS = 5;
    static final long[] BACK_OFF = {1000, 2000, 4000, 8000, 8000};
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workDir;

    private final List<ServeProcess> nodes = new ArrayList<>();
    private Haproxy haproxy;
    private FakeWeChatApi fakeWeChat;
    private com.sun.net.httpserver.HttpServer model;
    private volatile boolean modelHangs;
    private final AtomicInteger modelCalls = new AtomicInteger();

    @AfterEach
    void stop() throws Exception {
        if (haproxy != null) {
            haproxy.close();
        }
        for (ServeProcess n : nodes) {
            n.kill();
        }
        if (fakeWeChat != null) {
            fakeWeChat.close();
        }
        if (model != null) {
            model.stop(0);
        }
    }

    /** What the clients did: per message id, whether a send (or a retry) of it was accepted. */
    private final Set<String> webAccepted = ConcurrentHashMap.newKeySet();
    private final Set<String> webGaveUp = ConcurrentHashMap.newKeySet();
    private final AtomicInteger webResends = new AtomicInteger();
    private final Map<String, Long> webReplyIds = new ConcurrentHashMap<>();
    private final Set<Long> wechatSent = ConcurrentHashMap.newKeySet();
    private final Set<Long> wechatAccepted = ConcurrentHashMap.newKeySet();
    private final AtomicInteger wechatRetries = new AtomicInteger();
    /** Why WeChat tries failed ("msg 9100003: 502"), for the summary. */
    private final List<String> wechatFailures = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Test
    void everyAcceptedMessageIsStoredOnceAndAnsweredWhenANodeIsKilled() throws Exception {
        Assumptions.assumeTrue(Haproxy.binary().isPresent(), "haproxy is not installed (bin/test installs it)");
        long started = System.nanoTime();
        fakeWeChat = FakeWeChatApi.start();
        String dbUrl = TestDatabase.freshUrl();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        // node a's remote model stops answering once the load starts, so a holds answers under way, stored
        // and leased, when it is killed. Before, it answers: failing then would open a's circuit (three
        // failures) during the warm-up, and the load would never reach the hanging model
        model = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        model.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        model.createContext("/", ex -> {
            modelCalls.incrementAndGet();
            ex.getRequestBody().readAllBytes();
            if (modelHangs) {
                sleep(60_000);
                ex.sendResponseHeaders(500, -1);
                ex.close();
                return;
            }
            byte[] answer = ("{\"id\":\"chatcmpl-warm\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"test-model\","
                    + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"您好，请问有什么可以帮您？\"},"
                    + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, answer.length);
            try (var out = ex.getResponseBody()) {
                out.write(answer);
            }
        });
        model.start();
        // every node seals and reads residents' data with the same key
        Map<String, String> env = Map.of("GUANJIA_DATA_KEY", Base64.getEncoder().encodeToString(key));
        Map<String, String> remoteModel = new java.util.HashMap<>(env);
        remoteModel.putAll(Map.of("GUANJIA_LLM_PROVIDER", "openai",
                "GUANJIA_LLM_BASE_URL", "http://127.0.0.1:" + model.getAddress().getPort() + "/v1",
                "GUANJIA_LLM_API_KEY", "test", "GUANJIA_LLM_MODEL", "test-model"));
        // one after the other: the first migrates and loads the demo estate, the second finds them
        for (String name : List.of("a", "b")) {
            Path dir = Files.createDirectories(workDir.resolve(name));
            int port = freePort();
            fakeWeChat.writeConfig(dir, port, FakeWeChatApi.Account.cuihu(TOKEN), "passive_wait_ms: 1000\n", """
                    database:
                      url: %s
                      user: postgres
                    desk:
                      answer_lease_seconds: 4
                    llm:
                      timeout_seconds: 60
                      max_retries: 0
                    """.formatted(dbUrl));
            // a is up once it has migrated and loaded the demo estate; b starts while a builds its index
            nodes.add(ServeProcess.start(dir, port, "a".equals(name) ? remoteModel : env, !"a".equals(name)));
        }
        nodes.get(0).awaitReady();
        warmUp();
        PGSimpleDataSource db = new PGSimpleDataSource();
        db.setUrl(dbUrl);
        db.setUser("postgres");
        long webWarm;
        long wechatWarm;
        try (Connection c = db.getConnection()) {
            webWarm = ConversationLog.tally(c, "web").received();
            wechatWarm = ConversationLog.tally(c, "wechat").received();
        }
        modelHangs = true;
        haproxy = Haproxy.start(workDir, freePort(), nodes.stream().map(ServeProcess::port).toList());
        long ready = System.nanoTime();

        Instant loadStart = Instant.now();
        Instant loadEnd = loadStart.plus(LOAD);
        Instant killed;
        AtomicLong wechatIds = new AtomicLong(9_100_000);
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            // enough visitors that requests are always under way on both nodes: the kill cuts some
            for (int v = 0; v < VISITORS; v++) {
                int visitor = v;
                clients.submit(() -> visitor(visitor, loadEnd));
            }
            for (int f = 0; f < 2; f++) {
                String openid = "wx-nodekill-" + f;
                clients.submit(() -> follower(openid, wechatIds, loadEnd));
            }
            Thread.sleep(KILL_AT.toMillis());
            killed = Instant.now();
            nodes.get(0).kill(); // kill -9 of node a, with messages on it under way
        }
        Instant clientsDone = Instant.now();

        ConversationLog.Tally web;
        ConversationLog.Tally wechat;
        long until = System.nanoTime() + ANSWERED_WITHIN.toNanos();
        while (true) {
            try (Connection c = db.getConnection()) {
                // the load's messages: those of the warm-up are not counted as stored
                ConversationLog.Tally w = ConversationLog.tally(c, "web");
                ConversationLog.Tally x = ConversationLog.tally(c, "wechat");
                web = new ConversationLog.Tally(w.received() - webWarm, w.unanswered(), w.duplicates());
                wechat = new ConversationLog.Tally(x.received() - wechatWarm, x.unanswered(), x.duplicates());
            }
            if (web.unanswered() + wechat.unanswered() == 0 || System.nanoTime() > until) {
                break;
            }
            Thread.sleep(200);
        }
        try (Connection c = db.getConnection()) {
            long duplicateAnswers = number(c, "SELECT count(*) - count(DISTINCT reply_to) FROM messages WHERE reply_to IS NOT NULL");
            double lastAnswerAfterKill = number(c, """
                    SELECT coalesce(extract(epoch FROM max(a.at)) * 1000, 0)::bigint FROM messages m
                    JOIN messages a ON a.reply_to = m.id WHERE m.direction = 'in' AND m.at < to_timestamp(? / 1000.0)""",
                    killed.toEpochMilli()) / 1000.0 - killed.toEpochMilli() / 1000.0;
            long answeredAfterKill = number(c, """
                    SELECT count(*) FROM messages m JOIN messages a ON a.reply_to = m.id
                    WHERE m.direction = 'in' AND m.at < to_timestamp(? / 1000.0) AND a.at > to_timestamp(? / 1000.0)""",
                    killed.toEpochMilli(), killed.toEpochMilli());
            long resumed = Files.readString(nodes.get(1).log()).lines()
                    .filter(l -> l.contains("left unanswered by a stopped node answered here")).count();
            System.out.printf("node kill: %d web (%d resends, %d given up) + %d WeChat sent (%d accepted, %d retries); "
                            + "stored %d web + %d WeChat = %d, answered %d, %d duplicate message ids, %d duplicate answers; "
                            + "%d messages from before the kill answered after it, the last %.1f s after it; "
                            + "resumption rounds on b: %d; "
                            + "nodes ready in %.1f s, load and clients %.1f s, test %.1f s%n",
                    webAccepted.size() + webGaveUp.size(), webResends.get(), webGaveUp.size(), wechatSent.size(),
                    wechatAccepted.size(), wechatRetries.get(), web.received(), wechat.received(),
                    web.received() + wechat.received(),
                    web.received() + wechat.received() - web.unanswered() - wechat.unanswered(),
                    web.duplicates() + wechat.duplicates(), duplicateAnswers, answeredAfterKill, lastAnswerAfterKill, resumed,
                    (ready - started) / 1e9, Duration.between(loadStart, clientsDone).toMillis() / 1000.0,
                    (System.nanoTime() - started) / 1e9);
            System.out.println("node kill: failed WeChat tries " + wechatFailures + "; node a's model asked "
                    + modelCalls.get() + " times");

            assertTrue(webGaveUp.isEmpty(), "a web message got no answer through all its resends: " + webGaveUp);
            for (String id : webAccepted) {
                assertEquals(1, number(c, "SELECT count(*) FROM messages WHERE channel_msg_id = ?", "web:" + id),
                        "web message " + id + " stored once");
            }
            for (long id : wechatAccepted) {
                assertEquals(1, number(c, "SELECT count(*) FROM messages WHERE channel_msg_id = ?", "msg:" + id),
                        "WeChat message " + id + " stored once");
            }
            assertEquals(webAccepted.size(), web.received(), "every web message stored, none besides");
            assertTrue(wechat.received() >= wechatAccepted.size() && wechat.received() <= wechatSent.size(),
                    "WeChat: accepted ⊆ stored ⊆ sent");
            assertEquals(0, web.duplicates() + wechat.duplicates(), "no channel message id stored twice");
            assertEquals(0, duplicateAnswers, "no message answered twice");
            assertEquals(0, web.unanswered(), "every stored web message answered");
            assertEquals(0, wechat.unanswered(), "every stored WeChat message answered");
            assertTrue(lastAnswerAfterKill < ANSWERED_WITHIN.toSeconds(),
                    "messages from before the kill answered within " + ANSWERED_WITHIN + ", last " + lastAnswerAfterKill + " s");
            assertTrue(webAccepted.size() >= 10 && wechatAccepted.size() >= 5, "a steady load ran");
            assertTrue(webResends.get() + wechatRetries.get() > 0, "the kill cut requests under way");
            assertEquals(webAccepted.size(), webReplyIds.values().stream().distinct().count(),
                    "each web message got its own answer, none shown for two");
        }
    }

    /**
     * One web and one WeChat message to each node directly before the load: a node's first answers
     * (classes loaded, code compiled, the model's first run) are slow enough on a busy machine to
     * fail readiness checks and WeChat's 5 s, which is not what this test is about.
     */
    private void warmUp() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long msgId = 9_000_000;
        for (ServeProcess node : nodes) {
            HttpResponse<String> web = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port()
                            + "/api/v1/chat/messages")).timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"community\":\"cuihu\",\"text\":\"物业费怎么交\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, web.statusCode(), web.body());
            String timestamp = String.valueOf(Instant.now().getEpochSecond());
            String nonce = "warm" + System.nanoTime();
            HttpResponse<String> wechat = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port()
                            + "/wechat/cuihu/callback?timestamp=" + timestamp + "&nonce=" + nonce + "&signature="
                            + WeChatCallbackTest.sha1(TOKEN, timestamp, nonce) + "&openid=wx-nodekill-warm"))
                    .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(
                            WeChatCallbackTest.textXml("wx-nodekill-warm", "物业费怎么交", ++msgId))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, wechat.statusCode(), wechat.body());
        }
    }

    /** A visitor on the chat page: one conversation, a question after each answer, resent as chat.js resends. */
    private void visitor(int visitor, Instant loadEnd) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        String conversation = null;
        int turn = 0;
        while (Instant.now().isBefore(loadEnd)) {
            String id = UUID.randomUUID().toString();
            String text = QUESTIONS.get((visitor * 3 + turn++) % QUESTIONS.size());
            JsonNode answer = null;
            for (int attempt = 0; attempt <= BACK_OFF.length && answer == null; attempt++) {
                if (attempt > 0) {
                    webResends.incrementAndGet();
                    sleep(BACK_OFF[attempt - 1]);
                }
                Map<String, Object> body = new java.util.LinkedHashMap<>();
                body.put("community", "cuihu");
                body.put("text", text);
                body.put("clientMessageId", id);
                if (conversation != null) {
                    body.put("conversationId", conversation);
                }
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                    + haproxy.port() + "/api/v1/chat/messages"))
                            .timeout(Duration.ofSeconds(25)).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        answer = JSON.readTree(r.body());
                    } else if (r.statusCode() < 500) {
                        throw new AssertionError("web send refused: " + r.statusCode() + " " + r.body());
                    }
                } catch (IOException e) {
                    // the node went away under the request: resend the same id
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (answer == null) {
                webGaveUp.add(id);
                continue;
            }
            webAccepted.add(id);
            conversation = answer.path("conversationId").asText();
            webReplyIds.put(id, answer.path("replyId").asLong(-1));
            sleep(100);
        }
    }

    /** A WeChat follower: a message a second, each tried as WeChat tries (5 s timeout, three tries). */
    private void follower(String openid, AtomicLong ids, Instant loadEnd) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        int turn = 0;
        while (Instant.now().isBefore(loadEnd)) {
            long msgId = ids.incrementAndGet();
            String text = QUESTIONS.get(turn++ % QUESTIONS.size());
            wechatSent.add(msgId);
            for (int attempt = 0; attempt < 3; attempt++) {
                if (attempt > 0) {
                    wechatRetries.incrementAndGet();
                }
                try {
                    String timestamp = String.valueOf(Instant.now().getEpochSecond());
                    String nonce = "n" + System.nanoTime();
                    String query = "timestamp=" + timestamp + "&nonce=" + nonce + "&signature="
                            + WeChatCallbackTest.sha1(TOKEN, timestamp, nonce) + "&openid=" + openid;
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                    + haproxy.port() + "/wechat/cuihu/callback?" + query)).timeout(Duration.ofSeconds(5))
                            .POST(HttpRequest.BodyPublishers.ofString(WeChatCallbackTest.textXml(openid, text, msgId)))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        wechatAccepted.add(msgId);
                        break;
                    }
                    wechatFailures.add(msgId + ": " + r.statusCode() + " " + r.body().strip());
                } catch (IOException e) {
                    // timed out or cut: WeChat tries again
                    wechatFailures.add(msgId + ": " + e.getClass().getSimpleName());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            sleep(1000);
        }
    }

    private static long number(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
