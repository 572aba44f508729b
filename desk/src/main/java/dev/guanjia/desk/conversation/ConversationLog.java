package dev.guanjia.desk.conversation;

import dev.guanjia.community.change.Change;
import dev.guanjia.community.change.ChangeFeed;
import dev.guanjia.community.privacy.PersonalData;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Conversations and their messages in PostgreSQL: the record of what everyone said. */
public final class ConversationLog {

    private final DataSource db;
    private final ChangeFeed changes;
    private final PersonalData personalData;

    public ConversationLog(DataSource db, PersonalData personalData) {
        this(db, personalData, ChangeFeed.NONE);
    }

    /** @param changes told of each new message and each conversation queued for a person */
    public ConversationLog(DataSource db, PersonalData personalData, ChangeFeed changes) {
        this.db = db;
        this.personalData = personalData;
        this.changes = changes;
    }

    public UUID open(String communityId, String channel, String channelUser, Long residentId) {
        return open(communityId, channel, channelUser, residentId, null);
    }

    /** @param contact a phone number to call back on (stored sealed), or null */
    public UUID open(String communityId, String channel, String channelUser, Long residentId, String contact) {
        UUID id = UUID.randomUUID();
        try (Connection c = db.getConnection()) {
            insert(c, id, communityId, channel, channelUser, residentId, contact);
            return id;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open conversation: " + e.getMessage(), e);
        }
    }

    /** Stores a new conversation in the caller's connection (and transaction, when it has one). */
    private void insert(Connection c, UUID id, String communityId, String channel, String channelUser,
                        Long residentId, String contact) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO conversations (id, community_id, channel, channel_user, resident_id, contact)
                VALUES (?, ?, ?, ?, ?, ?)""")) {
            s.setObject(1, id);
            s.setString(2, communityId);
            s.setString(3, channel);
            s.setString(4, channelUser);
            if (residentId == null) {
                s.setNull(5, Types.BIGINT);
            } else {
                s.setLong(5, residentId);
            }
            s.setString(6, personalData.seal(contact));
            s.executeUpdate();
        }
    }

    /** The advisory-lock class of a channel user's conversation being found or opened ("CV"). */
    private static final int OPENING_LOCK = 0x4356;

    /**
     * The channel user's open conversation of the last day, or a new one: found and opened under a
     * lock per community, channel and user, so that a first message and its retry arriving at once
     * (on two nodes, or two threads) land in one conversation, where the message id is told apart.
     */
    public UUID latestOrOpen(String communityId, String channel, String channelUser, Long residentId, String contact) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
                    s.setInt(1, OPENING_LOCK);
                    s.setString(2, communityId + "\n" + channel + "\n" + (channelUser == null ? "anonymous" : channelUser));
                    s.executeQuery().close();
                }
                UUID found = null;
                try (PreparedStatement s = c.prepareStatement("""
                        SELECT id FROM conversations WHERE community_id = ? AND channel = ? AND channel_user = ?
                          AND state <> 'closed' AND last_at > now() - interval '1 day'
                        ORDER BY last_at DESC LIMIT 1""")) {
                    s.setString(1, communityId);
                    s.setString(2, channel);
                    s.setString(3, channelUser == null ? "anonymous" : channelUser);
                    try (ResultSet rs = s.executeQuery()) {
                        if (rs.next()) {
                            found = rs.getObject(1, UUID.class);
                        }
                    }
                }
                if (found == null) {
                    found = UUID.randomUUID();
                    insert(c, found, communityId, channel, channelUser, residentId, contact);
                }
                c.commit();
                return found;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open conversation: " + e.getMessage(), e);
        }
    }

    /**
     * Stores a message. With a channel message id, a second delivery of the same message (WeChat
     * retries) is not stored again: the call returns empty instead.
     */
    public Optional<Long> append(UUID conversation, String direction, String author, String kind, String body,
                                 String payload, String channelMessageId) {
        return append(conversation, direction, author, kind, body, payload, channelMessageId, null);
    }

    private Optional<Long> append(UUID conversation, String direction, String author, String kind, String body,
                                  String payload, String channelMessageId, java.time.Duration lease) {
        try (Connection c = db.getConnection()) {
            Optional<Stored> stored = insertMessage(c, conversation, direction, author, kind, body, payload,
                    channelMessageId, lease);
            stored.ifPresent(m -> changes.publish(new Change.NewMessage(m.communityId(), conversation)));
            return stored.map(Stored::id);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store message: " + e.getMessage(), e);
        }
    }

    /** A message just inserted, and the community of its conversation (for telling the change feed). */
    private record Stored(long id, String communityId) {
    }

    /** Inserts a message on the caller's connection (and transaction); empty when its channel id is stored already. */
    private static Optional<Stored> insertMessage(Connection c, UUID conversation, String direction, String author,
                                                  String kind, String body, String payload, String channelMessageId,
                                                  java.time.Duration lease) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                WITH m AS (
                    INSERT INTO messages (conversation_id, direction, author, kind, body, payload, channel_msg_id,
                                          awaiting_answer, answering_until)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, now() + ? * interval '1 millisecond')
                    ON CONFLICT (conversation_id, channel_msg_id) WHERE channel_msg_id IS NOT NULL DO NOTHING
                    RETURNING id),
                t AS (UPDATE conversations SET last_at = now() WHERE id = ? AND EXISTS (SELECT 1 FROM m)
                      RETURNING community_id)
                SELECT id, (SELECT community_id FROM t) FROM m""")) {
            s.setObject(1, conversation);
            s.setString(2, direction);
            s.setString(3, author);
            s.setString(4, kind);
            s.setString(5, body.replace("\u0000", "")); // PostgreSQL text cannot hold NUL
            s.setString(6, payload == null ? null : payload.replace("\u0000", ""));
            s.setString(7, channelMessageId);
            s.setBoolean(8, lease != null);
            if (lease == null) {
                s.setNull(9, Types.BIGINT);
            } else {
                s.setLong(9, lease.toMillis());
            }
            s.setObject(10, conversation);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Stored(rs.getLong(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    /** An inbound message as stored: its id, and whether this delivery stored it (false: a channel's retry). */
    public record Received(long messageId, boolean fresh) {
    }

    /**
     * Stores a resident's message that waits for an answer, leased to the caller for {@code lease}
     * so that a crash before the answer is stored lets another worker answer it once the lease ends.
     * A second delivery of the same channel message id returns the stored message, not fresh.
     */
    public Received receive(UUID conversation, String body, String channelMessageId, java.time.Duration lease) {
        Optional<Long> stored = append(conversation, "in", "resident", "text", body, null, channelMessageId, lease);
        if (stored.isPresent()) {
            return new Received(stored.get(), true);
        }
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT id FROM messages WHERE conversation_id = ? AND channel_msg_id = ?")) {
            s.setObject(1, conversation);
            s.setString(2, channelMessageId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("message " + channelMessageId + " neither stored nor found");
                }
                return new Received(rs.getLong(1), false);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read message: " + e.getMessage(), e);
        }
    }

    /** A resident's message as received under its sender's own id: the message, its conversation, and whether this send stored it. */
    public record Receipt(long messageId, UUID conversation, boolean fresh) {
    }

    /** The advisory-lock class of a message being found or stored by its sender's id ("RM"). */
    private static final int RECEIVING_LOCK = 0x524d;

    /**
     * Stores a resident's message named by its sender ({@code channelMessageId}, e.g. a web page's
     * {@code web:<clientMessageId>}), leased to the caller for answering; a resend of the same id
     * returns the stored message instead, not fresh, whichever of the sender's conversations holds it.
     * A page resends before it has learnt the conversation its first message opened, so the message
     * is looked for among the sender's conversations (community, channel, channel user), and found or
     * stored (opening a conversation when {@code conversation} is null) under a lock per id: a send
     * and its resend arriving at two nodes at once store it once.
     *
     * @param conversation the conversation the sender names, or null to open one when the id is new
     * @param opening      the new conversation's resident and contact (only used when one is opened)
     */
    public Receipt receiveOnce(String communityId, String channel, String channelUser, UUID conversation,
                               Opening opening, String body, String channelMessageId, java.time.Duration lease) {
        String user = channelUser == null ? "anonymous" : channelUser;
        Optional<Stored> stored;
        UUID into = conversation;
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
                    s.setInt(1, RECEIVING_LOCK);
                    s.setString(2, communityId + "\n" + channel + "\n" + user + "\n" + channelMessageId);
                    s.executeQuery().close();
                }
                try (PreparedStatement s = c.prepareStatement("""
                        SELECT m.id, m.conversation_id FROM messages m JOIN conversations c ON c.id = m.conversation_id
                        WHERE m.channel_msg_id = ? AND m.direction = 'in'
                          AND c.community_id = ? AND c.channel = ? AND c.channel_user = ?
                        ORDER BY m.id LIMIT 1""")) {
                    s.setString(1, channelMessageId);
                    s.setString(2, communityId);
                    s.setString(3, channel);
                    s.setString(4, user);
                    try (ResultSet rs = s.executeQuery()) {
                        if (rs.next()) {
                            Receipt again = new Receipt(rs.getLong(1), rs.getObject(2, UUID.class), false);
                            c.commit();
                            return again;
                        }
                    }
                }
                if (into == null) {
                    into = UUID.randomUUID();
                    insert(c, into, communityId, channel, channelUser, opening.residentId(), opening.contact());
                }
                stored = insertMessage(c, into, "in", "resident", "text", body, null, channelMessageId, lease);
                if (stored.isEmpty()) {
                    throw new IllegalStateException("message " + channelMessageId + " neither stored nor found");
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store message: " + e.getMessage(), e);
        }
        changes.publish(new Change.NewMessage(stored.get().communityId(), into));
        return new Receipt(stored.get().id(), into, true);
    }

    /** Who a conversation opened by {@link #receiveOnce} is with: a resident's id and a contact phone, each may be null. */
    public record Opening(Long residentId, String contact) {
        public static final Opening NOBODY = new Opening(null, null);
    }

    /**
     * Where a resident's message stands: still {@code awaiting} its answer (and whether a live lease
     * says someone is making it), or answered, with the answer when one was stored (a person owning
     * the conversation answers in the console: then there is none from the bot).
     */
    public record Progress(boolean awaiting, boolean leased, Optional<Message> answer) {
    }

    public Optional<Progress> progress(long inboundId) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT m.awaiting_answer, coalesce(m.answering_until > now(), false),
                       a.id, a.at, a.direction, a.author, a.kind, a.body, a.payload, a.channel_msg_id
                FROM messages m LEFT JOIN messages a ON a.reply_to = m.id WHERE m.id = ?""")) {
            s.setLong(1, inboundId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                rs.getLong(3);
                Optional<Message> answer = rs.wasNull() ? Optional.empty()
                        : Optional.of(new Message(rs.getLong(3), rs.getObject(4, OffsetDateTime.class), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10)));
                return Optional.of(new Progress(rs.getBoolean(1), rs.getBoolean(2), answer));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read message: " + e.getMessage(), e);
        }
    }

    /** Takes the answering of a stored message whose lease ended (crash, or another worker gave up). */
    public boolean claim(long inboundId, java.time.Duration lease) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                UPDATE messages SET answering_until = now() + ? * interval '1 millisecond'
                WHERE id = ? AND awaiting_answer AND (answering_until IS NULL OR answering_until < now())""")) {
            s.setLong(1, lease.toMillis());
            s.setLong(2, inboundId);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot claim message: " + e.getMessage(), e);
        }
    }

    /** A resident's message nobody has answered yet, with who to answer. */
    public record Unanswered(long messageId, UUID conversation, String communityId, String channelUser, String body,
                             String channelMessageId) {
    }

    /**
     * Messages on a channel still waiting for an answer whose lease has ended, oldest first, at most
     * {@code within} old: after that an answer would come too late to help.
     *
     * @param communityId the community's, or null: every community's
     */
    public List<Unanswered> unanswered(String communityId, String channel, java.time.Duration within, int limit) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT m.id, m.conversation_id, c.community_id, c.channel_user, m.body, m.channel_msg_id
                FROM messages m JOIN conversations c ON c.id = m.conversation_id
                WHERE m.awaiting_answer AND m.at > now() - ? * interval '1 second'
                  AND (m.answering_until IS NULL OR m.answering_until < now())
                  AND c.channel = ?""" + (communityId == null ? "" : " AND c.community_id = ?") + """

                ORDER BY m.at LIMIT ?""")) {
            int i = 1;
            s.setLong(i++, within.toSeconds());
            s.setString(i++, channel);
            if (communityId != null) {
                s.setString(i++, communityId);
            }
            s.setInt(i, limit);
            List<Unanswered> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Unanswered(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read unanswered messages: " + e.getMessage(), e);
        }
    }

    /**
     * Stores the answer to an inbound message in one transaction: the reply (empty text: the bot
     * stays silent, e.g. a person owns the conversation), the message no longer waiting, and for a
     * channel that pushes, a delivery that stays due until it arrives. A message already answered
     * keeps its first answer: returns empty then.
     *
     * @param deliverAfter when a pusher may send it (the HTTP request may still answer passively before)
     */
    public Optional<Long> answer(UUID conversation, long inboundId, String author, String body, String payload,
                                 boolean push, java.time.Instant deliverAfter) {
        // one statement, so one round trip and its own transaction: the message stops waiting, and only
        // then (it was still waiting) the answer, its delivery and the conversation's time are written
        String sql = body.isBlank()
                ? "UPDATE messages SET awaiting_answer = false, answering_until = NULL WHERE id = ? AND awaiting_answer"
                : """
                WITH claimed AS (
                    UPDATE messages SET awaiting_answer = false, answering_until = NULL WHERE id = ? AND awaiting_answer
                    RETURNING id, at),
                answer AS (
                    INSERT INTO messages (conversation_id, direction, author, kind, body, payload, reply_to)
                    SELECT ?, 'out', ?, 'text', ?, ?, id FROM claimed RETURNING id),
                delivery AS (
                    INSERT INTO reply_deliveries (message_id, conversation_id, next_attempt_at, window_ends_at)
                    SELECT answer.id, ?, ?, claimed.at + interval '48 hours' FROM answer, claimed WHERE ?),
                touched AS (
                    UPDATE conversations SET last_at = now() WHERE id = ? AND EXISTS (SELECT 1 FROM answer)
                    RETURNING community_id)
                SELECT answer.id, (SELECT community_id FROM touched) FROM answer""";
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, inboundId);
            if (body.isBlank()) {
                s.executeUpdate();
                return Optional.empty();
            }
            s.setObject(2, conversation);
            s.setString(3, author);
            s.setString(4, body.replace("\u0000", ""));
            s.setString(5, payload == null ? null : payload.replace("\u0000", ""));
            s.setObject(6, conversation);
            s.setObject(7, deliverAfter == null ? null
                    : java.time.OffsetDateTime.ofInstant(deliverAfter, java.time.ZoneOffset.UTC),
                    java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
            s.setBoolean(8, push);
            s.setObject(9, conversation);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty(); // answered already: it keeps its first answer
                }
                long id = rs.getLong(1);
                changes.publish(new Change.NewMessage(rs.getString(2), conversation));
                return Optional.of(id);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store answer: " + e.getMessage(), e);
        }
    }

    /** Puts the conversation in the human agents' queue with why and what the bot understood. */
    public void queueForHuman(UUID conversation, String reason, String summary) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                UPDATE conversations SET state = 'queued', handoff_reason = ?, handoff_summary = ?,
                    queued_at = CASE WHEN state = 'queued' THEN queued_at ELSE now() END, handed_off = true,
                    agent_id = NULL, claimed_at = NULL, first_agent_reply_at = NULL, wait_breached_at = NULL
                WHERE id = ? AND state IN ('bot', 'queued') RETURNING community_id""")) {
            s.setString(1, reason);
            s.setString(2, summary);
            s.setObject(3, conversation);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    changes.publish(new Change.Queue(rs.getString(1)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot queue conversation: " + e.getMessage(), e);
        }
    }

    /** The most recent conversation of a channel user that is still open and active in the last day. */
    public Optional<UUID> latest(String communityId, String channel, String channelUser) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT id FROM conversations WHERE community_id = ? AND channel = ? AND channel_user = ?
                  AND state <> 'closed' AND last_at > now() - interval '1 day'
                ORDER BY last_at DESC LIMIT 1""")) {
            s.setString(1, communityId);
            s.setString(2, channel);
            s.setString(3, channelUser == null ? "anonymous" : channelUser);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot find conversation: " + e.getMessage(), e);
        }
    }

    /** Who a conversation belongs to: its community and the channel's user (openid, phone, resident id). */
    public record Owner(String communityId, String channel, String channelUser) {
    }

    public Optional<Owner> owner(UUID conversation) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT community_id, channel, channel_user FROM conversations WHERE id = ?")) {
            s.setObject(1, conversation);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Owner(rs.getString(1), rs.getString(2), rs.getString(3)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read conversation: " + e.getMessage(), e);
        }
    }

    /** bot, queued, human or closed; empty when there is no such conversation. */
    public Optional<String> state(UUID conversation) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT state FROM conversations WHERE id = ?")) {
            s.setObject(1, conversation);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read conversation: " + e.getMessage(), e);
        }
    }

    /** What a turn needs to know before it runs, read in one query. */
    /** @param misses how many questions in a row the bot could not answer, up to its last reply */
    public record TurnState(String state, String intent, boolean csatPending, int misses) {
    }

    private static final java.util.regex.Pattern MISSES = java.util.regex.Pattern.compile("\"misses\"\\s*:\\s*(\\d+)");

    public TurnState turnState(UUID conversation) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT c.state, c.intent, c.csat_pending, (SELECT m.payload FROM messages m WHERE m.conversation_id = c.id"
                        + " AND m.direction = 'out' AND m.author = 'bot' ORDER BY m.id DESC LIMIT 1)"
                        + " FROM conversations c WHERE c.id = ?")) {
            s.setObject(1, conversation);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return new TurnState("bot", null, false, 0);
                }
                String payload = rs.getString(4);
                var m = payload == null ? null : MISSES.matcher(payload);
                return new TurnState(rs.getString(1), rs.getString(2), rs.getBoolean(3),
                        m != null && m.find() ? Integer.parseInt(m.group(1)) : 0);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read conversation: " + e.getMessage(), e);
        }
    }

    /** Messages after a given message id (0: all), for streaming new ones to a page. */
    public List<Message> messagesAfter(UUID conversation, long afterId) {
        return messages(conversation).stream().filter(m -> m.id() > afterId).toList();
    }

    /** The newest answer of the bot in the conversation (what a turn just stored), for rating it. */
    public Optional<Long> latestBotAnswer(UUID conversation) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT max(id) FROM messages WHERE conversation_id = ? AND author = 'bot' AND direction = 'out'""")) {
            s.setObject(1, conversation);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long id = rs.getLong(1);
                return rs.wasNull() ? Optional.empty() : Optional.of(id);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read messages: " + e.getMessage(), e);
        }
    }

    public List<Message> messages(UUID conversation) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT id, at, direction, author, kind, body, payload, channel_msg_id FROM messages
                WHERE conversation_id = ? ORDER BY id""")) {
            s.setObject(1, conversation);
            List<Message> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Message(rs.getLong(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read messages: " + e.getMessage(), e);
        }
    }

    /** Stores the resident's 1–5 score when the bot asked for one; false when none was awaited. */
    public boolean recordCsat(UUID conversation, int score) {
        if (score < 1 || score > 5) {
            throw new IllegalArgumentException("score must be 1..5");
        }
        return update("UPDATE conversations SET csat = ?, csat_pending = false WHERE id = ? AND csat_pending",
                conversation, score) == 1;
    }

    /** Whether the bot asked for a score and has not had one yet. */
    public boolean csatPending(UUID conversation) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT csat_pending FROM conversations WHERE id = ?")) {
            s.setObject(1, conversation);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read conversation: " + e.getMessage(), e);
        }
    }

    /** The resident answered something else: stop waiting for a score. */
    public void dropCsat(UUID conversation) {
        update("UPDATE conversations SET csat_pending = false WHERE id = ?", conversation);
    }

    /**
     * What the conversation is about, for the containment report: set from the first message that
     * is more than a greeting, and kept after that.
     */
    public void recordIntent(UUID conversation, String intent) {
        update("UPDATE conversations SET intent = ? WHERE id = ? AND (intent IS NULL OR intent = 'greeting')",
                conversation, intent);
    }

    private int update(String sql, UUID conversation, Object... before) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            for (Object o : before) {
                s.setObject(i++, o);
            }
            s.setObject(i, conversation);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update conversation: " + e.getMessage(), e);
        }
    }

    /**
     * Residents' messages on a channel so far, for checking a load run: how many are stored, how
     * many of them have no answer stored, and how many channel message ids are stored more than once.
     */
    public record Tally(long received, long unanswered, long duplicates) {
    }

    /** The {@link Tally} of a channel ({@code web}, {@code wechat}, {@code voice}) on the caller's connection. */
    public static Tally tally(Connection c, String channel) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT count(*), count(*) FILTER (WHERE a.id IS NULL),
                       count(m.channel_msg_id) - count(DISTINCT (c.community_id, c.channel_user, m.channel_msg_id))
                           FILTER (WHERE m.channel_msg_id IS NOT NULL)
                FROM messages m JOIN conversations c ON c.id = m.conversation_id
                     LEFT JOIN messages a ON a.reply_to = m.id -- at most one answer per message
                WHERE c.channel = ? AND m.direction = 'in' AND m.author = 'resident'""")) {
            s.setString(1, channel);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Tally(rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
        }
    }

    /**
     * Removes one conversation with everything kept for it (messages, the bot's memory of it, a
     * question recorded as unanswered): for a rehearsal turn, never for a resident's conversation,
     * whose end is the privacy module's erasure or expiry.
     */
    public void discard(UUID conversation) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                dev.guanjia.bot.memory.PostgresChatMemoryStore.forget(c, conversation.toString());
                try (PreparedStatement s = c.prepareStatement("DELETE FROM conversations WHERE id = ?")) {
                    s.setObject(1, conversation);
                    s.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot discard conversation: " + e.getMessage(), e);
        }
    }

    /** Removes every conversation with its messages (an evaluation run starting over). */
    public static void removeAll(Connection c) throws SQLException {
        try (var s = c.createStatement()) {
            s.execute("DELETE FROM conversations");
        }
    }
}
