package dev.guanjia.channels.login;

import dev.guanjia.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimiterTest {

    @Test
    void aSlidingMinutePerKey() {
        MutableClock clock = new MutableClock(Instant.ofEpochMilli(1_000_000));
        RateLimiter limiter = new RateLimiter(3, clock);
        assertTrue(limiter.allow("a") && limiter.allow("a") && limiter.allow("a"));
        assertFalse(limiter.allow("a"));
        assertTrue(limiter.allow("b"), "keys are independent");
        clock.advance(java.time.Duration.ofMillis(60_001));
        assertTrue(limiter.allow("a"), "the minute slid by");
    }
}
