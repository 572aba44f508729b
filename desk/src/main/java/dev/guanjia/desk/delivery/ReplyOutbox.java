package dev.guanjia.desk.delivery;

import dev.guanjia.community.change.Change;
import dev.guanjia.community.change.ChangeFeed;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import dev.guanjia.community.retry.Backoff;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Stored answers on their way to residents of a pushing channel. An answer is first offered to the
 * resident's own HTTP request (WeChat's passive reply, also to WeChat's retry of it); when that
 * request is gone it is pushed, retried with back-off while WeChat's 48-hour window lasts, and when
 * the window has closed the conversation goes to the agents' queue so a person follows up. Rows are
 * locked while sent (SKIP LOCKED): two nodes never push the same answer.
 */
public final class ReplyOutbox {

    private static final Logger LOG = Logger.getLogger(ReplyOutbox.class.getName());
    private static final Backoff RETRIES = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(5));

    private final DataSource db;
    private final ReplySender sender;
    private final Clock clock;
    private final ChangeFeed changes;

    public ReplyOutbox(DataSource db, ReplySender sender, Clock clock) {
        this(db, sender, clock, ChangeFeed.NONE);
    }

    /** @param changes told when an answer did not arrive (the console's queue marks it) */
    public ReplyOutbox(DataSource db, ReplySender sender, Clock clock, ChangeFeed changes) {
        this.db = db;
        this.sender = sender;
        this.clock = clock;
        this.changes = changes;
    }

    /**
     * The stored answer to an inbound message, taken for a passive reply: empty when there is none
     * yet, when the bot stays silent, or when it was already pushed (then the reply is "success").
     * A retry of a message answered passively gets the same answer again: WeChat may not have had it.
     */
    public Optional<String> takePassive(long inboundId) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                WITH a AS (SELECT id, body FROM messages WHERE reply_to = ?),
                u AS (UPDATE reply_deliveries d SET state = 'passive', delivered_at = ?
                      FROM a WHERE d.message_id = a.id AND d.state IN ('waiting', 'passive') RETURNING d.message_id)
                SELECT a.body FROM a JOIN u ON u.message_id = a.id""")) {
            s.setLong(1, inboundId);
            s.setObject(2, OffsetDateTime.now(clock));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the answer: " + e.getMessage(), e);
        }
    }

    /** Pushes the answer to one message now (its HTTP request has been acknowledged without it). */
    public int pushNow(long inboundId) throws SQLException {
        return deliver("m.reply_to = ?", inboundId, 1);
    }

    /**
     * Queues a message written outside a turn (an agent's reply, a system notice) for pushing, and
     * tries it at once: "pushed" when it arrived now, "waiting" while the outbox keeps retrying it,
     * "undelivered" when the channel no longer reaches the resident.
     */
    public String enqueue(long messageId, UUID conversation) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO reply_deliveries (message_id, conversation_id, next_attempt_at, window_ends_at)
                SELECT ?, ?, ?, coalesce((SELECT max(at) FROM messages WHERE conversation_id = ? AND direction = 'in'),
                                         ?) + interval '48 hours'
                ON CONFLICT (message_id) DO NOTHING""")) {
            OffsetDateTime now = OffsetDateTime.now(clock);
            s.setLong(1, messageId);
            s.setObject(2, conversation);
            s.setObject(3, now);
            s.setObject(4, conversation);
            s.setObject(5, now);
            s.executeUpdate();
        }
        deliver("d.message_id = ?", messageId, 1);
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT state FROM reply_deliveries WHERE message_id = ?")) {
            s.setLong(1, messageId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : "undelivered";
            }
        }
    }

    /** Answers not delivered yet, and how long the oldest of them has been waiting (0 when none). */
    public record Backlog(long waiting, double oldestSeconds) {
    }

    /** How far behind delivery is, over every node's answers (for the operators' metrics). */
    public static Backlog backlog(DataSource db) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now() - min(m.at)), 0)
                FROM reply_deliveries d JOIN messages m ON m.id = d.message_id WHERE d.state = 'waiting'""");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return new Backlog(rs.getLong(1), rs.getDouble(2));
        }
    }

    /** Pushes what is due; returns how many arrived. */
    public int deliverDue(int limit) throws SQLException {
        return deliver("d.next_attempt_at <= ?", OffsetDateTime.now(clock), limit);
    }

    private record Due(long messageId, UUID conversation, String communityId, String channelUser, String text,
                       int attempt, OffsetDateTime windowEnds) {
    }

    private int deliver(String which, Object value, int limit) throws SQLException {
        OffsetDateTime now = OffsetDateTime.now(clock);
        int delivered = 0;
        List<String> missed = new ArrayList<>();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            List<Due> due = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT d.message_id, d.conversation_id, k.community_id, k.channel_user, m.body, d.attempts,
                           d.window_ends_at
                    FROM reply_deliveries d JOIN messages m ON m.id = d.message_id
                    JOIN conversations k ON k.id = d.conversation_id
                    WHERE d.state = 'waiting' AND %s ORDER BY d.message_id LIMIT ? FOR UPDATE OF d SKIP LOCKED"""
                    .formatted(which))) {
                s.setObject(1, value);
                s.setInt(2, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        due.add(new Due(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getInt(6) + 1, rs.getObject(7, OffsetDateTime.class)));
                    }
                }
            }
            for (Due d : due) {
                if (now.isAfter(d.windowEnds())) {
                    undelivered(c, d, "the channel's window closed");
                    missed.add(d.communityId());
                    continue;
                }
                try {
                    sender.push(d.communityId(), d.channelUser(), d.text());
                    update(c, "UPDATE reply_deliveries SET state = 'pushed', delivered_at = ?, attempts = attempts + 1,"
                            + " last_error = NULL WHERE message_id = ?", now, d.messageId());
                    delivered++;
                } catch (ReplySender.WindowClosed e) {
                    undelivered(c, d, e.getMessage());
                    missed.add(d.communityId());
                } catch (Exception e) {
                    Duration wait = backoff(d.attempt());
                    LOG.warning(() -> "answer " + d.messageId() + " to " + d.channelUser() + " in conversation "
                            + d.conversation() + " not delivered (attempt " + d.attempt() + ", " + e.getClass().getSimpleName()
                            + "); next try in " + wait.toSeconds() + " s");
                    update(c, "UPDATE reply_deliveries SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?"
                            + " WHERE message_id = ?", now.plus(wait), String.valueOf(e.getMessage()), d.messageId());
                    missed.add(d.communityId());
                }
            }
            c.commit();
        }
        missed.stream().distinct().forEach(community -> changes.publish(new Change.Queue(community)));
        return delivered;
    }

    /** Nobody can reach the resident in the channel any more: a person takes it from the queue. */
    private void undelivered(Connection c, Due d, String why) throws SQLException {
        LOG.log(Level.INFO, () -> "answer " + d.messageId() + " to " + d.channelUser() + " in conversation "
                + d.conversation() + " could not be delivered (" + why + "); queued for an agent");
        update(c, "UPDATE reply_deliveries SET state = 'undelivered', attempts = attempts + 1, last_error = ?"
                + " WHERE message_id = ?", why, d.messageId());
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE conversations SET state = 'queued', handoff_reason = 'reply undelivered',
                    handoff_summary = ?, queued_at = now(), handed_off = true
                WHERE id = ? AND state = 'bot'""")) {
            s.setString(1, "机器人的回复未能送达住户（微信48小时内未再留言），请人工联系。未送达的回复：" + d.text());
            s.setObject(2, d.conversation());
            s.executeUpdate();
        }
    }

    private static void update(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                s.setObject(i + 1, values[i]);
            }
            s.executeUpdate();
        }
    }

    static Duration backoff(int attempt) {
        return RETRIES.after(attempt);
    }
}
