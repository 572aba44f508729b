package dev.guanjia.ticketing.sla;

import dev.guanjia.community.session.Caller;
import dev.guanjia.ticketing.Estate;
import dev.guanjia.ticketing.workorder.Priority;
import dev.guanjia.ticketing.workorder.WorkOrder;
import dev.guanjia.ticketing.workorder.WorkOrders;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlaMonitorTest {

    private final Estate estate = new Estate();
    private final WorkOrders orders = new WorkOrders(estate.db, estate.clock);
    private final SlaMonitor monitor = new SlaMonitor(estate.db, estate.clock);

    @Test
    void overdueOrdersAreMarkedOnceAndEscalated() throws Exception {
        Caller ra = estate.resident("ra");
        // an elevator fault: the only elevator technician is off duty, so it waits unassigned
        WorkOrder w = orders.create(ra, new WorkOrders.NewOrder("1-1-101", null, "web", null, "电梯按钮失灵", null,
                null, null, null, List.of(), null));
        assertEquals(Priority.NORMAL, w.priority());
        assertEquals(w.createdAt().plus(SlaPolicy.defaults(Priority.NORMAL).response()), w.responseDue());
        assertEquals(0, monitor.sweep());
        estate.clock.advance(Duration.ofHours(2).plusMinutes(1));
        assertEquals(1, monitor.sweep());
        assertEquals(0, monitor.sweep(), "a breach is marked once");
        WorkOrder seen = orders.find(estate.staff("m1"), w.code()).orElseThrow();
        assertEquals(List.of("response"), seen.overdue());
        assertEquals(1, orders.list(estate.staff("m1"), new WorkOrders.Filter(null, null, null, true, false, 10))
                .size());
        assertTrue(orders.timeline(ra, w.code()).stream().anyMatch(e -> e.actor().equals("system:sla")));
        assertEquals(1, estate.count("SELECT count(*) FROM outbox o JOIN staff s ON s.id = o.target_id "
                + "WHERE s.code = 'm1' AND o.message LIKE '%响应超时%'"));
        estate.clock.advance(Duration.ofHours(23));
        assertEquals(1, monitor.sweep(), "then the start deadline");
    }

    @Test
    void aCommunityCanSetItsOwnDeadlines() throws Exception {
        SlaPolicy.override(estate.db, "c1", "plumbing", Priority.HIGH,
                new SlaPolicy.Deadlines(Duration.ofMinutes(10), Duration.ofMinutes(60), Duration.ofHours(8)));
        WorkOrder w = orders.create(estate.resident("ra"), new WorkOrders.NewOrder("1-1-101", null, "web", null,
                "卫生间漏水到楼下了", null, null, null, null, List.of(), null));
        assertEquals(Priority.HIGH, w.priority());
        assertEquals(w.createdAt().plusMinutes(10), w.responseDue());
        assertEquals(w.createdAt().plusHours(8), w.resolveDue());
        // assigned at once, so the response deadline cannot breach; the start one can
        estate.clock.advance(Duration.ofMinutes(61));
        assertEquals(1, monitor.sweep());
        assertEquals(List.of("start"), orders.find(estate.staff("m1"), w.code()).orElseThrow().overdue());
    }
}
