package dev.guanjia.ticketing;

import dev.guanjia.community.session.Caller;
import dev.guanjia.testkit.MutableClock;
import dev.guanjia.testkit.TestDatabase;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/**
 * A small community for ticketing tests: two buildings, three households, technicians with
 * different skills, coverage and duty, an agent and a supervisor.
 */
public final class Estate {

    public final DataSource db = TestDatabase.fresh("community", "ticketing");
    public final MutableClock clock = new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));

    public Estate() {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO communities VALUES ('c1', '测试苑', '市', '路', '1', '2', '全天', now())");
            s.execute("INSERT INTO communities VALUES ('c2', '别的苑', '市', '路', '1', '2', '全天', now())");
            s.execute("""
                    INSERT INTO buildings (community_id, code, name, units, floors, elevators) VALUES
                    ('c1', '1', '1幢', '{1}', 10, 1), ('c1', '2', '2幢', '{1}', 10, 1), ('c2', '1', '1幢', '{1}', 5, 0)""");
            s.execute("""
                    INSERT INTO houses (community_id, code, building_id, unit, room, area_m2, house_type)
                    SELECT b.community_id, v.code, b.id, '1', v.room, 90, 'residential'
                    FROM (VALUES ('c1', '1', '1-1-101', '101'), ('c1', '2', '2-1-201', '201'),
                                 ('c1', '1', '1-1-301', '301'), ('c2', '1', '1-1-101', '101')) v(cid, b, code, room)
                    JOIN buildings b ON b.community_id = v.cid AND b.code = v.b""");
            s.execute("""
                    INSERT INTO residents (community_id, code, name, birth_year) VALUES
                    ('c1', 'ra', '住户甲', 1960), ('c1', 'ra2', '甲的家人', 1990), ('c1', 'rb', '住户乙', 1970),
                    ('c2', 'rx', '别处住户', 1980)""");
            s.execute("""
                    INSERT INTO resident_houses (resident_id, house_id, role)
                    SELECT r.id, h.id, v.role FROM (VALUES ('c1', 'ra', '1-1-101', 'owner'),
                        ('c1', 'ra2', '1-1-101', 'family'), ('c1', 'rb', '2-1-201', 'owner'),
                        ('c2', 'rx', '1-1-101', 'owner')) v(cid, r, h, role)
                    JOIN residents r ON r.community_id = v.cid AND r.code = v.r
                    JOIN houses h ON h.community_id = v.cid AND h.code = v.h""");
            s.execute("""
                    INSERT INTO staff (community_id, code, name, role, skills, buildings, on_duty) VALUES
                    ('c1', 't1', '师傅一', 'technician', '{plumbing,electrical}', '{1}', true),
                    ('c1', 't2', '师傅二', 'technician', '{plumbing}', '{1,2}', true),
                    ('c1', 't3', '师傅三', 'technician', '{elevator}', '{1,2}', false),
                    ('c1', 'a1', '客服', 'agent', '{}', '{}', false),
                    ('c1', 'm1', '主管', 'supervisor', '{}', '{}', true),
                    ('c2', 'tx', '别处师傅', 'technician', '{plumbing}', '{1}', true)""");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Caller resident(String code) {
        return caller("residents", Caller.Kind.RESIDENT, code, "resident");
    }

    public Caller staff(String code) {
        return caller("staff", Caller.Kind.STAFF, code, null);
    }

    private Caller caller(String table, Caller.Kind kind, String code, String role) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT id, community_id, name" + (role == null ? ", role" : "") + " FROM " + table
                        + " WHERE code = ?")) {
            s.setString(1, code);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Caller(rs.getString(2), kind, rs.getLong(1), role == null ? rs.getString(4) : role, code,
                        rs.getString(3));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public long count(String sql) {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void execute(String sql) {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
