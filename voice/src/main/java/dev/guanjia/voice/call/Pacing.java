package dev.guanjia.voice.call;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How evenly outbound frames leave, across all calls of the process: a histogram of
 * |gap − 20 ms| in 0.1 ms steps (up to 100 ms), read by the voice benchmark, and the slips: gaps
 * off by half a frame or more, which a caller's jitter buffer may not hide (read by the metrics).
 */
public final class Pacing {

    private static final int BUCKETS = 1000;
    private static final AtomicLongArray HISTOGRAM = new AtomicLongArray(BUCKETS + 1);
    private static final java.util.concurrent.atomic.AtomicLong SLIPS = new java.util.concurrent.atomic.AtomicLong();
    private static final java.util.concurrent.atomic.AtomicLong GAPS = new java.util.concurrent.atomic.AtomicLong();

    /** Half a 20 ms frame. */
    static final double SLIP_MS = 10.0;

    private Pacing() {
    }

    public static void gap(long nanos) {
        double jitterMs = Math.abs(nanos / 1e6 - 20.0);
        HISTOGRAM.incrementAndGet((int) Math.min(BUCKETS, Math.round(jitterMs * 10)));
        GAPS.incrementAndGet();
        if (jitterMs >= SLIP_MS) {
            SLIPS.incrementAndGet();
        }
    }

    /** Frames sent since the process started (not reset by the benchmark). */
    public static long frames() {
        return GAPS.get();
    }

    /** Frames sent half a frame or more off their 20 ms tick since the process started. */
    public static long slips() {
        return SLIPS.get();
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
