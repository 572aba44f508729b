package dev.guanjia.app.serve;

import dev.guanjia.app.config.ConfigLoader;
import dev.guanjia.bot.turn.Identity;
import dev.guanjia.community.resident.Residents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Residents' personal data at rest: the tables hold no phone number or name in the clear, a key
 * rotation re-seals everything and lookups still work, and the audit chain catches a tampered row.
 */
class PrivacyTest {

    @TempDir
    Path workDir;

    private static final List<String> PLAINTEXT = List.of("13962000101", "13962000103", "13771000201", "沈桂兰", "顾明远");

    private GuanjiaServer start() throws Exception {
        return GuanjiaServer.start(ClusterTemplate.seed(ConfigLoader.load(Map.of("GUANJIA_HTTP_PORT", "0",
                "GUANJIA_HTTP_HOST", "127.0.0.1"), workDir)), (phone, text) -> { });
    }

    /** Every text column of the tables that hold personal data, as one dump. */
    private static List<String> leaks(GuanjiaServer server) throws Exception {
        List<String> found = new ArrayList<>();
        try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String table : List.of("residents", "resident_identities", "staff", "callbacks", "conversations",
                    "login_codes", "sessions", "unanswered_questions")) {
                try (ResultSet rs = s.executeQuery("SELECT t::text FROM " + table + " t")) {
                    while (rs.next()) {
                        for (String p : PLAINTEXT) {
                            if (rs.getString(1).contains(p)) {
                                found.add(table + ": " + p);
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    private int run(String... args) {
        return dev.guanjia.app.MainAccess.run(args, workDir,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @Test
    void tablesHoldNoPlaintextAndARotationKeepsEverythingReadable() throws Exception {
        String before;
        try (GuanjiaServer server = start()) {
            HttpClient http = HttpClient.newHttpClient();
            // a caller known by phone asks for a person: conversation, callback and contact are personal data
            var desk = server.desk();
            Identity caller = new Identity("voice", "phone", "13962000103");
            String conv = desk.open("cuihu", caller);
            desk.turn("cuihu", conv, caller, "0");
            // a question the bot cannot answer is kept for staff, with the resident's words sealed
            Identity visitor = Identity.anonymous("web");
            desk.turn("cuihu", desk.open("cuihu", visitor), visitor, "我是顾明远，手机13962000103，小区的快递柜在哪里？");
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/auth/code"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"community\":\"cuihu\",\"phone\":\"13962000101\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(List.of(), leaks(server));
            assertEquals("顾明远", new Residents(server.dataSource(), server.personalData()).identify("cuihu", "phone", "13962000103")
                    .orElseThrow().name());
            before = Files.readString(workDir.resolve("data/keys/data.key"));
        }
        assertEquals(0, run("keys", "rotate"));
        assertNotEquals(before, Files.readString(workDir.resolve("data/keys/data.key")), "a new key");
        try (GuanjiaServer server = start()) {
            assertEquals(List.of(), leaks(server));
            assertEquals("顾明远", new Residents(server.dataSource(), server.personalData()).identify("cuihu", "phone", "13962000103")
                    .orElseThrow().name(), "found by phone and readable after the rotation");
            try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM residents WHERE name NOT LIKE 'pd1:"
                         + server.personalData().currentKeyId() + ":%'")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "every name sealed with the new key");
            }
            try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE question NOT LIKE 'pd1:"
                         + server.personalData().currentKeyId() + ":%'), count(*) FROM unanswered_questions")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "every unanswered question re-sealed with the new key");
                assertEquals(1, rs.getInt(2));
            }
            assertEquals("我是顾明远，手机13962000103，小区的快递柜在哪里？", new dev.guanjia.desk.unanswered.UnansweredQuestions(
                    server.dataSource(), server.personalData(), dev.guanjia.knowledge.embedding.BgeSmallZhEmbedder.shared())
                    .groups("cuihu").get(0).examples().get(0).question(), "readable after the rotation");
        }
    }

    @Test
    void productionModeRefusesToStartWithoutAKey() {
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> GuanjiaServer.start(ClusterTemplate.seed(ConfigLoader.load(Map.of("GUANJIA_HTTP_PORT", "0", "GUANJIA_HTTP_HOST",
                        "127.0.0.1", "GUANJIA_PRODUCTION", "true"), workDir)), (phone, text) -> { }));
        assertTrue(e.getMessage().contains("refusing to start"), e.getMessage());
        assertTrue(!Files.exists(workDir.resolve("data/keys/data.key")), "no key generated in production mode");
    }

    @Test
    void auditVerifyPassesAnIntactChainAndCatchesAnEditedRow() throws Exception {
        try (GuanjiaServer server = start()) {
            assertTrue(leaks(server).isEmpty());
        }
        assertEquals(0, run("audit", "verify"));
        try (GuanjiaServer server = start(); Connection c = server.dataSource().getConnection();
             Statement s = c.createStatement()) {
            // an intruder with database rights goes around the append-only trigger
            s.execute("ALTER TABLE audit_log DISABLE TRIGGER USER");
            s.execute("UPDATE audit_log SET actor = 'someone-else' WHERE id = (SELECT min(id) FROM audit_log)");
            s.execute("ALTER TABLE audit_log ENABLE TRIGGER USER");
        }
        assertEquals(1, run("audit", "verify"));
    }
}
