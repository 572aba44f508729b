package dev.guanjia.ticketing.history;

import dev.guanjia.community.pack.CommunityPack;
import dev.guanjia.community.resident.Households;
import dev.guanjia.community.staff.StaffRoster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The work orders a pack brings as history. Stored like any other order, marked source 'pack' so a
 * re-import replaces them and never touches orders residents opened at run time.
 */
public final class WorkOrderHistory {

    private WorkOrderHistory() {
    }

    public static void replace(Connection c, String communityId, List<CommunityPack.WorkOrder> orders)
            throws SQLException {
        Map<String, Long> houses = Households.houseIdsByCode(c, communityId);
        Map<String, Long> staff = StaffRoster.idsByCode(c, communityId);
        Map<String, Long> existing = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT code, id FROM work_orders WHERE community_id = ? AND source = 'pack'")) {
            s.setString(1, communityId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    existing.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        try (PreparedStatement up = c.prepareStatement("""
                INSERT INTO work_orders (community_id, code, source, house_id, category, title, status,
                    assignee_id, rating, created_at, updated_at, closed_at)
                VALUES (?, ?, 'pack', ?, ?, ?, ?, ?, ?, ?, coalesce(?, ?), ?)
                ON CONFLICT (community_id, code) DO UPDATE SET house_id = excluded.house_id,
                    category = excluded.category, title = excluded.title, status = excluded.status,
                    assignee_id = excluded.assignee_id, rating = excluded.rating,
                    created_at = excluded.created_at, updated_at = excluded.updated_at,
                    closed_at = excluded.closed_at, version = work_orders.version + 1
                WHERE work_orders.source = 'pack'
                RETURNING id""")) {
            for (CommunityPack.WorkOrder o : orders) {
                up.setString(1, communityId);
                up.setString(2, o.id());
                up.setLong(3, houses.get(o.house()));
                up.setString(4, o.category());
                up.setString(5, o.title());
                up.setString(6, o.status());
                if (o.assignee() == null) {
                    up.setNull(7, Types.BIGINT);
                } else {
                    up.setLong(7, staff.get(o.assignee()));
                }
                if (o.rating() == null) {
                    up.setNull(8, Types.INTEGER);
                } else {
                    up.setInt(8, o.rating());
                }
                up.setObject(9, o.created());
                up.setObject(10, o.closed());
                up.setObject(11, o.created());
                up.setObject(12, o.closed());
                try (ResultSet rs = up.executeQuery()) {
                    if (!rs.next()) {
                        throw new SQLException("work order " + o.id() + " already exists as a run-time order; "
                                + "give the pack's history order another id");
                    }
                    long id = rs.getLong(1);
                    if (existing.remove(o.id()) == null) {
                        recordImported(c, id, o);
                    }
                }
            }
        }
        try (PreparedStatement del = c.prepareStatement("DELETE FROM work_orders WHERE id = ?")) {
            for (long gone : existing.values()) {
                del.setLong(1, gone);
                del.addBatch();
            }
            del.executeBatch();
        }
    }

    /** The timeline of an imported order starts with what the pack says: created, then where it stands. */
    private static void recordImported(Connection c, long id, CommunityPack.WorkOrder o) throws SQLException {
        try (PreparedStatement ev = c.prepareStatement("""
                INSERT INTO work_order_events (work_order_id, at, actor, from_status, to_status, note)
                VALUES (?, ?, 'import', ?, ?, ?)""")) {
            ev.setLong(1, id);
            ev.setObject(2, o.created());
            ev.setNull(3, Types.VARCHAR);
            ev.setString(4, "submitted");
            ev.setString(5, "imported from the community pack");
            ev.addBatch();
            if (!"submitted".equals(o.status())) {
                ev.setLong(1, id);
                ev.setObject(2, o.closed() != null ? o.closed() : o.created());
                ev.setString(3, "submitted");
                ev.setString(4, o.status());
                ev.setString(5, "state recorded in the community pack");
                ev.addBatch();
            }
            ev.executeBatch();
        }
    }

    /**
     * Removes what residents and staff made at run time (orders opened and their pending notices),
     * leaving the pack's history: an evaluation run starting over.
     */
    public static void removeRunTime(Connection c) throws SQLException {
        try (var s = c.createStatement()) {
            s.execute("DELETE FROM work_orders WHERE source = 'runtime'");
            s.execute("DELETE FROM outbox");
        }
    }
}
