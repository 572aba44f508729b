package dev.guanjia.community.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The append-only record of who did what. Each entry's hash covers the previous entry's hash,
 * so removing or editing a row breaks the chain where it happened.
 */
public final class AuditLog {

    static final String GENESIS = "0".repeat(64);
    private static final long CHAIN_LOCK = 0x6775616e6a6961L; // serialises appends across connections

    private AuditLog() {
    }

    /** One entry as an administrator reads it. */
    public record Entry(long id, java.time.OffsetDateTime at, String actor, String action, String communityId,
                        String subject, String details) {
    }

    /**
     * The newest entries of a community (and company-wide ones) whose actor, action, subject or
     * details contain the text; all when it is empty.
     */
    public static java.util.List<Entry> search(javax.sql.DataSource db, String communityId, String text, int limit) {
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

    /** Appends on a connection of its own: for reads and sign-ins that change nothing else. */
    public static void record(javax.sql.DataSource db, String actor, String action, String communityId,
                              String subject, String details) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            append(c, actor, action, communityId, subject, details);
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the audit log: " + e.getMessage(), e);
        }
    }

    /** Appends within the caller's transaction, so the entry commits or rolls back with the change. */
    public static void append(Connection c, String actor, String action, String communityId, String subject,
                              String details) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + CHAIN_LOCK + ")");
        }
        String prev = GENESIS;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")) {
            if (rs.next()) {
                prev = rs.getString(1);
            }
        }
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        String body = details == null ? "" : details;
        String hash = hash(prev, at, actor, action, communityId, subject, body);
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO audit_log (at, actor, action, community_id, subject, details, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            s.setObject(1, at);
            s.setString(2, actor);
            s.setString(3, action);
            s.setString(4, communityId);
            s.setString(5, subject);
            s.setString(6, body);
            s.setString(7, prev);
            s.setString(8, hash);
            s.executeUpdate();
        }
    }

    /** Walks the chain; returns the id of the first entry that does not fit, or -1 when all do. */
    public static long firstBroken(Connection c) throws SQLException {
        String prev = GENESIS;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT id, at, actor, action, community_id, subject, details, prev_hash, hash
                FROM audit_log ORDER BY id""")) {
            while (rs.next()) {
                String expected = hash(prev, rs.getObject(2, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7));
                if (!prev.equals(rs.getString(8)) || !expected.equals(rs.getString(9))) {
                    return rs.getLong(1);
                }
                prev = rs.getString(9);
            }
        }
        return -1;
    }

    private static String hash(String prev, OffsetDateTime at, String... fields) {
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
}
