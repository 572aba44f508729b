package dev.guanjia.desk.unanswered;

import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.desk.conversation.KnowledgeGaps;
import dev.guanjia.knowledge.embedding.Embedder;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The questions the bot could not answer, per community: recorded sealed with their embedding,
 * grouped by meaning for the console ({@link QuestionGroups}), and marked handled once staff wrote
 * the article or added the question to one. A group whose conversation went to a person offers that
 * person's replies as a draft article.
 */
public final class UnansweredQuestions implements KnowledgeGaps {

    /** How many open questions the console groups at most (the newest), and how far back. */
    static final int MAX_OPEN = 1000;
    static final int DAYS = 180;
    private static final int EXAMPLES = 5;
    private static final int DRAFT_REPLIES = 5;

    private final DataSource db;
    private final PersonalData personalData;
    private final Embedder embedder;

    public UnansweredQuestions(DataSource db, PersonalData personalData, Embedder embedder) {
        this.db = db;
        this.personalData = personalData;
        this.embedder = embedder;
    }

    /** One recorded question, opened. */
    public record Question(long id, UUID conversation, Long answerId, Kind kind, String question, String answer,
                           OffsetDateTime at, float[] embedding) {
    }

    /** An article staff can save from what a person answered. */
    public record Draft(String title, String body) {
    }

    /**
     * Questions of one meaning: {@code id} is its oldest member's (stable while the group is open),
     * the newest few as examples, how many came by each kind, and a draft when a person answered one.
     */
    public record Group(long id, int count, OffsetDateTime latest, List<Question> examples, Map<String, Integer> kinds,
                        List<Long> memberIds, Draft draft) {
    }

    @Override
    public void record(String communityId, UUID conversation, Long answerId, Kind kind, String question, String answer) {
        String q = question.strip().replace("\u0000", "");
        if (q.isEmpty()) {
            return;
        }
        float[] v = embedder.embedQuery(q);
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO unanswered_questions (community_id, conversation_id, answer_id, kind, question, answer,
                                                  embedding)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            s.setString(1, communityId);
            s.setObject(2, conversation);
            s.setObject(3, answerId);
            s.setString(4, kind.name().toLowerCase(Locale.ROOT));
            s.setString(5, personalData.seal(q));
            s.setString(6, personalData.seal(answer == null ? "" : answer.replace("\u0000", "")));
            Float[] boxed = new Float[v.length];
            for (int i = 0; i < v.length; i++) {
                boxed[i] = v[i];
            }
            s.setArray(7, c.createArrayOf("real", boxed));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record unanswered question: " + e.getMessage(), e);
        }
    }

    /** A resident took back a 👎 (voted 👍 instead): its open record goes. */
    public void retract(long answerId) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                DELETE FROM unanswered_questions WHERE answer_id = ? AND kind = 'thumbs_down' AND handled_at IS NULL""")) {
            s.setLong(1, answerId);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update unanswered questions: " + e.getMessage(), e);
        }
    }

    /** Whether an open 👎 record exists for this answer (a second 👎 is not a second question). */
    boolean hasOpenThumbsDown(long answerId) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT 1 FROM unanswered_questions WHERE answer_id = ? AND kind = 'thumbs_down' AND handled_at IS NULL""")) {
            s.setLong(1, answerId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read unanswered questions: " + e.getMessage(), e);
        }
    }

    /** The community's open questions grouped by meaning, largest and most recent groups first. */
    public List<Group> groups(String communityId) {
        List<Question> open = open(communityId);
        List<Group> out = new ArrayList<>();
        for (QuestionGroups.Group<Question> g : QuestionGroups.of(open, Question::embedding, QuestionGroups.THRESHOLD)) {
            out.add(group(g.members()));
        }
        return out;
    }

    /** The open group that holds this question, as the console last showed it. */
    public Optional<Group> groupOf(String communityId, long questionId) {
        return groups(communityId).stream().filter(g -> g.memberIds().contains(questionId)).findFirst();
    }

    /**
     * Marks the questions handled (by whom, how: "article:ID", "example:ID", "dismissed"), audited;
     * only open questions of the community change. Returns how many did.
     */
    public int handle(String communityId, List<Long> ids, String actor, String how) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                UPDATE unanswered_questions SET handled_at = now(), handled_by = ?, handled_how = ?
                WHERE community_id = ? AND id = ANY (?) AND handled_at IS NULL""")) {
            s.setString(1, actor);
            s.setString(2, how);
            s.setString(3, communityId);
            s.setArray(4, c.createArrayOf("bigint", ids.toArray()));
            int n = s.executeUpdate();
            if (n > 0) {
                // what staff did about residents' questions (and to which article) is on the record
                dev.guanjia.community.audit.AuditLog.record(db, actor, "unanswered.handled", communityId, how,
                        n + " questions");
            }
            return n;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot mark unanswered questions handled: " + e.getMessage(), e);
        }
    }

    private Group group(List<Question> oldestFirst) {
        List<Question> newestFirst = new ArrayList<>(oldestFirst);
        java.util.Collections.reverse(newestFirst);
        Map<String, Integer> kinds = new LinkedHashMap<>();
        for (Question q : oldestFirst) {
            kinds.merge(q.kind().name().toLowerCase(Locale.ROOT), 1, Integer::sum);
        }
        return new Group(oldestFirst.get(0).id(), oldestFirst.size(), newestFirst.get(0).at(),
                newestFirst.subList(0, Math.min(EXAMPLES, newestFirst.size())), kinds,
                oldestFirst.stream().map(Question::id).toList(), draft(newestFirst));
    }

    /**
     * What a person answered when one of these questions went to them: their text replies in that
     * conversation after the question, newest conversation first, as an article to edit.
     */
    private Draft draft(List<Question> newestFirst) {
        for (Question q : newestFirst) {
            if (q.conversation() == null) {
                continue;
            }
            List<String> replies = agentReplies(q);
            if (!replies.isEmpty()) {
                String title = q.question().replaceAll("[？?。！!\\s]+$", "");
                title = title.length() > 40 ? title.substring(0, 40) : title;
                StringBuilder body = new StringBuilder();
                for (String r : replies) {
                    body.append(r.strip()).append("\n\n");
                }
                body.append(ExampleQuestions.SECTION).append('\n');
                newestFirst.stream().map(Question::question).distinct().limit(EXAMPLES)
                        .forEach(x -> body.append("- ").append(x.strip()).append('\n'));
                return new Draft(title, body.toString().strip());
            }
        }
        return null;
    }

    private List<String> agentReplies(Question q) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT body FROM messages WHERE conversation_id = ? AND author = 'agent' AND kind = 'text'
                  AND id > coalesce(?, 0) AND at >= ? AND at < ? + interval '1 day' ORDER BY id LIMIT ?""")) {
            // replies of the same day: a conversation taken up again later is about something else
            s.setObject(1, q.conversation());
            s.setObject(2, q.answerId());
            s.setObject(3, q.at());
            s.setObject(4, q.at());
            s.setInt(5, DRAFT_REPLIES);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read agents' replies: " + e.getMessage(), e);
        }
    }

    private List<Question> open(String communityId) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT id, conversation_id, answer_id, kind, question, answer, at, embedding FROM (
                    SELECT * FROM unanswered_questions
                    WHERE community_id = ? AND handled_at IS NULL AND at > now() - make_interval(days => ?)
                    ORDER BY at DESC, id DESC LIMIT ?) newest
                ORDER BY at, id""")) {
            s.setString(1, communityId);
            s.setInt(2, DAYS);
            s.setInt(3, MAX_OPEN);
            List<Question> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Array a = rs.getArray(8);
                    Float[] boxed = (Float[]) a.getArray();
                    float[] v = new float[boxed.length];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = boxed[i];
                    }
                    long answer = rs.getLong(3);
                    Long answerId = rs.wasNull() ? null : answer;
                    out.add(new Question(rs.getLong(1), rs.getObject(2, UUID.class), answerId,
                            Kind.valueOf(rs.getString(4).toUpperCase(Locale.ROOT)),
                            personalData.open(rs.getString(5)), personalData.open(rs.getString(6)),
                            rs.getObject(7, OffsetDateTime.class), v));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read unanswered questions: " + e.getMessage(), e);
        }
    }
}
