package dev.guanjia.channels.login;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing per source address instead of locking accounts (a lock-out lets anyone
 * who knows a staff code keep that person out). A source's first {@value #FREE_FAILURES} failures
 * cost nothing, each further one doubles its wait (2 s, 4 s, 8 s … at most 15 minutes), and an
 * hour without failures forgets them. A success does not: whoever knows one password could
 * otherwise sign in between guesses at another account to start afresh. The real staff member, signing in from their
 * own address, never waits for someone else's guesses.
 */
public final class SignInBackoff {

    public static final int FREE_FAILURES = 3;
    public static final Duration LONGEST = Duration.ofMinutes(15);
    private static final Duration FORGET = Duration.ofHours(1);
    private static final int TIDY_AT = 10_000;

    private record Failures(int count, long lastAt, long blockedUntil) {
    }

    private final Clock clock;
    private final Map<String, Failures> sources = new ConcurrentHashMap<>();

    public SignInBackoff(Clock clock) {
        this.clock = clock;
    }

    /** How long this source must wait before its next try; zero when it may try now. */
    public Duration waitFor(String source) {
        long now = clock.millis();
        Failures f = sources.get(source);
        if (f == null || f.blockedUntil() <= now) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(f.blockedUntil() - now);
    }

    /** A wrong code or password from this source. */
    public void failed(String source) {
        long now = clock.millis();
        if (sources.size() > TIDY_AT) {
            sources.values().removeIf(f -> f.lastAt() < now - FORGET.toMillis());
        }
        sources.compute(source, (k, f) -> {
            int count = f == null || f.lastAt() < now - FORGET.toMillis() ? 1 : f.count() + 1;
            long wait = count <= FREE_FAILURES ? 0
                    : Math.min(LONGEST.toMillis(), 1000L << Math.min(20, count - FREE_FAILURES));
            return new Failures(count, now, now + wait);
        });
    }

}
