package dev.guanjia.desk.conversation;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TurnGateTest {

    @Test
    void atMostTheLimitRunAtOnceAndTheOthersWait() throws Exception {
        TurnGate gate = new TurnGate(2);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        List<Future<Integer>> turns = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 6; i++) {
                int n = i;
                turns.add(pool.submit(() -> gate.through(() -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    running.decrementAndGet();
                    return n;
                })));
            }
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (gate.waiting() < 4 && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            assertEquals(4, gate.waiting(), "four wait while two run");
            assertEquals(2, running.get());
            release.countDown();
            for (int i = 0; i < 6; i++) {
                assertEquals(i, turns.get(i).get(10, TimeUnit.SECONDS));
            }
        }
        assertEquals(2, most.get());
        assertEquals(0, gate.waiting());
    }

    @Test
    void aTurnInsideATurnDoesNotWaitForItsOwnPlace() {
        TurnGate gate = new TurnGate(1);
        assertEquals("inner", gate.through(() -> gate.through(() -> "inner")));
        // the place is given back: the next turn passes
        assertEquals("next", gate.through(() -> "next"));
    }

    @Test
    void aFailedTurnGivesItsPlaceBack() {
        TurnGate gate = new TurnGate(1);
        try {
            gate.through(() -> {
                throw new IllegalStateException("model failed");
            });
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage().contains("model"));
        }
        assertEquals("next", gate.through(() -> "next"));
    }

    @Test
    void openLetsEveryTurnThrough() {
        assertEquals(0, TurnGate.OPEN.waiting());
        assertEquals("x", TurnGate.OPEN.through(() -> TurnGate.OPEN.through(() -> "x")));
    }
}
