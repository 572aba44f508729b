package dev.guanjia.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.app.config.ConfigLoader;
import dev.guanjia.app.config.GuanjiaConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole service as a user starts it: real embedded PostgreSQL under a data directory, real HTTP. */
class GuanjiaServerTest {

    @TempDir
    Path workDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private GuanjiaConfig config() {
        return ConfigLoader.load(Map.of("GUANJIA_HTTP_PORT", "0", "GUANJIA_HTTP_HOST", "127.0.0.1"), workDir);
    }

    private HttpResponse<String> get(GuanjiaServer server, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** As the community's supervisor: only staff see a community's counts. */
    private HttpResponse<String> getAsStaff(GuanjiaServer server, String path) throws Exception {
        String token = new dev.guanjia.community.session.Sessions(server.dataSource(), server.personalData()).open("cuihu",
                dev.guanjia.community.session.Caller.Kind.STAFF, "e07", java.time.Duration.ofHours(1));
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void backgroundJobsRunWhileTheServerAnswersAndStopWhenItCloses() throws Exception {
        GuanjiaServer server = GuanjiaServer.start(config());
        BackgroundJobs jobs = server.jobs();
        try {
            assertEquals(200, get(server, "/health").statusCode());
            assertTrue(jobs.running(), "started once the server answers");
            assertTrue(jobs.names().containsAll(java.util.List.of("SLA sweep", "notice delivery", "wait check",
                    "login purge", "retention job", "payment reminders")), jobs.names()::toString);
            assertTrue(!jobs.names().contains("trade bill reconciliation"), "no payments settings: no reconciliation");
            // a job runs on the jobs' thread while the server is up
            java.util.concurrent.CompletableFuture<String> ran = new java.util.concurrent.CompletableFuture<>();
            jobs.timers().execute(() -> ran.complete(Thread.currentThread().getName()));
            assertEquals("guanjia-background", ran.get(5, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            server.close();
        }
        assertTrue(!jobs.running() && jobs.stopped(), "closing the server stops its jobs");
        assertThrows(java.util.concurrent.RejectedExecutionException.class, () -> jobs.timers().execute(() -> { }));
    }

    @Test
    void servesTheDemoCommunityAndKeepsItAcrossRestarts() throws Exception {
        try (GuanjiaServer server = GuanjiaServer.start(config())) {
            HttpResponse<String> health = get(server, "/health");
            assertEquals(200, health.statusCode());
            JsonNode h = json.readTree(health.body());
            assertEquals("UP", h.get("status").asText());
            assertEquals("up, schema current", h.get("checks").get(0).get("detail").asText());
            assertEquals("knowledge_index", h.get("checks").get(1).get("name").asText());

            JsonNode list = json.readTree(get(server, "/api/v1/communities").body()).get("communities");
            assertEquals(1, list.size());
            assertEquals("cuihu", list.get(0).get("id").asText());

            HttpResponse<String> one = getAsStaff(server, "/api/v1/communities/cuihu");
            assertEquals(200, one.statusCode());
            JsonNode counts = json.readTree(one.body()).get("counts");
            assertEquals(4, counts.get("buildings").asInt());
            assertEquals(13, counts.get("houses").asInt());
            assertEquals(14, counts.get("residents").asInt());
            assertEquals(3, counts.get("openWorkOrders").asInt());

            HttpResponse<String> missing = get(server, "/api/v1/communities/nowhere");
            assertEquals(404, missing.statusCode());
            assertTrue(json.readTree(missing.body()).get("message").asText().startsWith("没有找到这个小区"));

            HttpResponse<String> home = get(server, "/");
            assertEquals(200, home.statusCode());
            assertTrue(home.headers().firstValue("content-type").orElse("").startsWith("text/html"));
            assertTrue(home.body().contains("翠湖苑"));
            assertTrue(home.body().contains("href=\"/health\""));

            HttpResponse<String> openapi = get(server, "/openapi");
            assertEquals(200, openapi.statusCode());
            assertTrue(openapi.body().contains("/api/v1/chat/messages"));

            // A second service on the same data directory must not start.
            IOException busy = assertThrows(IOException.class, () -> GuanjiaServer.start(config()));
            assertTrue(busy.getMessage().contains("already using the data directory"));
        }
        try (GuanjiaServer again = GuanjiaServer.start(config())) {
            JsonNode list = json.readTree(getAsStaff(again, "/api/v1/communities").body()).get("communities");
            assertEquals(1, list.size(), "the demo is imported once, on the first start only");
            assertEquals(13, list.get(0).get("counts").get("houses").asInt());
        }
    }

    @Test
    void knowledgeSearchAndDocumentMaintenance() throws Exception {
        String token = "test-admin-token-0123456789";
        GuanjiaConfig c = ConfigLoader.load(Map.of("GUANJIA_HTTP_PORT", "0", "GUANJIA_HTTP_HOST", "127.0.0.1",
                "GUANJIA_ADMIN_TOKEN", token), workDir);
        try (GuanjiaServer server = GuanjiaServer.start(c)) {
            HttpResponse<String> r = get(server, "/api/v1/knowledge/search?community=cuihu&k=3&q="
                    + enc("门禁卡遗失了怎么补办"));
            assertEquals(200, r.statusCode(), r.body());
            JsonNode body = json.readTree(r.body());
            assertEquals("proc-access-card", body.get("hits").get(0).get("docId").asText());
            assertEquals(false, body.get("abstained").asBoolean());
            assertTrue(body.get("passages").size() > 0);

            JsonNode offTopic = json.readTree(get(server, "/api/v1/knowledge/search?community=cuihu&q="
                    + enc("今天股票涨了吗")).body());
            assertTrue(offTopic.get("abstained").asBoolean());
            // the operator sees why: nearer the out-of-scope examples than the in-scope ones
            JsonNode why = offTopic.get("signals");
            assertTrue(why.get("outOfScope").asDouble() > why.get("inScope").asDouble(), why::toString);

            assertEquals(400, get(server, "/api/v1/knowledge/search?community=cuihu").statusCode());
            HttpResponse<String> noCommunity = get(server, "/api/v1/knowledge/search?community=nowhere&q=x");
            assertEquals(404, noCommunity.statusCode());
            assertTrue(noCommunity.body().contains("没有找到这个小区"));

            String doc = """
                    ---
                    id: notice-pool
                    title: 游泳池开放通知
                    category: notices
                    tags: [游泳池, 开放时间]
                    updated: 2026-11-20
                    ---
                    小区游泳池每年6月至9月开放，开放时间为每天9:00至21:00，需凭业主卡入场。
                    """;
            URI put = URI.create("http://127.0.0.1:" + server.port() + "/api/v1/knowledge/cuihu/documents/notice-pool");
            assertEquals(401, http.send(HttpRequest.newBuilder(put).PUT(HttpRequest.BodyPublishers.ofString(doc))
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpResponse<String> stored = http.send(HttpRequest.newBuilder(put)
                    .header("Authorization", "Bearer " + token)
                    .PUT(HttpRequest.BodyPublishers.ofString(doc)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, stored.statusCode(), stored.body());
            JsonNode found = json.readTree(get(server, "/api/v1/knowledge/search?community=cuihu&q="
                    + enc("游泳池几点开放")).body());
            assertEquals("notice-pool", found.get("hits").get(0).get("docId").asText());

            HttpResponse<String> bad = http.send(HttpRequest.newBuilder(put)
                    .header("Authorization", "Bearer " + token)
                    .PUT(HttpRequest.BodyPublishers.ofString("no front matter")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, bad.statusCode());
            assertTrue(bad.body().contains("no front matter"));

            assertEquals(204, http.send(HttpRequest.newBuilder(put).header("Authorization", "Bearer " + token)
                    .DELETE().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            JsonNode gone = json.readTree(get(server, "/api/v1/knowledge/search?community=cuihu&q="
                    + enc("游泳池几点开放")).body());
            assertTrue(gone.get("hits").size() == 0
                    || !"notice-pool".equals(gone.get("hits").get(0).get("docId").asText()));
        }
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void adminChangesAreRefusedWithoutAConfiguredToken() throws Exception {
        try (GuanjiaServer server = GuanjiaServer.start(config())) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/api/v1/knowledge/cuihu/documents/x")).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, r.statusCode());
            assertTrue(r.body().contains("GUANJIA_ADMIN_TOKEN"));
        }
    }

    @Test
    void demoCanBeSwitchedOff() throws Exception {
        GuanjiaConfig c = ConfigLoader.load(Map.of("GUANJIA_HTTP_PORT", "0", "GUANJIA_HTTP_HOST", "127.0.0.1",
                "GUANJIA_DEMO_LOAD", "false"), workDir);
        try (GuanjiaServer server = GuanjiaServer.start(c)) {
            assertEquals(0, json.readTree(get(server, "/api/v1/communities").body()).get("communities").size());
            assertTrue(get(server, "/").body().contains("还没有导入小区"));
        }
    }
}
