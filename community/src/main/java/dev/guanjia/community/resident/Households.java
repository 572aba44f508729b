package dev.guanjia.community.resident;

import dev.guanjia.community.pack.CommunityPackStore;

import dev.guanjia.community.privacy.Rows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read methods other modules use to learn about houses and who lives in them, instead of reading
 * this module's tables (houses, buildings, residents, resident_houses) in their own SQL. They take
 * the caller's connection so a look-up sees (and stays in) the caller's transaction.
 */
public final class Households {

    /** A house as other modules need it: its database id, pack id (1-1-101) and building's pack id. */
    public record House(long id, String code, String buildingCode) {
    }

    /** A resident's place in a house (resident_houses.role). */
    public static final String OWNER = "owner";

    private Households() {
    }

    /** A resident of the community by the pack id the resident has (r001). */
    public static Optional<Long> residentId(Connection c, String communityId, String residentCode)
            throws SQLException {
        return firstLong(c, "SELECT id FROM residents WHERE community_id = ? AND code = ?", communityId, residentCode);
    }

    public static Optional<House> house(Connection c, String communityId, String houseCode) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT h.id, h.code, b.code AS building FROM houses h JOIN buildings b ON b.id = h.building_id
                WHERE h.community_id = ? AND h.code = ?""")) {
            s.setString(1, communityId);
            s.setString(2, houseCode);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(house(rs)) : Optional.empty();
            }
        }
    }

    /** Houses by database id, in one query (for lists showing many orders' houses). */
    public static Map<Long, House> houses(Connection c, Collection<Long> houseIds) throws SQLException {
        Map<Long, House> out = new HashMap<>();
        if (houseIds.isEmpty()) {
            return out;
        }
        try (PreparedStatement s = c.prepareStatement("""
                SELECT h.id, h.code, b.code AS building FROM houses h JOIN buildings b ON b.id = h.building_id
                WHERE h.id = ANY (?)""")) {
            s.setArray(1, c.createArrayOf("bigint", houseIds.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    House h = house(rs);
                    out.put(h.id(), h);
                }
            }
        }
        return out;
    }

    /** Database id of every house of a community, by its pack id. */
    public static Map<String, Long> houseIdsByCode(Connection c, String communityId) throws SQLException {
        return CommunityPackStore.idsByCode(c, "houses", communityId);
    }

    /** The houses a resident belongs to, whatever the role. */
    public static List<Long> houseIds(Connection c, long residentId) throws SQLException {
        return Rows.longs(c, "SELECT house_id FROM resident_houses WHERE resident_id = ? ORDER BY house_id", residentId);
    }

    /** The houses of one building of a community. */
    public static List<Long> houseIdsInBuilding(Connection c, String communityId, String buildingCode)
            throws SQLException {
        return Rows.longs(c, """
                SELECT h.id FROM houses h JOIN buildings b ON b.id = h.building_id
                WHERE h.community_id = ? AND b.code = ? ORDER BY h.id""", communityId, buildingCode);
    }

    /** Someone who belongs to a house, and how (owner, tenant, family). */
    public record Member(long houseId, long residentId, String role) {
    }

    /** Everyone who belongs to these houses, by house and then resident id. */
    public static List<Member> members(Connection c, Collection<Long> houseIds) throws SQLException {
        List<Member> out = new ArrayList<>();
        if (houseIds.isEmpty()) {
            return out;
        }
        try (PreparedStatement s = c.prepareStatement(
                "SELECT house_id, resident_id, role FROM resident_houses WHERE house_id = ANY (?) ORDER BY house_id, resident_id")) {
            s.setArray(1, c.createArrayOf("bigint", houseIds.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Member(rs.getLong(1), rs.getLong(2), rs.getString(3)));
                }
            }
        }
        return out;
    }

    /** The resident's role in the house (owner, tenant, family), empty when they do not belong to it. */
    public static Optional<String> role(Connection c, long residentId, long houseId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT role FROM resident_houses WHERE resident_id = ? AND house_id = ?")) {
            s.setLong(1, residentId);
            s.setLong(2, houseId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static House house(ResultSet rs) throws SQLException {
        return new House(rs.getLong("id"), rs.getString("code"), rs.getString("building"));
    }

    private static Optional<Long> firstLong(Connection c, String sql, Object... args) throws SQLException {
        List<Long> all = Rows.longs(c, sql, args);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }
}
