package dev.guanjia.desk.handoff;

import dev.guanjia.bot.handoff.HumanDesk;
import dev.guanjia.community.staff.StaffDirectory;

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
    private final StaffDirectory staff;

    public Availability(DataSource db) {
        this.db = db;
        this.staff = new StaffDirectory(db);
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
        // the community's console staff by code; a stable sort then brings those online first
        java.util.List<StaffDirectory.Member> members = staff.of(communityId).stream()
                .filter(m -> m.hasRole(StaffDirectory.CONSOLE)).toList();
        java.util.Set<Long> online = online(members);
        java.util.List<Agent> out = new java.util.ArrayList<>();
        for (StaffDirectory.Member m : members) {
            out.add(new Agent(m.code(), m.name(), m.role(), online.contains(m.id())));
        }
        out.sort(java.util.Comparator.comparing(a -> !a.online()));
        return out;
    }

    /** Those of the staff members whose console polled within the last minute. */
    private java.util.Set<Long> online(java.util.List<StaffDirectory.Member> members) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT staff_id FROM staff_presence
                WHERE staff_id = ANY (?) AND seen_at > now() - make_interval(secs => ?)""")) {
            s.setArray(1, c.createArrayOf("bigint", members.stream().map(StaffDirectory.Member::id).toArray()));
            s.setInt(2, ONLINE_SECONDS);
            java.util.Set<Long> out = new java.util.HashSet<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read presence: " + e.getMessage(), e);
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
        // agents and supervisors answer residents; admins do not count towards the wait
        int online = online(staff.of(communityId).stream()
                .filter(m -> m.hasRole(java.util.List.of("agent", "supervisor"))).toList()).size();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT
                  (SELECT count(*) FROM conversations WHERE community_id = ? AND state = 'queued'),
                  (SELECT avg(extract(epoch FROM coalesce(closed_at, returned_at) - claimed_at)) / 60
                   FROM conversations WHERE community_id = ? AND claimed_at > now() - interval '7 days'
                     AND coalesce(closed_at, returned_at) > claimed_at)""")) {
            s.setString(1, communityId);
            s.setString(2, communityId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                int waiting = rs.getInt(1);
                double handle = rs.getDouble(2);
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
