package dev.guanjia.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.app.config.ConfigLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Web chat over real HTTP: phone + code sign-in, anonymous and signed-in turns, ownership, limits. */
class ChatApiTest {

    @TempDir
    static Path workDir;

    static GuanjiaServer server;
    static final Map<String, String> sms = new ConcurrentHashMap<>();

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        server = GuanjiaServer.start(ClusterTemplate.seed(ConfigLoader.load(Map.of("GUANJIA_HTTP_PORT", "0",
                "GUANJIA_HTTP_HOST", "127.0.0.1"), workDir)), (phone, text) -> sms.put(phone, text));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private HttpResponse<String> post(String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String login(String phone) throws Exception {
        assertEquals(200, post("/api/v1/auth/code", null, "{\"community\":\"cuihu\",\"phone\":\"" + phone + "\"}")
                .statusCode());
        Matcher m = Pattern.compile("(\\d{6})").matcher(sms.get(phone));
        assertTrue(m.find(), sms.get(phone));
        HttpResponse<String> r = post("/api/v1/auth/login", null,
                "{\"community\":\"cuihu\",\"phone\":\"" + phone + "\",\"code\":\"" + m.group(1) + "\"}");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("set-cookie").orElse("").contains("HttpOnly"));
        return json.readTree(r.body()).get("token").asText();
    }

    @Test
    void aVisitorGetsKnowledgeAnswersButNoPersonalData() throws Exception {
        HttpResponse<String> r = post("/api/v1/chat/messages", null, "{\"community\":\"cuihu\",\"text\":\"门禁卡遗失了怎么补办\"}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = json.readTree(r.body());
        assertTrue(body.get("reply").asText().contains("20"), body.toString());
        assertEquals("proc-access-card", body.get("citations").get(0).get("docId").asText());
        String conv = body.get("conversationId").asText();
        JsonNode bills = json.readTree(post("/api/v1/chat/messages", null, "{\"community\":\"cuihu\",\"conversationId\":\""
                + conv + "\",\"text\":\"我家还欠多少钱\"}").body());
        assertEquals("identity.required", bills.get("actions").get(0).get("type").asText());
    }

    @Test
    void aSignedInResidentSeesTheirOwnBillsAndHistory() throws Exception {
        String token = login("13962000105");
        HttpResponse<String> r = post("/api/v1/chat/messages", token, "{\"text\":\"查一下我家还欠多少钱\"}");
        JsonNode body = json.readTree(r.body());
        assertTrue(body.get("reply").asText().contains("1542.36"), body.toString());
        String conv = body.get("conversationId").asText();
        HttpResponse<String> history = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/api/v1/chat/conversations/" + conv)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, history.statusCode());
        assertEquals(2, json.readTree(history.body()).get("messages").size());
        // another resident can neither read nor continue it
        String other = login("13962000104");
        assertEquals(404, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/api/v1/chat/conversations/" + conv)).header("Authorization", "Bearer " + other).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(404, post("/api/v1/chat/messages", other, "{\"conversationId\":\"" + conv + "\",\"text\":\"你好\"}")
                .statusCode());
    }

    @Test
    void newMessagesStreamToTheResidentsPage() throws Exception {
        String token = login("13962000106");
        String conv = json.readTree(post("/api/v1/chat/messages", token, "{\"text\":\"你好\"}").body())
                .get("conversationId").asText();
        HttpRequest events = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/api/v1/chat/conversations/" + conv + "/events")).header("Authorization", "Bearer " + token).build();
        java.util.concurrent.CompletableFuture<java.util.List<String>> firstEvents =
                http.sendAsync(events, HttpResponse.BodyHandlers.ofLines()).thenApply(r -> {
                    assertEquals(200, r.statusCode());
                    return r.body().filter(l -> l.startsWith("data:")).limit(3).toList();
                });
        post("/api/v1/chat/messages", token, "{\"conversationId\":\"" + conv + "\",\"text\":\"物业办公室在哪里\"}");
        java.util.List<String> data = firstEvents.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(data.get(0).contains("你好"), data.toString());
        assertTrue(data.get(2).contains("物业办公室在哪里"), data.toString());
        String stranger = login("13962000107");
        assertEquals(404, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/api/v1/chat/conversations/" + conv + "/events")).header("Authorization", "Bearer " + stranger)
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void wrongCodesUnknownPhonesAndBadInputGetChineseAnswers() throws Exception {
        HttpResponse<String> unknown = post("/api/v1/auth/code", null, "{\"community\":\"cuihu\",\"phone\":\"13000000000\"}");
        assertEquals(200, unknown.statusCode(), "no hint whether the phone is registered");
        assertFalse(sms.containsKey("13000000000"));
        HttpResponse<String> wrong = post("/api/v1/auth/login", null,
                "{\"community\":\"cuihu\",\"phone\":\"13962000101\",\"code\":\"000000\"}");
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.body().contains("验证码不正确"));
        assertEquals(400, post("/api/v1/chat/messages", null, "{\"community\":\"cuihu\",\"text\":\"\"}").statusCode());
        HttpResponse<String> tooLong = post("/api/v1/chat/messages", null,
                "{\"community\":\"cuihu\",\"text\":\"" + "长".repeat(1001) + "\"}");
        assertEquals(400, tooLong.statusCode());
        assertTrue(tooLong.body().contains("太长"));
        assertEquals(404, post("/api/v1/chat/messages", null, "{\"community\":\"nowhere\",\"text\":\"你好\"}").statusCode());
    }

    /**
     * A page sends a message again (its connection broke) under the same clientMessageId: stored
     * once, the first answer returned; a message whose node died (lease over) is answered by the
     * resend; an id that is not one is refused in Chinese.
     */
    @Test
    void aResentMessageIsStoredOnceAndAnsweredOnce() throws Exception {
        String send = "{\"community\":\"cuihu\",\"text\":\"物业费怎么交\",\"clientMessageId\":\"page-0001-resend\"}";
        HttpResponse<String> first = post("/api/v1/chat/messages", null, send);
        assertEquals(200, first.statusCode(), first.body());
        HttpResponse<String> again = post("/api/v1/chat/messages", null, send);
        assertEquals(200, again.statusCode(), again.body());
        JsonNode a = json.readTree(first.body());
        JsonNode b = json.readTree(again.body());
        assertEquals(a.get("conversationId"), b.get("conversationId"), "the conversation the first send opened");
        assertEquals(a.get("reply"), b.get("reply"));
        assertEquals(a.get("replyId"), b.get("replyId"), "the stored answer, not a second one");
        assertEquals(a.get("citations"), b.get("citations"));
        assertEquals(1, count("SELECT count(*) FROM messages WHERE channel_msg_id = 'web:page-0001-resend'"));
        assertEquals(1, count("SELECT count(*) FROM messages a JOIN messages m ON a.reply_to = m.id"
                + " WHERE m.channel_msg_id = 'web:page-0001-resend'"));

        // stored by a node that died before answering: its lease is over
        String conversation = a.get("conversationId").asText();
        storeLeftByADeadNode(conversation, "web:page-0002-orphan");
        HttpResponse<String> resent = post("/api/v1/chat/messages", null, "{\"community\":\"cuihu\",\"conversationId\":\""
                + conversation + "\",\"text\":\"门禁卡遗失了怎么补办\",\"clientMessageId\":\"page-0002-orphan\"}");
        assertEquals(200, resent.statusCode(), resent.body());
        assertTrue(json.readTree(resent.body()).get("reply").asText().contains("20"), resent.body());
        assertEquals(1, count("SELECT count(*) FROM messages WHERE channel_msg_id = 'web:page-0002-orphan'"));
        assertEquals(1, count("SELECT count(*) FROM messages a JOIN messages m ON a.reply_to = m.id"
                + " WHERE m.channel_msg_id = 'web:page-0002-orphan'"));

        HttpResponse<String> bad = post("/api/v1/chat/messages", null,
                "{\"community\":\"cuihu\",\"text\":\"你好\",\"clientMessageId\":\"short\"}");
        assertEquals(400, bad.statusCode());
        assertEquals("bad_message_id", json.readTree(bad.body()).get("error").asText());
        assertTrue(json.readTree(bad.body()).get("message").asText().contains("消息编号"), bad.body());
    }

    /** A visitor's message stored by a node that died before answering: awaiting its answer, its lease over. */
    private void storeLeftByADeadNode(String conversation, String channelMessageId) throws Exception {
        try (var c = server.dataSource().getConnection(); var s = c.prepareStatement("""
                INSERT INTO messages (conversation_id, direction, author, kind, body, channel_msg_id, awaiting_answer,
                                      answering_until)
                VALUES (?::uuid, 'in', 'resident', 'text', '门禁卡遗失了怎么补办', ?, true, now() - interval '1 second')""")) {
            s.setString(1, conversation);
            s.setString(2, channelMessageId);
            s.executeUpdate();
        }
    }

    /**
     * A visitor's message whose node died before answering (stored, lease over) and which the page
     * does not send again: the resumption job answers it and the page's event stream brings it.
     */
    @Test
    void aMessageLeftByADeadNodeIsAnsweredOntoThePagesStream() throws Exception {
        JsonNode opened = json.readTree(post("/api/v1/chat/messages", null,
                "{\"community\":\"cuihu\",\"text\":\"你好\",\"clientMessageId\":\"page-0003-hello\"}").body());
        String conversation = opened.get("conversationId").asText();
        java.util.concurrent.CompletableFuture<java.util.List<String>> streamed = http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/chat/conversations/"
                        + conversation + "/events")).build(), HttpResponse.BodyHandlers.ofLines())
                .thenApply(r -> r.body().filter(l -> l.startsWith("data:")).limit(4).toList());
        storeLeftByADeadNode(conversation, "web:page-0004-orphan");
        java.util.List<String> data = streamed.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(data.get(2).contains("门禁卡遗失了怎么补办"), data.toString());
        assertTrue(data.get(3).contains("\"author\":\"bot\"") && data.get(3).contains("20"), data.toString());
        assertEquals(1, count("SELECT count(*) FROM messages a JOIN messages m ON a.reply_to = m.id"
                + " WHERE m.channel_msg_id = 'web:page-0004-orphan'"));
    }

    private static long count(String sql) throws Exception {
        try (var c = server.dataSource().getConnection(); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
