package dev.guanjia.ticketing.outbox;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import dev.guanjia.community.retry.Backoff;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Polls the outbox and hands due notices to the sender. Rows are locked while being sent (SKIP
 * LOCKED), so two pollers never send the same notice; a failure is retried with exponential
 * back-off (30 s doubling, at most an hour); a delivered row is never sent again.
 */
public final class OutboxDelivery {

    private static final Logger LOG = Logger.getLogger(OutboxDelivery.class.getName());
    private static final Backoff RETRIES = new Backoff(Duration.ofSeconds(30), Duration.ofHours(1));

    private final DataSource db;
    private final NotificationSender sender;
    private final Clock clock;

    public OutboxDelivery(DataSource db, NotificationSender sender, Clock clock) {
        this.db = db;
        this.sender = sender;
        this.clock = clock;
    }

    /** Notices not delivered yet, and how long the oldest of them has been waiting (0 when none). */
    public record Backlog(long waiting, double oldestSeconds) {
    }

    /** How far behind delivery is, over every node's notices (for the operators' metrics). */
    public static Backlog backlog(DataSource db) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)
                FROM outbox WHERE delivered_at IS NULL""");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return new Backlog(rs.getLong(1), rs.getDouble(2));
        }
    }

    /** Delivers what is due now; returns how many were delivered. */
    public int deliverDue(int limit) throws SQLException {
        OffsetDateTime now = OffsetDateTime.now(clock);
        int delivered = 0;
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            List<Notification> due = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT o.id, o.community_id, o.target_kind, o.target_id, o.message, o.attempts,
                           (SELECT w.code FROM work_orders w WHERE w.id = o.work_order_id)
                    FROM outbox o WHERE o.delivered_at IS NULL AND (o.attempts = 0 OR o.next_attempt_at <= ?)
                    ORDER BY o.id LIMIT ? FOR UPDATE OF o SKIP LOCKED""")) {
                s.setObject(1, now);
                s.setInt(2, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        due.add(new Notification(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                                rs.getString(5), rs.getInt(6) + 1, rs.getString(7)));
                    }
                }
            }
            for (Notification n : due) {
                try {
                    sender.send(n);
                    try (PreparedStatement s = c.prepareStatement(
                            "UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?")) {
                        s.setObject(1, now);
                        s.setLong(2, n.id());
                        s.executeUpdate();
                    }
                    delivered++;
                } catch (Exception e) {
                    Duration wait = backoff(n.attempt());
                    LOG.warning(() -> "notice " + n.id() + " not delivered (attempt " + n.attempt() + "): "
                            + e.getMessage() + "; next try in " + wait.toSeconds() + " s");
                    try (PreparedStatement s = c.prepareStatement("""
                            UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?
                            WHERE id = ?""")) {
                        s.setObject(1, now.plus(wait));
                        s.setString(2, String.valueOf(e.getMessage()));
                        s.setLong(3, n.id());
                        s.executeUpdate();
                    }
                }
            }
            c.commit();
        }
        return delivered;
    }

    static Duration backoff(int attempt) {
        return RETRIES.after(attempt);
    }
}
