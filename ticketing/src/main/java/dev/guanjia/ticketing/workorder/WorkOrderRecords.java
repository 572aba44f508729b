package dev.guanjia.ticketing.workorder;

import dev.guanjia.community.privacy.DataSubject;
import dev.guanjia.community.privacy.ResidentRecords;
import dev.guanjia.community.privacy.Retention;
import dev.guanjia.community.privacy.Rows;
import dev.guanjia.community.resident.Households;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The ticketing module's share of a resident's data: the work orders they reported or that concern
 * their houses, each with its timeline, photos, rating and the notices sent to them. Erasure keeps
 * the orders as service records (category, priority, status, times, house: the KPIs need them) but
 * replaces what the resident wrote (title, description, rating comment, their timeline notes, a
 * complaint's words),
 * drops their photos and notices, and takes their name and number out of what staff wrote.
 */
public final class WorkOrderRecords implements ResidentRecords {

    @Override
    public List<String> tables() {
        return List.of("work_orders", "work_order_events", "work_order_attachments", "outbox", "resident_media",
                "complaints");
    }

    @Override
    public void export(Connection c, DataSubject who, Map<String, Object> out) throws SQLException {
        List<Map<String, Object>> orders = Rows.list(c, """
                SELECT w.id, w.code, w.house_id AS house, w.location, w.channel, w.category, w.priority, w.title,
                       w.description, w.status, w.appointment_from AS "appointmentFrom",
                       w.appointment_to AS "appointmentTo", w.rating, w.rating_comment AS "ratingComment",
                       w.completion_note AS "completionNote", w.created_at AS "createdAt",
                       w.closed_at AS "closedAt", w.reporter_resident_id = ? AS "reportedByMe"
                FROM work_orders w
                WHERE w.community_id = ? AND (w.reporter_resident_id = ? OR w.house_id = ANY (?))
                ORDER BY w.created_at""", who.residentId(), who.communityId(), who.residentId(),
                who.houseIds().toArray(Long[]::new));
        // the house's pack id from its owner, community, in place of the database id selected above
        Map<Long, Households.House> houses = Households.houses(c, orders.stream().map(o -> (Long) o.get("house"))
                .filter(Objects::nonNull).collect(Collectors.toSet()));
        for (Map<String, Object> o : orders) {
            Households.House house = houses.get((Long) o.get("house"));
            o.put("house", house == null ? null : house.code());
            Object id = o.remove("id");
            o.put("photos", Rows.list(c, """
                    SELECT reference, added_at AS "addedAt" FROM work_order_attachments
                    WHERE work_order_id = ? ORDER BY id""", id));
            o.put("timeline", Rows.list(c, """
                    SELECT at, actor, from_status AS "from", to_status AS "to", note FROM work_order_events
                    WHERE work_order_id = ? ORDER BY at, id""", id));
            // a complaint or suggestion: their own words, the answer they were given and their 回访
            o.put("complaint", Rows.list(c, """
                    SELECT kind, subject, words, answer, first_answered_at AS "firstAnsweredAt",
                           closed_at AS "closedAt", follow_up_resolved AS "followUpResolved",
                           follow_up_score AS "followUpScore", follow_up_at AS "followUpAt"
                    FROM complaints WHERE work_order_id = ?""", id).stream().findFirst().orElse(null));
            o.put("notices", Rows.list(c, """
                    SELECT created_at AS "createdAt", delivered_at AS "deliveredAt", message FROM outbox
                    WHERE work_order_id = ? AND target_kind = 'resident' AND target_id = ? ORDER BY id""",
                    id, who.residentId()));
        }
        out.put("workOrders", orders);
        // photos and voice they sent: what is held and where, not the bytes
        out.put("media", Rows.list(c, """
                SELECT m.kind, m.received_at AS "receivedAt", m.content_type AS "contentType", m.size_bytes AS "size",
                       m.sha256, w.code AS "workOrder"
                FROM resident_media m LEFT JOIN work_orders w ON w.id = m.work_order_id
                WHERE m.resident_id = ? ORDER BY m.id""", who.residentId()));
    }

    @Override
    public String erase(Connection c, DataSubject who, String marker) throws SQLException {
        Long[] mine = Rows.list(c, "SELECT id FROM work_orders WHERE community_id = ? AND reporter_resident_id = ?",
                who.communityId(), who.residentId()).stream().map(r -> (Long) r.get("id")).toArray(Long[]::new);
        int orders = Rows.update(c, """
                UPDATE work_orders SET title = ?, description = CASE WHEN description = '' THEN '' ELSE ? END,
                    rating_comment = CASE WHEN rating_comment IS NULL THEN NULL ELSE ? END
                WHERE id = ANY (?)""", marker, marker, marker, mine);
        // their words in a complaint go like a description; the answer stays, without their name or number
        Rows.update(c, "UPDATE complaints SET words = ? WHERE work_order_id = ANY (?)", marker, mine);
        for (Map<String, Object> r : Rows.list(c, """
                SELECT work_order_id, answer FROM complaints WHERE work_order_id = ANY (?) AND answer IS NOT NULL""",
                (Object) mine)) {
            Rows.update(c, "UPDATE complaints SET answer = ? WHERE work_order_id = ?", who.scrub((String) r.get("answer")),
                    r.get("work_order_id"));
        }
        Rows.update(c, "UPDATE work_order_events SET note = ? WHERE work_order_id = ANY (?) AND actor = ? AND note <> ''",
                marker, mine, "resident:" + who.code());
        // references they gave (file names may name them) go; a photo received from WeChat stays on its
        // order for the technician, no longer linked to the person, and what went onto no order goes
        Rows.update(c, "DELETE FROM work_order_attachments WHERE work_order_id = ANY (?) AND reference NOT LIKE 'media:%'",
                (Object) mine);
        Rows.update(c, "DELETE FROM resident_media WHERE resident_id = ? AND work_order_id IS NULL", who.residentId());
        Rows.update(c, "UPDATE resident_media SET resident_id = NULL, conversation_id = NULL, external_id = 'erased'"
                + " WHERE resident_id = ?", who.residentId());
        Rows.update(c, "DELETE FROM outbox WHERE target_kind = 'resident' AND target_id = ?", who.residentId());
        // what staff wrote stays, without the resident's name or number
        for (Map<String, Object> r : Rows.list(c, """
                SELECT id, completion_note FROM work_orders WHERE id = ANY (?) AND completion_note IS NOT NULL""",
                (Object) mine)) {
            Rows.update(c, "UPDATE work_orders SET completion_note = ? WHERE id = ?",
                    who.scrub((String) r.get("completion_note")), r.get("id"));
        }
        for (Map<String, Object> r : Rows.list(c, """
                SELECT id, note FROM work_order_events WHERE work_order_id = ANY (?) AND note <> ''""", (Object) mine)) {
            Rows.update(c, "UPDATE work_order_events SET note = ? WHERE id = ?", who.scrub((String) r.get("note")),
                    r.get("id"));
        }
        for (Map<String, Object> r : Rows.list(c, "SELECT id, message FROM outbox WHERE work_order_id = ANY (?)",
                (Object) mine)) {
            Rows.update(c, "UPDATE outbox SET message = ? WHERE id = ?", who.scrub((String) r.get("message")),
                    r.get("id"));
        }
        return orders + " work orders' texts and photos";
    }

    @Override
    public int expire(Connection c, Retention retention, String marker) throws SQLException {
        // orders themselves are service records; the copies of notices sent are not needed once delivered
        // photos and voice that went onto no order last as long as the conversations they came with
        int media = Rows.update(c, """
                DELETE FROM resident_media WHERE work_order_id IS NULL
                  AND received_at < now() - make_interval(days => ?)""", retention.conversationDays());
        return media + Rows.update(c, "DELETE FROM outbox WHERE delivered_at < now() - make_interval(days => ?)",
                retention.noticeDays());
    }
}
