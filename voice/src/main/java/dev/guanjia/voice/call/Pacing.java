package dev.guanjia.voice.call;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How evenly outbound frames leave, across all calls of the process: a histogram of
 * |gap − 20 ms| in 0.1 ms steps (up to 100 ms), read by the voice benchmark.
 */
public final class Pacing {

    private static final int BUCKETS = 1000;
    private static final AtomicLongArray HISTOGRAM = new AtomicLongArray(BUCKETS + 1);

    private Pacing() {
    }

    public static void gap(long nanos) {
        double jitterMs = Math.abs(nanos / 1e6 - 20.0);
        HISTOGRAM.incrementAndGet((int) Math.min(BUCKETS, Math.round(jitterMs * 10)));
    }

    public static void reset() {
        for (int i = 0; i <= BUCKETS; i++) {
            HISTOGRAM.set(i, 0);
        }
    }

    public static long count() {
        long n = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            n += HISTOGRAM.get(i);
        }
        return n;
    }

    /** The jitter (ms) below which the given share of gaps fall. */
    public static double percentile(double p) {
        long total = count();
        long seen = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            seen += HISTOGRAM.get(i);
            if (total > 0 && seen >= Math.ceil(p * total)) {
                return i / 10.0;
            }
        }
        return 0;
    }
}
