package dev.guanjia.channels.login;

import dev.guanjia.testkit.MutableClock;
import dev.guanjia.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two limiters on one database stand for two nodes behind a load balancer. */
class SharedRateLimiterTest {

    @Test
    void nPerMinuteInAllAcrossTwoNodes() throws Exception {
        DataSource db = TestDatabase.fresh("channels");
        MutableClock clock = new MutableClock(Instant.ofEpochMilli(1_000_000));
        RateLimiter nodeA = RateLimiter.shared(db, "chat", 5, clock);
        RateLimiter nodeB = RateLimiter.shared(db, "chat", 5, clock);
        List<Future<Boolean>> tries = new ArrayList<>();
        try (ExecutorService both = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 20; i++) {
                RateLimiter node = i % 2 == 0 ? nodeA : nodeB;
                tries.add(both.submit(() -> node.allow("visitor-1")));
            }
        }
        int allowed = 0;
        for (Future<Boolean> f : tries) {
            allowed += f.get() ? 1 : 0;
        }
        assertEquals(5, allowed, "five a minute in all, whichever node took them");
        Duration wait = nodeB.waitFor("visitor-1");
        assertEquals(Duration.ofSeconds(12), wait, "one token comes back every 60 s / 5");
        assertTrue(nodeA.allow("visitor-2"), "keys are independent");
        assertTrue(RateLimiter.shared(db, "codes", 5, clock).allow("visitor-1"), "and so are limiters");

        clock.advance(Duration.ofSeconds(12));
        assertTrue(nodeA.allow("visitor-1"), "a token refilled");
        assertFalse(nodeB.allow("visitor-1"), "only one");
        clock.advance(Duration.ofMinutes(2));
        int again = 0;
        for (int i = 0; i < 8; i++) {
            again += (i % 2 == 0 ? nodeA : nodeB).allow("visitor-1") ? 1 : 0;
        }
        assertEquals(5, again, "an idle minute fills the bucket, not more");
    }

    @Test
    void twoLimitersCountedInOneGoAsInTwoCallsInOrder() throws Exception {
        DataSource db = TestDatabase.fresh("channels");
        MutableClock clock = new MutableClock(Instant.ofEpochMilli(2_000_000));
        RateLimiter address = RateLimiter.shared(db, "chat per address", 6, clock);
        RateLimiter sender = RateLimiter.shared(db, "chat per sender", 2, clock);
        assertEquals(Duration.ZERO, address.waitFor("ip:1", sender, "conv:a"));
        assertEquals(Duration.ZERO, address.waitFor("ip:1", sender, "conv:a"));
        assertEquals(Duration.ofSeconds(30), address.waitFor("ip:1", sender, "conv:a"),
                "the sender's third in a minute waits for its bucket (60 s / 2)");
        // the refused sender still counted the address: 3 of 6 used, as two calls in order would
        assertEquals(Duration.ZERO, address.waitFor("ip:1", sender, "conv:b"));
        assertEquals(Duration.ZERO, address.waitFor("ip:1", sender, null), "no sender: the address alone");
        assertEquals(Duration.ZERO, address.waitFor("ip:1", sender, "conv:b"));
        Duration full = address.waitFor("ip:1", sender, "conv:c");
        assertEquals(Duration.ofSeconds(10), full, "the address's seventh waits for its bucket (60 s / 6)");
        // the refused address did not count the sender: conv:c has both its events left after the wait
        clock.advance(Duration.ofSeconds(10));
        assertEquals(Duration.ZERO, address.waitFor("ip:1", sender, "conv:c"));
        clock.advance(Duration.ofSeconds(10));
        assertEquals(Duration.ZERO, address.waitFor("ip:1", sender, "conv:c"));
        assertEquals(Duration.ofSeconds(20), sender.waitFor("conv:c"), "conv:c used its two");
        // the same pair counted in memory gives the same answers
        RateLimiter memoryAddress = new RateLimiter(6, clock);
        RateLimiter memorySender = new RateLimiter(2, clock);
        assertEquals(Duration.ZERO, memoryAddress.waitFor("ip:1", memorySender, "conv:a"));
        assertEquals(Duration.ZERO, memoryAddress.waitFor("ip:1", memorySender, "conv:a"));
        assertFalse(memoryAddress.waitFor("ip:1", memorySender, "conv:a").isZero());
    }

    @Test
    void keysAreNotStoredAsGivenAndDrainedBucketsArePurged() throws Exception {
        DataSource db = TestDatabase.fresh("channels");
        MutableClock clock = new MutableClock(Instant.ofEpochMilli(5_000_000));
        RateLimiter limiter = RateLimiter.shared(db, "codes", 2, clock);
        assertTrue(limiter.allow("203.0.113.9"));
        try (var c = db.getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*), bool_and(position('203.0.113.9'::bytea in bucket) = 0) FROM rate_limits")) {
            rs.next();
            assertEquals(1, rs.getInt(1));
            assertTrue(rs.getBoolean(2), "the address is hashed");
        }
        clock.advance(Duration.ofMinutes(5));
        assertTrue(limiter.allow("198.51.100.7"), "a later request purges drained buckets");
        try (var c = db.getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM rate_limits")) {
            rs.next();
            assertEquals(1, rs.getInt(1));
        }
    }
}
