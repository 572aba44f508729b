package dev.guanjia.app.serve;

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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * /metrics for the monitoring network only: a bearer token and a list of client ranges, the
 * client found as for rate limits (here behind a proxy on 127.0.0.1, which the test plays by
 * sending X-Forwarded-For).
 */
class MetricsAccessTest {

    @TempDir
    static Path workDir;

    static GuanjiaServer server;
    static final String TOKEN = "scrape-7f3a9c0d2e1b4a56";

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = GuanjiaServer.start(ClusterTemplate.seed(ConfigLoader.load(Map.of("GUANJIA_HTTP_PORT", "0",
                "GUANJIA_HTTP_HOST", "127.0.0.1", "GUANJIA_HTTP_TRUSTED_PROXIES", "127.0.0.1",
                "GUANJIA_METRICS_TOKEN", TOKEN, "GUANJIA_METRICS_ALLOW", "10.0.0.0/8, 192.168.7.20"), workDir)));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        dev.guanjia.channels.proxy.ClientAddress.trust(java.util.List.of()); // the next test's server sets its own
    }

    private HttpResponse<String> scrape(String client, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"));
        if (client != null) {
            b.header("X-Forwarded-For", client);
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theMonitoringNetworkWithTheTokenReadsTheMetrics() throws Exception {
        HttpResponse<String> ok = scrape("10.20.30.40", "Bearer " + TOKEN);
        assertEquals(200, ok.statusCode(), ok.body());
        assertTrue(ok.body().contains("guanjia_turns_total"));
        assertEquals(200, scrape("192.168.7.20", "bearer " + TOKEN).statusCode(), "a single address; the scheme in any case");
    }

    @Test
    void withoutTheRightTokenItIs401() throws Exception {
        HttpResponse<String> none = scrape("10.20.30.40", null);
        assertEquals(401, none.statusCode());
        assertEquals("Bearer realm=\"metrics\"", none.headers().firstValue("WWW-Authenticate").orElse(""));
        assertTrue(none.body().contains("metrics.token"), none.body());
        assertEquals(401, scrape("10.20.30.40", "Bearer " + TOKEN + "x").statusCode());
        assertEquals(401, scrape("10.20.30.40", "Basic " + TOKEN).statusCode());
        assertTrue(!none.body().contains("guanjia_"), "nothing of the figures");
    }

    @Test
    void fromElsewhereItIs403EvenWithTheToken() throws Exception {
        HttpResponse<String> outside = scrape("203.0.113.9", "Bearer " + TOKEN);
        assertEquals(403, outside.statusCode());
        assertTrue(outside.body().contains("metrics.allow"), outside.body());
        assertEquals(403, scrape("192.168.7.21", "Bearer " + TOKEN).statusCode());
        // the proxy itself (no forwarded client) is not on the list either
        assertEquals(403, scrape(null, "Bearer " + TOKEN).statusCode());
    }

    @Test
    void otherRoutesAreNotAffected() throws Exception {
        HttpResponse<String> live = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/health/live")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, live.statusCode());
    }
}
