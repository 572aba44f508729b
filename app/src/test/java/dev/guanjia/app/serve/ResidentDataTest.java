package dev.guanjia.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.app.config.ConfigLoader;
import dev.guanjia.bot.privacy.ResidentData;
import dev.guanjia.community.billing.Bills;
import dev.guanjia.community.resident.Residents;
import dev.guanjia.community.session.Caller;
import dev.guanjia.community.session.Sessions;
import dev.guanjia.ticketing.workorder.WorkOrders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A resident's export and erasure over HTTP, and the retention job. */
class ResidentDataTest {

    @TempDir
    static Path workDir;

    static GuanjiaServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        server = GuanjiaServer.start(ConfigLoader.load(Map.of("GUANJIA_HTTP_PORT", "0",
                "GUANJIA_HTTP_HOST", "127.0.0.1"), workDir), (phone, text) -> { });
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private int count(String sql) throws Exception {
        try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aResidentTakesACopyThenHasTheirConversationsErasedWhileBillsStay() throws Exception {
        Sessions sessions = new Sessions(server.dataSource());
        String token = sessions.open("cuihu", Caller.Kind.RESIDENT, "c03", Duration.ofHours(1));
        assertEquals(200, send("POST", "/api/v1/chat/messages", token, "{\"text\":\"我家还欠多少钱\"}").statusCode());
        HttpResponse<String> export = send("GET", "/api/v1/me/export", token, null);
        assertEquals(200, export.statusCode(), export.body());
        JsonNode data = json.readTree(export.body());
        assertEquals("顾明远", data.get("resident").get("name").asText());
        assertTrue(data.get("resident").get("identities").toString().contains("13962000103"));
        assertTrue(data.get("bills").size() > 0);
        assertTrue(data.get("conversations").toString().contains("我家还欠多少钱"));

        int bills = count("SELECT count(*) FROM bills");
        assertEquals(400, send("POST", "/api/v1/me/erasure", token, "{}").statusCode(), "must confirm");
        HttpResponse<String> erased = send("POST", "/api/v1/me/erasure", token, "{\"confirm\":true}");
        assertEquals(200, erased.statusCode(), erased.body());
        assertEquals(0, count("SELECT count(*) FROM messages WHERE body LIKE '%我家还欠多少钱%'"));
        assertEquals(bills, count("SELECT count(*) FROM bills"), "bills are kept");
        assertEquals(401, send("GET", "/api/v1/me/export", token, null).statusCode(), "signed out");
        assertTrue(count("SELECT count(*) FROM audit_log WHERE action IN ('resident.data_exported', "
                + "'resident.data_erased')") >= 2);
        String staff = sessions.open("cuihu", Caller.Kind.STAFF, "e05", Duration.ofHours(1));
        assertEquals(403, send("GET", "/api/v1/me/export", staff, null).statusCode());
        assertEquals(401, send("GET", "/api/v1/me/export", null, null).statusCode());
    }

    @Test
    void conversationsPastTheRetentionPeriodAreAnonymised() throws Exception {
        JsonNode r = json.readTree(send("POST", "/api/v1/chat/messages", null,
                "{\"community\":\"cuihu\",\"text\":\"旧的问题：停车费多少\"}").body());
        String id = r.get("conversationId").asText();
        try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE conversations SET last_at = now() - interval '400 days' WHERE id = '" + id + "'");
        }
        ResidentData data = new ResidentData(server.dataSource(), new Residents(server.dataSource()),
                new Bills(server.dataSource()), new WorkOrders(server.dataSource(), Clock.systemUTC()));
        assertTrue(data.expire(365) >= 1);
        assertEquals(0, count("SELECT count(*) FROM messages WHERE body LIKE '%旧的问题%'"));
        assertFalse(data.expire(365) > 0, "done once");
    }
}
