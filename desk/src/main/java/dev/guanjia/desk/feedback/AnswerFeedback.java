package dev.guanjia.desk.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.community.refusal.Refusal;
import dev.guanjia.desk.conversation.KnowledgeGaps;
import dev.guanjia.desk.unanswered.UnansweredQuestions;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Residents' 👍/👎 on the bot's knowledge answers: one vote per answer (the resident may change it),
 * kept with the articles the answer cited. A 👎 is also an unanswered question for staff; a 👍
 * after it takes that back.
 */
public final class AnswerFeedback {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource db;
    private final UnansweredQuestions unanswered;

    public AnswerFeedback(DataSource db, UnansweredQuestions unanswered) {
        this.db = db;
        this.unanswered = unanswered;
    }

    /** An answer of the bot that cites articles: its conversation's community and what it cited. */
    public record Answer(long messageId, UUID conversation, String communityId, List<String> docIds, String text,
                         String question) {
    }

    /** The bot's answer with this id in this conversation, when it cites articles. */
    public java.util.Optional<Answer> answer(UUID conversation, long messageId) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT m.payload, m.body, q.body, v.community_id FROM messages m
                JOIN conversations v ON v.id = m.conversation_id
                LEFT JOIN messages q ON q.id = m.reply_to
                WHERE m.id = ? AND m.conversation_id = ? AND m.author = 'bot' AND m.direction = 'out'""")) {
            s.setLong(1, messageId);
            s.setObject(2, conversation);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return java.util.Optional.empty();
                }
                List<String> docs = cited(rs.getString(1));
                return docs.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(new Answer(messageId,
                        conversation, rs.getString(4), docs, rs.getString(2), rs.getString(3)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read answer: " + e.getMessage(), e);
        }
    }

    /**
     * The bot's knowledge answer to a resident's message (the WeChat feedback link names the message,
     * since its answer has no id yet when the link is written).
     */
    public java.util.Optional<Answer> answerTo(long inboundId) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT id, conversation_id FROM messages WHERE reply_to = ? AND author = 'bot'")) {
            s.setLong(1, inboundId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? answer(rs.getObject(2, UUID.class), rs.getLong(1)) : java.util.Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read answer: " + e.getMessage(), e);
        }
    }

    /**
     * Stores the resident's vote on an answer of their conversation (replacing an earlier one).
     * Refused as not found when the message is not a knowledge answer of that conversation.
     */
    public void vote(UUID conversation, long messageId, boolean helpful) {
        Answer a = answer(conversation, messageId).orElseThrow(() -> new Refusal(Refusal.Reason.NOT_FOUND,
                "answer_not_found", "没有找到这条回答。"));
        Boolean before;
        try (Connection c = db.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("SELECT helpful FROM answer_feedback WHERE message_id = ?")) {
                s.setLong(1, messageId);
                try (ResultSet rs = s.executeQuery()) {
                    before = rs.next() ? rs.getBoolean(1) : null;
                }
            }
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO answer_feedback (message_id, conversation_id, community_id, doc_ids, helpful)
                    VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (message_id) DO UPDATE SET helpful = excluded.helpful, at = now()""")) {
                s.setLong(1, messageId);
                s.setObject(2, conversation);
                s.setString(3, a.communityId());
                s.setArray(4, c.createArrayOf("text", a.docIds().toArray()));
                s.setBoolean(5, helpful);
                s.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store feedback: " + e.getMessage(), e);
        }
        if (helpful && Boolean.FALSE.equals(before)) {
            unanswered.retract(messageId);
        } else if (!helpful && !Boolean.FALSE.equals(before) && a.question() != null) {
            unanswered.record(a.communityId(), conversation, messageId, KnowledgeGaps.Kind.THUMBS_DOWN,
                    a.question(), a.text());
        }
    }

    /** The resident's current vote on an answer: true 👍, false 👎, empty none. */
    public java.util.Optional<Boolean> voteOf(long messageId) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT helpful FROM answer_feedback WHERE message_id = ?")) {
            s.setLong(1, messageId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? java.util.Optional.of(rs.getBoolean(1)) : java.util.Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read feedback: " + e.getMessage(), e);
        }
    }

    /** Votes on one article: 👍 and 👎 counts. */
    public record ArticleVotes(String docId, int helpful, int unhelpful) {

        /** The share of 👎 among the votes. */
        public double unhelpfulShare() {
            int n = helpful + unhelpful;
            return n == 0 ? 0 : (double) unhelpful / n;
        }
    }

    /**
     * Articles residents found unhelpful in the last {@code days}: at least one 👎 and at least as
     * many 👎 as 👍, the most 👎 first.
     */
    public List<ArticleVotes> poorArticles(String communityId, int days) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT doc, count(*) FILTER (WHERE helpful), count(*) FILTER (WHERE NOT helpful)
                FROM answer_feedback, unnest(doc_ids) AS doc
                WHERE community_id = ? AND at > now() - make_interval(days => ?)
                GROUP BY doc
                HAVING count(*) FILTER (WHERE NOT helpful) > 0
                   AND count(*) FILTER (WHERE NOT helpful) >= count(*) FILTER (WHERE helpful)
                ORDER BY 3 DESC, 2, doc""")) {
            s.setString(1, communityId);
            s.setInt(2, days);
            List<ArticleVotes> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new ArticleVotes(rs.getString(1), rs.getInt(2), rs.getInt(3)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read feedback: " + e.getMessage(), e);
        }
    }

    private static List<String> cited(String payload) {
        List<String> out = new ArrayList<>();
        if (payload == null) {
            return out;
        }
        try {
            JsonNode p = JSON.readTree(payload);
            for (JsonNode c : p.path("citations")) {
                String id = c.path("docId").asText("");
                if (!id.isEmpty() && !out.contains(id)) {
                    out.add(id);
                }
            }
        } catch (java.io.IOException e) {
            // a payload that does not parse cites nothing
        }
        return out;
    }
}
