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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Slows password guessing per source address instead of locking accounts (a lock-out lets anyone
 * who knows a staff code keep that person out). A source's first {@value #FREE_FAILURES} failures
 * cost nothing, each further one doubles its wait (2 s, 4 s, 8 s … at most 15 minutes), and an
 * hour without failures forgets them. A success does not: whoever knows one password could
 * otherwise sign in between guesses at another account to start afresh. The real staff member, signing in from their
 * own address, never waits for someone else's guesses.
 * <p>
 * {@link #shared} keeps the failures in PostgreSQL (table sign_in_failures), so guesses spread over
 * several nodes are slowed as on one; the in-memory one counts per process (one node, tests).
 */
public final class SignInBackoff {

    public static final int FREE_FAILURES = 3;
    public static final Duration LONGEST = Duration.ofMinutes(15);
    private static final Duration FORGET = Duration.ofHours(1);
    private static final int TIDY_AT = 10_000;

    private record Failures(int count, long lastAt, long blockedUntil) {
    }

    private static final Logger LOG = Logger.getLogger(SignInBackoff.class.getName());

    private final Clock clock;
    private final Map<String, Failures> sources = new ConcurrentHashMap<>();
    private final DataSource db;
    private final AtomicLong lastPurge = new AtomicLong();

    /** Counted in this process only. */
    public SignInBackoff(Clock clock) {
        this(clock, null);
    }

    private SignInBackoff(Clock clock, DataSource db) {
        this.clock = clock;
        this.db = db;
    }

    /** Counted in PostgreSQL, shared by every node on the database. */
    public static SignInBackoff shared(DataSource db, Clock clock) {
        return new SignInBackoff(clock, db);
    }

    /** How long this source must wait before its next try; zero when it may try now. */
    public Duration waitFor(String source) {
        long now = clock.millis();
        if (db != null) {
            try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                    "SELECT blocked_until FROM sign_in_failures WHERE source = ?")) {
                s.setBytes(1, hash(source));
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() && rs.getLong(1) > now ? Duration.ofMillis(rs.getLong(1) - now) : Duration.ZERO;
                }
            } catch (SQLException e) {
                // the password check itself needs the database; it refuses while it is away
                LOG.warning("sign-in failures not read (" + e.getMessage() + ")");
                return Duration.ZERO;
            }
        }
        Failures f = sources.get(source);
        if (f == null || f.blockedUntil() <= now) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(f.blockedUntil() - now);
    }

    /** A wrong code or password from this source. */
    public void failed(String source) {
        long now = clock.millis();
        if (db != null) {
            try {
                failedShared(source, now);
            } catch (SQLException e) {
                LOG.warning("sign-in failure not counted (" + e.getMessage() + ")");
            }
            return;
        }
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

    /** One UPSERT counts the failure and sets the wait, so failures on several nodes add up. */
    private void failedShared(String source, long now) throws SQLException {
        long forgetBefore = now - FORGET.toMillis();
        purgeNowAndThen(now, forgetBefore);
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO sign_in_failures AS f (source, failures, last_at, blocked_until) VALUES (?, 1, ?, ?)
                ON CONFLICT (source) DO UPDATE SET
                  failures = CASE WHEN f.last_at < ? THEN 1 ELSE f.failures + 1 END,
                  last_at = EXCLUDED.last_at,
                  blocked_until = EXCLUDED.last_at + CASE
                    WHEN (CASE WHEN f.last_at < ? THEN 1 ELSE f.failures + 1 END) <= ? THEN 0
                    ELSE least(?, 1000::bigint << least(20, (f.failures + 1) - ?)) END""")) {
            s.setBytes(1, hash(source));
            s.setLong(2, now);
            s.setLong(3, now); // the first failure is free
            s.setLong(4, forgetBefore);
            s.setLong(5, forgetBefore);
            s.setInt(6, FREE_FAILURES);
            s.setLong(7, LONGEST.toMillis());
            s.setInt(8, FREE_FAILURES);
            s.executeUpdate();
        }
    }

    private void purgeNowAndThen(long now, long forgetBefore) throws SQLException {
        long last = lastPurge.get();
        if (now - last < FORGET.toMillis() / 6 || !lastPurge.compareAndSet(last, now)) {
            return;
        }
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM sign_in_failures WHERE last_at < ?")) {
            s.setLong(1, forgetBefore);
            s.executeUpdate();
        }
    }

    /** Addresses are kept as hashes only. */
    private static byte[] hash(String source) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
