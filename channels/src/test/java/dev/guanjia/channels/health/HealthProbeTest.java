package dev.guanjia.channels.health;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A readiness check that hangs (a database that does not answer) counts as down, and never piles up. */
class HealthProbeTest {

    @Test
    void aCheckThatDoesNotAnswerInTimeIsDownAndOnlyOneRunsAtATime() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        HealthProbe hanging = () -> {
            started.incrementAndGet();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new HealthProbe.Result("database", true, "reachable");
        };
        HealthProbe probe = HealthProbe.within("database", Duration.ofMillis(200), hanging);
        for (int i = 0; i < 3; i++) {
            HealthProbe.Result r = probe.check();
            assertFalse(r.up());
            assertEquals("database", r.name());
            assertEquals("no answer within 200 ms", r.detail());
        }
        assertEquals(1, started.get(), "the probes waited for the one check under way");

        release.countDown();
        HealthProbe.Result after = null;
        for (int i = 0; i < 50 && (after == null || !after.up()); i++) {
            after = probe.check();
        }
        assertTrue(after.up(), after::toString);
    }

    @Test
    void aFailingCheckIsDownWithItsReason() {
        HealthProbe probe = HealthProbe.within("database", Duration.ofSeconds(2), () -> {
            throw new IllegalStateException("pool closed");
        });
        HealthProbe.Result r = probe.check();
        assertFalse(r.up());
        assertTrue(r.detail().contains("pool closed"), r.detail());
    }
}
