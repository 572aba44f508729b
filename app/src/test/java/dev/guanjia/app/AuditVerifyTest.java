package dev.guanjia.app;

import dev.guanjia.testkit.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `audit verify` as an operator runs it, against what an intruder with full database rights (but
 * not the service's files) can do to the audit log: empty it, cut off its newest entries, edit a
 * row, or edit and recompute the chain with plain SHA-256 or a key of their own.
 */
class AuditVerifyTest {

    @TempDir
    Path workDir;

    private DataSource admin;
    private Map<String, String> env;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @BeforeEach
    void database() throws Exception {
        // an external database, as in production, so each command starts in a moment
        admin = TestDatabase.fresh();
        String name;
        try (Connection c = admin.getConnection()) {
            name = c.getCatalog();
        }
        env = Map.of("GUANJIA_DB_URL", TestDatabase.jdbcUrl(name).replaceAll("\\?.*$", ""),
                "GUANJIA_DB_USER", "postgres");
    }

    private int run(String... args) {
        out.reset();
        return Main.run(args, env, workDir, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Three entries made by real commands (each key rotation is audited). */
    private void threeEntries() {
        for (int i = 0; i < 3; i++) {
            assertEquals(0, run("keys", "rotate"), out());
        }
    }

    private void tamper(String... sql) throws Exception {
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE audit_log DISABLE TRIGGER USER");
            for (String q : sql) {
                s.execute(q);
            }
            s.execute("ALTER TABLE audit_log ENABLE TRIGGER USER");
        }
    }

    @Test
    void anUntouchedLogVerifies() throws Exception {
        threeEntries();
        assertEquals(0, run("audit", "verify"), out());
        assertTrue(out().startsWith("audit log intact: 3 entries"), out());
        assertTrue(out().contains("which matches"), out());
        String anchor = Files.readString(workDir.resolve("data/audit.anchor"));
        assertTrue(anchor.contains("count 3\n") && anchor.contains("head hmac1:"), anchor);
        Path key = workDir.resolve("data/keys/audit.key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        // the key never reaches the database
        String secret = Files.readAllLines(key).get(1).split(" ")[1];
        try (Connection c = admin.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM audit_log WHERE audit_log::text LIKE '%"
                     + secret + "%'")) {
            rs.next();
            assertEquals(0, rs.getInt(1));
        }
    }

    @Test
    void theServiceAnchorsWhatItWritesWithinSeconds() throws Exception {
        Map<String, String> serving = new java.util.HashMap<>(env);
        serving.put("GUANJIA_HTTP_PORT", "0");
        serving.put("GUANJIA_HTTP_HOST", "127.0.0.1");
        Path anchor = workDir.resolve("data/audit.anchor");
        try (var server = dev.guanjia.app.serve.GuanjiaServer.start(
                dev.guanjia.app.serve.ClusterTemplate.seed(dev.guanjia.app.config.ConfigLoader.load(serving, workDir)),
                (phone, text) -> { })) {
            // the demo import's entry is written inside the import's transaction: the anchor catches up
            long entries;
            try (Connection c = admin.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM audit_log")) {
                rs.next();
                entries = rs.getLong(1);
            }
            assertTrue(entries > 0);
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!Files.readString(anchor).contains("count " + entries + "\n") && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertTrue(Files.readString(anchor).contains("count " + entries + "\n"), Files.readString(anchor));
        }
        assertEquals(0, run("audit", "verify"), out());
        assertTrue(out().contains("which matches"), out());
    }

    @Test
    void aNewInstallationHasNothingToVerify() {
        assertEquals(0, run("audit", "verify"), out());
        assertTrue(out().startsWith("audit log empty"), out());
    }

    @Test
    void anEmptiedTableIsCaught() throws Exception {
        threeEntries();
        tamper("TRUNCATE audit_log");
        assertEquals(1, run("audit", "verify"));
        assertTrue(out().contains("BROKEN: the table holds no entries but the anchor recorded 3: the log was emptied"),
                out());
    }

    @Test
    void theNewestEntriesCutOffAreCaught() throws Exception {
        threeEntries();
        tamper("DELETE FROM audit_log WHERE seq >= 2");
        assertEquals(1, run("audit", "verify"));
        assertTrue(out().contains("the table holds 1 entries but the anchor recorded 3: the newest 2 were removed"),
                out());
        // the service appending again until the count is back does not paper over it
        assertEquals(0, run("keys", "rotate"), out());
        assertEquals(0, run("keys", "rotate"), out());
        assertEquals(1, run("audit", "verify"));
        assertTrue(out().contains("entry #3 is not the one the anchor recorded"), out());
    }

    @Test
    void anEditedRowIsCaught() throws Exception {
        threeEntries();
        tamper("UPDATE audit_log SET actor = 'cli:someone-else' WHERE seq = 2");
        assertEquals(1, run("audit", "verify"));
        assertTrue(out().contains("entry #2") && out().contains("MAC does not match its contents"), out());
    }

    @Test
    void aChainRecomputedWithPlainSha256IsCaught() throws Exception {
        threeEntries();
        tamper("UPDATE audit_log SET details = 'nothing happened' WHERE seq = 2");
        recompute(this::sha256);
        assertEquals(1, run("audit", "verify"));
        assertTrue(out().contains("entry #3 is not the one the anchor recorded"), out());
    }

    @Test
    void aChainRecomputedWithAnotherKeyIsCaught() throws Exception {
        threeEntries();
        tamper("UPDATE audit_log SET details = 'nothing happened' WHERE seq = 2");
        byte[] theirs = "an intruder's key, 32 bytes long".getBytes(StandardCharsets.US_ASCII);
        recompute((prev, at, f) -> "hmac1:" + hmac(theirs, prev + at + String.join("|", f)));
        assertEquals(1, run("audit", "verify"));
        assertTrue(out().contains("entry #1") && out().contains("MAC does not match"), out());
    }

    @Test
    void withoutTheKeyNothingIsVouchedFor() throws Exception {
        threeEntries();
        Files.delete(workDir.resolve("data/keys/audit.key"));
        assertEquals(1, run("audit", "verify"));
        assertTrue(out().contains("NOT VERIFIED: no audit key"), out());
        assertTrue(!Files.exists(workDir.resolve("data/keys/audit.key")), "verify never makes a key");
        // nor does production mode, once entries depend on it
        Map<String, String> production = new java.util.HashMap<>(env);
        production.put("GUANJIA_PRODUCTION", "true");
        env = production;
        assertEquals(1, run("keys", "rotate"));
        assertTrue(out().contains("audit key") && out().contains("refusing to start"), out());
        assertTrue(!Files.exists(workDir.resolve("data/keys/audit.key")));
    }

    @Test
    void entriesFromTheUnkeyedVersionAreSealedAtUpgrade() throws Exception {
        // a database as the previous version left it: schema up to V5, two entries with bare SHA-256
        Flyway.configure().dataSource(admin).locations("classpath:db/migration/community")
                .table("flyway_history_community").target("5").load().migrate();
        String h1 = legacy(AuditLogGenesis.GENESIS, "cli:import", "pack.imported", 1);
        legacy(h1, "cli:staff", "staff.add", 2);
        assertEquals(0, run("keys", "rotate"), out());
        try (Connection c = admin.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT details FROM audit_log WHERE action = 'audit.chain_keyed'")) {
            assertTrue(rs.next());
            assertTrue(rs.getString(1).startsWith("2 earlier entries under the unkeyed SHA-256 chain"), rs.getString(1));
            assertTrue(rs.getString(1).contains(" verified;"), rs.getString(1));
        }
        assertEquals(0, run("audit", "verify"), out());
        assertTrue(out().startsWith("audit log intact: 4 entries (2 from before the keyed chain"), out());
        // the old entries are now as safe as the new: edited and recomputed, they no longer fit
        tamper("UPDATE audit_log SET actor = 'cli:nobody' WHERE seq = 1");
        recompute(this::sha256, 2);
        assertEquals(1, run("audit", "verify"));
        assertTrue(out().contains("entry #3") && out().contains("does not link"), out());
    }

    /** The genesis link of the chain. */
    private static final class AuditLogGenesis {
        static final String GENESIS = "0".repeat(64);
    }

    private String legacy(String prev, String actor, String action, int minute) throws Exception {
        OffsetDateTime at = OffsetDateTime.parse("2026-11-01T08:00:00Z").plusMinutes(minute);
        String hash = sha256(prev, at, new String[]{actor, action, null, null, ""});
        try (Connection c = admin.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO audit_log (at, actor, action, details, prev_hash, hash) VALUES (?, ?, ?, '', ?, ?)")) {
            s.setObject(1, at);
            s.setString(2, actor);
            s.setString(3, action);
            s.setString(4, prev);
            s.setString(5, hash);
            s.executeUpdate();
        }
        return hash;
    }

    private interface Hasher {
        String hash(String prev, OffsetDateTime at, String[] fields) throws Exception;
    }

    /** The unkeyed chain of the earlier version, exactly as its `audit verify` accepted it. */
    private String sha256(String prev, OffsetDateTime at, String[] fields) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        d.update(prev.getBytes(StandardCharsets.UTF_8));
        d.update(("\u001f" + at.toInstant()).getBytes(StandardCharsets.UTF_8));
        for (String f : fields) {
            d.update(("\u001f" + (f == null ? "\u0000" : f)).getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static String hmac(byte[] key, String text) throws Exception {
        Mac m = Mac.getInstance("HmacSHA256");
        m.init(new SecretKeySpec(key, "HmacSHA256"));
        return HexFormat.of().formatHex(m.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    private void recompute(Hasher h) throws Exception {
        recompute(h, Long.MAX_VALUE);
    }

    /** The intruder's repair: every hash from the first entry up to lastSeq computed anew. */
    private void recompute(Hasher h, long lastSeq) throws Exception {
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE audit_log DISABLE TRIGGER USER");
            List<Object[]> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT seq, at, actor, action, community_id, subject, details "
                    + "FROM audit_log WHERE seq <= " + lastSeq + " ORDER BY seq")) {
                while (rs.next()) {
                    rows.add(new Object[]{rs.getLong(1), rs.getObject(2, OffsetDateTime.class), new String[]{
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)}});
                }
            }
            String prev = AuditLogGenesis.GENESIS;
            try (PreparedStatement u = c.prepareStatement("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?")) {
                for (Object[] r : rows) {
                    String hash = h.hash(prev, (OffsetDateTime) r[1], (String[]) r[2]);
                    u.setString(1, prev);
                    u.setString(2, hash);
                    u.setLong(3, (Long) r[0]);
                    u.executeUpdate();
                    prev = hash;
                }
            }
            s.execute("ALTER TABLE audit_log ENABLE TRIGGER USER");
        }
    }
}
