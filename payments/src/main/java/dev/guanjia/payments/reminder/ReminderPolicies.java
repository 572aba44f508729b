package dev.guanjia.payments.reminder;

import dev.guanjia.community.audit.AuditLog;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/** The reminder policy of each community (table reminder_policies); defaults where none is set. */
public final class ReminderPolicies {

    private final DataSource db;

    public ReminderPolicies(DataSource db) {
        this.db = db;
    }

    public ReminderPolicy of(String communityId) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT enabled, days_before, overdue, overdue_repeat_days, overdue_limit, channels, quiet_start,
                       quiet_end FROM reminder_policies WHERE community_id = ?""")) {
            s.setString(1, communityId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return ReminderPolicy.defaults(communityId);
                }
                return new ReminderPolicy(communityId, rs.getBoolean(1), rs.getInt(2), rs.getBoolean(3), rs.getInt(4),
                        rs.getInt(5), Arrays.asList((String[]) rs.getArray(6).getArray()),
                        rs.getTime(7).toLocalTime(), rs.getTime(8).toLocalTime());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the reminder policy: " + e.getMessage(), e);
        }
    }

    /** Replaces the community's policy; audited under the actor (staff:a1). */
    public void save(ReminderPolicy p, String actor) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO reminder_policies (community_id, enabled, days_before, overdue, overdue_repeat_days,
                    overdue_limit, channels, quiet_start, quiet_end, updated_by, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
                ON CONFLICT (community_id) DO UPDATE SET enabled = excluded.enabled,
                    days_before = excluded.days_before, overdue = excluded.overdue,
                    overdue_repeat_days = excluded.overdue_repeat_days, overdue_limit = excluded.overdue_limit,
                    channels = excluded.channels, quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end,
                    updated_by = excluded.updated_by, updated_at = now()""")) {
            s.setString(1, p.communityId());
            s.setBoolean(2, p.enabled());
            s.setInt(3, p.daysBefore());
            s.setBoolean(4, p.overdue());
            s.setInt(5, p.overdueRepeatDays());
            s.setInt(6, p.overdueLimit());
            s.setArray(7, c.createArrayOf("text", p.channels().toArray()));
            s.setObject(8, p.quietStart());
            s.setObject(9, p.quietEnd());
            s.setString(10, actor);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot save the reminder policy: " + e.getMessage(), e);
        }
        AuditLog.record(db, actor, "reminder.policy", p.communityId(), "reminder_policy", p.toString());
    }
}
