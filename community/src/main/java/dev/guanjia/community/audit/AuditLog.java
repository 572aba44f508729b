package dev.guanjia.community.audit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The append-only record of who did what.
 * <p>
 * Each entry carries its position ({@code seq}) and an HMAC-SHA256 over the previous entry's hash
 * and its own contents, under a key the service holds and the database never sees: someone with
 * full rights on the database can still edit or remove rows, but cannot make a chain that verifies.
 * What a chain cannot show by itself (the table emptied, or its newest entries cut off) shows
 * against the {@link AuditAnchor}: the length and newest hash, kept outside the database and moved
 * forward only after the new entries have been checked.
 * <p>
 * Entries from before the keyed chain keep their unkeyed SHA-256 hashes; the first keyed entry
 * chains onto the last of them, so its MAC covers them too.
 * <p>
 * One key serves the process: the service installs it with its anchor at start-up. A process that
 * installs none (a test, a throwaway database) gets an ephemeral key and no anchor.
 */
public final class AuditLog {

    static final String GENESIS = "0".repeat(64);
    /** Prefix of a keyed entry's hash; entries without it are from before the keyed chain. */
    static final String KEYED = "hmac1:";
    private static final long CHAIN_LOCK = 0x6775616e6a6961L; // serialises appends across connections
    private static final Logger LOG = Logger.getLogger(AuditLog.class.getName());
    private static final Object ANCHORING = new Object();
    private static volatile Setup setup;
    private static volatile String lastProblem;

    private record Setup(SecretKeySpec key, AuditAnchor anchor, boolean installed) {
    }

    private AuditLog() {
    }

    /** Installs the process's audit key (at least 32 bytes) and where the chain is anchored (null: nowhere). */
    public static void install(byte[] key, AuditAnchor anchor) {
        setup = new Setup(spec(key), anchor, true);
        lastProblem = null;
    }

    /** Back to an ephemeral key and no anchor (a service that stopped). */
    public static void uninstall() {
        setup = null;
        lastProblem = null;
    }

    /** Whether a configured key is in use (not the ephemeral fallback). */
    public static boolean installed() {
        Setup s = setup;
        return s != null && s.installed();
    }

    private static Setup setup() {
        Setup s = setup;
        if (s == null) {
            synchronized (AuditLog.class) {
                if (setup == null) {
                    byte[] k = new byte[32];
                    new SecureRandom().nextBytes(k);
                    setup = new Setup(spec(k), null, false);
                }
                s = setup;
            }
        }
        return s;
    }

    private static SecretKeySpec spec(byte[] key) {
        if (key == null || key.length < 32) {
            throw new IllegalArgumentException("an audit key is at least 32 bytes");
        }
        return new SecretKeySpec(key, "HmacSHA256");
    }

    /** One entry as an administrator reads it. */
    public record Entry(long id, java.time.OffsetDateTime at, String actor, String action, String communityId,
                        String subject, String details) {
    }

    /**
     * The newest entries of a community (and company-wide ones) whose actor, action, subject or
     * details contain the text; all when it is empty.
     */
    public static java.util.List<Entry> search(DataSource db, String communityId, String text, int limit) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT id, at, actor, action, community_id, subject, details FROM audit_log
                WHERE (community_id = ? OR community_id IS NULL)
                  AND (? = '' OR strpos(actor || ' ' || action || ' ' || coalesce(subject, '') || ' '
                                        || coalesce(details, ''), ?) > 0)
                ORDER BY id DESC LIMIT ?""")) {
            String t = text == null ? "" : text.strip();
            s.setString(1, communityId);
            s.setString(2, t);
            s.setString(3, t);
            s.setInt(4, Math.max(1, Math.min(limit, 500)));
            java.util.List<Entry> out = new java.util.ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Entry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot search the audit log: " + e.getMessage(), e);
        }
    }

    /** Appends on a connection of its own (reads and sign-ins that change nothing else), then anchors. */
    public static void record(DataSource db, String actor, String action, String communityId,
                              String subject, String details) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            append(c, actor, action, communityId, subject, details);
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the audit log: " + e.getMessage(), e);
        }
        anchor(db);
    }

    /**
     * Appends within the caller's transaction, so the entry commits or rolls back with the change.
     * Needs only SELECT and INSERT on audit_log. The anchor catches up at the next {@link #anchor}.
     */
    public static void append(Connection c, String actor, String action, String communityId, String subject,
                              String details) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + CHAIN_LOCK + ")");
        }
        AuditAnchor.Mark head = head(c);
        long seq = head.count() + 1;
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        String body = details == null ? "" : details;
        String hash = mac(setup().key(), head.head(), seq, at, actor, action, communityId, subject, body);
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO audit_log (seq, at, actor, action, community_id, subject, details, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            s.setLong(1, seq);
            s.setObject(2, at);
            s.setString(3, actor);
            s.setString(4, action);
            s.setString(5, communityId);
            s.setString(6, subject);
            s.setString(7, body);
            s.setString(8, head.head());
            s.setString(9, hash);
            s.executeUpdate();
        }
    }

    /** The newest entry as a mark: its number and hash; (0, genesis) for an empty log. */
    public static AuditAnchor.Mark head(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")) {
            return rs.next() ? new AuditAnchor.Mark(rs.getLong(1), rs.getString(2)) : new AuditAnchor.Mark(0, GENESIS);
        }
    }

    /** What a check found: how many entries, how many from before the keyed chain, and the first problem. */
    public record Verification(long entries, long unkeyed, AuditAnchor.Mark head, long brokenId, String problem) {
        public boolean intact() {
            return problem == null;
        }
    }

    /**
     * Walks the whole chain with the key and compares it with the anchored mark (null when there is
     * none: then a log that has entries is reported, since removals could not be ruled out).
     */
    public static Verification verify(Connection c, byte[] key, AuditAnchor.Mark anchored) throws SQLException {
        Walk w = new Walk(spec(key), GENESIS, 1, anchored);
        walk(c, w, 0);
        long entries;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM audit_log")) {
            rs.next();
            entries = rs.getLong(1);
        }
        String problem = w.problem;
        if (problem == null) {
            if (anchored == null && entries > 0) {
                problem = "there is no anchor to compare with, so removed entries cannot be ruled out";
            } else if (anchored != null && entries < anchored.count()) {
                problem = shortened(entries, anchored.count());
            }
        }
        return new Verification(entries, w.unkeyed, new AuditAnchor.Mark(w.next - 1, w.prev), w.brokenId, problem);
    }

    private static String shortened(long entries, long anchored) {
        return entries == 0
                ? "the table holds no entries but the anchor recorded " + anchored
                  + ": the log was emptied (TRUNCATE or DELETE)"
                : "the table holds " + entries + " entries but the anchor recorded " + anchored
                  + ": the newest " + (anchored - entries) + " were removed";
    }

    /** What anchoring did: the mark now recorded, or why it was left as it was. */
    public record Anchoring(AuditAnchor.Mark mark, String problem) {
    }

    /**
     * Moves the anchor up to the newest committed entry, but only after checking that the table
     * still holds the anchored entry unchanged and that every entry after it verifies with the key.
     * When not, the anchor keeps the last good mark and the problem is logged (once per problem).
     * The first anchor of a data directory checks the whole chain. Never throws.
     */
    public static Anchoring anchor(DataSource db) {
        Setup s = setup();
        if (s.anchor() == null) {
            return new Anchoring(null, null);
        }
        synchronized (ANCHORING) {
            String problem;
            try (Connection c = db.getConnection()) {
                Optional<AuditAnchor.Mark> last = s.anchor().read();
                AuditAnchor.Mark head = head(c);
                if (last.isPresent() && last.get().equals(head)) {
                    lastProblem = null;
                    return new Anchoring(head, null);
                }
                Walk w;
                problem = null;
                if (last.isEmpty()) {
                    w = new Walk(s.key(), GENESIS, 1, null);
                    walk(c, w, 0);
                } else {
                    AuditAnchor.Mark m = last.get();
                    w = new Walk(s.key(), m.head(), m.count() + 1, null);
                    if (head.count() < m.count()) {
                        problem = shortened(head.count(), m.count());
                    } else if (m.count() > 0) {
                        try (PreparedStatement q = c.prepareStatement("SELECT hash FROM audit_log WHERE seq = ?")) {
                            q.setLong(1, m.count());
                            try (ResultSet rs = q.executeQuery()) {
                                if (!rs.next() || !m.head().equals(rs.getString(1))) {
                                    problem = replaced(m);
                                }
                            }
                        }
                        w.keyedSeen = m.head().startsWith(KEYED);
                    }
                    if (problem == null) {
                        walk(c, w, m.count());
                    }
                }
                if (problem == null) {
                    problem = w.problem;
                }
                if (problem == null) {
                    AuditAnchor.Mark now = new AuditAnchor.Mark(w.next - 1, w.prev);
                    s.anchor().record(now);
                    lastProblem = null;
                    return new Anchoring(now, null);
                }
                if (!problem.equals(lastProblem)) {
                    LOG.severe("audit log does not match its anchor (" + s.anchor().describe() + "): " + problem
                            + ". The anchor keeps the last good mark; run `audit verify`.");
                    lastProblem = problem;
                }
            } catch (SQLException | RuntimeException e) {
                problem = "cannot anchor the audit log: " + e.getMessage();
                LOG.warning(problem);
            }
            return new Anchoring(null, problem);
        }
    }

    private static String replaced(AuditAnchor.Mark m) {
        return "entry #" + m.count() + " is not the one the anchor recorded (" + abbreviate(m.head())
               + "): the log was rewritten from there on";
    }

    /**
     * Once, after the upgrade to the keyed chain: when the newest entry is unkeyed, appends an entry
     * whose MAC covers every entry before it, saying whether the old chain still verified. Returns
     * that entry's details; empty when there was nothing to seal.
     */
    public static Optional<String> sealUnkeyed(DataSource db) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + CHAIN_LOCK + ")");
            }
            AuditAnchor.Mark head = head(c);
            if (head.count() == 0 || head.head().startsWith(KEYED)) {
                c.rollback();
                return Optional.empty();
            }
            Walk w = new Walk(setup().key(), GENESIS, 1, null);
            walk(c, w, 0);
            String details = head.count() + " earlier entries under the unkeyed SHA-256 chain (newest "
                    + abbreviate(head.head()) + ") "
                    + (w.problem == null ? "verified" : "did NOT verify (" + w.problem + ")")
                    + "; from here every entry is keyed and this entry's MAC covers them";
            append(c, "system:audit", "audit.chain_keyed", null, "audit_log", details);
            c.commit();
            return Optional.of(details);
        }
    }

    static String abbreviate(String hash) {
        String h = hash.startsWith(KEYED) ? hash.substring(KEYED.length()) : hash;
        return h.substring(0, Math.min(16, h.length())) + "…";
    }

    private static void walk(Connection c, Walk w, long afterSeq) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT id, seq, at, actor, action, community_id, subject, details, prev_hash, hash
                FROM audit_log WHERE seq > ? ORDER BY seq""")) {
            s.setLong(1, afterSeq);
            s.setFetchSize(1000);
            // a fetch size only streams inside a transaction
            boolean auto = c.getAutoCommit();
            if (auto) {
                c.setAutoCommit(false);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next() && w.step(rs)) {
                    // step does the work
                }
            } finally {
                if (auto) {
                    c.commit();
                    c.setAutoCommit(true);
                }
            }
        }
    }

    /** The chain read in order: each entry must have the next number, link to the one before and verify. */
    private static final class Walk {
        final SecretKeySpec key;
        final AuditAnchor.Mark anchored;
        String prev;
        long next;
        boolean keyedSeen;
        long unkeyed;
        long brokenId = -1;
        String problem;

        Walk(SecretKeySpec key, String prev, long next, AuditAnchor.Mark anchored) {
            this.key = key;
            this.prev = prev;
            this.next = next;
            this.anchored = anchored;
        }

        boolean step(ResultSet rs) throws SQLException {
            long id = rs.getLong(1);
            long seq = rs.getLong(2);
            OffsetDateTime at = rs.getObject(3, OffsetDateTime.class);
            String[] fields = {rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)};
            String hash = rs.getString(10);
            String entry = "entry #" + seq + " (id " + id + ")";
            if (seq != next) {
                problem = "entries #" + next + (seq - 1 > next ? "-#" + (seq - 1) : "") + " are missing before "
                          + entry + ": they were deleted";
            } else if (!prev.equals(rs.getString(9))) {
                problem = entry + " does not link to the entry before it: an entry was removed or replaced";
            } else if (hash.startsWith(KEYED)) {
                keyedSeen = true;
                if (!hash.equals(mac(key, prev, seq, at, fields))) {
                    problem = entry + ": its MAC does not match its contents: the row was edited, or the chain was "
                              + "recomputed without the audit key (or this is not the key the log was written with)";
                }
            } else if (keyedSeen) {
                problem = entry + " has an unkeyed hash after the keyed chain began: the chain was recomputed "
                          + "without the audit key";
            } else if (!hash.equals(sha256(prev, at, fields))) {
                problem = entry + ": its hash does not match its contents: the row was edited";
            } else {
                unkeyed++;
            }
            if (problem == null && anchored != null && seq == anchored.count() && !hash.equals(anchored.head())) {
                problem = replaced(anchored);
            }
            if (problem != null) {
                brokenId = id;
                return false;
            }
            prev = hash;
            next++;
            return true;
        }
    }

    /** HMAC over the previous hash and the entry, each field length-prefixed so no two entries read alike. */
    private static String mac(SecretKeySpec key, String prev, long seq, OffsetDateTime at, String... fields) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            field(m, "guanjia audit v1");
            field(m, prev);
            field(m, Long.toString(seq));
            field(m, at.toInstant().toString());
            for (String f : fields) {
                field(m, f);
            }
            return KEYED + HexFormat.of().formatHex(m.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static void field(Mac m, String value) {
        if (value == null) {
            m.update((byte) 0);
            return;
        }
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        m.update((byte) 1);
        m.update(ByteBuffer.allocate(4).putInt(b.length).array());
        m.update(b);
    }

    /** The hash of entries from before the keyed chain (kept so they still verify). */
    static String sha256(String prev, OffsetDateTime at, String... fields) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(prev.getBytes(StandardCharsets.UTF_8));
            d.update(("\u001f" + at.toInstant()).getBytes(StandardCharsets.UTF_8));
            for (String f : fields) {
                d.update(("\u001f" + (f == null ? "\u0000" : f)).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Whether any entry is signed with a key (so a missing key file means the key was lost). */
    public static boolean hasKeyedEntries(DataSource db) {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM audit_log WHERE hash LIKE 'hmac1:%')")) {
            rs.next();
            return rs.getBoolean(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit log: " + e.getMessage(), e);
        }
    }
}
