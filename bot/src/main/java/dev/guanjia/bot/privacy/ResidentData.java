package dev.guanjia.bot.privacy;

import dev.guanjia.bot.conversation.ConversationLog;
import dev.guanjia.bot.conversation.Message;
import dev.guanjia.community.audit.AuditLog;
import dev.guanjia.community.billing.Bill;
import dev.guanjia.community.billing.Bills;
import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.community.resident.Resident;
import dev.guanjia.community.resident.Residents;
import dev.guanjia.community.session.Caller;
import dev.guanjia.ticketing.workorder.WorkOrder;
import dev.guanjia.ticketing.workorder.WorkOrders;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A resident's rights over their data (个人信息保护法): a copy of everything held about them, and
 * erasure of what the company need not keep — conversations are anonymised and bindings removed,
 * while bills and work orders stay (accounting and service records the company must keep).
 * The same anonymisation ends conversations past the retention period.
 */
public final class ResidentData {

    public static final String ERASED = "（已按住户要求删除）";
    public static final String EXPIRED = "（已超过保存期限删除）";

    private final DataSource db;
    private final Residents residents;
    private final Bills bills;
    private final WorkOrders orders;
    private final ConversationLog log;

    public ResidentData(DataSource db, Residents residents, Bills bills, WorkOrders orders) {
        this.db = db;
        this.residents = residents;
        this.bills = bills;
        this.orders = orders;
        this.log = new ConversationLog(db);
    }

    /** Everything about the signed-in resident, as plain data for JSON. The export is audited. */
    public Map<String, Object> export(Caller me) throws SQLException {
        Resident r = residents.find(me.communityId(), me.subjectId()).orElseThrow();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("resident", Map.of("code", r.code(), "name", r.name(),
                "birthYear", r.birthYear() == null ? "" : r.birthYear(),
                "houses", r.houses().stream().map(h -> Map.of("house", h.houseCode(), "role", h.role())).toList(),
                "identities", identities(r.id())));
        List<Bill> own = bills.ofHouses(r.houses().stream().map(Resident.Household::houseId).toList());
        out.put("bills", own.stream().map(b -> Map.of("code", b.code(), "house", b.houseCode(), "item", b.itemName(),
                "period", b.period(), "amount", b.amount().toPlainString(), "status", b.status())).toList());
        List<WorkOrder> list = orders.list(me, new WorkOrders.Filter(null, null, null, null, false, 500));
        out.put("workOrders", list.stream().map(w -> Map.of("code", w.code(), "title", w.title(),
                "status", w.status().label(), "createdAt", w.createdAt().toString())).toList());
        List<Map<String, Object>> conversations = new ArrayList<>();
        for (UUID id : conversationsOf(r.id())) {
            List<Map<String, Object>> messages = new ArrayList<>();
            for (Message m : log.messages(id)) {
                messages.add(Map.of("at", m.at().toString(), "author", m.author(), "text", m.body()));
            }
            conversations.add(Map.of("id", id.toString(), "messages", messages));
        }
        out.put("conversations", conversations);
        out.put("media", mediaOf(r.id()));
        AuditLog.record(db, me.actor(), "resident.data_exported", me.communityId(), me.actor(),
                conversations.size() + " conversations");
        return out;
    }

    /**
     * Erases what the resident asked to erase, in one transaction: conversations anonymised, bindings
     * removed, sessions ended. Returns how many conversations were anonymised.
     */
    public int erase(Caller me) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                int n = anonymise(c, "cv.resident_id = ?", me.subjectId(), ERASED);
                try (PreparedStatement s = c.prepareStatement(
                        "DELETE FROM resident_identities WHERE resident_id = ? AND source = 'bound'")) {
                    s.setLong(1, me.subjectId());
                    s.executeUpdate();
                }
                // claims to be this resident (name and house): their names and channel addresses go too
                try (PreparedStatement s = c.prepareStatement("DELETE FROM binding_requests WHERE resident_id = ?")) {
                    s.setLong(1, me.subjectId());
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("UPDATE sessions SET revoked_at = now() "
                        + "WHERE kind = 'resident' AND subject_id = ? AND revoked_at IS NULL")) {
                    s.setLong(1, me.subjectId());
                    s.executeUpdate();
                }
                AuditLog.append(c, me.actor(), "resident.data_erased", me.communityId(), me.actor(),
                        n + " conversations anonymised, bindings removed; bills and work orders kept");
                c.commit();
                return n;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Anonymises every conversation idle for longer than the retention period; returns how many. */
    public int expire(int retentionDays) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                int n = anonymise(c, "cv.last_at < now() - make_interval(days => ?) AND cv.channel_user NOT LIKE 'erased:%'",
                        retentionDays, EXPIRED);
                if (n > 0) {
                    AuditLog.append(c, "system:retention", "conversations.expired", null, "conversations",
                            n + " conversations older than " + retentionDays + " days anonymised");
                }
                c.commit();
                return n;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static int anonymise(Connection c, String where, Object param, String replacement) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT cv.id FROM conversations cv WHERE " + where)) {
            s.setObject(1, param);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
        }
        for (UUID id : ids) {
            try (PreparedStatement m = c.prepareStatement(
                    "UPDATE messages SET body = ?, payload = NULL WHERE conversation_id = ? AND body <> ?");
                 PreparedStatement cv = c.prepareStatement("""
                         UPDATE conversations SET channel_user = 'erased:' || id, contact = NULL, resident_id = NULL,
                             handoff_summary = NULL, state = CASE WHEN state = 'closed' THEN state ELSE 'closed' END,
                             closed_at = coalesce(closed_at, now())
                         WHERE id = ?""");
                 PreparedStatement cb = c.prepareStatement("""
                         UPDATE callbacks SET contact = ?, request = ?, status = 'done', done_at = coalesce(done_at, now())
                         WHERE conversation_id = ?""");
                 PreparedStatement memory = c.prepareStatement("DELETE FROM chat_memory WHERE memory_id = ?");
                 PreparedStatement notes = c.prepareStatement("DELETE FROM conversation_notes WHERE conversation_id = ?");
                 // photos and voice that went onto no work order live and die with the conversation
                 PreparedStatement media = c.prepareStatement(
                         "DELETE FROM resident_media WHERE conversation_id = ? AND work_order_id IS NULL")) {
                m.setString(1, replacement);
                m.setObject(2, id);
                m.setString(3, replacement);
                m.executeUpdate();
                cv.setObject(1, id);
                cv.executeUpdate();
                cb.setString(1, PersonalData.current().seal("已删除"));
                cb.setString(2, replacement);
                cb.setObject(3, id);
                cb.executeUpdate();
                memory.setString(1, id.toString());
                memory.executeUpdate();
                notes.setObject(1, id);
                notes.executeUpdate();
                media.setString(1, id.toString());
                media.executeUpdate();
            }
        }
        return ids.size();
    }

    /** Photos and voice the resident sent: what we hold and where, not the bytes themselves. */
    private List<Map<String, Object>> mediaOf(long residentId) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT m.kind, m.received_at, m.content_type, m.size_bytes, m.sha256, w.code
                FROM resident_media m LEFT JOIN work_orders w ON w.id = m.work_order_id
                WHERE m.resident_id = ? ORDER BY m.id""")) {
            s.setLong(1, residentId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("kind", rs.getString(1));
                    m.put("receivedAt", rs.getObject(2, java.time.OffsetDateTime.class).toString());
                    m.put("contentType", rs.getString(3));
                    m.put("size", rs.getObject(4));
                    m.put("sha256", rs.getString(5));
                    m.put("workOrder", rs.getString(6));
                    out.add(m);
                }
            }
        }
        return out;
    }

    private List<Map<String, String>> identities(long residentId) throws SQLException {
        List<Map<String, String>> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT kind, value, source FROM resident_identities WHERE resident_id = ? ORDER BY id")) {
            s.setLong(1, residentId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(Map.of("kind", rs.getString(1), "value", PersonalData.current().open(rs.getString(2)),
                            "source", rs.getString(3)));
                }
            }
        }
        return out;
    }

    private List<UUID> conversationsOf(long residentId) throws SQLException {
        List<UUID> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT id FROM conversations WHERE resident_id = ? ORDER BY started_at")) {
            s.setLong(1, residentId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return out;
    }
}
