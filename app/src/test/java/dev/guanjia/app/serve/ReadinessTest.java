package dev.guanjia.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.app.config.ConfigLoader;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node whose PostgreSQL goes away is alive but not ready, and ready again once it is back: the
 * service on an external PostgreSQL that the test stops and starts.
 */
class ReadinessTest {

    @TempDir
    Path workDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private static EmbeddedPostgres postgres(Path data, int port) throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }

    private HttpResponse<String> get(GuanjiaServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode check(HttpResponse<String> r, String name) throws Exception {
        for (JsonNode c : json.readTree(r.body()).get("checks")) {
            if (name.equals(c.get("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + r.body());
    }

    @Test
    void readinessIsFalseWhileThePostgresqlIsAwayAndTrueOnceItIsBack() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path pgData = workDir.resolve("external-pg");
        EmbeddedPostgres pg = postgres(pgData, port);
        GuanjiaServer server = null;
        try {
            server = GuanjiaServer.start(ConfigLoader.load(Map.of("GUANJIA_HTTP_PORT", "0",
                    "GUANJIA_HTTP_HOST", "127.0.0.1", "GUANJIA_DATA_DIR", workDir.resolve("data").toString(),
                    "GUANJIA_DB_URL", "jdbc:postgresql://localhost:" + port + "/postgres",
                    "GUANJIA_DB_USER", "postgres"), workDir));
            HttpResponse<String> ready = get(server, "/health/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            assertTrue(check(ready, "database").get("up").asBoolean());

            pg.close();
            pg = null;
            HttpResponse<String> away = get(server, "/health/ready");
            assertEquals(503, away.statusCode(), away.body());
            assertEquals("DOWN", json.readTree(away.body()).get("status").asText());
            assertFalse(check(away, "database").get("up").asBoolean());
            assertTrue(check(away, "knowledge_index").get("up").asBoolean(), "the index itself is fine");
            // the process still answers: a liveness probe must not have it restarted for the database
            assertEquals(200, get(server, "/health/live").statusCode());
            HttpResponse<String> metrics = get(server, "/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("hikaricp_connections_pending"));

            pg = postgres(pgData, port);
            HttpResponse<String> back = null;
            for (int i = 0; i < 40 && (back == null || back.statusCode() != 200); i++) {
                if (back != null) {
                    Thread.sleep(250);
                }
                back = get(server, "/health/ready");
            }
            assertEquals(200, back.statusCode(), back.body());
        } finally {
            if (server != null) {
                server.close();
            }
            if (pg != null) {
                pg.close();
            }
        }
    }
}
