package dev.guanjia.desk.handoff;

import dev.guanjia.community.change.Change;
import dev.guanjia.community.change.ChangeFeed;
import dev.guanjia.desk.conversation.ConversationLog;
import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.community.resident.ResidentDirectory;
import dev.guanjia.community.session.Caller;
import dev.guanjia.community.settings.CommunitySettings;
import dev.guanjia.community.staff.StaffDirectory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Conversations the bot handed to people: the queue, claiming (one owner, ever), transfer and
 * supervisor assignment, replies carried into the resident's own channel, internal notes, closing
 * with a disposition, and handing back to the bot, which then asks for a 1–5 score.
 * Every call checks on the server that the caller is console staff of the conversation's community.
 */
public final class Handoffs {

    private static final Logger LOG = Logger.getLogger(Handoffs.class.getName());
    public static final int MAX_TEXT = 2000;
    public static final String CSAT_QUESTION =
            "人工服务已结束，接下来由智能管家继续为您服务。请问您对刚才的服务满意吗？请回复1到5的数字（5分最满意）。";

    /** One waiting or owned conversation as the queue shows it. */
    public record QueueEntry(UUID id, String channel, String state, String reason, String summary,
                             String residentCode, String residentName, OffsetDateTime queuedAt, long waitSeconds,
                             boolean waitBreached, String agentCode, String agentName, String lastMessage,
                             boolean undelivered) {
    }

    /**
     * The resident's last message has no answer that reached them: none was made in a minute, or
     * its delivery failed at least once or was given up. Such conversations show in the queue too.
     */
    private static final String UNDELIVERED = """
            EXISTS (SELECT 1 FROM messages m WHERE m.id = (SELECT max(i.id) FROM messages i
                        WHERE i.conversation_id = cv.id AND i.direction = 'in')
                    AND ((m.awaiting_answer AND m.at < now() - interval '1 minute')
                         OR EXISTS (SELECT 1 FROM messages a JOIN reply_deliveries d ON d.message_id = a.id
                                    WHERE a.reply_to = m.id
                                      AND (d.state = 'undelivered' OR (d.state = 'waiting' AND d.attempts > 0)))))""";

    /**
     * A conversation with what the console needs to know about whom it belongs to.
     *
     * @param contact the number a callback dials, for the server's own use (the console's JSON leaves it out)
     */
    public record Detail(UUID id, String communityId, String channel, String channelUser, String state,
                         Long residentId, String reason, String summary, String agentCode, String agentName,
                         OffsetDateTime queuedAt, OffsetDateTime claimedAt, String disposition, Integer csat,
                         String contact) {
    }

    public record Note(long id, OffsetDateTime at, String staffName, String body) {
    }

    /** What happened to an agent's reply: stored always; delivered, or why not. */
    public record Reply(long messageId, boolean delivered, String problem) {
    }

    private final DataSource db;
    private final PersonalData personalData;
    private final ConversationLog log;
    private final Map<String, ChannelDelivery> deliveries;
    private final ChangeFeed changes;
    private final StaffDirectory staffDirectory;
    private final ResidentDirectory residentDirectory;

    /**
     * @param deliveries how an agent's reply reaches the resident, by the conversation's channel
     * @param changes    told when a conversation is claimed, passed on, closed or given back
     */
    public Handoffs(DataSource db, ConversationLog log, Map<String, ChannelDelivery> deliveries,
                    StaffDirectory staff, ResidentDirectory residents, PersonalData personalData, ChangeFeed changes) {
        this.db = db;
        this.log = log;
        this.personalData = personalData;
        this.staffDirectory = staff;
        this.residentDirectory = residents;
        this.deliveries = Map.copyOf(deliveries);
        this.changes = changes;
    }

    // ------------------------------------------------------------------ reading

    /** Waiting conversations first (longest wait first), then those agents own. */
    public List<QueueEntry> queue(Caller staff) {
        requireConsole(staff);
        int slaSeconds = Settings.waitSlaMinutes(db, staff.communityId()) * 60;
        List<QueueRow> rows = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT cv.id, cv.channel, cv.state, cv.handoff_reason, cv.handoff_summary, cv.resident_id,
                       cv.queued_at, extract(epoch FROM now() - cv.queued_at)::bigint, cv.agent_id,
                       (SELECT m.body FROM messages m WHERE m.conversation_id = cv.id AND m.direction = 'in'
                        ORDER BY m.id DESC LIMIT 1), %1$s
                FROM conversations cv
                WHERE cv.community_id = ? AND (cv.state IN ('queued', 'human')
                      OR (cv.state = 'bot' AND cv.last_at > now() - interval '3 days' AND %1$s))
                ORDER BY cv.state DESC, coalesce(cv.queued_at, cv.last_at)""".formatted(UNDELIVERED))) {
            s.setString(1, staff.communityId());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new QueueRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getObject(6, Long.class), rs.getObject(7, OffsetDateTime.class),
                            rs.getLong(8), rs.getObject(9, Long.class), rs.getString(10), rs.getBoolean(11)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the queue: " + e.getMessage(), e);
        }
        // names from the community module, in one look-up each for the whole queue
        Map<Long, ResidentDirectory.Card> who = residentDirectory.cards(rows.stream().map(QueueRow::residentId).toList());
        Map<Long, StaffDirectory.Member> agents = staffDirectory.byIds(rows.stream().map(QueueRow::agentId).toList());
        List<QueueEntry> out = new ArrayList<>();
        for (QueueRow r : rows) {
            ResidentDirectory.Card resident = r.residentId() == null ? null : who.get(r.residentId());
            StaffDirectory.Member agent = r.agentId() == null ? null : agents.get(r.agentId());
            out.add(new QueueEntry(r.id(), r.channel(), r.state(), r.reason(), r.summary(),
                    resident == null ? null : resident.code(), resident == null ? null : resident.name(),
                    r.queuedAt(), r.waitSeconds(), "queued".equals(r.state()) && r.waitSeconds() > slaSeconds,
                    agent == null ? null : agent.code(), agent == null ? null : agent.name(), r.lastMessage(),
                    r.undelivered()));
        }
        return out;
    }

    private record QueueRow(UUID id, String channel, String state, String reason, String summary, Long residentId,
                            OffsetDateTime queuedAt, long waitSeconds, Long agentId, String lastMessage, boolean undelivered) {
    }

    public Detail detail(Caller staff, UUID id) {
        requireConsole(staff);
        return find(id).filter(d -> d.communityId().equals(staff.communityId()))
                .orElseThrow(() -> new HandoffException(HandoffException.Kind.NOT_FOUND, "not_found",
                        "没有找到这个会话。"));
    }

    public List<Note> notes(Caller staff, UUID id) {
        detail(staff, id);
        List<Note> out = new ArrayList<>();
        List<Long> writers = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT n.id, n.at, n.staff_id, n.body FROM conversation_notes n
                WHERE n.conversation_id = ? ORDER BY n.id""")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Note(rs.getLong(1), rs.getObject(2, OffsetDateTime.class), null, rs.getString(4)));
                    writers.add(rs.getObject(3, Long.class));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read notes: " + e.getMessage(), e);
        }
        Map<Long, StaffDirectory.Member> names = staffDirectory.byIds(writers);
        for (int i = 0; i < out.size(); i++) {
            StaffDirectory.Member m = writers.get(i) == null ? null : names.get(writers.get(i));
            Note n = out.get(i);
            out.set(i, new Note(n.id(), n.at(), m == null ? "已离职员工" : m.name(), n.body()));
        }
        return out;
    }

    // ------------------------------------------------------------------ ownership

    /**
     * Takes a waiting conversation, or one whose answer did not reach the resident. Exactly one of
     * two agents claiming at once succeeds.
     */
    public Detail claim(Caller agent, UUID id) {
        Detail d = detail(agent, id);
        int n = update("""
                UPDATE conversations cv SET state = 'human', agent_id = ?, claimed_at = now(),
                    queued_at = coalesce(cv.queued_at, now()), handed_off = true
                WHERE cv.id = ? AND (cv.state = 'queued' OR (cv.state = 'bot' AND %s))""".formatted(UNDELIVERED),
                agent.subjectId(), id);
        if (n == 0) {
            Detail now = find(id).orElseThrow();
            throw new HandoffException(HandoffException.Kind.CONFLICT, "not_waiting", "human".equals(now.state())
                    ? "该会话已由" + now.agentName() + "接入，不能重复接入。" : "该会话不在排队中。");
        }
        queueChanged(d);
        system(d, "人工客服" + agent.name() + "已接入，请问有什么可以帮您？");
        return find(id).orElseThrow();
    }

    /** Passes an owned conversation to another agent (by its owner, or a supervisor at any time). */
    public Detail transfer(Caller by, UUID id, String toStaffCode) {
        Detail d = detail(by, id);
        if (!"human".equals(d.state())) {
            throw new HandoffException(HandoffException.Kind.CONFLICT, "not_owned", "只能转交已接入的会话。");
        }
        requireOwnerOrSupervisor(by, d);
        long to = consoleStaff(by.communityId(), toStaffCode);
        update("UPDATE conversations SET agent_id = ? WHERE id = ? AND state = 'human'", to, id);
        queueChanged(d);
        note(by, id, "会话由" + by.name() + "转交给" + toStaffCode);
        return find(id).orElseThrow();
    }

    /** A supervisor gives a waiting (or owned) conversation to a named agent. */
    public Detail assign(Caller supervisor, UUID id, String toStaffCode) {
        Detail d = detail(supervisor, id);
        if (!supervisor.hasRole("supervisor", "admin")) {
            throw new HandoffException(HandoffException.Kind.FORBIDDEN, "forbidden", "只有主管可以分配会话。");
        }
        long to = consoleStaff(supervisor.communityId(), toStaffCode);
        int n = update("""
                UPDATE conversations SET state = 'human', agent_id = ?, claimed_at = coalesce(claimed_at, now())
                WHERE id = ? AND state IN ('queued', 'human')""", to, id);
        if (n == 0) {
            throw new HandoffException(HandoffException.Kind.CONFLICT, "not_waiting", "该会话不在排队或处理中。");
        }
        queueChanged(d);
        if ("queued".equals(d.state())) {
            system(d, "人工客服已接入，请问有什么可以帮您？");
        }
        note(supervisor, id, "主管" + supervisor.name() + "将会话分配给" + toStaffCode);
        return find(id).orElseThrow();
    }

    // ------------------------------------------------------------------ talking

    public Reply reply(Caller agent, UUID id, String text) {
        Detail d = detail(agent, id);
        requireOwnerOrSupervisor(agent, d);
        if (!"human".equals(d.state())) {
            throw new HandoffException(HandoffException.Kind.CONFLICT, "not_owned", "请先接入会话再回复。");
        }
        String body = text(text);
        long messageId = log.append(id, "out", "agent", "text", body, "{\"staff\":\"" + agent.code() + "\"}", null)
                .orElseThrow();
        update("UPDATE conversations SET first_agent_reply_at = coalesce(first_agent_reply_at, now()) WHERE id = ?",
                null, id);
        String problem = deliver(d, messageId, body);
        return new Reply(messageId, problem == null, problem);
    }

    /** Tells the resident, in their channel, about a work order the agent created for them. */
    public Reply announceWorkOrder(Caller agent, UUID id, String orderCode, String title) {
        Detail d = detail(agent, id);
        String body = "已为您创建工单" + orderCode + "：" + title + "。处理进度会及时通知您，也可以随时问我“工单进度”。";
        long messageId = log.append(id, "out", "agent", "work_order", body,
                "{\"order\":\"" + orderCode.replace("\"", "") + "\"}", null).orElseThrow();
        String problem = deliver(d, messageId, body);
        return new Reply(messageId, problem == null, problem);
    }

    public Note note(Caller staff, UUID id, String text) {
        detail(staff, id);
        String body = text(text);
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO conversation_notes (conversation_id, staff_id, body) VALUES (?, ?, ?)
                RETURNING id, at""")) {
            s.setObject(1, id);
            s.setLong(2, staff.subjectId());
            s.setString(3, body);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Note(rs.getLong(1), rs.getObject(2, OffsetDateTime.class), staff.name(), body);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store note: " + e.getMessage(), e);
        }
    }

    /** Ends the conversation with a disposition; the resident's next message starts a new one. */
    public Detail close(Caller agent, UUID id, String disposition) {
        Detail d = detail(agent, id);
        requireOwnerOrSupervisor(agent, d);
        Disposition how = Disposition.of(disposition).orElseThrow(() -> new HandoffException(
                HandoffException.Kind.INVALID, "bad_disposition", "请选择结束原因：已解决、已转工单、待回电、住户未回复、无效会话或其他。"));
        int n = update("""
                UPDATE conversations SET state = 'closed', closed_at = now(), disposition = ?
                WHERE id = ? AND state IN ('queued', 'human')""", how.code(), id);
        if (n == 0) {
            throw new HandoffException(HandoffException.Kind.CONFLICT, "not_open", "该会话已经结束。");
        }
        queueChanged(d);
        system(d, "本次人工服务已结束，感谢您的耐心。如还有问题，直接发消息即可。");
        return find(id).orElseThrow();
    }

    /** Gives the conversation back to the bot, which asks the resident for a 1–5 score. */
    public Detail returnToBot(Caller agent, UUID id) {
        Detail d = detail(agent, id);
        requireOwnerOrSupervisor(agent, d);
        int n = update("""
                UPDATE conversations SET state = 'bot', returned_at = now(), csat_pending = true,
                    disposition = coalesce(disposition, 'resolved')
                WHERE id = ? AND state = 'human'""", null, id);
        if (n == 0) {
            throw new HandoffException(HandoffException.Kind.CONFLICT, "not_owned", "只能交还已接入的会话。");
        }
        queueChanged(d);
        log.append(id, "out", "bot", "csat", CSAT_QUESTION, null, null).ifPresent(m -> deliver(d, m, CSAT_QUESTION));
        return find(id).orElseThrow();
    }

    /** A resident who has waited past the community's limit. */
    public record Breach(UUID id, String communityId, long waitSeconds) {
    }

    /**
     * Flags waits past each community's limit (setting handoff.wait_sla_minutes, default 5) and
     * returns the ones flagged now, so supervisors are alerted once per wait.
     */
    public List<Breach> markBreachedWaits() {
        CommunitySettings settings = new CommunitySettings(db);
        try (Connection c = db.getConnection(); PreparedStatement waiting = c.prepareStatement("""
                SELECT DISTINCT community_id FROM conversations WHERE state = 'queued' AND wait_breached_at IS NULL""");
             PreparedStatement s = c.prepareStatement("""
                UPDATE conversations cv SET wait_breached_at = now()
                WHERE cv.state = 'queued' AND cv.wait_breached_at IS NULL AND cv.community_id = ?
                  AND cv.queued_at < now() - make_interval(mins => ?)
                RETURNING cv.id, cv.community_id, extract(epoch FROM now() - cv.queued_at)::bigint""")) {
            List<String> communities = new ArrayList<>();
            try (ResultSet rs = waiting.executeQuery()) {
                while (rs.next()) {
                    communities.add(rs.getString(1));
                }
            }
            List<Breach> out = new ArrayList<>();
            for (String community : communities) {
                // a whole number of minutes as set (0 included), else the default of 5
                String limit = settings.value(community, Settings.WAIT_SLA).orElse("");
                s.setString(1, community);
                s.setInt(2, limit.matches("[0-9]{1,5}") ? Integer.parseInt(limit) : 5);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Breach(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3)));
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check waits: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ helpers

    private void queueChanged(Detail d) {
        changes.publish(new Change.Queue(d.communityId()));
    }

    private void system(Detail d, String text) {
        log.append(d.id(), "out", "system", "text", text, null, null).ifPresent(id -> deliver(d, id, text));
    }

    /** Null when delivered (or nothing to deliver: web chat streams); else why not, in Chinese. */
    private String deliver(Detail d, long messageId, String text) {
        if ("web".equals(d.channel())) {
            return null;
        }
        ChannelDelivery delivery = deliveries.get(d.channel());
        if (delivery == null) {
            return "该渠道未接通，消息已保存，请电话联系住户。";
        }
        try {
            delivery.deliver(d.communityId(), d.id(), messageId, d.contact() != null ? d.contact() : d.channelUser(), text);
            return null;
        } catch (ChannelDelivery.Retrying e) {
            return "消息已保存，暂未送达住户，系统会自动重发；长时间未送达会在队列中标出。";
        } catch (Exception e) {
            LOG.log(Level.WARNING, "delivery to " + d.channel() + " failed for conversation " + d.id(), e);
            return "消息已保存，但未能送达住户（" + e.getMessage() + "），请改用电话联系。";
        }
    }

    private static String text(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            throw new HandoffException(HandoffException.Kind.INVALID, "text_missing", "请输入内容。");
        }
        if (t.length() > MAX_TEXT) {
            throw new HandoffException(HandoffException.Kind.INVALID, "text_too_long",
                    "内容太长了，请控制在" + MAX_TEXT + "字以内。");
        }
        return t;
    }

    /** Agents, supervisors and admins work the console; technicians have their own page. */
    public static void requireConsole(Caller staff) {
        if (staff == null || !staff.isStaff() || !staff.hasRole("agent", "supervisor", "admin")) {
            throw new HandoffException(HandoffException.Kind.FORBIDDEN, "forbidden", "没有权限使用客服工作台。");
        }
    }

    private static void requireOwnerOrSupervisor(Caller by, Detail d) {
        boolean owner = by.code().equals(d.agentCode());
        if (!owner && !by.hasRole("supervisor", "admin")) {
            throw new HandoffException(HandoffException.Kind.FORBIDDEN, "not_yours",
                    d.agentCode() == null ? "请先接入该会话。" : "该会话由" + d.agentName() + "负责。");
        }
    }

    private long consoleStaff(String communityId, String code) {
        return staffDirectory.find(communityId, code).filter(m -> m.hasRole(StaffDirectory.CONSOLE))
                .map(StaffDirectory.Member::id)
                .orElseThrow(() -> new HandoffException(HandoffException.Kind.INVALID, "no_such_agent",
                        "本小区没有工号为" + code + "的客服。"));
    }

    private Optional<Detail> find(UUID id) {
        Detail d;
        Long agentId;
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT cv.id, cv.community_id, cv.channel, cv.channel_user, cv.state, cv.resident_id,
                       cv.handoff_reason, cv.handoff_summary, cv.agent_id, cv.queued_at, cv.claimed_at,
                       cv.disposition, cv.csat, cv.contact
                FROM conversations cv WHERE cv.id = ?""")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                agentId = rs.getObject(9, Long.class);
                d = new Detail(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getObject(6, Long.class), rs.getString(7), rs.getString(8), null, null,
                        rs.getObject(10, OffsetDateTime.class), rs.getObject(11, OffsetDateTime.class),
                        rs.getString(12), rs.getObject(13, Integer.class), personalData.open(rs.getString(14)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read conversation: " + e.getMessage(), e);
        }
        // the agent's code and name from the community module, once this connection is back in the pool
        StaffDirectory.Member agent = agentId == null ? null : staffDirectory.byIds(List.of(agentId)).get(agentId);
        return Optional.of(agent == null ? d : new Detail(d.id(), d.communityId(), d.channel(), d.channelUser(),
                d.state(), d.residentId(), d.reason(), d.summary(), agent.code(), agent.name(), d.queuedAt(),
                d.claimedAt(), d.disposition(), d.csat(), d.contact()));
    }

    /** Runs an update whose first parameter is optional (null: the statement has only the id). */
    private int update(String sql, Object first, UUID id) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            if (first != null) {
                s.setObject(i++, first);
            }
            s.setObject(i, id);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update conversation: " + e.getMessage(), e);
        }
    }
}
