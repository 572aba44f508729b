package dev.guanjia.notices.delivery;

import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.community.directory.CommunitySummary;
import dev.guanjia.community.privacy.Rows;
import dev.guanjia.community.resident.Bindings;
import dev.guanjia.community.retry.Backoff;
import dev.guanjia.notices.notice.Notice;
import dev.guanjia.notices.notice.Notices;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Takes standing notices to the WeChat followers they concern, run periodically on every node. Each
 * round, per community outside its quiet hours (21:00–08:00 local): every resident of the notice's
 * buildings who bound WeChat gets one row per notice (the primary key makes it once, whichever node
 * or round gets there first), then the queued rows are sent and retried with backoff. A notice that
 * falls in the quiet hours waits for the morning; a withdrawn or expired one is not sent.
 */
public final class NoticeDelivery {

    private static final Logger LOG = Logger.getLogger(NoticeDelivery.class.getName());

    public static final LocalTime QUIET_FROM = LocalTime.of(21, 0);
    public static final LocalTime QUIET_UNTIL = LocalTime.of(8, 0);
    /** Sends tried per resident before it is given up as failed. */
    static final int ATTEMPTS = 5;
    private static final Backoff BACKOFF = new Backoff(Duration.ofMinutes(5), Duration.ofHours(2));
    /** How long a node holds the rows it took: another node takes them only after a crash. */
    private static final Duration LEASE = Duration.ofMinutes(5);

    /** What a round did: rows queued, messages sent, and residents given up. */
    public record Round(int queued, int sent, int failed) {
    }

    private final DataSource db;
    private final CommunityDirectory directory;
    private final Notices notices;
    private final Bindings bindings;
    private final NoticeMessenger wechat;

    public NoticeDelivery(DataSource db, CommunityDirectory directory, Notices notices, Bindings bindings,
                          NoticeMessenger wechat) {
        this.db = db;
        this.directory = directory;
        this.notices = notices;
        this.bindings = bindings;
        this.wechat = wechat;
    }

    /** Whether nothing goes out at this local time. */
    public static boolean quiet(LocalTime t) {
        return !t.isBefore(QUIET_FROM) || t.isBefore(QUIET_UNTIL);
    }

    /** One round at {@code now}: queue what the open communities' notices owe, then send what is queued. */
    public Round run(Instant now) {
        int queued = 0;
        int sent = 0;
        int failed = 0;
        for (CommunitySummary community : directory.list()) {
            if (!wechat.reaches(community.id())) {
                continue;
            }
            ZoneId zone = ZoneId.of(community.timeZone());
            if (quiet(now.atZone(zone).toLocalTime())) {
                continue;
            }
            try {
                queued += plan(community.id(), now.atZone(zone).toLocalDate(), now);
                int[] r = deliver(community.id(), now.atZone(zone).toLocalDate(), now);
                sent += r[0];
                failed += r[1];
            } catch (SQLException | RuntimeException e) {
                LOG.log(Level.WARNING, "notices for " + community.id() + " not delivered this round", e);
            }
        }
        return new Round(queued, sent, failed);
    }

    private int plan(String communityId, LocalDate today, Instant now) throws SQLException {
        int queued = 0;
        for (Notice n : notices.list(communityId)) {
            if (n.withdrawn() != null || n.validUntil().isBefore(today)) {
                continue;
            }
            try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                    INSERT INTO notice_deliveries (notice_id, resident_id, community_id, state, next_attempt_at,
                        created_at) VALUES (?, ?, ?, 'queued', ?, ?) ON CONFLICT DO NOTHING""")) {
                for (long resident : Audience.of(c, n)) {
                    if (bindings.of(resident, "wechat_openid").isEmpty()) {
                        continue;
                    }
                    s.setLong(1, n.id());
                    s.setLong(2, resident);
                    s.setString(3, communityId);
                    s.setTimestamp(4, Timestamp.from(now));
                    s.setTimestamp(5, Timestamp.from(now));
                    queued += s.executeUpdate();
                }
            }
        }
        return queued;
    }

    private record Queued(long noticeId, long residentId, int attempts) {
    }

    /** Sends the community's due rows; returns {sent, given up}. */
    private int[] deliver(String communityId, LocalDate today, Instant now) throws SQLException {
        List<Queued> batch = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                UPDATE notice_deliveries SET next_attempt_at = ? WHERE (notice_id, resident_id) IN (
                    SELECT notice_id, resident_id FROM notice_deliveries WHERE community_id = ? AND state = 'queued'
                    AND next_attempt_at <= ? ORDER BY notice_id, resident_id LIMIT 200 FOR UPDATE SKIP LOCKED)
                RETURNING notice_id, resident_id, attempts""")) {
            s.setTimestamp(1, Timestamp.from(now.plus(LEASE)));
            s.setString(2, communityId);
            s.setTimestamp(3, Timestamp.from(now));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    batch.add(new Queued(rs.getLong(1), rs.getLong(2), rs.getInt(3)));
                }
            }
        }
        int sent = 0;
        int failed = 0;
        for (Queued q : batch) {
            Notice n = notices.find(communityId, q.noticeId()).orElse(null);
            if (n == null || n.withdrawn() != null || n.validUntil().isBefore(today)) {
                record(q, "cancelled", n == null ? "notice gone" : n.withdrawn() != null ? "notice withdrawn"
                        : "notice expired before it could be sent", now);
                continue;
            }
            List<String> openids = bindings.of(q.residentId(), "wechat_openid");
            if (openids.isEmpty()) {
                record(q, "unreachable", "no WeChat binding any more", now);
                failed++;
                continue;
            }
            List<String> errors = new ArrayList<>();
            boolean any = false;
            // every openid the resident bound (several phones, one account); delivered when one took it
            for (String openid : openids) {
                try {
                    wechat.send(communityId, openid, text(n));
                    any = true;
                } catch (Exception e) {
                    errors.add(e.getMessage());
                }
            }
            if (any) {
                record(q, "sent", null, now);
                sent++;
                continue;
            }
            int attempts = q.attempts() + 1;
            String error = String.join("; ", errors);
            LOG.warning(() -> "notice " + q.noticeId() + " to resident " + q.residentId() + " not sent (attempt "
                    + attempts + "): " + error);
            if (attempts >= ATTEMPTS) {
                record(q, "failed", error, now);
                failed++;
            } else {
                try (Connection c = db.getConnection()) {
                    Rows.update(c, """
                            UPDATE notice_deliveries SET attempts = ?, last_error = ?, next_attempt_at = ?
                            WHERE notice_id = ? AND resident_id = ?""", attempts, error,
                            Timestamp.from(now.plus(BACKOFF.after(attempts))), q.noticeId(), q.residentId());
                }
            }
        }
        return new int[] {sent, failed};
    }

    private void record(Queued q, String state, String error, Instant now) throws SQLException {
        try (Connection c = db.getConnection()) {
            Rows.update(c, """
                    UPDATE notice_deliveries SET state = ?, last_error = ?, attempts = attempts + 1,
                        sent_at = CASE WHEN ? = 'sent' THEN ?::timestamptz END
                    WHERE notice_id = ? AND resident_id = ?""", state, error, state, Timestamp.from(now),
                    q.noticeId(), q.residentId());
        }
    }

    /** The message a follower gets. */
    public static String text(Notice n) {
        return "【" + n.category().label() + "公告】" + n.title() + "\n" + n.body() + "\n有效期：" + n.validFrom()
                + (n.validUntil().equals(n.validFrom()) ? "" : " 至 " + n.validUntil());
    }
}
