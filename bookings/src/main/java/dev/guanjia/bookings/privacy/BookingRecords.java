package dev.guanjia.bookings.privacy;

import dev.guanjia.community.privacy.DataSubject;
import dev.guanjia.community.privacy.ResidentRecords;
import dev.guanjia.community.privacy.Retention;
import dev.guanjia.community.privacy.Rows;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The bookings module's share of a resident's data: their bookings (which facility, when, for which
 * house, on which channel). Bookings hold no name, phone or openid, only the resident's id. Erasure
 * cancels the bookings still to come (nobody would turn up) and keeps past ones as the facility's
 * use records; bookings end with the conversation retention period after their slot.
 */
public final class BookingRecords implements ResidentRecords {

    @Override
    public List<String> tables() {
        return List.of("bookings");
    }

    @Override
    public void export(Connection c, DataSubject who, Map<String, Object> out) throws SQLException {
        out.put("bookings", Rows.list(c, """
                SELECT k.code, b.name AS facility, k.house_code AS house, k.starts_at AS "startsAt",
                       k.ends_at AS "endsAt", k.status, k.fee, k.channel, k.created_at AS "createdAt",
                       k.cancelled_at AS "cancelledAt"
                FROM bookings k JOIN bookables b ON b.id = k.bookable_id
                WHERE k.community_id = ? AND k.resident_id = ? ORDER BY k.starts_at, k.id""",
                who.communityId(), who.residentId()));
    }

    @Override
    public String erase(Connection c, DataSubject who, String marker) throws SQLException {
        // an unpaid fee's bill goes with its booking
        try (java.sql.PreparedStatement s = c.prepareStatement("""
                SELECT bill_id FROM bookings WHERE community_id = ? AND resident_id = ?
                   AND status = 'awaiting_payment'""")) {
            s.setString(1, who.communityId());
            s.setLong(2, who.residentId());
            try (java.sql.ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    dev.guanjia.community.billing.Bills.withdraw(c, r.getLong(1));
                }
            }
        }
        int cancelled = Rows.update(c, """
                UPDATE bookings SET status = 'cancelled', cancelled_at = now(), cancelled_by = 'erasure'
                WHERE community_id = ? AND resident_id = ? AND status <> 'cancelled' AND ends_at > now()""",
                who.communityId(), who.residentId());
        return cancelled + " upcoming bookings cancelled";
    }

    @Override
    public int expire(Connection c, Retention retention, String marker) throws SQLException {
        return Rows.update(c, "DELETE FROM bookings WHERE ends_at < now() - make_interval(days => ?)",
                retention.conversationDays());
    }
}
