package dev.guanjia.ticketing.history;

import dev.guanjia.community.pack.CommunityPack;
import dev.guanjia.ticketing.workorder.OpenWorkOrders;
import dev.guanjia.testkit.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkOrderHistoryTest {

    private DataSource db;

    @BeforeEach
    void community() throws SQLException {
        db = TestDatabase.fresh("community", "ticketing");
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO communities VALUES ('c1', '小区', '市', '路', '1', '2', '全天', now())");
            s.execute("INSERT INTO buildings (community_id, code, name, units, floors, elevators) "
                    + "VALUES ('c1', '1', '1幢', '{1}', 6, 0)");
            s.execute("INSERT INTO houses (community_id, code, building_id, unit, room, area_m2, house_type) "
                    + "SELECT 'c1', '1-1-101', id, '1', '101', " + new BigDecimal("80.00") + ", 'residential' FROM buildings");
            s.execute("INSERT INTO staff (community_id, code, name, role, skills, buildings, on_duty) "
                    + "VALUES ('c1', 's1', '师傅', 'technician', '{plumbing}', '{1}', true)");
        }
    }

    private static CommunityPack.WorkOrder order(String id, String status, String assignee, Integer rating) {
        OffsetDateTime created = OffsetDateTime.parse("2026-09-01T09:00:00+08:00");
        return new CommunityPack.WorkOrder(id, "1-1-101", "plumbing", "漏水", status, created,
                "closed".equals(status) ? created.plusHours(3) : null, assignee, rating, 1);
    }

    private void replace(List<CommunityPack.WorkOrder> orders) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            WorkOrderHistory.replace(c, "c1", orders);
            c.commit();
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void historyIsStoredWithATimelineAndCountsAsOpenOrNot() throws SQLException {
        replace(List.of(order("w1", "closed", "s1", 5), order("w2", "assigned", "s1", null),
                order("w3", "submitted", null, null)));
        assertEquals(3, count("SELECT count(*) FROM work_orders"));
        assertEquals(2, new OpenWorkOrders(db).count("c1"));
        // closed: submitted then closed; submitted: only the first event
        assertEquals(2, count("SELECT count(*) FROM work_order_events e JOIN work_orders w ON w.id = e.work_order_id "
                + "WHERE w.code = 'w1'"));
        assertEquals(1, count("SELECT count(*) FROM work_order_events e JOIN work_orders w ON w.id = e.work_order_id "
                + "WHERE w.code = 'w3'"));
        assertEquals(5, count("SELECT rating FROM work_orders WHERE code = 'w1'"));
    }

    @Test
    void reimportReplacesPackOrdersAndLeavesRuntimeOrdersAlone() throws SQLException {
        replace(List.of(order("w1", "closed", "s1", 5), order("w2", "assigned", "s1", null)));
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO work_orders (community_id, code, source, house_id, category, title, status) "
                    + "SELECT 'c1', 'R-1', 'runtime', id, 'plumbing', '新报修', 'submitted' FROM houses");
        }
        replace(List.of(order("w1", "closed", "s1", 4)));
        assertEquals(2, count("SELECT count(*) FROM work_orders"));
        assertEquals(4, count("SELECT rating FROM work_orders WHERE code = 'w1'"));
        assertEquals(1, count("SELECT count(*) FROM work_orders WHERE code = 'R-1'"));
        assertEquals(2, count("SELECT count(*) FROM work_order_events"), "re-import does not repeat the timeline");
    }

    @Test
    void aPackOrderMayNotTakeTheIdOfARuntimeOrder() throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO work_orders (community_id, code, source, house_id, category, title, status) "
                    + "SELECT 'c1', 'w9', 'runtime', id, 'plumbing', '新报修', 'submitted' FROM houses");
        }
        SQLException e = assertThrows(SQLException.class, () -> replace(List.of(order("w9", "submitted", null, null))));
        assertTrue(e.getMessage().contains("run-time order"));
    }
}
