package dev.guanjia.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.app.config.ConfigLoader;
import dev.guanjia.community.session.Caller;
import dev.guanjia.community.session.Sessions;
import dev.guanjia.knowledge.search.SearchResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input over real HTTP and raw sockets: every refusal is a 4xx with a JSON body, one answer
 * per request, nothing of a parser's or the database's words in it, nothing of the request in the log.
 */
class BadInputTest {

    @TempDir
    static Path workDir;

    static GuanjiaServer server;
    static String resident;
    static String residentPhone;
    static String supervisor;
    static final List<String> LOG = new CopyOnWriteArrayList<>();
    static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord r) {
            StringBuilder line = new StringBuilder(r.getLoggerName() + " " + r.getLevel() + " ");
            line.append(r.getMessage());
            if (r.getParameters() != null) {
                for (Object p : r.getParameters()) {
                    line.append(' ').append(p);
                }
            }
            if (r.getThrown() != null) {
                StringWriter w = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(w));
                line.append('\n').append(w);
            }
            LOG.add(line.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        server = GuanjiaServer.start(ClusterTemplate.seed(ConfigLoader.load(Map.of("GUANJIA_HTTP_PORT", "0",
                "GUANJIA_HTTP_HOST", "127.0.0.1"), workDir)));
        Sessions sessions = new Sessions(server.dataSource(), server.personalData());
        resident = sessions.open("cuihu", Caller.Kind.RESIDENT, "c04", Duration.ofHours(1));
        supervisor = sessions.open("cuihu", Caller.Kind.STAFF, "e07", Duration.ofHours(1));
        try (Connection c = server.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT i.value FROM resident_identities i JOIN residents r ON r.id = i.resident_id "
                        + "WHERE r.community_id = 'cuihu' AND r.code = 'c04' AND i.kind = 'phone'")) {
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next());
                residentPhone = server.personalData().open(rs.getString(1));
            }
        }
        Logger root = Logger.getLogger("");
        CAPTURE.setLevel(Level.ALL);
        root.addHandler(CAPTURE);
    }

    @AfterAll
    static void stop() throws Exception {
        Logger.getLogger("").removeHandler(CAPTURE);
        server.close();
    }

    private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Writes the bytes as they are and reads until the server closes or stays quiet for 3 s. */
    static String raw(int port, String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(3000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                }
            } catch (SocketTimeoutException | java.net.SocketException e) {
                // quiet, or reset after the answer: what came is the answer
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static final Pattern STATUS_LINE = Pattern.compile("(?m)^HTTP/1\\.[01] (\\d{3})");

    static List<Integer> statuses(String wire) {
        Matcher m = STATUS_LINE.matcher(wire);
        List<Integer> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(Integer.parseInt(m.group(1)));
        }
        return out;
    }

    static String body(String wire) {
        int i = wire.indexOf("\r\n\r\n");
        return i < 0 ? "" : wire.substring(i + 4);
    }

    private void assertNoInternals(String text) {
        for (String s : List.of("Unrecognized", "[Source", "line: ", "jackson", "Exception", "\tat ", "io.helidon",
                "PSQL", "SQLState")) {
            assertFalse(text.contains(s), "'" + s + "' in: " + text);
        }
    }

    @Test
    void aMalformedChunkedBodyGetsOne400AndTheConnectionCloses() throws Exception {
        for (String target : List.of("/api/v1/work-orders", "/api/v1/chat/messages", "/api/v1/auth/code")) {
            String wire = raw(server.port(), "POST " + target + " HTTP/1.1\r\nHost: x\r\n"
                    + "Authorization: Bearer " + resident + "\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{\"text\":\"hi\"}\r\n0\r\n\r\n");
            assertEquals(List.of(400), statuses(wire), target + ":\n" + wire);
            assertTrue(body(wire).contains("\"error\""), wire);
            assertNoInternals(wire);
        }
    }

    @Test
    void anUnknownWorkOrderChannelIsA400AndNothingOfTheBodyIsLogged() throws Exception {
        String marker = "厨房水管爆了快来人联系我";
        LOG.clear();
        HttpResponse<String> r = call("POST", "/api/v1/work-orders", resident, json.writeValueAsString(Map.of(
                "house", "A1-1-1101", "description", marker + " " + residentPhone, "channel", "carrier-pigeon")));
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("channel_unknown", json.readTree(r.body()).get("error").asText());
        assertFalse(r.body().contains("carrier-pigeon"));
        // a known channel still works
        HttpResponse<String> ok = call("POST", "/api/v1/work-orders", resident, json.writeValueAsString(Map.of(
                "house", "A1-1-1101", "description", "阳台灯不亮了", "channel", "wechat")));
        assertEquals(201, ok.statusCode(), ok.body());
        for (String line : LOG) {
            assertFalse(line.contains(marker), line);
            assertFalse(line.contains(residentPhone), line);
        }
    }

    @Test
    void aQueryOfZeroWidthSpacesIsNoQuestion() throws Exception {
        for (String q : List.of("%E2%80%8B", "%E2%80%8B%E2%80%8C%E2%80%8D%EF%BB%BF", "%C2%A0%E3%80%80%E2%80%8B")) {
            for (String extra : List.of("", "&community=cuihu")) {
                HttpResponse<String> r = call("GET", "/api/v1/knowledge/search?q=" + q + extra, null, null);
                assertEquals(400, r.statusCode(), r.body());
                assertEquals("question_missing", json.readTree(r.body()).get("error").asText());
            }
        }
        HttpResponse<String> chat = call("POST", "/api/v1/chat/messages", null,
                "{\"community\":\"cuihu\",\"text\":\"\\u200b\\u200b\"}");
        assertEquals(400, chat.statusCode(), chat.body());
        assertTrue(json.readTree(chat.body()).get("message").asText().contains("请输入"));
        // the knowledge base itself (the bot's way in): no results, no exception
        SearchResult none = server.knowledge().search("cuihu", "\u200b\uFEFF", 3);
        assertTrue(none.abstained());
        assertTrue(none.hits().isEmpty());
        // a real question with a zero-width space inside still finds its answer
        HttpResponse<String> fee = call("GET", "/api/v1/knowledge/search?community=cuihu&q="
                + java.net.URLEncoder.encode("物业费\u200b怎么交", StandardCharsets.UTF_8), null, null);
        assertEquals(200, fee.statusCode(), fee.body());
        assertFalse(json.readTree(fee.body()).get("hits").isEmpty());
    }

    @Test
    void http10IsRefusedWithA505ThatSaysWhatToUse() throws Exception {
        // Helidon 4's server speaks HTTP/1.1 only (Http1Prologue refuses 1.0 before any route runs)
        String wire = raw(server.port(), "GET /health HTTP/1.0\r\nHost: x\r\n\r\n");
        assertEquals(List.of(505), statuses(wire), wire);
        JsonNode b = json.readTree(body(wire));
        assertEquals("http_version_not_supported", b.get("error").asText());
        assertTrue(b.get("message").asText().contains("HTTP/1.1"));
        // the same request in 1.1 is served
        assertEquals(List.of(200), statuses(raw(server.port(), "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")));
    }

    @Test
    void overLongUrisAndHeadersAndBadRequestLinesGetABody() throws Exception {
        String longUri = raw(server.port(), "GET /api/v1/knowledge/search?q=" + "a".repeat(20_000)
                + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertEquals(List.of(414), statuses(longUri), longUri);
        assertEquals("uri_too_long", json.readTree(body(longUri)).get("error").asText());

        String bigHeader = raw(server.port(), "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(70_000) + "\r\n\r\n");
        List<Integer> s = statuses(bigHeader);
        assertEquals(1, s.size(), bigHeader);
        assertTrue(s.get(0) == 431 || s.get(0) == 400, bigHeader);
        assertTrue(json.readTree(body(bigHeader)).has("message"), bigHeader);

        String badLine = raw(server.port(), "GET\r\n\r\n");
        assertEquals(List.of(400), statuses(badLine), badLine);
        assertTrue(json.readTree(body(badLine)).has("message"), badLine);
        assertNoInternals(badLine);

        String badLength = raw(server.port(), "POST /api/v1/chat/messages HTTP/1.1\r\nHost: x\r\n"
                + "Content-Length: banana\r\n\r\n{}");
        assertEquals(List.of(400), statuses(badLength), badLength);
        assertTrue(json.readTree(body(badLength)).has("message"), badLength);
    }

    @Test
    void parserMessagesDoNotLeak() throws Exception {
        for (String path : List.of("/api/v1/work-orders", "/api/v1/chat/messages", "/api/v1/auth/code",
                "/api/v1/auth/login", "/api/v1/staff/login")) {
            for (String bad : List.of("{\"house\": tru", "{\"a\":1}}", "<xml/>", "\"\\ud800\"", "[1,2")) {
                HttpResponse<String> r = call("POST", path, resident, bad);
                assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, path + " " + r.statusCode() + " " + r.body());
                assertFalse(r.body().isBlank(), path);
                assertNoInternals(r.body());
            }
        }
        HttpResponse<String> time = call("POST", "/api/v1/work-orders", resident,
                "{\"house\":\"A1-1-1101\",\"description\":\"门锁坏了\",\"appointmentFrom\":\"tomorrow\"}");
        assertEquals(400, time.statusCode(), time.body());
        assertTrue(time.body().contains("带时区的时间"), time.body());
    }

    @Test
    void communityCountsAreForItsStaffOnly() throws Exception {
        for (String token : new String[]{null, resident}) {
            for (String path : List.of("/api/v1/communities", "/api/v1/communities/cuihu")) {
                HttpResponse<String> r = call("GET", path, token, null);
                assertEquals(200, r.statusCode());
                assertTrue(r.body().contains("翠湖"), r.body());
                assertFalse(r.body().contains("counts"), r.body());
                assertFalse(r.body().contains("openWorkOrders"), r.body());
            }
        }
        JsonNode staff = json.readTree(call("GET", "/api/v1/communities/cuihu", supervisor, null).body());
        assertEquals(14, staff.get("counts").get("residents").asInt());
        assertFalse(call("GET", "/", null, null).body().contains("<th>住户</th>"));
    }

    @Test
    void theDataExportIsNeverCached() throws Exception {
        HttpResponse<String> r = call("GET", "/api/v1/me/export", resident, null);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("no-store", r.headers().firstValue("cache-control").orElse(""));
    }
}
