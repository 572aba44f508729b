package dev.guanjia.ticketing.outbox;

import dev.guanjia.ticketing.Estate;
import dev.guanjia.ticketing.workorder.WorkOrders;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboxDeliveryTest {

    private final Estate estate = new Estate();
    // twenty orders from one resident make the volume here; the creation limit is WorkOrdersTest's
    private final WorkOrders orders = new WorkOrders(estate.db, estate.clock).withoutCreationLimit();

    private void report(String text) {
        orders.create(estate.resident("ra"), new WorkOrders.NewOrder("1-1-101", null, "web", null, text, null, null,
                null, null, List.of(), null));
    }

    @Test
    void noticesAreWrittenWithTheChangeOrNotAtAll() {
        report("水管漏水");
        long notices = estate.count("SELECT count(*) FROM outbox");
        assertTrue(notices >= 2, "the resident and the assigned technician");
        try {
            orders.create(estate.resident("ra"), new WorkOrders.NewOrder("9-9-999", null, "web", null, "水管漏水",
                    null, null, null, null, List.of(), null));
        } catch (RuntimeException expected) {
            // unknown house: nothing of it may remain
        }
        assertEquals(notices, estate.count("SELECT count(*) FROM outbox"));
        assertEquals(1, estate.count("SELECT count(*) FROM work_orders"));
    }

    @Test
    void theBacklogCountsUndeliveredNoticesAndTheOldestOnesAge() throws Exception {
        assertEquals(new OutboxDelivery.Backlog(0, 0), OutboxDelivery.backlog(estate.db));
        report("水管漏水");
        long total = estate.count("SELECT count(*) FROM outbox");
        try (java.sql.Connection c = estate.db.getConnection(); java.sql.Statement s = c.createStatement()) {
            s.execute("UPDATE outbox SET created_at = now() - interval '10 minutes'");
        }
        OutboxDelivery.Backlog waiting = OutboxDelivery.backlog(estate.db);
        assertEquals(total, waiting.waiting());
        assertTrue(waiting.oldestSeconds() >= 600 && waiting.oldestSeconds() < 3600, waiting::toString);
        new OutboxDelivery(estate.db, n -> { }, estate.clock).deliverDue(100);
        assertEquals(new OutboxDelivery.Backlog(0, 0), OutboxDelivery.backlog(estate.db));
    }

    @Test
    void aFailingSenderIsRetriedWithBackOffAndEachNoticeDeliveredOnce() throws Exception {
        report("水管漏水");
        long total = estate.count("SELECT count(*) FROM outbox");
        AtomicBoolean down = new AtomicBoolean(true);
        Map<Long, AtomicInteger> sent = new ConcurrentHashMap<>();
        NotificationSender sender = n -> {
            if (down.get()) {
                throw new IllegalStateException("channel unreachable");
            }
            sent.computeIfAbsent(n.id(), k -> new AtomicInteger()).incrementAndGet();
        };
        OutboxDelivery delivery = new OutboxDelivery(estate.db, sender, estate.clock);
        assertEquals(0, delivery.deliverDue(100));
        assertEquals(total, estate.count("SELECT count(*) FROM outbox WHERE attempts = 1 AND last_error IS NOT NULL"));
        down.set(false);
        assertEquals(0, delivery.deliverDue(100), "not due again before the back-off has passed");
        estate.clock.advance(Duration.ofSeconds(31));
        assertEquals(total, delivery.deliverDue(100));
        estate.clock.advance(Duration.ofHours(2));
        assertEquals(0, delivery.deliverDue(100));
        assertEquals(total, sent.size());
        assertTrue(sent.values().stream().allMatch(n -> n.get() == 1));
    }

    @Test
    void twoPollersNeverSendTheSameNotice() throws Exception {
        for (int i = 0; i < 20; i++) {
            report("水管漏水 " + i);
        }
        long total = estate.count("SELECT count(*) FROM outbox");
        Map<Long, AtomicInteger> sent = new ConcurrentHashMap<>();
        NotificationSender slow = n -> {
            sent.computeIfAbsent(n.id(), k -> new AtomicInteger()).incrementAndGet();
            Thread.sleep(2);
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CyclicBarrier together = new CyclicBarrier(2);
            List<Future<Integer>> runs = List.of(
                    pool.submit(() -> {
                        together.await();
                        return new OutboxDelivery(estate.db, slow, estate.clock).deliverDue(25);
                    }),
                    pool.submit(() -> {
                        together.await();
                        return new OutboxDelivery(estate.db, slow, estate.clock).deliverDue(25);
                    }));
            int delivered = runs.get(0).get() + runs.get(1).get();
            delivered += new OutboxDelivery(estate.db, slow, estate.clock).deliverDue(1000);
            assertEquals(total, delivered);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(total, sent.size());
        assertTrue(sent.values().stream().allMatch(n -> n.get() == 1), sent::toString);
    }

    @Test
    void backOffDoublesUpToAnHour() {
        assertEquals(Duration.ofSeconds(30), OutboxDelivery.backoff(1));
        assertEquals(Duration.ofSeconds(60), OutboxDelivery.backoff(2));
        assertEquals(Duration.ofHours(1), OutboxDelivery.backoff(30));
    }
}
