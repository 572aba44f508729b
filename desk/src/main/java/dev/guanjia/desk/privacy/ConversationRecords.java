package dev.guanjia.desk.privacy;

import dev.guanjia.bot.memory.PostgresChatMemoryStore;
import dev.guanjia.community.privacy.DataSubject;
import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.community.privacy.ResidentRecords;
import dev.guanjia.community.privacy.Resealing;
import dev.guanjia.community.privacy.Retention;
import dev.guanjia.community.privacy.Rows;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The bot module's share of a resident's data: conversations on every channel (found by resident,
 * WeChat openid, phone hash or web code), with their messages, the staff's internal notes, callback
 * tasks, hand-off summaries, the agent's working memory and reply deliveries. Erasure and expiry
 * anonymise a conversation: texts replaced, notes, memory and pending deliveries deleted, the channel
 * user and contact dropped; its times, channel, state and rating stay for the KPIs.
 */
public final class ConversationRecords implements ResidentRecords {

    private final PersonalData personalData;

    public ConversationRecords(PersonalData personalData) {
        this.personalData = personalData;
    }

    @Override
    public List<String> tables() {
        return List.of("conversations", "messages", "chat_memory", "conversation_notes", "callbacks",
                "reply_deliveries");
    }

    /** Every conversation held with the resident, oldest first. */
    public List<UUID> conversationsOf(Connection c, DataSubject who) throws SQLException {
        List<String> users = new ArrayList<>(who.openids());
        who.phoneLookups(personalData).forEach(h -> users.add("tel:" + h));
        users.add(who.code());
        List<UUID> out = new ArrayList<>();
        for (Map<String, Object> r : Rows.list(c, """
                SELECT id FROM conversations WHERE community_id = ? AND (resident_id = ? OR channel_user = ANY (?))
                ORDER BY started_at""", who.communityId(), who.residentId(), users.toArray(String[]::new))) {
            out.add(UUID.fromString((String) r.get("id")));
        }
        return out;
    }

    @Override
    public void export(Connection c, DataSubject who, Map<String, Object> out) throws SQLException {
        List<Map<String, Object>> conversations = new ArrayList<>();
        for (UUID id : who.conversations()) {
            Map<String, Object> cv = Rows.list(c, """
                    SELECT id, channel, started_at AS "startedAt", last_at AS "lastAt", state,
                           handoff_reason AS "handoffReason", handoff_summary AS "handoffSummary", csat
                    FROM conversations WHERE id = ?""", id).get(0);
            cv.put("messages", Rows.list(c, """
                    SELECT at, author, kind, body AS text FROM messages WHERE conversation_id = ? ORDER BY id""", id));
            cv.put("staffNotes", Rows.list(c, """
                    SELECT at, body AS text FROM conversation_notes WHERE conversation_id = ? ORDER BY id""", id));
            List<Map<String, Object>> callbacks = Rows.list(c, """
                    SELECT created_at AS "requestedAt", contact, request, status, done_at AS "doneAt", outcome
                    FROM callbacks WHERE conversation_id = ? ORDER BY id""", id);
            callbacks.forEach(cb -> cb.put("contact", personalData.open((String) cb.get("contact"))));
            cv.put("callbacks", callbacks);
            conversations.add(cv);
        }
        out.put("conversations", conversations);
    }

    @Override
    public String erase(Connection c, DataSubject who, String marker) throws SQLException {
        for (UUID id : who.conversations()) {
            anonymise(c, id, marker);
        }
        return who.conversations().size() + " conversations";
    }

    @Override
    public int expire(Connection c, Retention retention, String marker) throws SQLException {
        List<Map<String, Object>> old = Rows.list(c, """
                SELECT id FROM conversations
                WHERE last_at < now() - make_interval(days => ?) AND channel_user NOT LIKE 'erased:%'""",
                retention.conversationDays());
        for (Map<String, Object> r : old) {
            anonymise(c, UUID.fromString((String) r.get("id")), marker);
        }
        return old.size();
    }

    /**
     * Seals contacts still in the clear and re-seals those an older key sealed, inside the caller's
     * transaction; a phone caller's conversation is found by the hash of the number, so it is
     * recomputed with the current key. Returns how many contacts were sealed anew.
     */
    public static int reseal(Connection c, PersonalData pd) throws SQLException {
        int n = Resealing.column(c, pd, "callbacks", "contact") + Resealing.column(c, pd, "conversations", "contact");
        try (var read = c.prepareStatement(
                "SELECT id, contact FROM conversations WHERE contact IS NOT NULL AND channel_user LIKE 'tel:%'");
             var write = c.prepareStatement("UPDATE conversations SET channel_user = ? WHERE id = ?");
             var rs = read.executeQuery()) {
            while (rs.next()) {
                write.setString(1, "tel:" + pd.lookup("phone", pd.open(rs.getString(2))));
                write.setObject(2, rs.getObject(1));
                write.addBatch();
            }
            write.executeBatch();
        }
        return n;
    }

    private void anonymise(Connection c, UUID id, String marker) throws SQLException {
        Rows.update(c, "UPDATE messages SET body = ?, payload = NULL WHERE conversation_id = ? AND body <> ?",
                marker, id, marker);
        Rows.update(c, """
                UPDATE conversations SET channel_user = 'erased:' || id, contact = NULL, resident_id = NULL,
                    handoff_summary = NULL, state = 'closed', closed_at = coalesce(closed_at, now())
                WHERE id = ?""", id);
        Rows.update(c, """
                UPDATE callbacks SET contact = ?, request = ?, outcome = CASE WHEN outcome IS NULL THEN NULL ELSE ? END,
                    status = 'done', done_at = coalesce(done_at, now())
                WHERE conversation_id = ?""", personalData.seal("已删除"), marker, marker, id);
        PostgresChatMemoryStore.forget(c, id.toString());
        Rows.update(c, "DELETE FROM conversation_notes WHERE conversation_id = ?", id);
        // an answer not yet delivered has nobody left to go to
        Rows.update(c, "DELETE FROM reply_deliveries WHERE conversation_id = ?", id);
    }
}
