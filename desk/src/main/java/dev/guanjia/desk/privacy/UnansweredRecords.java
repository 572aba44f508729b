package dev.guanjia.desk.privacy;

import dev.guanjia.community.privacy.DataSubject;
import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.community.privacy.ResidentRecords;
import dev.guanjia.community.privacy.Retention;
import dev.guanjia.community.privacy.Rows;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Residents' questions the bot could not answer (sealed, with their embedding) and their 👍/👎 on
 * answers, found through the conversations held with them. Erasure deletes both (a group of
 * unanswered questions then counts one fewer); expiry ends them with the conversations' period.
 */
public final class UnansweredRecords implements ResidentRecords {

    private final PersonalData personalData;

    public UnansweredRecords(PersonalData personalData) {
        this.personalData = personalData;
    }

    @Override
    public List<String> tables() {
        return List.of("unanswered_questions", "answer_feedback");
    }

    @Override
    public void export(Connection c, DataSubject who, Map<String, Object> out) throws SQLException {
        UUID[] ids = who.conversations().toArray(UUID[]::new);
        List<Map<String, Object>> questions = Rows.list(c, """
                SELECT at, kind, question, answer FROM unanswered_questions WHERE conversation_id = ANY (?)
                ORDER BY at, id""", (Object) ids);
        for (Map<String, Object> q : questions) {
            q.put("question", personalData.open((String) q.get("question")));
            q.put("answer", personalData.open((String) q.get("answer")));
        }
        out.put("unansweredQuestions", questions);
        out.put("answerFeedback", Rows.list(c, """
                SELECT at, message_id AS "messageId", doc_ids AS "articles", helpful FROM answer_feedback
                WHERE conversation_id = ANY (?) ORDER BY at""", (Object) ids));
    }

    @Override
    public String erase(Connection c, DataSubject who, String marker) throws SQLException {
        UUID[] ids = who.conversations().toArray(UUID[]::new);
        int q = Rows.update(c, "DELETE FROM unanswered_questions WHERE conversation_id = ANY (?)", (Object) ids);
        int f = Rows.update(c, "DELETE FROM answer_feedback WHERE conversation_id = ANY (?)", (Object) ids);
        return q + " unanswered questions, " + f + " answer ratings";
    }

    /** Re-seals the questions and answers an older key sealed, inside the caller's transaction (key rotation). */
    public static int reseal(Connection c, PersonalData pd) throws SQLException {
        return dev.guanjia.community.privacy.Resealing.column(c, pd, "unanswered_questions", "question")
                + dev.guanjia.community.privacy.Resealing.column(c, pd, "unanswered_questions", "answer");
    }

    @Override
    public int expire(Connection c, Retention retention, String marker) throws SQLException {
        return Rows.update(c, "DELETE FROM unanswered_questions WHERE at < now() - make_interval(days => ?)",
                retention.conversationDays())
                + Rows.update(c, "DELETE FROM answer_feedback WHERE at < now() - make_interval(days => ?)",
                retention.conversationDays());
    }
}
