package dev.guanjia.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.app.config.ConfigLoader;
import dev.guanjia.community.session.Caller;
import dev.guanjia.community.session.Sessions;
import dev.guanjia.community.staff.StaffAccounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's knowledge editor over real HTTP on the demo pack: an edit answers the very next
 * search, a roll-back brings the old answer back, each save is a version and an audit entry; a
 * company-wide article is overridden by a community's article of the same id.
 */
class KnowledgeEditorApiTest {

    @TempDir
    static Path workDir;

    static GuanjiaServer server;
    static String agent;
    static String supervisor;
    static String admin;
    static String elsewhere;

    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper json = new ObjectMapper();
    private static final String KB = "/api/v1/console/knowledge";

    @BeforeAll
    static void start() throws Exception {
        server = GuanjiaServer.start(ClusterTemplate.seed(ConfigLoader.load(Map.of("GUANJIA_HTTP_PORT", "0",
                "GUANJIA_HTTP_HOST", "127.0.0.1"), workDir)), (phone, text) -> { });
        try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO communities VALUES ('elsewhere', '别的小区', '市', '路', '1', '2', '全天', now())");
        }
        new StaffAccounts(server.dataSource()).add("cuihu", "boss", "站长", "admin", "Kb-editor-2026");
        new StaffAccounts(server.dataSource()).add("elsewhere", "x9", "别处站长", "admin", "Kb-editor-2026");
        Sessions sessions = new Sessions(server.dataSource(), server.personalData());
        agent = sessions.open("cuihu", Caller.Kind.STAFF, "e05", Duration.ofHours(1));
        supervisor = sessions.open("cuihu", Caller.Kind.STAFF, "e07", Duration.ofHours(1));
        admin = sessions.open("cuihu", Caller.Kind.STAFF, "boss", Duration.ofHours(1));
        elsewhere = sessions.open("elsewhere", Caller.Kind.STAFF, "x9", Duration.ofHours(1));
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

    static JsonNode ok(HttpResponse<String> r) throws Exception {
        assertTrue(r.statusCode() / 100 == 2, r.statusCode() + " " + r.body());
        return json.readTree(r.body());
    }

    /** What the bot would quote for the question in the community (the passages of the search). */
    static String quoted(String community, String question) throws Exception {
        JsonNode r = ok(send("GET", "/api/v1/knowledge/search?community=" + community + "&q="
                + URLEncoder.encode(question, StandardCharsets.UTF_8), null, null));
        assertFalse(r.get("abstained").asBoolean(), r.toString());
        List<String> out = new ArrayList<>();
        r.get("passages").forEach(p -> out.add(p.get("text").asText()));
        return String.join("\n", out);
    }

    static String body(String text) throws Exception {
        return json.writeValueAsString(text);
    }

    @Test
    void anEditAnswersTheNextSearchAndARollBackBringsTheOldAnswerBack() throws Exception {
        String question = "出入卡找不着了，再办一张收多少";
        assertTrue(quoted("cuihu", question).contains("20元"));
        JsonNode card = ok(send("GET", KB + "/community/proc-access-card", agent, null));
        assertEquals(0, card.get("version").asInt());
        String newBody = card.get("body").asText().replace("每张收取工本费20元", "每张收取工本费35元");

        assertEquals(403, send("PUT", KB + "/community/proc-access-card", agent, "{}").statusCode());
        JsonNode saved = ok(send("PUT", KB + "/community/proc-access-card", supervisor, "{\"title\":"
                + body(card.get("title").asText()) + ",\"category\":\"procedures\",\"tags\":[\"门禁卡\",\"补办\"],"
                + "\"body\":" + body(newBody) + ",\"baseVersion\":0}"));
        assertEquals(2, saved.get("version").asInt());
        String now = quoted("cuihu", question);
        assertTrue(now.contains("35元") && !now.contains("20元"), now);

        JsonNode versions = ok(send("GET", KB + "/community/proc-access-card", agent, null)).get("versions");
        assertEquals("edited", versions.get(0).get("action").asText());
        assertEquals("staff:e07", versions.get(0).get("author").asText());
        assertEquals("imported", versions.get(1).get("action").asText());
        JsonNode diff = ok(send("GET", KB + "/community/proc-access-card/diff?from=1&to=2", agent, null));
        String lines = diff.get("lines").toString();
        assertTrue(lines.contains("{\"op\":\"-\",\"text\":\"门禁卡丢失的") && lines.contains("工本费35元"), lines);

        // a save on top of an older version is refused
        assertEquals(409, send("PUT", KB + "/community/proc-access-card", supervisor, "{\"title\":\"门禁卡\","
                + "\"category\":\"procedures\",\"body\":\"x\",\"baseVersion\":1}").statusCode());

        JsonNode back = ok(send("POST", KB + "/community/proc-access-card/rollback", admin, "{\"version\":1}"));
        assertEquals(3, back.get("version").asInt());
        now = quoted("cuihu", question);
        assertTrue(now.contains("20元") && !now.contains("35元"), now);

        String audit = send("GET", "/api/v1/console/audit?q=knowledge.article", admin, null).body();
        assertTrue(audit.contains("knowledge.article_edited") && audit.contains("knowledge.article_rolled_back"), audit);
    }

    @Test
    void aRetiredArticleIsListedAndNotAnsweredUntilRestored() throws Exception {
        String question = "家里漏水了怎么办";
        JsonNode first = json.readTree(send("GET", "/api/v1/knowledge/search?community=cuihu&q="
                + URLEncoder.encode(question, StandardCharsets.UTF_8), null, null).body());
        assertEquals("emg-water-leak", first.get("hits").get(0).get("docId").asText(), first.toString());
        assertEquals("retired", ok(send("POST", KB + "/community/emg-water-leak/retire", supervisor, null))
                .get("state").asText());
        JsonNode after = json.readTree(send("GET", "/api/v1/knowledge/search?community=cuihu&q="
                + URLEncoder.encode(question, StandardCharsets.UTF_8), null, null).body());
        assertFalse(after.toString().contains("emg-water-leak"), after.toString());
        JsonNode list = ok(send("GET", KB + "?q=" + URLEncoder.encode("漏水", StandardCharsets.UTF_8), agent, null));
        assertTrue(list.get("articles").toString().contains("\"docId\":\"emg-water-leak\""), list.toString());
        assertTrue(list.get("articles").toString().contains("\"state\":\"retired\""), list.toString());

        ok(send("POST", KB + "/community/emg-water-leak/restore", supervisor, null));
        JsonNode again = json.readTree(send("GET", "/api/v1/knowledge/search?community=cuihu&q="
                + URLEncoder.encode(question, StandardCharsets.UTF_8), null, null).body());
        assertEquals("emg-water-leak", again.get("hits").get(0).get("docId").asText(), again.toString());
    }

    @Test
    void aCommunitysArticleOverridesTheCompanyWideOneOfItsId() throws Exception {
        String company = "{\"docId\":\"parcel-lockers\",\"title\":\"快递柜位置\",\"category\":\"facilities\","
                + "\"tags\":[\"快递柜\"],\"body\":\"快递柜统一设在小区北门岗亭旁，24小时可以取件。\"}";
        assertEquals(403, send("POST", KB + "/company", supervisor, company).statusCode());
        assertEquals(201, send("POST", KB + "/company", admin, company).statusCode());
        assertTrue(quoted("cuihu", "快递柜在哪").contains("北门"));
        assertTrue(quoted("elsewhere", "快递柜在哪").contains("北门"));

        assertEquals(201, send("POST", KB + "/community", supervisor, "{\"docId\":\"parcel-lockers\",\"title\":\"快递柜位置\","
                + "\"category\":\"facilities\",\"tags\":[\"快递柜\"],\"body\":\"翠湖苑的快递柜在南门物业服务中心门口，24小时可以取件。\"}")
                .statusCode());
        String cuihu = quoted("cuihu", "快递柜在哪");
        assertTrue(cuihu.contains("南门") && !cuihu.contains("北门"), cuihu);
        assertTrue(quoted("elsewhere", "快递柜在哪").contains("北门"));

        JsonNode list = ok(send("GET", KB + "?q=parcel", agent, null)).get("articles");
        assertEquals(2, list.size(), list.toString());
        assertEquals("company", list.get(0).get("scope").asText());
        assertTrue(list.get(0).get("overridden").asBoolean());
        assertFalse(list.get(1).get("overridden").asBoolean());
        // the other community sees the company-wide article and none of cuihu's
        JsonNode theirs = ok(send("GET", KB + "?q=parcel", elsewhere, null)).get("articles");
        assertEquals(1, theirs.size(), theirs.toString());
        assertFalse(theirs.get(0).get("overridden").asBoolean());
    }
}
