package dev.guanjia.community.directory;

import dev.guanjia.community.pack.CommunityPack;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Reads the communities this service holds. */
public final class CommunityDirectory {

    private static final String SELECT = """
            SELECT c.id, c.name, c.city, c.address, c.service_phone, c.emergency_phone, c.office_hours,
                   (SELECT count(*) FROM buildings b WHERE b.community_id = c.id),
                   (SELECT count(*) FROM houses h WHERE h.community_id = c.id),
                   (SELECT count(*) FROM residents r WHERE r.community_id = c.id),
                   (SELECT count(*) FROM staff s WHERE s.community_id = c.id),
                   c.time_zone
            FROM communities c""";

    private final DataSource db;
    /** Profiles read in the work {@link #once} runs on this thread; null outside it. */
    private final ThreadLocal<Map<String, Optional<CommunityProfile>>> held = new ThreadLocal<>();

    public CommunityDirectory(DataSource db) {
        this.db = db;
    }

    /**
     * Runs {@code work} (one request or chat turn) with each community's profile and time zone read at
     * most once on this thread: a turn asked for them five times (the community's existence, the desk,
     * the tools, the knowledge clock, the notices), a round trip each. Nothing is kept past the work, so
     * a pack import is seen from the next request on. Nested calls share the outer one's reads.
     */
    public <T> T once(Supplier<T> work) {
        if (held.get() != null) {
            return work.get();
        }
        held.set(new HashMap<>());
        try {
            return work.get();
        } finally {
            held.remove();
        }
    }

    public List<CommunitySummary> list() {
        return query(SELECT + " ORDER BY c.id", null);
    }

    public Optional<CommunitySummary> find(String id) {
        return query(SELECT + " WHERE c.id = ?", id).stream().findFirst();
    }

    /** The community's name, contacts and time zone, without counting what it holds; empty when unknown. */
    public Optional<CommunityProfile> profile(String id) {
        Map<String, Optional<CommunityProfile>> reads = held.get();
        if (reads == null) {
            return read(id);
        }
        Optional<CommunityProfile> p = reads.get(id);
        if (p == null) {
            p = read(id);
            reads.put(id, p);
        }
        return p;
    }

    private Optional<CommunityProfile> read(String id) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT id, name, city, address, service_phone, emergency_phone, office_hours, time_zone
                FROM communities WHERE id = ?""")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new CommunityProfile(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the community: " + e.getMessage(), e);
        }
    }

    /** The community's 24-hour emergency number, "" when the pack gives none (for other modules, in their transaction). */
    public static String emergencyPhone(Connection c, String communityId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT emergency_phone FROM communities WHERE id = ?")) {
            s.setString(1, communityId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getString(1) != null ? rs.getString(1).strip() : "";
            }
        }
    }

    /** The community's name (for other modules, in their transaction); empty when unknown. */
    public static Optional<String> name(Connection c, String communityId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT name FROM communities WHERE id = ?")) {
            s.setString(1, communityId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** A per-community switch (table community_settings), e.g. dispatch.mode; empty when unset. */
    public static Optional<String> setting(Connection c, String communityId, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT value FROM community_settings WHERE community_id = ? AND key = ?")) {
            s.setString(1, communityId);
            s.setString(2, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * The community's local time, for whatever is said or counted by the day or the hour; an unknown
     * community keeps China's time.
     */
    public ZoneId zone(String id) {
        if (held.get() != null) {
            return profile(id).map(p -> ZoneId.of(p.timeZone())).orElse(CommunityPack.DEFAULT_ZONE);
        }
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT time_zone FROM communities WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? ZoneId.of(rs.getString(1)) : CommunityPack.DEFAULT_ZONE;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the community's time zone: " + e.getMessage(), e);
        }
    }

    private List<CommunitySummary> query(String sql, String id) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            if (id != null) {
                s.setString(1, id);
            }
            List<CommunitySummary> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new CommunitySummary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8), rs.getInt(9),
                            rs.getInt(10), rs.getInt(11), rs.getString(12)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read communities: " + e.getMessage(), e);
        }
    }
}
