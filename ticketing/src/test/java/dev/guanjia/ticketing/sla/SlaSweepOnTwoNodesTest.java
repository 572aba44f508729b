package dev.guanjia.ticketing.sla;

import dev.guanjia.community.session.Caller;
import dev.guanjia.ticketing.Estate;
import dev.guanjia.ticketing.workorder.WorkOrders;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two monitors on one database stand for two nodes sweeping in the same second: each breach is
 * marked, written to the timeline and sent to supervisors once. A round that loses a deadlock is
 * rolled back whole and its work done by the next round.
 */
class SlaSweepOnTwoNodesTest {

    private final Estate estate = new Estate();

    @Test
    void twoNodesSweepingAtOnceEscalateEachBreachOnce() throws Exception {
        WorkOrders orders = new WorkOrders(estate.db, estate.clock);
        Caller ra = estate.resident("ra");
        int n = 12;
        for (int i = 0; i < n; i++) {
            if (i % 4 == 3) {
                // a resident may report a few orders an hour
                estate.clock.advance(Duration.ofMinutes(61));
            }
            orders.create(ra, new WorkOrders.NewOrder("1-1-101", null, "web", null, "楼道扶手松了 " + i, null,
                    null, null, null, List.of(), null));
        }
        estate.clock.advance(Duration.ofHours(2).plusMinutes(1));
        assertEquals(0, estate.count("SELECT count(*) FROM work_orders WHERE response_breached"));
        SlaMonitor nodeA = new SlaMonitor(estate.db, estate.clock);
        SlaMonitor nodeB = new SlaMonitor(estate.db, estate.clock);
        int marked = 0;
        int rolledBack = 0;
        CyclicBarrier together = new CyclicBarrier(2);
        List<Future<Integer>> rounds = new ArrayList<>();
        try (ExecutorService nodes = Executors.newFixedThreadPool(2)) {
            for (SlaMonitor node : List.of(nodeA, nodeB)) {
                rounds.add(nodes.submit(() -> {
                    together.await();
                    return node.sweep();
                }));
            }
        }
        for (Future<Integer> round : rounds) {
            try {
                marked += round.get();
            } catch (ExecutionException deadlocked) {
                rolledBack++;
            }
        }
        marked += nodeA.sweep();
        assertEquals(n, marked, "each breach counted by one node (" + rolledBack + " round(s) rolled back)");
        assertEquals(0, nodeB.sweep());
        assertEquals(n, estate.count("SELECT count(*) FROM work_order_events WHERE actor = 'system:sla'"),
                "one escalation per breach in the timeline");
        assertEquals(n, estate.count("SELECT count(*) FROM outbox o JOIN staff s ON s.id = o.target_id "
                + "WHERE s.code = 'm1' AND o.message LIKE '%响应超时%'"), "one notice per breach per supervisor");
    }
}
