package dev.guanjia.channels.wechat;

import javax.sql.DataSource;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Nonces of WeChat callbacks seen within the clock-skew window, in PostgreSQL so every node agrees.
 * A nonce is remembered with the digest of the message it carried: the same message again (WeChat's
 * own retry, or a replay of it) passes on to the MsgId dedupe, a different message is a forgery.
 * <p>
 * Why not refuse every reused nonce: WeChat retries a message it got no answer for within 5 s (three
 * times), and neither its documentation nor our verified notes say whether a retry carries a new
 * timestamp, nonce and signature or repeats the first request's URL. A new nonce needs nothing here;
 * a repeated one must still reach the MsgId dedupe so the message is stored and answered once. Only the
 * same message may repeat a nonce (in safe mode the decrypted XML is compared, since a retry may be
 * encrypted afresh), so a captured signature cannot carry a forged message, e.g. another openid's
 * "查账单". The window is the clock skew: older timestamps are refused before the nonce is looked at.
 */
final class CallbackNonces {

    /** How often (at most) a node deletes nonces that can no longer pass the timestamp check. */
    private static final long PURGE_EVERY_SECONDS = 60;

    private final DataSource db;
    private final String communityId;
    private final Duration window;
    private final Clock clock;
    private final AtomicLong lastPurge = new AtomicLong();

    CallbackNonces(DataSource db, String communityId, Duration window, Clock clock) {
        this.db = db;
        this.communityId = communityId;
        this.window = window;
        this.clock = clock;
    }

    /**
     * Records the nonce; true when it is new, or was seen before with exactly this message.
     *
     * @param sentAt the request's (already checked) timestamp in epoch seconds
     */
    boolean admit(String nonce, long sentAt, byte[] digest) throws SQLException {
        purgeNowAndThen();
        try (Connection c = db.getConnection()) {
            // Committed without waiting for the WAL flush (~4 ms of fsync in the acknowledgement's path): the
            // callback's message, stored durably next, flushes this record with its own. Only a crash within
            // the WAL writer's delay, with no message stored meanwhile, can forget a nonce; its replay is
            // still refused by the message id.
            try (PreparedStatement ps = c.prepareStatement("WITH async AS (SELECT set_config('synchronous_commit', "
                    + "'off', true)) INSERT INTO wechat_nonces (community_id, nonce, sent_at, body_sha256) "
                    + "SELECT ?, ?, ?, ? FROM async ON CONFLICT (community_id, nonce) DO NOTHING")) {
                ps.setString(1, communityId);
                ps.setString(2, nonce);
                ps.setLong(3, sentAt);
                ps.setBytes(4, digest);
                if (ps.executeUpdate() == 1) {
                    return true;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT body_sha256 FROM wechat_nonces WHERE community_id = ? AND nonce = ?")) {
                ps.setString(1, communityId);
                ps.setString(2, nonce);
                try (ResultSet rs = ps.executeQuery()) {
                    // purged between the two statements: it was stale, so refuse
                    return rs.next() && MessageDigest.isEqual(rs.getBytes(1), digest);
                }
            }
        }
    }

    private void purgeNowAndThen() throws SQLException {
        long now = clock.instant().getEpochSecond();
        long last = lastPurge.get();
        if (now - last < PURGE_EVERY_SECONDS || !lastPurge.compareAndSet(last, now)) {
            return;
        }
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM wechat_nonces WHERE sent_at < ?")) {
            // a timestamp older than the window is refused before its nonce is looked at
            ps.setLong(1, now - window.toSeconds() - 1);
            ps.executeUpdate();
        }
    }
}
