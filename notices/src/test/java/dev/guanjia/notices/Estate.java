package dev.guanjia.notices;

import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.community.privacy.Resealing;
import dev.guanjia.testkit.TwoHouseholds;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * 测试苑 (c1) grown to three buildings: building 1 holds r1 (WeChat wx-owner) and r2 (phone only),
 * building 2 holds r3 (WeChat wx-b2), building 3 holds r4 (WeChat wx-b3).
 */
final class Estate {

    private Estate() {
    }

    static void insert(DataSource db, PersonalData personalData) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            TwoHouseholds.insert(c);
            s.execute("INSERT INTO buildings (community_id, code, name, units, floors, elevators) VALUES "
                    + "('c1', '2', '2幢', '{1}', 10, 1), ('c1', '3', '3幢', '{1}', 10, 1)");
            s.execute("""
                    INSERT INTO houses (community_id, code, building_id, unit, room, area_m2, house_type)
                    SELECT 'c1', v.code, b.id, '1', '101', 90.00, 'residential' FROM buildings b
                    JOIN (VALUES ('2-1-101', '2'), ('3-1-101', '3')) v(code, building) ON v.building = b.code""");
            s.execute("INSERT INTO residents (community_id, code, name, birth_year) VALUES "
                    + "('c1', 'r3', '二幢丙', 1985), ('c1', 'r4', '三幢丁', 1990)");
            s.execute("""
                    INSERT INTO resident_houses (resident_id, house_id, role)
                    SELECT r.id, h.id, 'owner' FROM residents r JOIN houses h
                    ON (r.code = 'r3' AND h.code = '2-1-101') OR (r.code = 'r4' AND h.code = '3-1-101')""");
            s.execute("""
                    INSERT INTO resident_identities (community_id, resident_id, kind, value, source)
                    SELECT 'c1', id, 'wechat_openid', v.value, 'bound' FROM residents r JOIN (VALUES
                    ('r3', 'wx-b2'), ('r4', 'wx-b3')) v(code, value) ON v.code = r.code""");
            Resealing.community(c, personalData);
        }
    }

    static long resident(DataSource db, String code) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT id FROM residents WHERE code = '" + code + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
