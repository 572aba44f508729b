package dev.guanjia.app.serve;

import dev.guanjia.app.config.ConfigLoader;
import org.junit.jupiter.api.AfterEach;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code serve} warms the search, the desk and the HTTP side before residents arrive, and leaves
 * nothing of it: no conversation, memory or knowledge gap stored, no turn counted, no warning logged
 * (WeChat's URL check it makes is signed with the account's token).
 */
class ServeWarmupTest {

    @TempDir
    Path workDir;

    private GuanjiaServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** Starts {@link #server} as serve does with these settings; returns everything logged meanwhile. */
    private List<LogRecord> serveLogging(Map<String, String> settings) throws Exception {
        List<LogRecord> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                synchronized (logged) {
                    logged.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            server = GuanjiaServer.serve(ClusterTemplate.seed(ConfigLoader.load(settings, workDir)));
        } finally {
            root.removeHandler(capture);
        }
        return logged;
    }

    /** The warm-up's own line ("warmed up in … ms: N searches, M rehearsed turns"). */
    private static String warmedUp(List<LogRecord> logged) {
        return logged.stream().map(r -> new java.util.logging.SimpleFormatter().formatMessage(r))
                .filter(m -> m.startsWith("warmed up")).findFirst().orElseThrow();
    }

    private String metrics() throws Exception {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode(), metrics.body());
        return metrics.body();
    }

    /** The turn counters above zero. */
    private List<String> turnsCounted() throws Exception {
        return metrics().lines().filter(l -> l.startsWith("guanjia_turns_total") && !l.matches(".* 0(\\.0)?"))
                .toList();
    }

    @Test
    void serveRehearsesAndLeavesNothingBehind() throws Exception {
        FakeWeChatApi.Account account = FakeWeChatApi.Account.cuihu(WeChatCallbackTest.TOKEN);
        try (FakeWeChatApi fake = FakeWeChatApi.start(query -> "T1", body -> FakeWeChatApi.OK, Map.of())) {
            fake.writeConfig(workDir, account, "");
            List<LogRecord> logged = serveLogging(Map.of("GUANJIA_DESK_WARMUP_SECONDS", "2"));
            String done = warmedUp(logged);
            Matcher m = Pattern.compile("(\\d+) searches, (\\d+) rehearsed turns").matcher(done);
            assertTrue(m.find(), done);
            assertTrue(Integer.parseInt(m.group(1)) > 0 && Integer.parseInt(m.group(2)) > 0, done);
            // three quarters of the 2 s before the port opens, longer only while the JIT still compiles: twice that at most,
            // besides loading the message libraries
            Matcher took = Pattern.compile("warmed up in (\\d+) ms").matcher(done);
            assertTrue(took.find() && Integer.parseInt(took.group(1)) >= 1500 && Integer.parseInt(took.group(1)) < 3000 + 2000, done);
            // what the desk, the bot, the channels and the warm-up said (the first start's key notices are the app's)
            List<String> warnings = logged.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                    .filter(r -> r.getLoggerName() != null
                            && r.getLoggerName().matches("dev\\.guanjia\\.(desk|bot|channels|knowledge|ticketing|app\\.warmup)\\..*"))
                    .map(r -> r.getLoggerName() + ": " + new java.util.logging.SimpleFormatter().formatMessage(r))
                    .toList();
            assertEquals(List.of(), warnings);
            try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement()) {
                for (String table : List.of("conversations", "messages", "chat_memory", "unanswered_questions", "callbacks")) {
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                        rs.next();
                        assertEquals(0, rs.getLong(1), table);
                    }
                }
            }
            assertEquals(List.of(), turnsCounted(), "rehearsed turns are not residents' turns");
            // a visitor's turn after it is counted: the figure the rehearsal left alone
            HttpResponse<String> turn = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + "/api/v1/chat/messages"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"community\":\"cuihu\",\"text\":\"你好\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, turn.statusCode(), turn.body());
            assertEquals(1, turnsCounted().size(), metrics());
            // the questions rehearsed only ask: asked by a visitor, none acts or brings a person
            for (String q : dev.guanjia.app.warmup.Warmup.QUESTIONS) {
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + server.port() + "/api/v1/chat/messages"))
                        .header("Content-Type", "application/json").header("X-Forwarded-For", "10.9.8.7")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"community\":\"cuihu\",\"text\":\"" + q + "\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), q + ": " + r.body());
                com.fasterxml.jackson.databind.JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
                assertEquals(0, body.path("actions").size(), q + ": " + r.body());
                assertTrue(!body.path("handoff").asBoolean(), q + ": " + r.body());
            }
        }
    }

    /** With a remote model a rehearsed turn would be a call paid for (and waited on): searches only. */
    @Test
    void aRemoteModelIsNotCalledByTheWarmUp() throws Exception {
        try (java.net.ServerSocket model = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            // a model that accepts connections and never answers: a turn sent to it would hang the start
            String done = warmedUp(serveLogging(Map.of("GUANJIA_HTTP_PORT", "0",
                    "GUANJIA_HTTP_HOST", "127.0.0.1", "GUANJIA_DESK_WARMUP_SECONDS", "2",
                    "GUANJIA_LLM_PROVIDER", "openai", "GUANJIA_LLM_BASE_URL",
                    "http://127.0.0.1:" + model.getLocalPort() + "/v1", "GUANJIA_LLM_API_KEY", "test",
                    "GUANJIA_LLM_MODEL", "test-model")));
            assertTrue(done.contains(" 0 rehearsed turns") && !done.contains(" 0 searches"), done);
        }
    }
}
