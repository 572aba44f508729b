package dev.guanjia.testkit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A small community the agent and phone tests share: 测试苑 (c1) with two houses, an elderly owner
 * r1 (born 1950; phone 13700000001, WeChat wx-owner; unpaid bill 600.00) and a neighbour r2 (born
 * 1980; phone 13700000002; unpaid bill 480.00), a technician t1 and an agent a1. Identities are
 * written in the clear: callers seal them with the module's own keys afterwards.
 */
public final class TwoHouseholds {

    public static final String OWNER_PHONE = "13700000001";
    public static final String NEIGHBOUR_PHONE = "13700000002";

    private TwoHouseholds() {
    }

    public static void insert(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO communities VALUES ('c1', '测试苑', '市', '路', '0512-1234 5678', '0512-1234 9999', "
                    + "'每天 8:00-18:00', now())");
            s.execute("INSERT INTO buildings (community_id, code, name, units, floors, elevators) "
                    + "VALUES ('c1', '1', '1幢', '{1}', 10, 1)");
            s.execute("""
                    INSERT INTO houses (community_id, code, building_id, unit, room, area_m2, house_type)
                    SELECT 'c1', v.code, b.id, '1', v.room, v.area, 'residential' FROM buildings b,
                    (VALUES ('1-1-101', '101', 100.00), ('1-1-102', '102', 80.00)) v(code, room, area)""");
            s.execute("INSERT INTO residents (community_id, code, name, birth_year) VALUES "
                    + "('c1', 'r1', '业主甲', 1950), ('c1', 'r2', '邻居乙', 1980)");
            s.execute("""
                    INSERT INTO resident_houses (resident_id, house_id, role)
                    SELECT r.id, h.id, 'owner' FROM residents r JOIN houses h
                    ON (r.code = 'r1' AND h.code = '1-1-101') OR (r.code = 'r2' AND h.code = '1-1-102')""");
            s.execute("""
                    INSERT INTO resident_identities (community_id, resident_id, kind, value, source)
                    SELECT 'c1', id, v.kind, v.value, 'pack' FROM residents r JOIN (VALUES
                    ('r1', 'wechat_openid', 'wx-owner'), ('r1', 'phone', '13700000001'),
                    ('r2', 'phone', '13700000002')) v(code, kind, value) ON v.code = r.code""");
            s.execute("INSERT INTO staff (community_id, code, name, role, skills, buildings, on_duty) VALUES "
                    + "('c1', 't1', '王师傅', 'technician', '{plumbing,electrical}', '{1}', true), "
                    + "('c1', 'a1', '客服小李', 'agent', '{}', '{}', true)");
            s.execute("INSERT INTO fee_items (community_id, code, name, unit_price, unit, basis, cycle) VALUES "
                    + "('c1', 'property', '物业服务费', 2.00, '元/平方米/月', 'area', 'quarterly')");
            s.execute("""
                    INSERT INTO bills (community_id, code, house_id, fee_item_id, period, amount, due, status)
                    SELECT 'c1', v.code, h.id, f.id, v.period, v.amount, DATE '2026-12-31', 'unpaid'
                    FROM (VALUES ('b1', '1-1-101', '2026-Q4', 600.00), ('b2', '1-1-102', '2026-Q4', 480.00)) v(code, house, period, amount)
                    JOIN houses h ON h.code = v.house JOIN fee_items f ON f.code = 'property'""");
        }
    }
}
