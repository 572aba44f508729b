package dev.guanjia.voice.call;

import dev.guanjia.community.privacy.PersonalData;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/** The record of each call: start, keys and words, prompts, hand-off, end. */
public final class CallRecords {

    private final DataSource db;
    private final PersonalData personalData;

    public CallRecords(DataSource db, PersonalData personalData) {
        this.db = db;
        this.personalData = personalData;
    }

    public void start(UUID call, String communityId, String transport, String caller, String conversationId) {
        run("""
                INSERT INTO calls (id, community_id, transport, caller, caller_hash, conversation_id)
                VALUES (?, ?, ?, ?, ?, ?::uuid) ON CONFLICT (id) DO NOTHING""", call, communityId, transport,
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
