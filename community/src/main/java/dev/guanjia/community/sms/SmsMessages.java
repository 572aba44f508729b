package dev.guanjia.community.sms;

import dev.guanjia.community.privacy.PersonalData;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The text messages handed to the SMS gateway and what became of each (sending → sent or failed →
 * delivered or undelivered), and the gateway's per-number limits, enforced here before sending
 * with these rows as the counts (Alibaba Cloud's defaults, "短信发送流控限制"): a verification code
 * at most once a minute, 5 times an hour and 10 times in 24 hours per number; a notification at
 * most 50 times in 24 hours per template and number. Every message handed over counts, whatever
 * its result, as at the gateway.
 * <p>
 * Phones are sealed, and found by the same keyed lookup hash as residents' phone identities.
 */
public final class SmsMessages {

    public static final int CODES_PER_MINUTE = 1;
    public static final int CODES_PER_HOUR = 5;
    public static final int CODES_PER_DAY = 10;
    public static final int NOTIFICATIONS_PER_DAY = 50;

    /** A message handed over, as stored. */
    public record SmsMessage(long id, String purpose, String templateCode, String outId, String bizId, String state,
                             String errorCode, Instant createdAt, Instant sentAt, Instant reportedAt) {
    }

    /** A message handed over and waiting for its delivery state, with the number to ask about. */
    public record Waiting(long id, String phone, String outId, String bizId, String state, Instant createdAt) {
    }

    private final DataSource db;
    private final Clock clock;
    private final PersonalData personalData;

    public SmsMessages(DataSource db, Clock clock, PersonalData personalData) {
        this.db = db;
        this.clock = clock;
        this.personalData = personalData;
    }

    /** Purposes ending in {@code _code} (login_code, …) are verification codes; the others notifications. */
    public static boolean verificationCode(String purpose) {
        return purpose.endsWith("_code");
    }

    /**
     * Checks the limits for one more message to this mainland mobile and, within them, records it as
     * being sent. Concurrent sends to one number are counted one after the other.
     *
     * @return the stored message (its out id goes to the gateway)
     * @throws SmsLimitReached when the number had its share
     */
    public SmsMessage begin(String purpose, String templateCode, String mobile) {
        Instant now = clock.instant();
        String hash = personalData.lookup("phone", mobile);
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                    s.setString(1, "sms:" + hash);
                    s.executeQuery().close();
                }
                if (verificationCode(purpose)) {
                    checkCodes(c, hash, now);
                } else {
                    checkNotifications(c, hash, templateCode, now);
                }
                String outId = UUID.randomUUID().toString().replace("-", "");
                long id;
                try (PreparedStatement s = c.prepareStatement("""
                        INSERT INTO sms_messages (purpose, template_code, phone, phone_hash, out_id, state, created_at)
                        VALUES (?, ?, ?, ?, ?, 'sending', ?) RETURNING id""")) {
                    s.setString(1, purpose);
                    s.setString(2, templateCode);
                    s.setString(3, personalData.seal(mobile));
                    s.setString(4, hash);
                    s.setString(5, outId);
                    s.setObject(6, utc(now));
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        id = rs.getLong(1);
                    }
                }
                c.commit();
                return new SmsMessage(id, purpose, templateCode, outId, null, "sending", null, now, null, null);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record a text message: " + e.getMessage(), e);
        }
    }

    /** The gateway took the message. */
    public void sent(long id, String bizId) {
        update("UPDATE sms_messages SET state = 'sent', biz_id = ?, sent_at = ? WHERE id = ? AND state = 'sending'",
                bizId, utc(clock.instant()), id);
    }

    /** The gateway refused the message, or could not be asked. */
    public void failed(long id, String errorCode, String errorMessage) {
        update("""
                UPDATE sms_messages SET state = 'failed', error_code = ?, error_message = ?, sent_at = ?
                WHERE id = ? AND state = 'sending'""", errorCode, errorMessage, utc(clock.instant()), id);
    }

    /**
     * Applies delivery reports, all or none. A report finds its message by the number and the
     * gateway's BizId (or our out id), and applies only to a message still waiting: a repeated
     * report changes nothing. Reports of messages not sent from here are ignored.
     *
     * @return how many messages got their delivery state
     */
    public int report(List<SmsReport> reports) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                int applied = 0;
                for (SmsReport r : reports) {
                    applied += apply(c, r);
                }
                c.commit();
                return applied;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store delivery reports: " + e.getMessage(), e);
        }
    }

    private int apply(Connection c, SmsReport r) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE sms_messages SET state = ?, error_code = ?, error_message = ?, reported_at = ?,
                       biz_id = coalesce(biz_id, nullif(?, '')), sent_at = coalesce(sent_at, ?)
                WHERE phone_hash = ? AND (biz_id = ? OR out_id = ?) AND state IN ('sending', 'sent')""")) {
            Instant at = r.reportedAt() == null ? clock.instant() : r.reportedAt();
            s.setString(1, r.delivered() ? "delivered" : "undelivered");
            s.setString(2, r.delivered() ? null : r.errorCode());
            s.setString(3, r.delivered() ? null : r.errorMessage());
            s.setObject(4, utc(at));
            s.setString(5, r.bizId());
            s.setObject(6, utc(at));
            s.setString(7, personalData.lookup("phone", r.phone()));
            s.setString(8, r.bizId());
            s.setString(9, r.outId() == null ? "" : r.outId());
            return s.executeUpdate();
        }
    }

    /** Notes that the gateway was asked about a message and did not know its state yet. */
    public void checked(long id) {
        update("UPDATE sms_messages SET checked_at = ? WHERE id = ?", utc(clock.instant()), id);
    }

    /**
     * Messages still waiting for a delivery state, least recently checked first: sent at least a
     * minute ago (a report usually comes within seconds) and not more than {@code within} ago;
     * not checked in the last five minutes.
     */
    public List<Waiting> waiting(Duration within, int max) {
        Instant now = clock.instant();
        List<Waiting> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT id, phone, out_id, biz_id, state, created_at FROM sms_messages
                WHERE state IN ('sending', 'sent') AND created_at < ? AND created_at > ?
                  AND (checked_at IS NULL OR checked_at < ?)
                ORDER BY checked_at NULLS FIRST, created_at LIMIT ?""")) {
            s.setObject(1, utc(now.minus(Duration.ofMinutes(1))));
            s.setObject(2, utc(now.minus(within)));
            s.setObject(3, utc(now.minus(Duration.ofMinutes(5))));
            s.setInt(4, max);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Waiting(rs.getLong(1), personalData.open(rs.getString(2)), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getObject(6, OffsetDateTime.class).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read waiting text messages: " + e.getMessage(), e);
        }
        return out;
    }

    /** The message with this out id. */
    public Optional<SmsMessage> byOutId(String outId) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT id, purpose, template_code, out_id, biz_id, state, error_code, created_at, sent_at, reported_at
                FROM sms_messages WHERE out_id = ?""")) {
            s.setString(1, outId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(message(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read a text message: " + e.getMessage(), e);
        }
    }

    /** The messages to one number, newest first (for operators and tests). */
    public List<SmsMessage> to(String phone) {
        List<SmsMessage> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT id, purpose, template_code, out_id, biz_id, state, error_code, created_at, sent_at, reported_at
                FROM sms_messages WHERE phone_hash = ? ORDER BY created_at DESC, id DESC""")) {
            s.setString(1, personalData.lookup("phone", phone));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(message(rs));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read text messages: " + e.getMessage(), e);
        }
        return out;
    }

    private void checkCodes(Connection c, String hash, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT count(*) FILTER (WHERE created_at > ?), count(*) FILTER (WHERE created_at > ?), count(*),
                       min(created_at) FILTER (WHERE created_at > ?), min(created_at)
                FROM sms_messages WHERE phone_hash = ? AND purpose LIKE '%\\_code' AND created_at > ?""")) {
            s.setObject(1, utc(now.minus(Duration.ofMinutes(1))));
            s.setObject(2, utc(now.minus(Duration.ofHours(1))));
            s.setObject(3, utc(now.minus(Duration.ofHours(1))));
            s.setString(4, hash);
            s.setObject(5, utc(now.minus(Duration.ofDays(1))));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                if (rs.getInt(3) >= CODES_PER_DAY) {
                    throw limit(SmsLimitReached.DAY, CODES_PER_DAY + " verification codes in 24 hours",
                            rs.getObject(5, OffsetDateTime.class).toInstant().plus(Duration.ofDays(1)), now);
                }
                if (rs.getInt(2) >= CODES_PER_HOUR) {
                    throw limit(SmsLimitReached.HOUR, CODES_PER_HOUR + " verification codes in an hour",
                            rs.getObject(4, OffsetDateTime.class).toInstant().plus(Duration.ofHours(1)), now);
                }
                if (rs.getInt(1) >= CODES_PER_MINUTE) {
                    throw limit(SmsLimitReached.MINUTE, "a verification code in the last minute",
                            now.plus(Duration.ofMinutes(1)), now);
                }
            }
        }
    }

    private void checkNotifications(Connection c, String hash, String template, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT count(*), min(created_at) FROM sms_messages
                WHERE phone_hash = ? AND template_code = ? AND created_at > ?""")) {
            s.setString(1, hash);
            s.setString(2, template);
            s.setObject(3, utc(now.minus(Duration.ofDays(1))));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                if (rs.getInt(1) >= NOTIFICATIONS_PER_DAY) {
                    throw limit(SmsLimitReached.DAY, NOTIFICATIONS_PER_DAY + " messages of template " + template
                            + " in 24 hours", rs.getObject(2, OffsetDateTime.class).toInstant().plus(Duration.ofDays(1)), now);
                }
            }
        }
    }

    private static SmsLimitReached limit(String code, String what, Instant free, Instant now) {
        Duration wait = Duration.between(now, free);
        return new SmsLimitReached(code, "not sent: the number already had " + what
                + " (the SMS gateway's limit); it can have another in " + wait.toSeconds() + " s",
                wait.isNegative() ? Duration.ZERO : wait);
    }

    private static SmsMessage message(ResultSet rs) throws SQLException {
        return new SmsMessage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), instant(rs, 8), instant(rs, 9), instant(rs, 10));
    }

    private static Instant instant(ResultSet rs, int i) throws SQLException {
        OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime utc(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }

    private void update(String sql, Object... params) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update a text message: " + e.getMessage(), e);
        }
    }
}
