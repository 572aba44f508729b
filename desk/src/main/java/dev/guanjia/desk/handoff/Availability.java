package dev.guanjia.desk.handoff;

import dev.guanjia.bot.handoff.HumanDesk;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Who is at the console right now and how long a new hand-off would wait. An agent counts as
 * online while their console has polled within the last minute.
 */
public final class Availability {

    static final int ONLINE_SECONDS = 60;
    /** Minutes one hand-off takes an agent when there is no history to measure yet. */
    static final double DEFAULT_HANDLE_MINUTES = 4;

    private final DataSource db;

    public Availability(DataSource db) {
        this.db = db;
    }

    /** Marks a staff member as at their console now. */
    public void seen(long staffId) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO staff_presence (staff_id, seen_at) VALUES (?, now())
                ON CONFLICT (staff_id) DO UPDATE SET seen_at = now()""")) {
            s.setLong(1, staffId);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record presence: " + e.getMessage(), e);
        }
    }

    /** A console staff member and whether they are at their console. */
    public record Agent(String code, String name, String role, boolean online) {
    }

    /** Agents and supervisors of the community (for transfer and assignment), online ones first. */
    public java.util.List<Agent> consoleStaff(String communityId) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT st.code, st.name, st.role, coalesce(p.seen_at > now() - make_interval(secs => ?), false) AS online
                FROM staff st LEFT JOIN staff_presence p ON p.staff_id = st.id
                WHERE st.community_id = ? AND st.role IN ('agent', 'supervisor', 'admin')
                ORDER BY online DESC, st.code""")) {
            s.setInt(1, ONLINE_SECONDS);
            s.setString(2, communityId);
            java.util.List<Agent> out = new java.util.ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Agent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list agents: " + e.getMessage(), e);
        }
    }

    /** Marks a staff member as gone (signed out). */
    public void left(long staffId) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "DELETE FROM staff_presence WHERE staff_id = ?")) {
            s.setLong(1, staffId);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record presence: " + e.getMessage(), e);
        }
    }

    /**
     * Expected wait for one more hand-off: the residents ahead of it, shared among the agents online,
     * times the community's measured handling time over the last week.
     */
    public HumanDesk.Wait estimate(String communityId) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT
                  (SELECT count(*) FROM staff_presence p JOIN staff st ON st.id = p.staff_id
                   WHERE st.community_id = ? AND st.role IN ('agent', 'supervisor')
                     AND p.seen_at > now() - make_interval(secs => ?)),
                  (SELECT count(*) FROM conversations WHERE community_id = ? AND state = 'queued'),
                  (SELECT avg(extract(epoch FROM coalesce(closed_at, returned_at) - claimed_at)) / 60
                   FROM conversations WHERE community_id = ? AND claimed_at > now() - interval '7 days'
                     AND coalesce(closed_at, returned_at) > claimed_at)""")) {
            s.setString(1, communityId);
            s.setInt(2, ONLINE_SECONDS);
            s.setString(3, communityId);
            s.setString(4, communityId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                int online = rs.getInt(1);
                int waiting = rs.getInt(2);
                double handle = rs.getDouble(3);
                if (rs.wasNull() || handle <= 0) {
                    handle = DEFAULT_HANDLE_MINUTES;
                }
                int expected = online == 0 ? -1 : (int) Math.ceil(Math.max(1, waiting) * handle / online);
                boolean offer = online == 0 || expected > Settings.callbackAfterMinutes(db, communityId);
                return new HumanDesk.Wait(online, waiting, expected, offer);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot estimate the wait: " + e.getMessage(), e);
        }
    }
}
