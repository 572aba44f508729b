package dev.guanjia.notices.privacy;

import dev.guanjia.community.privacy.DataSubject;
import dev.guanjia.community.privacy.ResidentRecords;
import dev.guanjia.community.privacy.Retention;
import dev.guanjia.community.privacy.Rows;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The notices module's share of a resident's data: which notices were sent to them by WeChat and
 * which they saw where (no openid is stored: it is read from their binding when sending). Erasure
 * removes both; the notices themselves are the company's and stay. Rows end with the conversation
 * retention period.
 */
public final class NoticeRecords implements ResidentRecords {

    @Override
    public List<String> tables() {
        return List.of("notice_deliveries", "notice_reads");
    }

    @Override
    public void export(Connection c, DataSubject who, Map<String, Object> out) throws SQLException {
        out.put("noticeDeliveries", Rows.list(c, """
                SELECT n.title, d.state, d.attempts, d.sent_at AS "sentAt", d.created_at AS "createdAt"
                FROM notice_deliveries d JOIN notices n ON n.id = d.notice_id
                WHERE d.community_id = ? AND d.resident_id = ? ORDER BY d.created_at, n.id""",
                who.communityId(), who.residentId()));
        out.put("noticeReads", Rows.list(c, """
                SELECT n.title, r.channel, r.first_at AS "firstAt"
                FROM notice_reads r JOIN notices n ON n.id = r.notice_id
                WHERE n.community_id = ? AND r.resident_id = ? ORDER BY r.first_at, n.id""",
                who.communityId(), who.residentId()));
    }

    @Override
    public String erase(Connection c, DataSubject who, String marker) throws SQLException {
        int sent = Rows.update(c, "DELETE FROM notice_deliveries WHERE community_id = ? AND resident_id = ?",
                who.communityId(), who.residentId());
        int read = Rows.update(c, """
                DELETE FROM notice_reads WHERE resident_id = ?
                  AND notice_id IN (SELECT id FROM notices WHERE community_id = ?)""",
                who.residentId(), who.communityId());
        return sent + " notice deliveries, " + read + " notice reads";
    }

    @Override
    public int expire(Connection c, Retention retention, String marker) throws SQLException {
        int sent = Rows.update(c, """
                DELETE FROM notice_deliveries WHERE created_at < now() - make_interval(days => ?)""",
                retention.conversationDays());
        int read = Rows.update(c, """
                DELETE FROM notice_reads WHERE first_at < now() - make_interval(days => ?)""",
                retention.conversationDays());
        return sent + read;
    }
}
