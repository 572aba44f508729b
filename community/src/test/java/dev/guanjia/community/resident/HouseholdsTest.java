package dev.guanjia.community.resident;

import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.community.staff.StaffDirectory;
import dev.guanjia.community.staff.StaffRoster;
import dev.guanjia.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The read methods other modules use instead of community's tables. */
class HouseholdsTest {

    private final DataSource db = TestDatabase.fresh("community");

    @Test
    void housesResidentsStaffAndSettingsAsOtherModulesAskForThem() throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO communities VALUES ('c1', '测试苑', '市', '路', '1', ' 96196 ', '全天', now())");
            s.execute("""
                    INSERT INTO buildings (community_id, code, name, units, floors, elevators) VALUES
                    ('c1', 'A1', 'A1幢', '{1}', 10, 1), ('c1', 'B2', 'B2幢', '{1}', 10, 1)""");
            s.execute("""
                    INSERT INTO houses (community_id, code, building_id, unit, room, area_m2, house_type)
                    SELECT 'c1', v.code, b.id, '1', '101', 90, 'residential'
                    FROM (VALUES ('A1', 'A1-1-101'), ('B2', 'B2-1-101')) v(b, code)
                    JOIN buildings b ON b.code = v.b""");
            s.execute("INSERT INTO residents (community_id, code, name) VALUES ('c1', 'r1', '甲'), ('c1', 'r2', '乙')");
            s.execute("""
                    INSERT INTO resident_houses SELECT r.id, h.id, v.role
                    FROM (VALUES ('r1', 'A1-1-101', 'owner'), ('r2', 'A1-1-101', 'tenant')) v(r, h, role)
                    JOIN residents r ON r.code = v.r JOIN houses h ON h.code = v.h""");
            s.execute("""
                    INSERT INTO staff (community_id, code, name, role, skills, buildings, on_duty) VALUES
                    ('c1', 't2', '师傅二', 'technician', '{plumbing}', '{A1}', true),
                    ('c1', 't1', '师傅一', 'technician', '{plumbing}', '{A1,B2}', true),
                    ('c1', 't3', '师傅三', 'technician', '{plumbing}', '{A1}', false),
                    ('c1', 'm1', '主管', 'supervisor', '{}', '{}', true),
                    ('c1', 'x1', '站长', 'admin', '{}', '{}', false)""");
            s.execute("INSERT INTO community_settings VALUES ('c1', 'dispatch.mode', 'grab')");

            Households.House a = Households.house(c, "c1", "A1-1-101").orElseThrow();
            assertEquals("A1", a.buildingCode());
            assertTrue(Households.house(c, "c1", "Z9-9-999").isEmpty());
            assertTrue(Households.house(c, "c2", "A1-1-101").isEmpty());
            long r1 = Households.residentId(c, "c1", "r1").orElseThrow();
            long r2 = Households.residentId(c, "c1", "r2").orElseThrow();
            assertEquals(Optional.of(Households.OWNER), Households.role(c, r1, a.id()));
            assertEquals(Optional.of("tenant"), Households.role(c, r2, a.id()));
            assertEquals(List.of(a.id()), Households.houseIds(c, r2));
            long b = Households.house(c, "c1", "B2-1-101").orElseThrow().id();
            assertTrue(Households.role(c, r1, b).isEmpty());
            assertEquals(List.of(b), Households.houseIdsInBuilding(c, "c1", "B2"));
            assertEquals(Map.of(a.id(), a), Households.houses(c, Set.of(a.id())));
            assertEquals(Map.of(), Households.houses(c, Set.of()));
            assertEquals(Set.of("A1-1-101", "B2-1-101"), Households.houseIdsByCode(c, "c1").keySet());
            assertEquals(List.of(new Households.Member(a.id(), r1, "owner"), new Households.Member(a.id(), r2, "tenant")),
                    Households.members(c, Set.of(a.id(), b)), "B2-1-101 has nobody");
            assertEquals(List.of(), Households.members(c, Set.of()));

            Map<String, Long> staff = StaffRoster.idsByCode(c, "c1");
            // on duty, skilled, covering the building; by pack id
            assertEquals(List.of(staff.get("t1"), staff.get("t2")), StaffRoster.onDutyTechnicians(c, "c1", "plumbing", "A1"));
            assertEquals(List.of(staff.get("t1")), StaffRoster.onDutyTechnicians(c, "c1", "plumbing", "B2"));
            assertEquals(2, StaffRoster.onDutyTechnicians(c, "c1", "plumbing", null).size(), "t3 is off duty");
            assertTrue(StaffRoster.qualifies(c, staff.get("t3"), "plumbing", "A1"), "qualified even off duty");
            assertFalse(StaffRoster.qualifies(c, staff.get("t2"), "plumbing", "B2"));
            assertFalse(StaffRoster.qualifies(c, staff.get("m1"), "plumbing", null));
            assertEquals(Set.of(staff.get("m1"), staff.get("x1")), Set.copyOf(StaffRoster.supervisors(c, "c1")));
            assertEquals("师傅一", StaffDirectory.byIds(c, List.of(staff.get("t1"))).get(staff.get("t1")).name());
            assertEquals(Optional.of(staff.get("t2")), StaffRoster.idByCode(c, "c1", "t2"));

            assertEquals("96196", CommunityDirectory.emergencyPhone(c, "c1"));
            assertEquals("", CommunityDirectory.emergencyPhone(c, "nowhere"));
            assertEquals(Optional.of("grab"), CommunityDirectory.setting(c, "c1", "dispatch.mode"));
            assertTrue(CommunityDirectory.setting(c, "c1", "unknown").isEmpty());
        }
    }
}
