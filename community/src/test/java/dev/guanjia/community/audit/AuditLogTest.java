package dev.guanjia.community.audit;

import dev.guanjia.testkit.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditLogTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final DataSource db = TestDatabase.fresh("community");
    private final MemoryAnchor anchor = new MemoryAnchor();

    /** The anchor kept in memory: the same contract as the file the service uses. */
    static final class MemoryAnchor implements AuditAnchor {
        AuditAnchor.Mark mark;
        final List<AuditAnchor.Mark> written = new ArrayList<>();

        @Override
        public Optional<Mark> read() {
            return Optional.ofNullable(mark);
        }

        @Override
        public void record(Mark m) {
            mark = m;
            written.add(m);
        }

        @Override
        public String describe() {
            return "memory";
        }
    }

    @BeforeEach
    void install() {
        AuditLog.install(KEY, anchor);
    }

    @AfterEach
    void uninstall() {
        AuditLog.uninstall();
    }

    private void threeEntries() {
        AuditLog.record(db, "staff:s1", "bill.viewed", "c1", "resident r1", "");
        AuditLog.record(db, "staff:s2", "work_order.updated", "c1", "w1", "status assigned");
        AuditLog.record(db, "cli", "pack.imported", null, null, "3 houses");
    }

    private AuditLog.Verification verify() throws SQLException {
        return verify(KEY);
    }

    private AuditLog.Verification verify(byte[] key) throws SQLException {
        try (Connection c = db.getConnection()) {
            return AuditLog.verify(c, key, anchor.mark);
        }
    }

    /** What someone with full database rights can do: go around the append-only triggers. */
    private void tamper(String... sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE audit_log DISABLE TRIGGER USER");
            for (String q : sql) {
                s.execute(q);
            }
            s.execute("ALTER TABLE audit_log ENABLE TRIGGER USER");
        }
    }

    @Test
    void everyRecordMovesTheAnchorAndTheChainVerifies() throws SQLException {
        threeEntries();
        assertEquals(3, anchor.mark.count());
        assertTrue(anchor.mark.head().startsWith("hmac1:"));
        AuditLog.Verification v = verify();
        assertTrue(v.intact(), v.problem());
        assertEquals(3, v.entries());
        assertEquals(0, v.unkeyed());
        assertEquals(anchor.mark, v.head());
    }

    @Test
    void entriesAppendedInsideATransactionAreAnchoredOnceCommitted() throws SQLException {
        threeEntries();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            AuditLog.append(c, "staff:s1", "work_order.closed", "c1", "w1", "");
            AuditLog.append(c, "staff:s1", "work_order.closed", "c1", "w2", "");
            c.rollback();
            AuditLog.append(c, "staff:s1", "work_order.closed", "c1", "w3", "");
            // not committed yet: anchoring must not count it
            assertEquals(3, AuditLog.anchor(db).mark().count());
            c.commit();
        }
        assertEquals(4, AuditLog.anchor(db).mark().count());
        assertTrue(verify().intact(), verify().problem());
    }

    @Test
    void anEditedRowIsFoundByItsMac() throws SQLException {
        threeEntries();
        tamper("UPDATE audit_log SET actor = 'staff:someone-else' WHERE action = 'work_order.updated'");
        AuditLog.Verification v = verify();
        assertFalse(v.intact());
        assertTrue(v.problem().contains("entry #2") && v.problem().contains("MAC does not match"), v.problem());
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT action FROM audit_log WHERE id = " + v.brokenId())) {
            rs.next();
            assertEquals("work_order.updated", rs.getString(1));
        }
    }

    @Test
    void truncationAndTailDeletionShowAgainstTheAnchor() throws SQLException {
        threeEntries();
        tamper("DELETE FROM audit_log WHERE seq = 3");
        AuditLog.Verification v = verify();
        assertFalse(v.intact());
        assertTrue(v.problem().contains("holds 2 entries but the anchor recorded 3"), v.problem());
        // the service keeps the good mark and does not accept the shorter log
        assertNotNull(AuditLog.anchor(db).problem());
        assertEquals(3, anchor.mark.count());
        // appending again does not cover the gap: entry #3 is now another one
        AuditLog.record(db, "staff:s1", "bill.viewed", "c1", "resident r2", "");
        assertEquals(3, anchor.mark.count());
        assertTrue(verify().problem().contains("entry #3 is not the one the anchor recorded"), verify().problem());

        tamper("TRUNCATE audit_log");
        v = verify();
        assertEquals(0, v.entries());
        assertTrue(v.problem().contains("holds no entries but the anchor recorded 3"), v.problem());
    }

    @Test
    void aChainRecomputedWithoutTheKeyDoesNotVerify() throws SQLException {
        threeEntries();
        // the intruder edits a row and recomputes every hash after it with plain SHA-256 ...
        tamper("UPDATE audit_log SET details = 'nothing happened' WHERE seq = 2");
        recomputeWithSha256();
        AuditLog.Verification v = verify();
        assertFalse(v.intact());
        assertTrue(v.problem().contains("entry #3 is not the one the anchor recorded"), v.problem());
        // ... or with a key of their own: the MACs are well formed but not ours
        recomputeWithKey("another key of thirty-two bytes!".getBytes(StandardCharsets.US_ASCII));
        v = verify();
        assertTrue(v.problem().contains("entry #1") && v.problem().contains("MAC does not match"), v.problem());
        // and anchoring refuses to move on
        assertNotNull(AuditLog.anchor(db).problem());
    }

    @Test
    void aWrongKeyDoesNotVerifyAnIntactLog() throws SQLException {
        threeEntries();
        AuditLog.Verification v = verify("a key that did not write this log".getBytes(StandardCharsets.US_ASCII));
        assertFalse(v.intact());
        assertTrue(v.problem().contains("not the key the log was written with"), v.problem());
    }

    @Test
    void aForgedEntryInsertedWithoutTheKeyIsRefused() throws SQLException {
        threeEntries();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO audit_log (seq, actor, action, prev_hash, hash) VALUES (4, 'cli', 'forged', ?, ?)""")) {
            s.setString(1, AuditLog.head(c).head());
            s.setString(2, "hmac1:" + "ab".repeat(32));
            s.executeUpdate();
        }
        AuditLog.Anchoring a = AuditLog.anchor(db);
        assertTrue(a.problem().contains("entry #4"), a.problem());
        assertEquals(3, anchor.mark.count());
    }

    @Test
    void theFirstAnchorChecksTheWholeChainBeforeTrustingIt() throws SQLException {
        AuditLog.install(KEY, null);
        threeEntries();
        tamper("UPDATE audit_log SET actor = 'x' WHERE seq = 1");
        AuditLog.install(KEY, anchor);
        assertNotNull(AuditLog.anchor(db).problem());
        assertNull(anchor.mark);
        assertTrue(verify().problem().contains("entry #1"), verify().problem());
    }

    @Test
    void entriesFromBeforeTheKeyedChainAreSealedByTheFirstKeyedEntry() throws SQLException {
        // two entries as the earlier version wrote them: unkeyed SHA-256
        AuditLog.install(KEY, null);
        String h1 = legacy(1, AuditLog.GENESIS, "cli", "pack.imported");
        legacy(2, h1, "staff:s1", "bill.viewed");
        AuditLog.install(KEY, anchor);
        String sealed = AuditLog.sealUnkeyed(db).orElseThrow();
        assertTrue(sealed.startsWith("2 earlier entries") && sealed.contains("verified"), sealed);
        assertTrue(AuditLog.sealUnkeyed(db).isEmpty(), "sealed once");
        assertNull(AuditLog.anchor(db).problem());
        AuditLog.record(db, "staff:s1", "bill.viewed", "c1", "resident r1", "");
        AuditLog.Verification v = verify();
        assertTrue(v.intact(), v.problem());
        assertEquals(4, v.entries());
        assertEquals(2, v.unkeyed());

        // rewriting an old entry and recomputing the old, unkeyed chain no longer goes unnoticed
        tamper("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 1");
        recomputeWithSha256Upto(2);
        v = verify();
        assertTrue(v.problem().contains("entry #3") && v.problem().contains("does not link"), v.problem());
    }

    @Test
    void appendingNeedsNoRightToChangeOrRemoveEntries() throws SQLException {
        String role = "audit_writer_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + role);
            s.execute("GRANT SELECT, INSERT ON audit_log TO " + role);
            s.execute("REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM " + role);
        }
        AuditLog.record(db, "cli", "pack.imported", null, null, "");
        try (Connection c = db.getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("SET ROLE " + role);
            }
            c.setAutoCommit(false);
            AuditLog.append(c, "staff:s1", "bill.viewed", "c1", "resident r1", "");
            AuditLog.append(c, "staff:s1", "bill.viewed", "c1", "resident r2", "");
            c.commit();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                SQLException denied = assertThrows(SQLException.class,
                        () -> s.executeUpdate("UPDATE audit_log SET actor = 'x'"));
                assertTrue(denied.getMessage().contains("permission denied"), denied.getMessage());
                assertThrows(SQLException.class, () -> s.execute("TRUNCATE audit_log"));
            }
            // anchoring and verifying read only
            assertEquals(3, AuditLog.verify(c, KEY, anchor.mark).entries());
        }
        assertEquals(3, AuditLog.anchor(db).mark().count());
        assertTrue(verify().intact(), verify().problem());
    }

    @Test
    void rowsCannotBeUpdatedDeletedOrTruncated() throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            AuditLog.append(c, "cli", "pack.imported", "c1", null, "");
            SQLException update = assertThrows(SQLException.class,
                    () -> s.executeUpdate("UPDATE audit_log SET actor = 'x'"));
            assertTrue(update.getMessage().contains("append-only"));
            assertThrows(SQLException.class, () -> s.executeUpdate("DELETE FROM audit_log"));
            SQLException truncate = assertThrows(SQLException.class, () -> s.execute("TRUNCATE audit_log"));
            assertTrue(truncate.getMessage().contains("append-only"));
        }
    }

    private String legacy(long seq, String prev, String actor, String action) throws SQLException {
        OffsetDateTime at = OffsetDateTime.parse("2026-11-01T08:00:00Z").plusMinutes(seq);
        String hash = AuditLog.sha256(prev, at, actor, action, null, null, "");
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO audit_log (seq, at, actor, action, details, prev_hash, hash)
                VALUES (?, ?, ?, ?, '', ?, ?)""")) {
            s.setLong(1, seq);
            s.setObject(2, at);
            s.setString(3, actor);
            s.setString(4, action);
            s.setString(5, prev);
            s.setString(6, hash);
            s.executeUpdate();
        }
        return hash;
    }

    private void recomputeWithSha256() throws SQLException {
        recomputeWithSha256Upto(Long.MAX_VALUE);
    }

    /** The attack on the earlier, unkeyed chain: edit, then recompute every hash from there on. */
    private void recomputeWithSha256Upto(long lastSeq) throws SQLException {
        recompute(lastSeq, (prev, at, f) -> AuditLog.sha256(prev, at, f));
    }

    private void recomputeWithKey(byte[] key) throws SQLException {
        recompute(Long.MAX_VALUE, (prev, at, f) -> {
            // well-formed MACs, but from a key (and construction) of the intruder's own
            try {
                javax.crypto.Mac m = javax.crypto.Mac.getInstance("HmacSHA256");
                m.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
                return "hmac1:" + HexFormat.of().formatHex(m.doFinal((prev + Arrays.toString(f) + at)
                        .getBytes(StandardCharsets.UTF_8)));
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private interface Hasher {
        String hash(String prev, OffsetDateTime at, String[] fields);
    }

    private void recompute(long lastSeq, Hasher h) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE audit_log DISABLE TRIGGER USER");
            String prev = AuditLog.GENESIS;
            List<Object[]> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("""
                    SELECT seq, at, actor, action, community_id, subject, details FROM audit_log
                    WHERE seq <= %d ORDER BY seq""".formatted(lastSeq))) {
                while (rs.next()) {
                    rows.add(new Object[]{rs.getLong(1), rs.getObject(2, OffsetDateTime.class),
                            new String[]{rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                                    rs.getString(7)}});
                }
            }
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
