package dev.guanjia.community.staff;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Staff sign-in: accounts with Argon2id passwords, a password policy, and a lock-out after
 * repeated failures so a password cannot be guessed online.
 */
public final class StaffAccounts {

    public static final int MAX_FAILURES = 5;
    public static final Duration LOCK = Duration.ofMinutes(15);
    public static final List<String> ROLES = List.of("agent", "technician", "supervisor", "admin");

    private final DataSource db;
    private final PasswordHash hashes;

    public StaffAccounts(DataSource db) {
        this(db, new PasswordHash());
    }

    public StaffAccounts(DataSource db, PasswordHash hashes) {
        this.db = db;
        this.hashes = hashes;
    }

    /** Why a password is refused, in Chinese for the person choosing it; empty when it is acceptable. */
    public static Optional<String> weakness(String password, String code) {
        if (password == null || password.length() < 10) {
            return Optional.of("密码至少需要10位。");
        }
        if (password.length() > 128) {
            return Optional.of("密码不能超过128位。");
        }
        int kinds = (password.chars().anyMatch(Character::isLetter) ? 1 : 0)
                + (password.chars().anyMatch(Character::isDigit) ? 1 : 0)
                + (password.chars().anyMatch(ch -> !Character.isLetterOrDigit(ch)) ? 1 : 0);
        if (kinds < 2) {
            return Optional.of("密码需要包含字母、数字、符号中的至少两种。");
        }
        if (code != null && password.toLowerCase().contains(code.toLowerCase())) {
            return Optional.of("密码不能包含工号。");
        }
        return Optional.empty();
    }

    /**
     * Creates the staff member (kept by pack re-imports) when the code is new, or updates name and
     * role of an existing one, and sets the password.
     */
    public void add(String communityId, String code, String name, String role, String password) {
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("role must be one of " + ROLES + ", not '" + role + "'");
        }
        weakness(password, code).ifPresent(w -> {
            throw new IllegalArgumentException("password refused: " + w);
        });
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO staff (community_id, code, name, role, source) VALUES (?, ?, ?, ?, 'account')
                ON CONFLICT (community_id, code) DO UPDATE SET name = excluded.name, role = excluded.role""")) {
            s.setString(1, communityId);
            s.setString(2, code);
            s.setString(3, name);
            s.setString(4, role);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot add staff " + code + ": " + e.getMessage(), e);
        }
        setPassword(communityId, code, password);
    }

    /** Sets (or resets) a staff member's password and clears any lock-out. */
    public void setPassword(String communityId, String code, String password) {
        weakness(password, code).ifPresent(w -> {
            throw new IllegalArgumentException("password refused: " + w);
        });
        String hash = hashes.hash(password);
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO staff_credentials (staff_id, password_hash)
                SELECT id, ? FROM staff WHERE community_id = ? AND code = ?
                ON CONFLICT (staff_id) DO UPDATE SET password_hash = excluded.password_hash, failed_attempts = 0,
                    locked_until = NULL, changed_at = now()""")) {
            s.setString(1, hash);
            s.setString(2, communityId);
            s.setString(3, code);
            if (s.executeUpdate() != 1) {
                throw new IllegalArgumentException("no staff " + code + " in community " + communityId);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set password: " + e.getMessage(), e);
        }
    }

    /** The outcome of a sign-in attempt. */
    public sealed interface SignIn {
        record Accepted(String code, String role) implements SignIn {
        }

        /** Wrong code or password, told apart from nothing (no hint whether the account exists). */
        record Refused(int attemptsLeft) implements SignIn {
        }

        record Locked(Instant until) implements SignIn {
        }
    }

    public SignIn signIn(String communityId, String code, String password, Instant now) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT st.id, st.role, cr.password_hash, cr.failed_attempts, cr.locked_until
                    FROM staff st JOIN staff_credentials cr ON cr.staff_id = st.id
                    WHERE st.community_id = ? AND st.code = ? FOR UPDATE OF cr""")) {
                s.setString(1, communityId);
                s.setString(2, code);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        // spend the same time as a real check, so timing does not reveal unknown accounts
                        hashes.verify(password == null ? "" : password, hashes.hash("unknown-account-1"));
                        c.rollback();
                        return new SignIn.Refused(MAX_FAILURES);
                    }
                    long id = rs.getLong(1);
                    String role = rs.getString(2);
                    String hash = rs.getString(3);
                    int failures = rs.getInt(4);
                    var locked = rs.getObject(5, java.time.OffsetDateTime.class);
                    if (locked != null && locked.toInstant().isAfter(now)) {
                        c.rollback();
                        return new SignIn.Locked(locked.toInstant());
                    }
                    if (password != null && hashes.verify(password, hash)) {
                        update(c, id, 0, null);
                        c.commit();
                        return new SignIn.Accepted(code, role);
                    }
                    int n = (locked != null ? 0 : failures) + 1;
                    Instant lockUntil = n >= MAX_FAILURES ? now.plus(LOCK) : null;
                    update(c, id, lockUntil != null ? 0 : n, lockUntil);
                    c.commit();
                    return lockUntil != null ? new SignIn.Locked(lockUntil) : new SignIn.Refused(MAX_FAILURES - n);
                }
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check password: " + e.getMessage(), e);
        }
    }

    private static void update(Connection c, long staffId, int failures, Instant lockedUntil) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE staff_credentials SET failed_attempts = ?, locked_until = ? WHERE staff_id = ?")) {
            s.setInt(1, failures);
            s.setObject(2, lockedUntil == null ? null : lockedUntil.atOffset(ZoneOffset.UTC));
            s.setLong(3, staffId);
            s.executeUpdate();
        }
    }
}
