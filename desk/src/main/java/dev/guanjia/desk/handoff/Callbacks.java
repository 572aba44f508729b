package dev.guanjia.desk.handoff;

import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.community.session.Caller;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Callback tasks: a resident who could not wait for a person (nobody online, a long queue, a phone
 * caller) is promised a call or message back; the next agent takes the task and records the outcome.
 */
public final class Callbacks {

    public record Task(long id, UUID conversationId, String channel, String contact, String request, String status,
                       String staffName, OffsetDateTime createdAt, OffsetDateTime doneAt, String outcome) {
    }

    private final DataSource db;
    private final PersonalData personalData;

    public Callbacks(DataSource db, PersonalData personalData) {
        this.db = db;
        this.personalData = personalData;
    }

    /**
     * Queues a task, or adds to the conversation's open one (so it carries everything to say when
     * calling back); returns the task's id. The contact is the resident's phone on record when
     * known, else the channel's own address.
     */
    public long request(String communityId, UUID conversation, String channel, Long residentId, String channelUser,
                        String request) {
        String text = request.length() > 500 ? request.substring(0, 500) : request;
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                WITH existing AS (
                    UPDATE callbacks SET request = left(request || E'\n' || ?, 2000)
                    WHERE id = (SELECT id FROM callbacks WHERE conversation_id = ? AND status <> 'done' LIMIT 1)
                    RETURNING id),
                ins AS (INSERT INTO callbacks (community_id, conversation_id, channel, contact, request)
                        SELECT ?, ?, ?, coalesce((SELECT value FROM resident_identities WHERE resident_id = ?
                                                  AND kind = 'phone' ORDER BY id LIMIT 1), ?), ?
                        WHERE NOT EXISTS (SELECT 1 FROM callbacks WHERE conversation_id = ? AND status <> 'done')
                        RETURNING id)
                SELECT id FROM ins UNION ALL SELECT id FROM existing""")) {
            s.setString(1, text);
            s.setObject(2, conversation, Types.OTHER);
            s.setString(3, communityId);
            s.setObject(4, conversation, Types.OTHER);
            s.setString(5, channel);
            s.setObject(6, residentId, Types.BIGINT);
            s.setString(7, personalData.seal(channelUser));
            s.setString(8, text);
            s.setObject(9, conversation, Types.OTHER);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot queue callback: " + e.getMessage(), e);
        }
    }

    /** Open and claimed tasks of the caller's community, oldest first. */
    public List<Task> open(Caller staff) {
        Handoffs.requireConsole(staff);
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT cb.id, cb.conversation_id, cb.channel, cb.contact, cb.request, cb.status, st.name,
                       cb.created_at, cb.done_at, cb.outcome, st.code
                FROM callbacks cb LEFT JOIN staff st ON st.id = cb.staff_id
                WHERE cb.community_id = ? AND cb.status <> 'done' ORDER BY cb.created_at""")) {
            s.setString(1, staff.communityId());
            List<Task> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String contact = personalData.open(rs.getString(4));
                    // the number in full only to the agent who took the task and has to dial it
                    boolean mine = staff.code().equals(rs.getString(11));
                    out.add(new Task(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3),
                            mine ? contact : PersonalData.maskPhone(contact), rs.getString(5), rs.getString(6),
                            rs.getString(7),
                            rs.getObject(8, OffsetDateTime.class), rs.getObject(9, OffsetDateTime.class),
                            rs.getString(10)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read callbacks: " + e.getMessage(), e);
        }
    }

    /** Takes an open task; only one agent gets it. */
    public void claim(Caller agent, long id) {
        Handoffs.requireConsole(agent);
        if (change("""
                UPDATE callbacks SET status = 'claimed', staff_id = ?
                WHERE id = ? AND community_id = ? AND status = 'open'""", agent, id, null) == 0) {
            throw new HandoffException(HandoffException.Kind.CONFLICT, "not_open", "该回电任务已被领取或已完成。");
        }
    }

    /** Records how the callback went; the one who claimed it (or a supervisor) closes it. */
    public void done(Caller agent, long id, String outcome) {
        Handoffs.requireConsole(agent);
        String o = outcome == null || outcome.isBlank() ? "已回电" : outcome.strip();
        int n = agent.hasRole("supervisor", "admin")
                ? change("""
                    UPDATE callbacks SET status = 'done', done_at = now(), outcome = ?, staff_id = coalesce(staff_id, ?)
                    WHERE id = ? AND community_id = ? AND status <> 'done'""", agent, id, o)
                : change("""
                    UPDATE callbacks SET status = 'done', done_at = now(), outcome = ?
                    WHERE staff_id = ? AND id = ? AND community_id = ? AND status = 'claimed'""", agent, id, o);
        if (n == 0) {
            throw new HandoffException(HandoffException.Kind.CONFLICT, "not_yours", "请先领取该回电任务。");
        }
    }

    private int change(String sql, Caller agent, long id, String outcome) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            if (outcome != null) {
                s.setString(i++, outcome);
            }
            s.setLong(i++, agent.subjectId());
            s.setLong(i++, id);
            s.setString(i, agent.communityId());
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot change callback: " + e.getMessage(), e);
        }
    }
}
