package dev.guanjia.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.app.config.ConfigLoader;
import dev.guanjia.community.session.Caller;
import dev.guanjia.community.session.LoginCodes;
import dev.guanjia.community.session.Sessions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The limits over real HTTP, each refusal a 429 with Retry-After: anonymous knowledge search per
 * address, work-order creation per resident, text messages per phone and day.
 */
class LimitsTest {

    @TempDir
    static Path workDir;

    static GuanjiaServer server;
    static final List<String> texts = new CopyOnWriteArrayList<>();
    private static final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        server = GuanjiaServer.start(ClusterTemplate.seed(ConfigLoader.load(Map.of("GUANJIA_HTTP_PORT", "0",
                "GUANJIA_HTTP_HOST", "127.0.0.1"), workDir)), (phone, text) -> texts.add(phone));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static HttpResponse<String> send(String from, String method, String path, String token, String body)
            throws Exception {
        HttpClient client = HttpClient.newBuilder().localAddress(InetAddress.getByName(from)).build();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static int retryAfter(HttpResponse<String> r) {
        return Integer.parseInt(r.headers().firstValue("Retry-After").orElseThrow(
                () -> new AssertionError("no Retry-After on " + r.statusCode() + " " + r.body())));
    }

    @Test
    void anonymousSearchIsLimitedPerAddressSignedInCallersAreNot() throws Exception {
        String search = "/api/v1/knowledge/search?community=cuihu&k=1&q="
                + URLEncoder.encode("电梯年检一般安排在几月", StandardCharsets.UTF_8);
        long started = System.currentTimeMillis();
        for (int i = 0; i < GuanjiaServer.ANONYMOUS_SEARCHES; i++) {
            HttpResponse<String> r = send("127.0.0.7", "GET", search, null, null);
            assertEquals(200, r.statusCode(), "search " + i + ": " + r.body());
        }
        // the allowance drains at one search per 60 s / limit: a slow machine earns back a few meanwhile
        long earned = (System.currentTimeMillis() - started) * GuanjiaServer.ANONYMOUS_SEARCHES / 60_000 + 1;
        HttpResponse<String> refused = send("127.0.0.7", "GET", search, null, null);
        for (int more = 0; refused.statusCode() == 200 && more < earned; more++) {
            refused = send("127.0.0.7", "GET", search, null, null);
        }
        assertEquals(429, refused.statusCode(), "refused within " + earned + " searches earned back: " + refused.body());
        assertEquals("rate_limited", json.readTree(refused.body()).get("error").asText());
        int wait = retryAfter(refused);
        assertTrue(wait >= 1 && wait <= 60, "Retry-After " + wait);
        assertEquals(200, send("127.0.0.8", "GET", search, null, null).statusCode(), "another address is not held up");
        String resident = new Sessions(server.dataSource(), server.personalData()).open("cuihu", Caller.Kind.RESIDENT, "c03",
                Duration.ofHours(1));
        assertEquals(200, send("127.0.0.7", "GET", search, resident, null).statusCode(),
                "a signed-in resident at the same address is not limited");
    }

    @Test
    void aResidentCreatesFiveOrdersAnHourThenGetsA429WithWhomToCall() throws Exception {
        String resident = new Sessions(server.dataSource(), server.personalData()).open("cuihu", Caller.Kind.RESIDENT, "c04",
                Duration.ofHours(1));
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = send("127.0.0.9", "POST", "/api/v1/work-orders", resident,
                    "{\"house\":\"A1-1-1101\",\"description\":\"楼道灯不亮 " + i + "\"}");
            assertEquals(201, r.statusCode(), r.body());
        }
        HttpResponse<String> sixth = send("127.0.0.9", "POST", "/api/v1/work-orders", resident,
                "{\"house\":\"A1-1-1101\",\"description\":\"燃气味很重\"}");
        assertEquals(429, sixth.statusCode(), sixth.body());
        JsonNode b = json.readTree(sixth.body());
        assertEquals("too_many_orders", b.get("error").asText());
        assertTrue(b.get("message").asText().contains("119"), b.toString());
        int wait = retryAfter(sixth);
        assertTrue(wait > 3500 && wait <= 3600, "Retry-After " + wait);
    }

    @Test
    void aPhoneThatHadTenTextsTodayGetsNoMoreWhoeverAsks() throws Exception {
        String phone = "13912345678";
        try (Connection c = server.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO sms_sends (phone_hash, sent_at) VALUES (?, ?)")) {
            for (int i = 0; i < LoginCodes.DAILY_PER_PHONE; i++) {
                s.setString(1, server.personalData().lookup("login", phone));
                s.setObject(2, OffsetDateTime.now().minusHours(2).plusMinutes(i));
                s.executeUpdate();
            }
        }
        int before = texts.size();
        HttpResponse<String> r = send("127.0.0.10", "POST", "/api/v1/auth/code", null,
                "{\"community\":\"cuihu\",\"phone\":\"" + phone + "\"}");
        assertEquals(429, r.statusCode(), r.body());
        assertEquals(LoginCodes.DAILY_CAP_REACHED, json.readTree(r.body()).get("message").asText());
        int wait = retryAfter(r);
        assertTrue(wait > 21 * 3600 && wait <= 22 * 3600, "Retry-After " + wait);
        assertEquals(before, texts.size(), "no text was sent");
    }
}
