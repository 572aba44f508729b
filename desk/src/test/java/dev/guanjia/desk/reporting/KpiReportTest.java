package dev.guanjia.desk.reporting;

import dev.guanjia.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The figures on a data set small enough to count by hand (the expected values are worked out below). */
class KpiReportTest {

    private final DataSource db = TestDatabase.fresh("community", "knowledge", "ticketing", "desk", "bot");
    private static final String T0 = "TIMESTAMPTZ '2026-11-20 02:00:00+00'"; // 10:00 in Shanghai

    private static String at(int seconds) {
        return "(" + T0 + " + interval '" + seconds + " seconds')";
    }

    @Test
    void figuresMatchAHandCountedPeriod() throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO communities VALUES ('c1', '测试苑', '市', '路', '1', '2', '全天', now())");
            s.execute("INSERT INTO buildings (community_id, code, name, units, floors, elevators) VALUES "
                    + "('c1', '1', '1幢', '{1}', 6, 0), ('c1', '2', '2幢', '{1}', 6, 0)");
            s.execute("""
                    INSERT INTO houses (community_id, code, building_id, unit, room, area_m2, house_type)
                    SELECT 'c1', b.code || '-1-101', b.id, '1', '101', 90, 'residential' FROM buildings b""");
            s.execute("INSERT INTO residents (community_id, code, name) VALUES ('c1', 'r2', '二幢住户')");
            s.execute("INSERT INTO resident_houses (resident_id, house_id, role) SELECT r.id, h.id, 'owner' "
                    + "FROM residents r, houses h WHERE h.code = '2-1-101'");
            // conversations: A contained (bill), B handed off (repair, csat 4), C callback (bill),
            // D greeting only (not counted), E complaint from building 2 (breached wait, csat 2), OLD outside
            s.execute("INSERT INTO conversations (id, community_id, channel, channel_user, started_at, intent, "
                    + "handed_off, queued_at, claimed_at, first_agent_reply_at, returned_at, csat, handoff_reason, "
                    + "wait_breached_at, resident_id, state) VALUES "
                    + "('00000000-0000-0000-0000-00000000000a', 'c1', 'web', 'u', " + at(0) + ", 'bill', false, null, null, null, null, null, null, null, null, 'bot'), "
                    + "('00000000-0000-0000-0000-00000000000b', 'c1', 'web', 'u', " + at(0) + ", 'repair', true, " + at(10) + ", " + at(70) + ", " + at(100) + ", " + at(200) + ", 4, 'resident asked for a person', null, null, 'bot'), "
                    + "('00000000-0000-0000-0000-00000000000c', 'c1', 'web', 'u', " + at(0) + ", 'bill', false, null, null, null, null, null, null, null, null, 'bot'), "
                    + "('00000000-0000-0000-0000-00000000000d', 'c1', 'web', 'u', " + at(0) + ", 'greeting', false, null, null, null, null, null, null, null, null, 'bot'), "
                    + "('00000000-0000-0000-0000-00000000000e', 'c1', 'wechat', 'u', " + at(0) + ", 'complaint', true, " + at(0) + ", " + at(600) + ", null, null, 2, 'complaint', " + at(400) + ", (SELECT id FROM residents WHERE code = 'r2'), 'human'), "
                    + "('00000000-0000-0000-0000-0000000000ff', 'c1', 'web', 'u', " + at(-86400 * 30) + ", 'bill', false, null, null, null, null, 5, null, null, null, 'closed')");
            s.execute("INSERT INTO messages (conversation_id, at, direction, author, body) VALUES "
                    + "('00000000-0000-0000-0000-00000000000a', " + at(0) + ", 'in', 'resident', 'q'), "
                    + "('00000000-0000-0000-0000-00000000000a', " + at(2) + ", 'out', 'bot', 'a'), "
                    + "('00000000-0000-0000-0000-00000000000a', " + at(60) + ", 'in', 'resident', 'q'), "
                    + "('00000000-0000-0000-0000-00000000000a', " + at(61) + ", 'out', 'bot', 'a'), "
                    + "('00000000-0000-0000-0000-00000000000b', " + at(0) + ", 'in', 'resident', 'q'), "
                    + "('00000000-0000-0000-0000-00000000000b', " + at(3) + ", 'out', 'bot', 'a'), "
                    + "('00000000-0000-0000-0000-00000000000c', " + at(0) + ", 'in', 'resident', 'q'), "
                    + "('00000000-0000-0000-0000-00000000000c', " + at(1) + ", 'out', 'bot', 'a'), "
                    + "('00000000-0000-0000-0000-00000000000d', " + at(0) + ", 'in', 'resident', '你好'), "
                    + "('00000000-0000-0000-0000-00000000000e', " + at(0) + ", 'in', 'resident', 'q'), "
                    + "('00000000-0000-0000-0000-00000000000e', " + at(5) + ", 'out', 'bot', 'a'), "
                    + "('00000000-0000-0000-0000-0000000000ff', " + at(-86400 * 30) + ", 'in', 'resident', 'old')");
            s.execute("INSERT INTO callbacks (community_id, conversation_id, channel, contact, request) VALUES "
                    + "('c1', '00000000-0000-0000-0000-00000000000c', 'web', 'u', '回电')");
            // work orders: w1 plumbing b1 done in 2 h (rated 5), w2 plumbing b1 open, w3 complaint b2 done in 4 h,
            // w4 cancelled (not counted)
            s.execute("INSERT INTO work_orders (community_id, code, source, house_id, category, title, status, "
                    + "created_at, rating, response_due, response_breached, start_due, start_breached, resolve_due, "
                    + "resolve_breached) VALUES "
                    + "('c1', 'w1', 'runtime', (SELECT id FROM houses WHERE code = '1-1-101'), 'plumbing', 't', 'closed', " + at(0) + ", 5, " + at(600) + ", false, " + at(3600) + ", true, " + at(86400) + ", false), "
                    + "('c1', 'w2', 'runtime', (SELECT id FROM houses WHERE code = '1-1-101'), 'plumbing', 't', 'assigned', " + at(0) + ", null, " + at(600) + ", true, null, false, null, false), "
                    + "('c1', 'w3', 'runtime', (SELECT id FROM houses WHERE code = '2-1-101'), 'complaint', 't', 'pending_acceptance', " + at(0) + ", null, " + at(600) + ", false, null, false, null, false), "
                    + "('c1', 'w4', 'runtime', (SELECT id FROM houses WHERE code = '2-1-101'), 'plumbing', 't', 'cancelled', " + at(0) + ", null, null, false, null, false, null, false)");
            s.execute("INSERT INTO work_order_events (work_order_id, at, actor, from_status, to_status) "
                    + "SELECT id, " + at(7200) + ", 'staff:t1', 'in_progress', 'pending_acceptance' FROM work_orders WHERE code = 'w1' "
                    + "UNION ALL SELECT id, " + at(9000) + ", 'resident:r1', 'pending_acceptance', 'closed' FROM work_orders WHERE code = 'w1' "
                    + "UNION ALL SELECT id, " + at(14400) + ", 'staff:t1', 'in_progress', 'pending_acceptance' FROM work_orders WHERE code = 'w3'");
        }
        Kpis k = new KpiReport(db, community -> ZoneId.of("Asia/Shanghai"), new dev.guanjia.community.resident.ResidentDirectory(db,
                dev.guanjia.community.privacy.PersonalData.ephemeral())).compute("c1",
                Instant.parse("2026-11-19T16:00:00Z"), Instant.parse("2026-11-26T16:00:00Z"));

        assertEquals(new Kpis.Conversations(4, 2, 1, 0.25, 0.5, 1), k.conversations());
        assertEquals(List.of(new Kpis.IntentContainment("bill", "账单查询", 2, 1, 0.5),
                new Kpis.IntentContainment("complaint", "投诉", 1, 0, 0.0),
                new Kpis.IntentContainment("repair", "报修", 1, 0, 0.0)), k.containmentByIntent());
        // replies after 2, 1, 3, 1, 5 seconds: median 2, 90th percentile 3 + 0.6 × (5 − 3)
        assertEquals(5, k.botFirstResponse().count());
        assertEquals(2.4, k.botFirstResponse().mean(), 1e-9);
        assertEquals(2.0, k.botFirstResponse().p50(), 1e-9);
        assertEquals(4.2, k.botFirstResponse().p90(), 1e-9);
        assertEquals(new Kpis.Seconds(1, 90.0, 90.0, 90.0), k.agentFirstResponse());
        assertEquals(2, k.handoffWait().count());
        assertEquals(330.0, k.handoffWait().mean(), 1e-9);
        assertEquals(1, k.waitsBreached());

        assertEquals(3, k.workOrders().created());
        assertEquals(2, k.workOrders().completed());
        assertEquals(2.0 / 3, k.workOrders().completionRate(), 1e-9);
        assertEquals(3.0, k.workOrders().meanHoursToComplete(), 1e-9);
        assertEquals(List.of(new Kpis.CategoryOrders("plumbing", "水暖", 2, 1, 0.5, 2.0),
                new Kpis.CategoryOrders("complaint", "投诉", 1, 1, 1.0, 4.0)), k.ordersByCategory());
        assertEquals(List.of(new Kpis.SlaStage("response", "响应", 3, 2, 2.0 / 3),
                new Kpis.SlaStage("start", "上门/开工", 1, 0, 0.0),
                new Kpis.SlaStage("resolve", "完成", 1, 1, 1.0)), k.sla());
        assertEquals(new Kpis.Satisfaction(2, 3.0, 1, 5.0), k.satisfaction());
        assertEquals(List.of(new Kpis.HotSpot("1", "plumbing", "水暖", 2), new Kpis.HotSpot("2", "complaint", "投诉", 2)),
                k.hotSpots());
        int[] hours = new int[24];
        hours[10] = 6;
        assertArrayEquals(hours, k.messagesByHour());
    }
}
