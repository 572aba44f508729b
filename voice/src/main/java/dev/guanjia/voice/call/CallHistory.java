package dev.guanjia.voice.call;

import dev.guanjia.community.privacy.DataSubject;
import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.community.privacy.ResidentRecords;
import dev.guanjia.community.privacy.Retention;
import dev.guanjia.community.privacy.Rows;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The voice module's share of a resident's data: the records of their phone calls (from one of
 * their numbers, or belonging to one of their conversations). Erasure and expiry drop the caller's
 * number and replace the transcript; when, how long, the menu path and the outcome stay for the KPIs.
 * Audio is never kept.
 */
public final class CallHistory implements ResidentRecords {

    private final PersonalData personalData;

    public CallHistory(PersonalData personalData) {
        this.personalData = personalData;
    }

    private static final String WHERE = """
            community_id = ? AND (conversation_id = ANY (?) OR caller_hash = ANY (?))""";

    @Override
    public List<String> tables() {
        return List.of("calls");
    }

    @Override
    public void export(Connection c, DataSubject who, Map<String, Object> out) throws SQLException {
        List<Map<String, Object>> calls = Rows.list(c, """
                SELECT started_at AS "startedAt", ended_at AS "endedAt", caller, menu_path AS "menuPath",
                       transcript, outcome, handed_off AS "handedOff" FROM calls""" + " WHERE " + WHERE
                + " ORDER BY started_at", params(who));
        calls.forEach(call -> call.put("caller", personalData.open((String) call.get("caller"))));
        out.put("calls", calls);
    }

    @Override
    public String erase(Connection c, DataSubject who, String marker) throws SQLException {
        Object[] p = params(who);
        int n = Rows.update(c, """
                UPDATE calls SET caller = NULL, caller_hash = NULL,
                    transcript = CASE WHEN transcript = '' THEN '' ELSE ? END""" + " WHERE " + WHERE, marker, p[0], p[1], p[2]);
        return n + " call records";
    }

    @Override
    public int expire(Connection c, Retention retention, String marker) throws SQLException {
        return Rows.update(c, """
                UPDATE calls SET caller = NULL, caller_hash = NULL,
                    transcript = CASE WHEN transcript = '' THEN '' ELSE ? END
                WHERE started_at < now() - make_interval(days => ?)
                  AND (caller IS NOT NULL OR caller_hash IS NOT NULL OR transcript NOT IN ('', ?))""",
                marker, retention.callDays(), marker);
    }

    private Object[] params(DataSubject who) {
        return new Object[] {who.communityId(), who.conversations().toArray(java.util.UUID[]::new),
                who.phoneLookups(personalData).toArray(String[]::new)};
    }
}
