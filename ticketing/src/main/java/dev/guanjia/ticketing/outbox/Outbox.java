package dev.guanjia.ticketing.outbox;

import dev.guanjia.community.staff.StaffRoster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Queues a notice about a change, on the same connection and transaction as the change: either
 * both are written or neither. A second notice of the same event to the same person is ignored.
 */
public final class Outbox {

    private Outbox() {
    }

    public static void toResident(Connection c, String communityId, long orderId, long eventId, Long residentId,
                                  String message) throws SQLException {
        if (residentId != null) {
            insert(c, communityId, orderId, eventId, "resident", residentId, message);
        }
    }

    public static void toStaff(Connection c, String communityId, long orderId, long eventId, Long staffId,
                               String message) throws SQLException {
        if (staffId != null) {
            insert(c, communityId, orderId, eventId, "staff", staffId, message);
        }
    }

    /** Every supervisor of the community: escalations and orders nobody could take. */
    public static void toSupervisors(Connection c, String communityId, long orderId, long eventId, String message)
            throws SQLException {
        for (long supervisor : StaffRoster.supervisors(c, communityId)) {
            insert(c, communityId, orderId, eventId, "staff", supervisor, message);
        }
    }

    private static void insert(Connection c, String communityId, long orderId, long eventId, String kind,
                               long targetId, String message) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO outbox (community_id, work_order_id, event_id, target_kind, target_id, message)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (event_id, target_kind, target_id) DO NOTHING""")) {
            s.setString(1, communityId);
            s.setLong(2, orderId);
            s.setLong(3, eventId);
            s.setString(4, kind);
            s.setLong(5, targetId);
            s.setString(6, message);
            s.executeUpdate();
        }
    }
}
