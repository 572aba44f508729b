package dev.guanjia.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.app.config.ConfigLoader;
import dev.guanjia.community.session.Caller;
import dev.guanjia.community.session.Sessions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Unanswered questions and answer feedback through the served demo: the web chat's abstentions and
 * 👎 reach the console's groups and the dashboard, and the console's actions change the articles
 * the next search reads.
 */
class UnansweredServeTest {

    @TempDir
    static Path workDir;

    static GuanjiaServer server;
    static String supervisor;
    static String agent;
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        server = GuanjiaServer.start(ClusterTemplate.seed(ConfigLoader.load(Map.of("GUANJIA_HTTP_PORT", "0",
                "GUANJIA_HTTP_HOST", "127.0.0.1"), workDir)), (phone, text) -> { });
        Sessions sessions = new Sessions(server.dataSource(), server.personalData());
        supervisor = sessions.open("cuihu", Caller.Kind.STAFF, "e07", Duration.ofHours(1));
        agent = sessions.open("cuihu", Caller.Kind.STAFF, "e05", Duration.ofHours(1));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode chat(String conversation, String text) throws Exception {
        String body = json.createObjectNode().put("community", "cuihu").put("text", text)
                .put("conversationId", conversation == null ? "" : conversation).toString();
        HttpResponse<String> r = send("POST", "/api/v1/chat/messages", null, body);
        assertEquals(200, r.statusCode(), r.body());
        return json.readTree(r.body());
    }

    static JsonNode groups(String token) throws Exception {
        HttpResponse<String> r = send("GET", "/api/v1/console/unanswered", token, null);
        assertEquals(200, r.statusCode(), r.body());
        return json.readTree(r.body());
    }

    static List<String> questions(JsonNode group) {
        List<String> out = new ArrayList<>();
        group.get("examples").forEach(e -> out.add(e.get("question").asText()));
        return out;
    }

    /** The open group whose examples include the question. */
    static JsonNode groupWith(String question) throws Exception {
        for (JsonNode g : groups(agent).get("groups")) {
            if (questions(g).contains(question)) {
                return g;
            }
        }
        return null;
    }

    @Test
    void threeWordingsInTheWebChatMakeOneGroupAndAnArticleSavedFromItAnswersTheNextResident() throws Exception {
        List<String> wordings = List.of("小区的快递柜在哪里？", "丰巢快递柜放在哪儿了", "请问取快递的柜子在什么位置");
        for (String q : wordings) {
            JsonNode r = chat(null, q);
            assertTrue(r.get("citations").isEmpty(), "the demo has no article on it: " + r);
            assertFalse(r.has("answerId"), "no 👍/👎 under an abstention");
        }
        chat(null, "游泳池几点开放");

        JsonNode lockers = groupWith(wordings.get(0));
        assertEquals(3, lockers.get("count").asInt(), lockers.toString());
        assertEquals(java.util.Set.copyOf(wordings), java.util.Set.copyOf(questions(lockers)));
        assertEquals(3, lockers.at("/kinds/abstained").asInt());
        assertTrue(lockers.at("/examples/0/answer").asText().contains("没有找到确切的答案"), lockers.toString());
        assertEquals("/console/knowledge.html?new=1&question=" + java.net.URLEncoder.encode(wordings.get(2),
                java.nio.charset.StandardCharsets.UTF_8), lockers.get("writeArticle").asText());
        JsonNode pool = groupWith("游泳池几点开放");
        assertEquals(1, pool.get("count").asInt(), "an unrelated question is its own group");
        assertTrue(lockers.get("id").asLong() != pool.get("id").asLong());
        assertFalse(groups(agent).get("canEdit").asBoolean());

        // agents read; supervisors write the article, which the next search quotes
        String article = json.createObjectNode().put("title", "快递柜在哪里").put("category", "facilities")
                .put("body", "丰巢快递柜在小区北门岗亭旁边，24小时可以取件。").toString();
        String path = "/api/v1/console/unanswered/" + lockers.get("id").asText() + "/article";
        assertEquals(403, send("POST", path, agent, article).statusCode());
        HttpResponse<String> saved = send("POST", path, supervisor, article);
        assertEquals(201, saved.statusCode(), saved.body());
        String docId = json.readTree(saved.body()).get("docId").asText();
        assertEquals(3, json.readTree(saved.body()).get("handled").asInt());
        assertEquals(null, groupWith(wordings.get(0)), "handled groups leave the list");
        JsonNode now = chat(null, "快递柜在哪里");
        assertEquals(docId, now.at("/citations/0/docId").asText(), now.toString());
        assertTrue(now.get("reply").asText().contains("北门岗亭"), now.toString());
        assertEquals(404, send("POST", path, supervisor, article).statusCode(), "handled once");
    }

    @Test
    void aQuestionAddedToAnArticlesCommonWordingsFindsThatArticle() throws Exception {
        String question = "屋里的猫能带下楼吗";
        JsonNode before = chat(null, question);
        assertTrue(before.get("citations").isEmpty(), before.toString());
        JsonNode g = groupWith(question);
        assertTrue(g != null, before + " " + groups(agent));
        String path = "/api/v1/console/unanswered/" + g.get("id").asText() + "/example";
        assertEquals(404, send("POST", path, supervisor, "{\"docId\":\"no-such-article\"}").statusCode());
        HttpResponse<String> added = send("POST", path, supervisor, "{\"docId\":\"rules-pets\"}");
        assertEquals(200, added.statusCode(), added.body());
        JsonNode doc = json.readTree(send("GET", "/api/v1/knowledge/cuihu/documents/rules-pets", null, null)
                .body());
        assertTrue(doc.get("body").asText().contains("## 常见问法\n- " + question), doc.toString());
        JsonNode after = chat(null, question);
        assertEquals("rules-pets", after.at("/citations/0/docId").asText(), after.toString());
        assertEquals(null, groupWith(question));
    }

    @Test
    void twoMissesGoToAPersonWhoseRepliesAreOfferedAsADraftArticle() throws Exception {
        JsonNode first = chat(null, "电动车在哪里充电");
        String conversation = first.get("conversationId").asText();
        JsonNode second = chat(conversation, "电瓶车充电桩在什么地方");
        assertTrue(second.get("handoff").asBoolean(), second.toString());
        String base = "/api/v1/console/conversations/" + conversation;
        assertEquals(200, send("POST", base + "/claim", agent, "{}").statusCode());
        assertEquals(200, send("POST", base + "/reply", agent,
                "{\"text\":\"充电桩在地下车库B区，扫码付费，每度电1元。\"}").statusCode());

        JsonNode g = groupWith("电瓶车充电桩在什么地方");
        assertEquals(2, g.get("count").asInt(), g.toString());
        assertEquals(1, g.at("/kinds/handoff").asInt(), g.toString());
        assertEquals(1, g.at("/kinds/abstained").asInt(), g.toString());
        assertEquals("电瓶车充电桩在什么地方", g.at("/draft/title").asText(), g.toString());
        assertTrue(g.at("/draft/body").asText().startsWith("充电桩在地下车库B区，扫码付费，每度电1元。"), g.toString());
        // saved as offered
        HttpResponse<String> saved = send("POST", "/api/v1/console/unanswered/" + g.get("id").asText() + "/article",
                supervisor, "{\"category\":\"facilities\"}");
        assertEquals(201, saved.statusCode(), saved.body());
        JsonNode now = chat(null, "电动车充电桩在哪");
        assertTrue(now.get("reply").asText().contains("地下车库B区"), now.toString());
    }

    @Test
    void aThumbsDownIsRecordedAsUnansweredAndCountedOnTheDashboardUntilChanged() throws Exception {
        JsonNode answer = chat(null, "物业费怎么交");
        String conversation = answer.get("conversationId").asText();
        long id = answer.get("answerId").asLong();
        assertEquals("fee-payment", answer.at("/citations/0/docId").asText());
        String other = chat(null, "你好").get("conversationId").asText();
        assertEquals(404, send("POST", "/api/v1/feedback/answers/" + id, null,
                "{\"conversationId\":\"" + other + "\",\"helpful\":false}").statusCode(), "not their answer");
        assertEquals(400, send("POST", "/api/v1/feedback/answers/" + id, null,
                "{\"conversationId\":\"" + conversation + "\"}").statusCode());
        assertEquals(200, send("POST", "/api/v1/feedback/answers/" + id, null,
                "{\"conversationId\":\"" + conversation + "\",\"helpful\":false}").statusCode());

        JsonNode poor = json.readTree(send("GET", "/api/v1/dashboard/feedback", supervisor, null).body());
        JsonNode fee = poor.at("/articles/0");
        assertEquals("fee-payment", fee.get("docId").asText(), poor.toString());
        assertEquals("缴费渠道与发票", fee.get("title").asText());
        assertEquals(1, fee.get("unhelpful").asInt());
        assertEquals(0, fee.get("helpful").asInt());
        assertEquals(1.0, fee.get("unhelpfulShare").asDouble());
        assertEquals(403, send("GET", "/api/v1/dashboard/feedback", agent, null).statusCode());
        JsonNode g = groupWith("物业费怎么交");
        assertEquals(1, g.at("/kinds/thumbs_down").asInt(), g.toString());
        // the answer recorded is the one given: the ways to pay
        assertTrue(g.at("/examples/0/answer").asText().contains("公众号"), g.toString());

        // the WeChat link: the resident's message id with its key stands for the follower
        long inbound;
        try (var c = server.dataSource().getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT reply_to FROM messages WHERE id = " + id)) {
            rs.next();
            inbound = rs.getLong(1);
        }
        String key = server.personalData().rawLookup("answer feedback", Long.toString(inbound)).substring(0, 24);
        assertEquals(404, send("GET", "/api/v1/feedback/links/" + inbound + "?k=wrong", null, null).statusCode());
        JsonNode linked = json.readTree(send("GET", "/api/v1/feedback/links/" + inbound + "?k=" + key, null, null).body());
        assertEquals("物业费怎么交", linked.get("question").asText(), linked.toString());
        assertFalse(linked.get("helpful").asBoolean(true));
        assertEquals(200, send("POST", "/api/v1/feedback/links/" + inbound, null,
                "{\"k\":\"" + key + "\",\"helpful\":true}").statusCode());

        // changed to 👍: no longer poor, no longer unanswered
        poor = json.readTree(send("GET", "/api/v1/dashboard/feedback", supervisor, null).body());
        assertEquals(0, poor.get("articles").size(), poor.toString());
        assertEquals(null, groupWith("物业费怎么交"));
    }
}
