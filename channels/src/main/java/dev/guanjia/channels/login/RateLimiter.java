package dev.guanjia.channels.login;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** At most N events per key in a sliding minute: chat messages per visitor, code requests per IP. */
public final class RateLimiter {

    private static final long WINDOW_MS = 60_000;
    /** Past this many keys, keys idle for a whole window are dropped (addresses come and go). */
    private static final int TIDY_AT = 10_000;

    private final int perMinute;
    private final Clock clock;
    private final Map<String, Deque<Long>> events = new ConcurrentHashMap<>();

    public RateLimiter(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    public boolean allow(String key) {
        return waitFor(key).isZero();
    }

    /**
     * Zero when the event is allowed (and then counted); otherwise how long until the oldest
     * counted event leaves the window, which is what a Retry-After header should say.
     */
    public Duration waitFor(String key) {
        long now = clock.millis();
        if (events.size() > TIDY_AT) {
            events.values().removeIf(q -> {
                synchronized (q) {
                    return q.isEmpty() || q.peekLast() < now - WINDOW_MS;
                }
            });
        }
        Deque<Long> q = events.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (q) {
            while (!q.isEmpty() && q.peekFirst() < now - WINDOW_MS) {
                q.pollFirst();
            }
            if (q.size() >= perMinute) {
                return Duration.ofMillis(Math.max(1, q.peekFirst() + WINDOW_MS - now));
            }
            q.addLast(now);
            return Duration.ZERO;
        }
    }

    /** Whole seconds for a Retry-After header, at least 1. */
    public static String seconds(Duration wait) {
        return Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000));
    }
}
