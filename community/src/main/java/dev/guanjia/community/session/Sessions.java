package dev.guanjia.community.session;

import dev.guanjia.community.privacy.PersonalData;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/** Bearer-token sessions: opened after a channel verified someone, resolved on every request. */
public final class Sessions {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataSource db;
    private final PersonalData personalData;

    public Sessions(DataSource db, PersonalData personalData) {
        this.db = db;
        this.personalData = personalData;
    }

    /** Opens a session for a resident or staff member by their pack id; returns the token to hand out. */
    public String open(String communityId, Caller.Kind kind, String code, Duration ttl) {
        String table = kind == Caller.Kind.RESIDENT ? "residents" : "staff";
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO sessions (token_hash, community_id, kind, subject_id, expires_at) "
                        + "SELECT ?, community_id, ?, id, ? FROM " + table + " WHERE community_id = ? AND code = ?")) {
            s.setString(1, hash(token));
            s.setString(2, kind == Caller.Kind.RESIDENT ? "resident" : "staff");
            s.setObject(3, OffsetDateTime.now(ZoneOffset.UTC).plus(ttl));
            s.setString(4, communityId);
            s.setString(5, code);
            if (s.executeUpdate() != 1) {
                throw new IllegalArgumentException("no " + kind.name().toLowerCase() + " " + code + " in " + communityId);
            }
            return token;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open session: " + e.getMessage(), e);
        }
    }

    /** The caller behind a token; empty when unknown, expired or revoked. */
    public Optional<Caller> resolve(String token, Instant now) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT s.community_id, s.kind, s.subject_id,
                       coalesce(st.role, 'resident'), coalesce(st.code, r.code), coalesce(st.name, r.name)
                FROM sessions s
                LEFT JOIN staff st ON s.kind = 'staff' AND st.id = s.subject_id
                LEFT JOIN residents r ON s.kind = 'resident' AND r.id = s.subject_id
                WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ?
                  AND coalesce(st.id, r.id) IS NOT NULL""")) {
            s.setString(1, hash(token));
            s.setObject(2, now.atOffset(ZoneOffset.UTC));
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Caller(rs.getString(1),
                        "staff".equals(rs.getString(2)) ? Caller.Kind.STAFF : Caller.Kind.RESIDENT,
                        rs.getLong(3), rs.getString(4), rs.getString(5),
                        personalData.open(rs.getString(6))));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot resolve session: " + e.getMessage(), e);
        }
    }

    public void revoke(String token) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE sessions SET revoked_at = now() WHERE token_hash = ? AND revoked_at IS NULL")) {
            s.setString(1, hash(token));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot revoke session: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes sessions that expired, or were signed out more than a day ago (kept that long so a
     * sign-out can still be told from an unknown token while someone investigates).
     *
     * @return sessions deleted
     */
    public int purge(Instant now) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "DELETE FROM sessions WHERE expires_at <= ? OR revoked_at < ?")) {
            s.setObject(1, now.atOffset(ZoneOffset.UTC));
            s.setObject(2, now.minus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC));
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot purge sessions: " + e.getMessage(), e);
        }
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
