package dev.guanjia.payments.reminder;

import dev.guanjia.community.privacy.DataSubject;
import dev.guanjia.community.privacy.ResidentRecords;
import dev.guanjia.community.privacy.Retention;
import dev.guanjia.community.privacy.Rows;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The reminders' share of a resident's data: the messages sent to them (houses and amounts) and their
 * opt-out. Erasure removes the messages; the opt-out stays, since it only keeps reminders from them.
 * Messages end with work-order notices' retention, counted from when they were made.
 */
public final class ReminderRecords implements ResidentRecords {

    @Override
    public List<String> tables() {
        return List.of("reminder_messages", "reminder_opt_outs");
    }

    @Override
    public void export(Connection c, DataSubject who, Map<String, Object> out) throws SQLException {
        out.put("paymentReminders", Rows.list(c, """
                SELECT stage, text, state, channel, created_at AS "createdAt", sent_at AS "sentAt"
                FROM reminder_messages WHERE community_id = ? AND resident_id = ? ORDER BY id""",
                who.communityId(), who.residentId()));
        out.put("paymentReminderOptOut", Rows.list(c, """
                SELECT via, opted_out_at AS "optedOutAt" FROM reminder_opt_outs
                WHERE community_id = ? AND resident_id = ?""", who.communityId(), who.residentId()));
    }

    @Override
    public String erase(Connection c, DataSubject who, String marker) throws SQLException {
        return Rows.update(c, "DELETE FROM reminder_messages WHERE community_id = ? AND resident_id = ?",
                who.communityId(), who.residentId()) + " payment reminders";
    }

    @Override
    public int expire(Connection c, Retention retention, String marker) throws SQLException {
        return Rows.update(c, """
                DELETE FROM reminder_messages WHERE state <> 'queued'
                AND created_at < now() - make_interval(days => ?)""", retention.noticeDays());
    }
}
