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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The work-order API over real HTTP on the demo community, with sessions opened as a login would. */
class WorkOrderApiTest {

    @TempDir
    static Path workDir;

    static GuanjiaServer server;
    static String residentA;
    static String residentB;
    static String technician;
    static String supervisor;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        server = GuanjiaServer.start(ClusterTemplate.seed(ConfigLoader.load(Map.of("GUANJIA_HTTP_PORT", "0",
                "GUANJIA_HTTP_HOST", "127.0.0.1"), workDir)));
        Sessions sessions = new Sessions(server.dataSource(), server.personalData());
        residentA = sessions.open("cuihu", Caller.Kind.RESIDENT, "c04", Duration.ofHours(1));
        residentB = sessions.open("cuihu", Caller.Kind.RESIDENT, "c07", Duration.ofHours(1));
        technician = sessions.open("cuihu", Caller.Kind.STAFF, "e01", Duration.ofHours(1));
        supervisor = sessions.open("cuihu", Caller.Kind.STAFF, "e07", Duration.ofHours(1));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/api/v1/work-orders" + path)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anonymousRequestsAreRefused() throws Exception {
        HttpResponse<String> r = call("GET", "", null, null);
        assertEquals(401, r.statusCode());
        assertTrue(r.body().contains("请先登录"));
        assertEquals(401, call("POST", "", "not-a-real-token", "{}").statusCode());
    }

    @Test
    void aResidentReportsFollowsAndClosesTheirOwnOrder() throws Exception {
        HttpResponse<String> created = call("POST", "", residentA,
                "{\"house\":\"A1-1-1101\",\"description\":\"厨房水龙头一直滴水\"}");
        assertEquals(201, created.statusCode(), created.body());
        JsonNode w = json.readTree(created.body());
        String code = w.get("code").asText();
        assertEquals("plumbing", w.get("category").asText());
        assertEquals("assigned", w.get("status").asText());
        assertEquals("e01", w.get("assignee").asText());

        // resident B can neither see nor touch it
        assertEquals(404, call("GET", "/" + code, residentB, null).statusCode());
        assertEquals(404, call("POST", "/" + code + "/cancel", residentB, "{}").statusCode());
        JsonNode bList = json.readTree(call("GET", "", residentB, null).body()).get("workOrders");
        bList.forEach(o -> assertTrue(!code.equals(o.get("code").asText())));
        // nor report for someone else's house
        assertEquals(403, call("POST", "", residentB, "{\"house\":\"A1-1-1101\",\"description\":\"漏水\"}")
                .statusCode());

        assertEquals(200, call("POST", "/" + code + "/start", technician, "{}").statusCode());
        assertEquals(200, call("POST", "/" + code + "/complete", technician, "{\"note\":\"换了阀芯\"}").statusCode());
        HttpResponse<String> illegal = call("POST", "/" + code + "/start", technician, "{}");
        assertEquals(409, illegal.statusCode());
        assertTrue(json.readTree(illegal.body()).get("message").asText().contains("待验收"));
        assertEquals(200, call("POST", "/" + code + "/accept", residentA, "{}").statusCode());
        HttpResponse<String> rated = call("POST", "/" + code + "/rate", residentA, "{\"rating\":5,\"comment\":\"快\"}");
        assertEquals(200, rated.statusCode());
        JsonNode detail = json.readTree(call("GET", "/" + code, residentA, null).body());
        assertEquals(5, detail.get("rating").asInt());
        assertEquals(6, detail.get("timeline").size());
    }

    @Test
    void staffListFilterAndAssign() throws Exception {
        JsonNode noise = json.readTree(call("POST", "", residentB,
                "{\"house\":\"A2-1-401\",\"description\":\"楼上装修噪音太吵\"}").body());
        String code = noise.get("code").asText();
        assertEquals("e04", noise.get("assignee").asText(), "the on-duty technician with the noise skill");
        JsonNode all = json.readTree(call("GET", "?category=noise", supervisor, null).body()).get("workOrders");
        assertTrue(all.size() >= 1);
        HttpResponse<String> stale = call("POST", "/" + code + "/assign", supervisor, "{\"staff\":\"e02\",\"version\":99}");
        assertEquals(409, stale.statusCode());
        HttpResponse<String> assigned = call("POST", "/" + code + "/assign", supervisor, "{\"staff\":\"e02\"}");
        assertEquals(200, assigned.statusCode(), assigned.body());
        assertEquals("e02", json.readTree(assigned.body()).get("assignee").asText());
        assertEquals(403, call("POST", "/" + code + "/assign", residentB, "{\"staff\":\"e01\"}").statusCode());
        assertEquals(400, call("POST", "", residentB, "{\"house\":\"A2-1-401\"}").statusCode());
        assertEquals(400, call("POST", "", residentB, "not json").statusCode());
    }
}
