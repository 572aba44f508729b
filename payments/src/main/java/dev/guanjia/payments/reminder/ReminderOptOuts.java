package dev.guanjia.payments.reminder;

import dev.guanjia.community.audit.AuditLog;
import dev.guanjia.community.privacy.Rows;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;

/**
 * Residents who asked not to be reminded of their bills (a WeChat reply "退订催缴", or the web
 * setting) and ask again to be ("恢复催缴"). A resident who opted out gets no reminder, whichever
 * house or channel; bills and the staff's own calls are not affected.
 */
public final class ReminderOptOuts {

    /** What a resident replies to stop reminders, and to have them again. */
    public static final Set<String> STOP_WORDS = Set.of("退订催缴", "退订缴费提醒", "TD");
    public static final Set<String> RESUME_WORDS = Set.of("恢复催缴", "订阅催缴");

    private final DataSource db;
    private final Clock clock;

    public ReminderOptOuts(DataSource db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Stops reminders for the resident; true when they were on. {@code via}: wechat, web, sms… */
    public boolean optOut(String communityId, long residentId, String via) {
        try (Connection c = db.getConnection()) {
            boolean changed = Rows.update(c, """
                    INSERT INTO reminder_opt_outs (community_id, resident_id, via, opted_out_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT DO NOTHING""", communityId, residentId, via,
                    java.sql.Timestamp.from(clock.instant())) == 1;
            if (changed) {
                AuditLog.record(db, "resident:" + residentId, "reminder.opt_out", communityId,
                        "resident:" + residentId, via);
            }
            return changed;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the opt-out: " + e.getMessage(), e);
        }
    }

    /** Reminders again for the resident; true when they were off. */
    public boolean optIn(String communityId, long residentId, String via) {
        try (Connection c = db.getConnection()) {
            boolean changed = Rows.update(c, "DELETE FROM reminder_opt_outs WHERE community_id = ? AND resident_id = ?",
                    communityId, residentId) == 1;
            if (changed) {
                AuditLog.record(db, "resident:" + residentId, "reminder.opt_in", communityId,
                        "resident:" + residentId, via);
            }
            return changed;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the opt-in: " + e.getMessage(), e);
        }
    }

    public boolean optedOut(String communityId, long residentId) {
        try (Connection c = db.getConnection()) {
            return optedOut(c, communityId).contains(residentId);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read opt-outs: " + e.getMessage(), e);
        }
    }

    /** The residents of the community who opted out, in the caller's connection. */
    static Set<Long> optedOut(Connection c, String communityId) throws SQLException {
        return new HashSet<>(Rows.longs(c, "SELECT resident_id FROM reminder_opt_outs WHERE community_id = ?",
                communityId));
    }
}
