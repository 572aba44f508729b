package dev.guanjia.ticketing.sla;

import dev.guanjia.ticketing.workorder.Priority;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * How long each stage may take: response (someone assigned), start (on site / work begun) and
 * resolution (done, waiting for the resident's acceptance). Defaults by priority; a community can
 * override them per category and priority in the sla_policies table.
 */
public final class SlaPolicy {

    /** The three deadlines of one order. */
    public record Deadlines(Duration response, Duration start, Duration resolve) {
    }

    private static final Map<Priority, Deadlines> DEFAULTS = new EnumMap<>(Priority.class);

    static {
        DEFAULTS.put(Priority.EMERGENCY, new Deadlines(Duration.ofMinutes(5), Duration.ofMinutes(15),
                Duration.ofHours(4)));
        DEFAULTS.put(Priority.HIGH, new Deadlines(Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(24)));
        DEFAULTS.put(Priority.NORMAL, new Deadlines(Duration.ofHours(2), Duration.ofHours(24), Duration.ofHours(72)));
        DEFAULTS.put(Priority.LOW, new Deadlines(Duration.ofHours(8), Duration.ofHours(72), Duration.ofDays(7)));
    }

    public static Deadlines defaults(Priority priority) {
        return DEFAULTS.get(priority);
    }

    /** The community's override for this category (or for all categories), else the default. */
    public Deadlines deadlines(Connection c, String communityId, String category, Priority priority)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT response_minutes, start_minutes, resolve_minutes FROM sla_policies
                WHERE community_id = ? AND category IN (?, '*') AND priority = ?
                ORDER BY (category = '*') LIMIT 1""")) {
            s.setString(1, communityId);
            s.setString(2, category);
            s.setString(3, priority.code());
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    return new Deadlines(Duration.ofMinutes(rs.getInt(1)), Duration.ofMinutes(rs.getInt(2)),
                            Duration.ofMinutes(rs.getInt(3)));
                }
            }
        }
        return defaults(priority);
    }

    /** Sets a community's deadlines for a category ('*' for all) and priority. */
    public static void override(DataSource db, String communityId, String category, Priority priority,
                                Deadlines d) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO sla_policies VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (community_id, category, priority) DO UPDATE SET
                    response_minutes = excluded.response_minutes, start_minutes = excluded.start_minutes,
                    resolve_minutes = excluded.resolve_minutes""")) {
            s.setString(1, communityId);
            s.setString(2, category);
            s.setString(3, priority.code());
            s.setInt(4, (int) d.response().toMinutes());
            s.setInt(5, (int) d.start().toMinutes());
            s.setInt(6, (int) d.resolve().toMinutes());
            s.executeUpdate();
        }
    }
}
