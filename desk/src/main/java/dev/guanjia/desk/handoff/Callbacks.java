package dev.guanjia.desk.handoff;

import dev.guanjia.community.change.Change;
import dev.guanjia.community.change.ChangeFeed;
import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.community.resident.ResidentDirectory;
import dev.guanjia.community.session.Caller;
import dev.guanjia.community.staff.StaffDirectory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    private final ChangeFeed changes;
    private final StaffDirectory staff;
    private final ResidentDirectory residents;
    private final PersonalData personalData;

    public Callbacks(DataSource db, PersonalData personalData) {
        this(db, personalData, ChangeFeed.NONE);
    }

    /** @param changes told when a task is opened, taken or done (the console counts open tasks) */
    public Callbacks(DataSource db, PersonalData personalData, ChangeFeed changes) {
        this.db = db;
        this.personalData = personalData;
        this.changes = changes;
        this.staff = new StaffDirectory(db);
        this.residents = new ResidentDirectory(db, personalData);
    }

    /**
     * Queues a task, or adds to the conversation's open one (so it carries everything to say when
     * calling back); returns the task's id. The contact is the resident's phone on record when
     * known, else the channel's own address.
     */
    public long request(String communityId, UUID conversation, String channel, Long residentId, String channelUser,
                        String request) {
        String phone = residentId == null ? null : residents.phone(residentId).orElse(null);
        try (Connection c = db.getConnection()) {
            long id = request(c, communityId, conversation, channel, phone != null ? phone : channelUser, request);
            announce(communityId);
            return id;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot queue callback: " + e.getMessage(), e);
        }
    }

    /**
     * Queues a task (or adds to the conversation's open one) inside the caller's transaction, so the
     * task and what made it (a call closed as cut off) commit or roll back together. After the
     * commit, {@link #announce} it, so every node's console shows it.
     */
    public long request(Connection c, String communityId, UUID conversation, String channel, String contact,
                        String request) throws SQLException {
        String text = request.length() > 500 ? request.substring(0, 500) : request;
        try (PreparedStatement s = c.prepareStatement("""
                WITH existing AS (
                    UPDATE callbacks SET request = left(request || E'\n' || ?, 2000)
                    WHERE id = (SELECT id FROM callbacks WHERE conversation_id = ? AND status <> 'done' LIMIT 1)
                    RETURNING id),
                ins AS (INSERT INTO callbacks (community_id, conversation_id, channel, contact, request)
                        SELECT ?, ?, ?, ?, ?
                        WHERE NOT EXISTS (SELECT 1 FROM callbacks WHERE conversation_id = ? AND status <> 'done')
                        RETURNING id)
                SELECT id FROM ins UNION ALL SELECT id FROM existing""")) {
            s.setString(1, text);
            s.setObject(2, conversation, Types.OTHER);
            s.setString(3, communityId);
            s.setObject(4, conversation, Types.OTHER);
            s.setString(5, channel);
            s.setString(6, personalData.seal(contact));
            s.setString(7, text);
            s.setObject(8, conversation, Types.OTHER);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Tells every node's console that the community's queue of tasks changed (after a commit). */
    public void announce(String communityId) {
        changes.publish(new Change.Queue(communityId));
    }

    /** Open and claimed tasks of the caller's community, oldest first. */
    public List<Task> open(Caller staff) {
        Handoffs.requireConsole(staff);
        List<Task> tasks = new ArrayList<>();
        List<Long> takers = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT cb.id, cb.conversation_id, cb.channel, cb.contact, cb.request, cb.status, cb.staff_id,
                       cb.created_at, cb.done_at, cb.outcome
                FROM callbacks cb
                WHERE cb.community_id = ? AND cb.status <> 'done' ORDER BY cb.created_at""")) {
            s.setString(1, staff.communityId());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    tasks.add(new Task(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3),
                            personalData.open(rs.getString(4)), rs.getString(5), rs.getString(6), null,
                            rs.getObject(8, OffsetDateTime.class), rs.getObject(9, OffsetDateTime.class),
                            rs.getString(10)));
                    takers.add(rs.getObject(7, Long.class));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read callbacks: " + e.getMessage(), e);
        }
        Map<Long, StaffDirectory.Member> names = this.staff.byIds(takers);
        List<Task> out = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            Task t = tasks.get(i);
            StaffDirectory.Member taker = takers.get(i) == null ? null : names.get(takers.get(i));
            // the number in full only to the agent who took the task and has to dial it
            boolean mine = taker != null && staff.code().equals(taker.code());
            out.add(new Task(t.id(), t.conversationId(), t.channel(),
                    mine ? t.contact() : PersonalData.maskPhone(t.contact()), t.request(), t.status(),
                    taker == null ? null : taker.name(), t.createdAt(), t.doneAt(), t.outcome()));
        }
        return out;
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
            int n = s.executeUpdate();
            if (n > 0) {
                changes.publish(new Change.Queue(agent.communityId()));
            }
            return n;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot change callback: " + e.getMessage(), e);
        }
    }
}
