package dev.guanjia.channels.login;

import dev.guanjia.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignInBackoffTest {

    @Test
    void failuresFromOneSourceDoubleItsWaitOthersAreFree() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T01:00:00Z"));
        SignInBackoff backoff = new SignInBackoff(clock);
        for (int i = 0; i < SignInBackoff.FREE_FAILURES; i++) {
            backoff.failed("10.0.0.1");
            assertEquals(Duration.ZERO, backoff.waitFor("10.0.0.1"), "the first three are free");
        }
        backoff.failed("10.0.0.1");
        assertEquals(Duration.ofSeconds(2), backoff.waitFor("10.0.0.1"));
        clock.advance(Duration.ofSeconds(2));
        backoff.failed("10.0.0.1");
        assertEquals(Duration.ofSeconds(4), backoff.waitFor("10.0.0.1"), "each failure doubles the wait");
        for (int i = 0; i < 30; i++) {
            backoff.failed("10.0.0.1");
        }
        assertEquals(SignInBackoff.LONGEST, backoff.waitFor("10.0.0.1"), "never more than 15 minutes");
        assertEquals(Duration.ZERO, backoff.waitFor("10.0.0.2"), "another address is not held up");
        for (int i = 0; i < 5; i++) {
            backoff.failed("10.0.0.3");
        }
        clock.advance(Duration.ofHours(2));
        backoff.failed("10.0.0.3");
        assertEquals(Duration.ZERO, backoff.waitFor("10.0.0.3"), "an hour without failures forgets too");
    }

    @Test
    void theRateLimiterSaysHowLongToWait() {
        MutableClock clock = new MutableClock(Instant.ofEpochMilli(1_000_000));
        RateLimiter limiter = new RateLimiter(2, clock);
        assertTrue(limiter.waitFor("a").isZero());
        clock.advance(Duration.ofSeconds(10));
        assertTrue(limiter.waitFor("a").isZero());
        assertEquals(Duration.ofSeconds(50), limiter.waitFor("a"), "until the first leaves the minute");
        assertEquals("50", RateLimiter.seconds(limiter.waitFor("a")));
    }
}
