package dev.guanjia.community.staff;

import dev.guanjia.community.pack.CommunityPackStore;

import dev.guanjia.community.privacy.Rows;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read methods other modules use to learn who works for a community (the staff table: roles,
 * skills, buildings covered, duty) instead of reading it in their own SQL. They take the caller's
 * connection so a look-up stays in the caller's transaction.
 */
public final class StaffRoster {

    private StaffRoster() {
    }

    public static Optional<Long> idByCode(Connection c, String communityId, String staffCode) throws SQLException {
        List<Long> ids = Rows.longs(c, "SELECT id FROM staff WHERE community_id = ? AND code = ?", communityId, staffCode);
        return ids.isEmpty() ? Optional.empty() : Optional.of(ids.get(0));
    }

    /** Database id of every staff member of a community, by the pack id. */
    public static Map<String, Long> idsByCode(Connection c, String communityId) throws SQLException {
        return CommunityPackStore.idsByCode(c, "staff", communityId);
    }

    /** Whether this technician has the skill and covers the building (any building when null). */
    public static boolean qualifies(Connection c, long staffId, String skill, String buildingCode)
            throws SQLException {
        return !Rows.longs(c, """
                SELECT id FROM staff WHERE id = ? AND role = 'technician' AND ? = ANY (skills)
                  AND (?::text IS NULL OR ?::text = ANY (buildings))""", staffId, skill, buildingCode, buildingCode)
                .isEmpty();
    }

    /** The community's on-duty technicians with the skill who cover the building, by pack id. */
    public static List<Long> onDutyTechnicians(Connection c, String communityId, String skill, String buildingCode)
            throws SQLException {
        return Rows.longs(c, """
                SELECT id FROM staff
                WHERE community_id = ? AND role = 'technician' AND on_duty
                  AND ? = ANY (skills) AND (?::text IS NULL OR ?::text = ANY (buildings))
                ORDER BY code""", communityId, skill, buildingCode, buildingCode);
    }

    /** Everyone who decides for the community: supervisors and admins. */
    public static List<Long> supervisors(Connection c, String communityId) throws SQLException {
        return Rows.longs(c, "SELECT id FROM staff WHERE community_id = ? AND role IN ('supervisor', 'admin') ORDER BY id",
                communityId);
    }
}
