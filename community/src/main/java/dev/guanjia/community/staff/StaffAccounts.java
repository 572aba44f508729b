package dev.guanjia.community.staff;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Staff sign-in: accounts with Argon2id passwords and a password policy (length, variety, not a
 * common password, not the staff code). Accounts are never locked: a lock-out lets anyone who
 * knows a staff code keep that person out, so online guessing is slowed per source instead (the
 * sign-in endpoint's back-off). An unknown code and a wrong password give the same answer in the
 * same time. A new password ends every session the old one opened.
 */
public final class StaffAccounts {

    public static final List<String> ROLES = List.of("agent", "technician", "supervisor", "admin");

    private final DataSource db;
    private final PasswordHash hashes;
    /** Checked against when the code is unknown, so that answer takes as long as a real check. */
    private volatile String decoy;

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
        if (code != null && !code.isBlank() && password.toLowerCase().contains(code.strip().toLowerCase())) {
            return Optional.of("密码不能包含工号。");
        }
        if (CommonPasswords.isCommon(password)) {
            return Optional.of("这个密码太常见，容易被猜中，请换一个。");
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

    /**
     * Sets (or resets) a staff member's password and signs out every session they had: a reset
     * after a leaked password must also shut out whoever used it.
     */
    public void setPassword(String communityId, String code, String password) {
        weakness(password, code).ifPresent(w -> {
            throw new IllegalArgumentException("password refused: " + w);
        });
        String hash = hashes.hash(password);
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO staff_credentials (staff_id, password_hash)
                    SELECT id, ? FROM staff WHERE community_id = ? AND code = ?
                    ON CONFLICT (staff_id) DO UPDATE SET password_hash = excluded.password_hash, changed_at = now()
                    RETURNING staff_id""");
                 PreparedStatement end = c.prepareStatement("""
                    UPDATE sessions SET revoked_at = now()
                    WHERE kind = 'staff' AND subject_id = ? AND revoked_at IS NULL""")) {
                s.setString(1, hash);
                s.setString(2, communityId);
                s.setString(3, code);
                long staffId;
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalArgumentException("no staff " + code + " in community " + communityId);
                    }
                    staffId = rs.getLong(1);
                }
                end.setLong(1, staffId);
                end.executeUpdate();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set password: " + e.getMessage(), e);
        }
    }

    /** The outcome of a sign-in attempt. */
    public sealed interface SignIn {
        record Accepted(String code, String role) implements SignIn {
        }

        /** Unknown code or wrong password: deliberately one answer, so it says nothing about who exists. */
        record Refused() implements SignIn {
        }
    }

    public SignIn signIn(String communityId, String code, String password, Instant now) {
        String hash;
        String role;
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT st.role, cr.password_hash
                FROM staff st JOIN staff_credentials cr ON cr.staff_id = st.id
                WHERE st.community_id = ? AND st.code = ?""")) {
            s.setString(1, communityId);
            s.setString(2, code);
            try (ResultSet rs = s.executeQuery()) {
                role = rs.next() ? rs.getString(1) : null;
                hash = role != null ? rs.getString(2) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check password: " + e.getMessage(), e);
        }
        // one Argon2 run either way: an unknown code is checked against a decoy hash
        boolean right = hashes.verify(password == null ? "" : password, hash != null ? hash : decoy());
        return right && role != null ? new SignIn.Accepted(code, role) : new SignIn.Refused();
    }

    private String decoy() {
        String d = decoy;
        if (d == null) {
            d = hashes.hash("decoy-" + System.nanoTime());
            decoy = d;
        }
        return d;
    }
}
