package dev.guanjia.community.retry;

import java.time.Duration;

/**
 * How long a failed delivery waits before its next try: the first wait doubling with each attempt,
 * up to the longest. Shared by every outbox (work-order notices, answers to residents).
 */
public record Backoff(Duration first, Duration longest) {

    /** The wait after the given attempt (1 for the first failure). */
    public Duration after(int attempt) {
        long seconds = first.toSeconds() << Math.min(attempt - 1, 20);
        return Duration.ofSeconds(Math.min(seconds, longest.toSeconds()));
    }
}
