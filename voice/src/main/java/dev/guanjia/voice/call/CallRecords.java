package dev.guanjia.voice.call;

import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.desk.handoff.Callbacks;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The record of each call: start, keys and words, prompts, hand-off, end. A call stays on the node
 * that answered it; that node stamps {@code seen_at} while the call lasts ({@link OpenCalls}), and a
 * call its line lost rather than finished (the node stopped, the connection dropped, the node is
 * gone) is ended with that reason. A caller lost in the middle of a hand-off is owed the person they
 * asked for: a callback task is queued with the end, in one transaction.
 */
public final class CallRecords {

    private static final Logger LOG = Logger.getLogger(CallRecords.class.getName());

    /** Outcome of a call open on a node that was stopped (its phone line closed). */
    public static final String NODE_STOPPED = "node stopped";
    /** Outcome of a call whose connection dropped (reset, error, silent for minutes), not hung up. */
    public static final String CUT_OFF = "cut off";
    /** Outcome of a call whose node stopped stamping it: the node died or lost the database. */
    public static final String NODE_LOST = "node lost";

    /** The callback's note for the agent (console, Chinese like the other notes). */
    static final String CUT_DURING_HANDOFF = "电话转人工时通话中断，请回电。";

    private final DataSource db;
    private final PersonalData personalData;
    private final Callbacks callbacks;

    /** Records only: calls cut during a hand-off queue no callback (tests of the records alone). */
    public CallRecords(DataSource db, PersonalData personalData) {
        this(db, personalData, null);
    }

    /** @param callbacks where a caller cut off during a hand-off is queued for a call back */
    public CallRecords(DataSource db, PersonalData personalData, Callbacks callbacks) {
        this.db = db;
        this.personalData = personalData;
        this.callbacks = callbacks;
    }

    public void start(UUID call, String communityId, String transport, String caller, String conversationId) {
        run("""
                INSERT INTO calls (id, community_id, transport, caller, caller_hash, conversation_id, seen_at)
                VALUES (?, ?, ?, ?, ?, ?::uuid, now()) ON CONFLICT (id) DO NOTHING""", call, communityId, transport,
                caller == null ? null : personalData.seal(caller),
                caller == null ? null : personalData.lookup("phone", caller), conversationId);
    }

    /** One step of the menu path (a key, "speech", "timeout"). */
    public void step(UUID call, String step) {
        run("UPDATE calls SET menu_path = CASE WHEN menu_path = '' THEN ? ELSE menu_path || ',' || ? END WHERE id = ?",
                step, step, call);
    }

    /** A line of the transcript: "caller: …" or "line: …". */
    public void say(UUID call, String who, String text) {
        run("UPDATE calls SET transcript = transcript || ? WHERE id = ?", who + ": " + text + "\n", call);
    }

    public void handedOff(UUID call) {
        run("UPDATE calls SET handed_off = true WHERE id = ?", call);
    }

    public void end(UUID call, String outcome) {
        run("UPDATE calls SET ended_at = coalesce(ended_at, now()), outcome = coalesce(outcome, ?) WHERE id = ?",
                outcome, call);
    }

    /**
     * The node holding these calls still has them: stamps them seen. Returns the ids among them
     * that are no longer open here (ended meanwhile, or closed by another node's lost calls sweep
     * after this node could not reach the database for minutes).
     */
    public Set<UUID> seen(Collection<UUID> calls) {
        Set<UUID> gone = new LinkedHashSet<>(calls);
        if (calls.isEmpty()) {
            return gone;
        }
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE calls SET seen_at = now() WHERE id = ANY (?) AND ended_at IS NULL RETURNING id")) {
            s.setArray(1, c.createArrayOf("uuid", calls.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    gone.remove(rs.getObject(1, UUID.class));
                }
            }
            return gone;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot stamp the open calls: " + e.getMessage(), e);
        }
    }

    /**
     * Ends a call its line lost (reason {@link #NODE_STOPPED} or {@link #CUT_OFF}) unless it has
     * ended already; true when this ended it.
     */
    public boolean cut(UUID call, String reason) {
        return cut(List.of(call), reason) == 1;
    }

    /**
     * Ends several calls a stopping node lets go, in one statement (a node with many calls and a
     * slow database must still stop in seconds); returns how many were still open.
     */
    public int cut(Collection<UUID> calls, String reason) {
        if (calls.isEmpty()) {
            return 0;
        }
        return close("""
                UPDATE calls SET ended_at = now(), outcome = ?
                WHERE id = ANY (?) AND ended_at IS NULL
                RETURNING id, community_id, conversation_id, caller, handed_off""", reason,
                calls.toArray(UUID[]::new));
    }

    /**
     * The lost calls sweep: ends, as {@link #NODE_LOST}, open calls no node has stamped for
     * {@code notSeenFor} (a live node stamps its calls every 20 s), at most 100 a round. Each is
     * ended once however many sweepers run: the row is locked and skipped by the others, and only
     * an open one is taken. Returns how many it ended.
     */
    public int closeLost(Duration notSeenFor) {
        return close("""
                UPDATE calls SET ended_at = now(), outcome = ?
                WHERE id IN (SELECT id FROM calls
                             WHERE ended_at IS NULL AND seen_at < now() - make_interval(secs => ?)
                             ORDER BY seen_at LIMIT 100 FOR UPDATE SKIP LOCKED)
                  AND ended_at IS NULL
                RETURNING id, community_id, conversation_id, caller, handed_off""",
                NODE_LOST, (double) notSeenFor.toSeconds());
    }

    private record Ended(UUID id, String communityId, UUID conversation, String caller, boolean handedOff) {
    }

    /**
     * Ends calls and, in the same transaction, queues the callback of each caller who was being
     * handed to a person (the person never came; the caller is gone), so no such caller is
     * forgotten and none is queued twice. A caller whose number is withheld cannot be called back.
     */
    private int close(String sql, Object... params) {
        List<Ended> ended = new ArrayList<>();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    for (int i = 0; i < params.length; i++) {
                        s.setObject(i + 1, params[i] instanceof UUID[] ids ? c.createArrayOf("uuid", ids) : params[i]);
                    }
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            ended.add(new Ended(rs.getObject(1, UUID.class), rs.getString(2),
                                    rs.getObject(3, UUID.class), personalData.open(rs.getString(4)), rs.getBoolean(5)));
                        }
                    }
                }
                for (Ended e : ended) {
                    if (e.handedOff() && callbacks != null) {
                        if (e.caller() == null) {
                            LOG.info(() -> "call " + e.id() + " was cut during a hand-off; its number is withheld, "
                                    + "so no call back can be queued");
                        } else {
                            callbacks.request(c, e.communityId(), e.conversation(), "voice", e.caller(),
                                    CUT_DURING_HANDOFF);
                        }
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot end the call: " + e.getMessage(), e);
        }
        if (callbacks != null) {
            ended.stream().filter(e -> e.handedOff() && e.caller() != null)
                    .map(Ended::communityId).distinct().forEach(callbacks::announce);
        }
        return ended.size();
    }

    private void run(String sql, Object... params) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the call: " + e.getMessage(), e);
        }
    }
}
