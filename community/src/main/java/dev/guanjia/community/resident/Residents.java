package dev.guanjia.community.resident;

import dev.guanjia.community.privacy.PersonalData;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds residents by the identity a channel verified (WeChat openid, caller phone). */
public final class Residents {

    private final DataSource db;
    private final PersonalData personalData;

    public Residents(DataSource db, PersonalData personalData) {
        this.db = db;
        this.personalData = personalData;
    }

    /** Identities found in the work {@link #once} runs on this thread; null outside it. */
    private static final ThreadLocal<java.util.Map<String, Optional<Resident>>> HELD = new ThreadLocal<>();

    /**
     * Runs {@code work} with each identity looked up at most once on this thread: a WeChat message's
     * handling asked who the follower is three times (the photo choice, the binding step, the turn),
     * a round trip and two keyed hashes each. Nothing is kept past the work; a binding made or
     * removed on this thread meanwhile forgets what was found ({@link #forgetHeld}). Nested calls
     * share the outer one's lookups.
     */
    public <T> T once(java.util.function.Supplier<T> work) {
        if (HELD.get() != null) {
            return work.get();
        }
        HELD.set(new java.util.HashMap<>());
        try {
            return work.get();
        } finally {
            HELD.remove();
        }
    }

    /** A binding changed on this thread: lookups held by {@link #once} may be wrong now. */
    static void forgetHeld() {
        java.util.Map<String, Optional<Resident>> held = HELD.get();
        if (held != null) {
            held.clear();
        }
    }

    /**
     * kind: "phone" or "wechat_openid" (a channel's verified identity), or "resident" (the pack id
     * of a resident signed in through a session).
     */
    public Optional<Resident> identify(String communityId, String kind, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        java.util.Map<String, Optional<Resident>> held = HELD.get();
        if (held == null) {
            return read(communityId, kind, value);
        }
        // keyed by this directory too: two of them (two databases) never share a lookup
        String key = System.identityHashCode(this) + "\n" + communityId + "\n" + kind + "\n" + value;
        Optional<Resident> found = held.get(key);
        if (found == null) {
            found = read(communityId, kind, value);
            held.put(key, found);
        }
        return found;
    }

    private Optional<Resident> read(String communityId, String kind, String value) {
        boolean byCode = "resident".equals(kind);
        String sql = byCode
                ? "SELECT r.id, r.code, r.name, r.birth_year FROM residents r WHERE r.community_id = ? AND r.code = ?"
                : """
                SELECT r.id, r.code, r.name, r.birth_year FROM resident_identities i
                JOIN residents r ON r.id = i.resident_id
                WHERE i.community_id = ? AND i.value_hash IN (?, ?) AND i.kind = ?""";
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, communityId);
            s.setString(2, byCode ? value.strip() : personalData.lookup(kind, value));
            if (!byCode) {
                // also the hash of the number as typed: identities imported before numbers were normalised
                s.setString(3, personalData.rawLookup(kind, value));
                s.setString(4, kind);
            }
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long id = rs.getLong(1);
                return Optional.of(new Resident(id, communityId, rs.getString(2),
                        personalData.open(rs.getString(3)), (Integer) rs.getObject(4), households(c, id)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot identify resident: " + e.getMessage(), e);
        }
    }

    /** A resident of the community by database id (for staff looking at a conversation). */
    public Optional<Resident> find(String communityId, long id) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT r.id, r.code, r.name, r.birth_year FROM residents r WHERE r.community_id = ? AND r.id = ?")) {
            s.setString(1, communityId);
            s.setLong(2, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Resident(id, communityId, rs.getString(2),
                        personalData.open(rs.getString(3)), (Integer) rs.getObject(4), households(c, id)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read resident: " + e.getMessage(), e);
        }
    }

    private static List<Resident.Household> households(Connection c, long residentId) throws SQLException {
        List<Resident.Household> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT h.id, h.code, b.code, h.unit, h.room, h.area_m2, rh.role, h.house_type,
                       EXISTS (SELECT 1 FROM resident_houses o WHERE o.house_id = h.id AND o.role = 'tenant'
                               AND o.resident_id <> rh.resident_id), b.name
                FROM resident_houses rh
                JOIN houses h ON h.id = rh.house_id JOIN buildings b ON b.id = h.building_id
                WHERE rh.resident_id = ? ORDER BY h.code""")) {
            s.setLong(1, residentId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Resident.Household(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getBigDecimal(6), rs.getString(7), rs.getString(8), rs.getBoolean(9),
                            rs.getString(10)));
                }
            }
        }
        return out;
    }
}
