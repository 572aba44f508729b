package dev.guanjia.community.pack;

import dev.guanjia.community.privacy.PersonalData;

import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a validated community pack in place, on the caller's connection and transaction: rows are
 * matched by their pack id, updated or added, and rows the pack no longer lists are removed. Rows
 * keep their database ids, so work orders and conversations created at run time stay attached.
 */
public final class CommunityPackStore {

    private final Connection c;
    private final String communityId;
    private final PersonalData personalData;

    private CommunityPackStore(Connection c, String communityId, PersonalData personalData) {
        this.c = c;
        this.communityId = communityId;
        this.personalData = personalData;
    }

    /** Stores the pack under communityId (the pack's own id unless the operator chose another). */
    public static void replace(Connection c, CommunityPack pack, String communityId, PersonalData personalData)
            throws SQLException {
        new CommunityPackStore(c, communityId, personalData).replace(pack);
    }

    private void replace(CommunityPack p) throws SQLException {
        CommunityPack.Community k = p.community();
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO communities (id, name, city, address, service_phone, emergency_phone, office_hours,
                                         time_zone)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, city = excluded.city,
                    address = excluded.address, service_phone = excluded.service_phone,
                    emergency_phone = excluded.emergency_phone, office_hours = excluded.office_hours,
                    time_zone = excluded.time_zone, imported_at = now()""")) {
            set(s, communityId, k.name(), k.city(), k.address(), k.servicePhone(), k.emergencyPhone(),
                    k.officeHours(), (k.timeZone() == null ? CommunityPack.DEFAULT_ZONE : k.timeZone()).getId());
            s.executeUpdate();
        }
        upsert("""
                INSERT INTO buildings (community_id, code, name, units, floors, elevators) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (community_id, code) DO UPDATE SET name = excluded.name, units = excluded.units,
                    floors = excluded.floors, elevators = excluded.elevators""",
                p.buildings(), b -> new Object[]{communityId, b.id(), b.name(), textArray(b.units()), b.floors(),
                        b.elevators()});
        Map<String, Long> buildingIds = ids("buildings");
        upsert("""
                INSERT INTO houses (community_id, code, building_id, unit, room, area_m2, house_type)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (community_id, code) DO UPDATE SET building_id = excluded.building_id,
                    unit = excluded.unit, room = excluded.room, area_m2 = excluded.area_m2,
                    house_type = excluded.house_type""",
                p.houses(), h -> new Object[]{communityId, h.id(), buildingIds.get(h.building()), h.unit(), h.room(),
                        h.areaM2(), h.type()});
        Map<String, Long> houseIds = ids("houses");
        upsert("""
                INSERT INTO residents (community_id, code, name, birth_year) VALUES (?, ?, ?, ?)
                ON CONFLICT (community_id, code) DO UPDATE SET name = excluded.name,
                    birth_year = excluded.birth_year""",
                p.residents(), r -> new Object[]{communityId, r.id(), personalData.seal(r.name()),
                        r.birthYear()});
        Map<String, Long> residentIds = ids("residents");
        replaceResidentLinks(p.residents(), residentIds, houseIds);
        upsert("""
                INSERT INTO staff (community_id, code, name, role, skills, buildings, on_duty, phone)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (community_id, code) DO UPDATE SET name = excluded.name, role = excluded.role,
                    skills = excluded.skills, buildings = excluded.buildings, on_duty = excluded.on_duty,
                    phone = excluded.phone, source = 'pack'""",
                p.staff(), s -> new Object[]{communityId, s.id(), s.name(), s.role(), textArray(s.skills()),
                        textArray(s.buildings()), Boolean.TRUE.equals(s.onDuty()), personalData.seal(s.phone())});
        upsert("""
                INSERT INTO fee_items (community_id, code, name, unit_price, unit, basis, cycle)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (community_id, code) DO UPDATE SET name = excluded.name,
                    unit_price = excluded.unit_price, unit = excluded.unit, basis = excluded.basis,
                    cycle = excluded.cycle""",
                p.feeItems(), f -> new Object[]{communityId, f.code(), f.name(), f.unitPrice(), f.unit(), f.basis(),
                        f.cycle()});
        Map<String, Long> feeIds = ids("fee_items");
        upsert("""
                INSERT INTO bills (community_id, code, house_id, fee_item_id, period, amount, due, status, paid_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (community_id, code) DO UPDATE SET house_id = excluded.house_id,
                    fee_item_id = excluded.fee_item_id, period = excluded.period, amount = excluded.amount,
                    due = excluded.due, status = excluded.status, paid_at = excluded.paid_at""",
                p.bills(), b -> new Object[]{communityId, b.id(), houseIds.get(b.house()), feeIds.get(b.item()),
                        b.period(), b.amount(), Date.valueOf(b.due()), b.status(),
                        b.paidAt() == null ? null : Date.valueOf(b.paidAt())});

        // Children first, so nothing still points at a parent being removed.
        // bills Guanjia charged itself (booking fees) are not the pack's to remove
        removeMissing("bills", p.bills().stream().map(CommunityPack.Bill::id).toList(), "origin = 'pack'");
        removeMissing("fee_items", p.feeItems().stream().map(CommunityPack.FeeItem::code).toList(), "origin = 'pack'");
        removeMissing("staff", p.staff().stream().map(CommunityPack.Staff::id).toList(), "source = 'pack'");
        removeMissing("residents", p.residents().stream().map(CommunityPack.Resident::id).toList());
        removeMissing("houses", p.houses().stream().map(CommunityPack.House::id).toList());
        removeMissing("buildings", p.buildings().stream().map(CommunityPack.Building::id).toList());
    }

    private void replaceResidentLinks(List<CommunityPack.Resident> residents, Map<String, Long> residentIds,
                                      Map<String, Long> houseIds) throws SQLException {
        try (PreparedStatement del = c.prepareStatement(
                "DELETE FROM resident_houses WHERE resident_id IN (SELECT id FROM residents WHERE community_id = ?)");
             PreparedStatement delIds = c.prepareStatement(
                     "DELETE FROM resident_identities WHERE community_id = ? AND source = 'pack'")) {
            del.setString(1, communityId);
            del.executeUpdate();
            delIds.setString(1, communityId);
            delIds.executeUpdate();
        }
        try (PreparedStatement link = c.prepareStatement(
                "INSERT INTO resident_houses (resident_id, house_id, role) VALUES (?, ?, ?)");
             PreparedStatement identity = c.prepareStatement("""
                     INSERT INTO resident_identities (community_id, resident_id, kind, value, value_hash, source)
                     SELECT ?, ?, ?, ?, ?, 'pack'
                     WHERE NOT EXISTS (SELECT 1 FROM withdrawn_identities w   -- withdrawn by the resident's erasure
                                       WHERE w.community_id = ? AND w.kind = ? AND w.value_hash = ?)
                     ON CONFLICT (community_id, kind, value_hash) DO UPDATE SET resident_id = excluded.resident_id,
                         value = excluded.value, source = 'pack'""")) {
            for (CommunityPack.Resident r : residents) {
                long rid = residentIds.get(r.id());
                for (String h : r.houses()) {
                    link.setLong(1, rid);
                    link.setLong(2, houseIds.get(h));
                    link.setString(3, r.role());
                    link.addBatch();
                }
                addIdentity(identity, rid, "phone", r.phone());
                addIdentity(identity, rid, "wechat_openid", r.wechatOpenid());
            }
            link.executeBatch();
            identity.executeBatch();
        }
    }

    private void addIdentity(PreparedStatement s, long residentId, String kind, String value) throws SQLException {
        if (value == null) {
            return;
        }
        String hash = personalData.lookup(kind, value);
        set(s, communityId, residentId, kind, personalData.seal(value), hash, communityId, kind, hash);
        s.addBatch();
    }

    private <T> void upsert(String sql, List<T> rows, RowValues<T> values) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int n = 0;
            for (T row : rows) {
                set(s, values.of(row));
                s.addBatch();
                if (++n % 2000 == 0) {
                    s.executeBatch();
                }
            }
            s.executeBatch();
        }
    }

    private Map<String, Long> ids(String table) throws SQLException {
        return idsByCode(c, table, communityId);
    }

    /** Database id of every row of a community's table, by the id the pack gave it. */
    public static Map<String, Long> idsByCode(Connection c, String table, String communityId) throws SQLException {
        Map<String, Long> ids = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT code, id FROM " + table + " WHERE community_id = ?")) {
            s.setString(1, communityId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return ids;
    }

    private void removeMissing(String table, List<String> keep) throws SQLException {
        removeMissing(table, keep, "true");
    }

    /** Deletes the rows of this community not in the pack, among those matching a condition. */
    private void removeMissing(String table, List<String> keep, String among) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                // an anti-join, not "code <> ALL(array)": that compares every row with every kept code
                "DELETE FROM " + table + " t WHERE community_id = ? AND " + among + " AND NOT EXISTS "
                        + "(SELECT 1 FROM unnest(?::text[]) AS k(code) WHERE k.code = t.code)")) {
            s.setString(1, communityId);
            s.setArray(2, textArray(keep));
            s.executeUpdate();
        }
    }

    private Array textArray(List<String> values) throws SQLException {
        return c.createArrayOf("text", (values == null ? List.<String>of() : values).toArray());
    }

    private static void set(PreparedStatement s, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                s.setNull(i + 1, Types.NULL);
            } else {
                s.setObject(i + 1, values[i]);
            }
        }
    }

    /** Column values of one row, in the statement's order. */
    private interface RowValues<T> {
        Object[] of(T row) throws SQLException;
    }
}
