package dev.guanjia.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.app.config.ConfigLoader;
import dev.guanjia.app.logging.LogLines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an operator sees of a running service, over real HTTP: the metrics README documents, a chat
 * turn moving them, the probes, and the request id in the log lines.
 */
class OperationsTest {

    @TempDir
    static Path workDir;

    static GuanjiaServer server;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        server = GuanjiaServer.start(ClusterTemplate.seed(ConfigLoader.load(Map.of("GUANJIA_HTTP_PORT", "0",
                "GUANJIA_HTTP_HOST", "127.0.0.1"), workDir)));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> chat(String text) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/chat/messages"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"community\":\"cuihu\",\"text\":\"" + text + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A sample's value in a Prometheus text scrape, e.g. {@code guanjia_turns_total{channel="web"}}. */
    private static double value(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).strip());
            }
        }
        throw new AssertionError("no " + series + " in the scrape");
    }

    /** Every metric name README's Operations section lists in its tables' first column. */
    static List<String> documentedNames() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int from = readme.indexOf("\n### Metrics");
        assertTrue(from > 0, "README has an Operations section with Metrics");
        int to = readme.indexOf("\n### ", from + 5);
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\| `([a-z][a-z0-9_]+)`").matcher(readme.substring(from, to));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void theDocumentedMetricsAreServedAndAChatTurnMovesThem() throws Exception {
        HttpResponse<String> first = get("/metrics");
        assertEquals(200, first.statusCode());
        assertTrue(first.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
        List<String> names = documentedNames();
        assertTrue(names.size() >= 20, names::toString);
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            if (!Pattern.compile("(?m)^" + name + "(_bucket|_count|_sum)?[{ ]").matcher(first.body()).find()) {
                missing.add(name);
            }
        }
        assertEquals(List.of(), missing, "documented in README but not served");

        double turns = value(first.body(), "guanjia_turns_total{channel=\"web\"}");
        double timed = value(first.body(), "guanjia_turn_duration_seconds_count{channel=\"web\"}");
        HttpResponse<String> r = chat("门禁卡遗失了怎么补办");
        assertEquals(200, r.statusCode(), r.body());
        String after = get("/metrics").body();
        assertEquals(turns + 1, value(after, "guanjia_turns_total{channel=\"web\"}"));
        assertEquals(timed + 1, value(after, "guanjia_turn_duration_seconds_count{channel=\"web\"}"));
        assertTrue(value(after, "guanjia_turn_duration_seconds_sum{channel=\"web\"}") > 0);
        assertEquals(0, value(after, "guanjia_turns_total{channel=\"wechat\"}"), "other channels keep their own count");
        // the pool's figures come from HikariCP itself
        assertTrue(value(after, "hikaricp_connections_max{pool=\"guanjia\"}") >= 1, after);
    }

    @Test
    void theChangeFeedsHealthIsServedAndALostListenerIsCounted() throws Exception {
        long until = System.currentTimeMillis() + 10_000;
        String scrape = get("/metrics").body();
        while (value(scrape, "guanjia_change_feed_connected") != 1 && System.currentTimeMillis() < until) {
            Thread.sleep(100);
            scrape = get("/metrics").body();
        }
        assertEquals(1, value(scrape, "guanjia_change_feed_connected"), "the node listens to the others");
        double reconnects = value(scrape, "guanjia_change_feed_reconnects_total");

        // the listening connection is cut (a failover, a network drop): the node comes back, and says so
        try (java.sql.Connection c = server.dataSource().getConnection(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                     + "WHERE application_name = 'guanjia-listener'")) {
            assertTrue(rs.next() && rs.getInt(1) == 1);
        }
        until = System.currentTimeMillis() + 15_000;
        do {
            Thread.sleep(100);
            scrape = get("/metrics").body();
        } while ((value(scrape, "guanjia_change_feed_reconnects_total") < reconnects + 1
                || value(scrape, "guanjia_change_feed_connected") != 1) && System.currentTimeMillis() < until);
        assertEquals(reconnects + 1, value(scrape, "guanjia_change_feed_reconnects_total"), scrape);
        assertEquals(1, value(scrape, "guanjia_change_feed_connected"));
    }

    @Test
    void livenessAndReadinessAnswerWhileAllIsWell() throws Exception {
        HttpResponse<String> live = get("/health/live");
        assertEquals(200, live.statusCode());
        assertEquals("UP", json.readTree(live.body()).get("status").asText());
        HttpResponse<String> ready = get("/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        JsonNode checks = json.readTree(ready.body()).get("checks");
        assertEquals("database", checks.get(0).get("name").asText());
        assertEquals("knowledge_index", checks.get(1).get("name").asText());
        assertTrue(checks.get(1).get("detail").asText().startsWith("generation "), checks::toString);
    }

    /** Captures what the server logs, formatted as the operator would see it. */
    private static final class Captured implements AutoCloseable {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final Handler handler;
        final Logger access;
        final Level before;

        Captured(String format) {
            this(format, "dev.guanjia.access");
        }

        Captured(String format, String logger) {
            access = Logger.getLogger(logger);
            before = access.getLevel();
            handler = new StreamHandler(out, LogLines.formatter(format));
            handler.setLevel(Level.ALL);
            access.setLevel(Level.FINE);
            access.addHandler(handler);
        }

        /** The lines so far; the access line is written just after the answer, so wait for it. */
        List<String> linesWith(String text) throws InterruptedException {
            for (int i = 0; i < 100; i++) {
                handler.flush();
                List<String> lines = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(text)).toList();
                if (!lines.isEmpty()) {
                    return lines;
                }
                Thread.sleep(50);
            }
            return List.of();
        }

        @Override
        public void close() {
            access.removeHandler(handler);
            access.setLevel(before);
        }
    }

    @Test
    void theCallersRequestIdIsHonouredReturnedAndInTheLogLine() throws Exception {
        try (Captured log = new Captured("text")) {
            HttpResponse<String> r = get("/health/live", "X-Request-Id", "lb-7f3a.42");
            assertEquals("lb-7f3a.42", r.headers().firstValue("x-request-id").orElse(null));
            List<String> lines = log.linesWith("req=lb-7f3a.42");
            assertEquals(1, lines.size(), () -> log.out.toString(StandardCharsets.UTF_8));
            assertTrue(lines.get(0).contains("dev.guanjia.access [req=lb-7f3a.42]: GET /health/live 200"), lines::toString);

            // an id that could forge a log line is replaced, and the caller is told the one used
            HttpResponse<String> forged = get("/health/live", "X-Request-Id", "x INFO forged=line");
            String given = forged.headers().firstValue("x-request-id").orElse("");
            assertTrue(given.matches("[0-9a-f]{16}"), given);
            assertEquals(1, log.linesWith("req=" + given).size());
            assertTrue(log.linesWith("forged").isEmpty());

            // without one, every request gets its own
            String a = get("/health/live").headers().firstValue("x-request-id").orElse("");
            String b = get("/health/live").headers().firstValue("x-request-id").orElse("");
            assertNotEquals(a, b);
        }
    }

    @Test
    void aTurnsLinesCarryTheRequestAndTheConversation() throws Exception {
        try (Captured log = new Captured("text", "dev.guanjia.desk.conversation.ServiceDesk")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/api/v1/chat/messages")).header("X-Request-Id", "chat-turn-1").POST(HttpRequest.BodyPublishers
                    .ofString("{\"community\":\"cuihu\",\"text\":\"物业费怎么交\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            String conversation = json.readTree(r.body()).get("conversationId").asText();
            List<String> lines = log.linesWith("req=chat-turn-1");
            assertEquals(1, lines.size(), () -> log.out.toString(StandardCharsets.UTF_8));
            assertTrue(lines.get(0).contains("[req=chat-turn-1 conv=" + conversation + "]: turn on web: "), lines::toString);
        }
    }

    @Test
    void abstentionsAndHandOffsAreCountedOnTheirTurns() throws Exception {
        String before = get("/metrics").body();
        HttpResponse<String> offTopic = chat("今天股票涨了吗");
        assertEquals(200, offTopic.statusCode());
        String afterMiss = get("/metrics").body();
        assertEquals(value(before, "guanjia_abstentions_total{channel=\"web\"}") + 1,
                value(afterMiss, "guanjia_abstentions_total{channel=\"web\"}"), offTopic.body());
        HttpResponse<String> human = chat("转人工");
        assertEquals(200, human.statusCode());
        assertTrue(json.readTree(human.body()).get("handoff").asBoolean(), human.body());
        String afterHandoff = get("/metrics").body();
        assertEquals(value(before, "guanjia_handoffs_total{channel=\"web\"}") + 1,
                value(afterHandoff, "guanjia_handoffs_total{channel=\"web\"}"));
        assertEquals(value(before, "guanjia_turns_total{channel=\"web\"}") + 2,
                value(afterHandoff, "guanjia_turns_total{channel=\"web\"}"));
    }

    @Test
    void jsonLogLinesParseAsJsonAndCarryTheRequestId() throws Exception {
        try (Captured log = new Captured("json")) {
            get("/metrics", "X-Request-Id", "scrape-1");
            List<String> lines = log.linesWith("scrape-1");
            assertEquals(1, lines.size());
            JsonNode line = json.readTree(lines.get(0));
            assertEquals("scrape-1", line.get("request_id").asText());
            assertEquals("FINE", line.get("level").asText());
            assertEquals("dev.guanjia.access", line.get("logger").asText());
            assertTrue(line.get("message").asText().startsWith("GET /metrics 200 "), line::toString);
            assertFalse(line.has("conversation_id"), "no conversation in a scrape");
        }
    }
}
