package dev.guanjia.channels.login;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * At most N events per key and minute: chat messages per visitor, code requests per IP.
 * {@link #shared} limiters keep their count in PostgreSQL, so several nodes behind a load balancer
 * allow N in all, not N each; the in-memory one ({@link #RateLimiter(int, Clock)}) counts per
 * process, for one node and tests.
 */
public final class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class.getName());
    private static final long WINDOW_MS = 60_000;
    /** Past this many keys, keys idle for a whole window are dropped (addresses come and go). */
    private static final int TIDY_AT = 10_000;
    /** How often (at most) a node deletes shared buckets that have emptied. */
    private static final long PURGE_EVERY_MS = 60_000;

    private final int perMinute;
    private final Clock clock;
    private final Map<String, Deque<Long>> events = new ConcurrentHashMap<>();
    private final DataSource db;
    private final String name;
    private final AtomicLong lastPurge = new AtomicLong();

    /** Counted in this process only: a sliding minute per key. */
    public RateLimiter(int perMinute, Clock clock) {
        this(perMinute, clock, null, null);
    }

    private RateLimiter(int perMinute, Clock clock, DataSource db, String name) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("a limit allows at least one event a minute");
        }
        this.perMinute = perMinute;
        this.clock = clock;
        this.db = db;
        this.name = name;
    }

    /**
     * Counted in PostgreSQL (table rate_limits of the channels module), shared by every node on the
     * database: a token bucket of {@code perMinute} refilled at {@code perMinute} a minute.
     *
     * @param name tells this limiter's keys from another's (the same address may ask for codes and chat)
     */
    public static RateLimiter shared(DataSource db, String name, int perMinute, Clock clock) {
        return new RateLimiter(perMinute, clock, db, name);
    }

    public boolean allow(String key) {
        return waitFor(key).isZero();
    }

    /**
     * Zero when the event is allowed (and then counted); otherwise how long until the next event
     * would be allowed, which is what a Retry-After header should say.
     */
    public Duration waitFor(String key) {
        if (db != null) {
            try {
                return sharedWait(key);
            } catch (SQLException e) {
                // a database that is away fails the request itself; the limit is not what should refuse it
                LOG.warning("rate limit " + name + " not checked (" + e.getMessage() + "); allowed");
                return Duration.ZERO;
            }
        }
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

    /**
     * Counts {@code key} here and, only when that is allowed, {@code thenKey} on {@code then} (null:
     * none), as {@code waitFor(key)} and then {@code then.waitFor(thenKey)} would: zero when both
     * allow, else the wait of the one that refused. Two shared limiters on one database count both
     * in one statement (a web chat turn's per-address and per-sender limits were two round trips).
     */
    public Duration waitFor(String key, RateLimiter then, String thenKey) {
        if (thenKey == null) {
            return waitFor(key);
        }
        if (db == null || then.db != db || java.util.Objects.equals(name, then.name)) {
            Duration wait = waitFor(key);
            return wait.isZero() ? then.waitFor(thenKey) : wait;
        }
        try {
            return sharedWait(key, then, thenKey);
        } catch (SQLException e) {
            LOG.warning("rate limits " + name + ", " + then.name + " not checked (" + e.getMessage() + "); allowed");
            return Duration.ZERO;
        }
    }

    private Duration sharedWait(String key, RateLimiter then, String thenKey) throws SQLException {
        double now = clock.millis();
        byte[] first = bucket(key);
        byte[] second = then.bucket(thenKey);
        purgeNowAndThen((long) now);
        then.purgeNowAndThen((long) now);
        try (Connection c = db.getConnection()) {
            // the second bucket is counted only for a row the first one returned: as two calls in order
            try (PreparedStatement s = c.prepareStatement("""
                    WITH async AS (SELECT set_config('synchronous_commit', 'off', true)),
                    a AS (INSERT INTO rate_limits AS r (bucket, tat) SELECT ?, ? FROM async
                          ON CONFLICT (bucket) DO UPDATE SET tat = greatest(r.tat, ?) + ?
                          WHERE greatest(r.tat, ?) - ? <= ? RETURNING 1),
                    b AS (INSERT INTO rate_limits AS r (bucket, tat) SELECT ?, ? FROM a
                          ON CONFLICT (bucket) DO UPDATE SET tat = greatest(r.tat, ?) + ?
                          WHERE greatest(r.tat, ?) - ? <= ? RETURNING 1)
                    SELECT (SELECT count(*) FROM a), (SELECT count(*) FROM b)""")) {
                bind(s, 1, first, now);
                then.bind(s, 8, second, now);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        return refusedWait(c, first, now);
                    }
                    return rs.getLong(2) == 1 ? Duration.ZERO : then.refusedWait(c, second, now);
                }
            }
        }
    }

    /** The seven parameters of one bucket's GCRA upsert (see {@link #sharedWait(String)}), from {@code at}. */
    private void bind(PreparedStatement s, int at, byte[] bucket, double now) throws SQLException {
        double interval = (double) WINDOW_MS / perMinute;
        s.setBytes(at, bucket);
        s.setDouble(at + 1, now + interval);
        s.setDouble(at + 2, now);
        s.setDouble(at + 3, interval);
        s.setDouble(at + 4, now);
        s.setDouble(at + 5, now);
        s.setDouble(at + 6, WINDOW_MS - interval);
    }

    /** How long until a refused bucket allows the next event. */
    private Duration refusedWait(Connection c, byte[] bucket, double now) throws SQLException {
        double tolerance = WINDOW_MS - (double) WINDOW_MS / perMinute;
        try (PreparedStatement s = c.prepareStatement("SELECT tat FROM rate_limits WHERE bucket = ?")) {
            s.setBytes(1, bucket);
            try (ResultSet rs = s.executeQuery()) {
                // purged in between: it had drained, so the next try passes
                double tat = rs.next() ? rs.getDouble(1) : now;
                return Duration.ofMillis(Math.max(1, (long) Math.ceil(tat - now - tolerance)));
            }
        }
    }

    /**
     * GCRA: the bucket is one time, "tat", by which all counted events would have drained at one per
     * {@code WINDOW_MS / perMinute}. An event is allowed when tat is at most a window (less one
     * interval) ahead of now, and pushes it one interval on: N at once from idle, then one per interval.
     * The UPSERT locks the row, so concurrent nodes queue on it and each sees the other's count.
     */
    private Duration sharedWait(String key) throws SQLException {
        double now = clock.millis();
        byte[] bucket = bucket(key);
        purgeNowAndThen((long) now);
        try (Connection c = db.getConnection()) {
            // Committed without waiting for the WAL flush (~4 ms of fsync, twice a chat turn): a count lost
            // in a crash only lets one more event through, and the turn's own stored messages, committed
            // durably right after, flush this record with theirs.
            try (PreparedStatement s = c.prepareStatement("""
                    WITH async AS (SELECT set_config('synchronous_commit', 'off', true))
                    INSERT INTO rate_limits AS r (bucket, tat) SELECT ?, ? FROM async
                    ON CONFLICT (bucket) DO UPDATE SET tat = greatest(r.tat, ?) + ?
                    WHERE greatest(r.tat, ?) - ? <= ?""")) {
                bind(s, 1, bucket, now);
                if (s.executeUpdate() == 1) {
                    return Duration.ZERO;
                }
            }
            return refusedWait(c, bucket, now);
        }
    }

    private byte[] bucket(String key) {
        try {
            // a clone of an unused digest: MessageDigest.getInstance's provider lookup, twice a chat turn,
            // cost more than the hash itself
            return ((MessageDigest) SHA_256.clone()).digest((name + "\0" + key).getBytes(StandardCharsets.UTF_8));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Never updated itself, so threads may clone it at once. */
    private static final MessageDigest SHA_256;

    static {
        try {
            SHA_256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void purgeNowAndThen(long now) throws SQLException {
        long last = lastPurge.get();
        if (now - last < PURGE_EVERY_MS || !lastPurge.compareAndSet(last, now)) {
            return;
        }
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM rate_limits WHERE tat < ?")) {
            // a bucket whose time has passed is full again: the same as no row
            s.setDouble(1, now);
            s.executeUpdate();
        }
    }

    /** Whole seconds for a Retry-After header, at least 1. */
    public static String seconds(Duration wait) {
        return Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000));
    }
}
