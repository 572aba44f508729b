package dev.guanjia.community.session;

import dev.guanjia.community.privacy.PersonalData;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * Phone + one-time code sign-in for residents. A code lives 5 minutes and allows 5 tries; a phone
 * gets at most one code a minute and 5 an hour, and at most {@value #DAILY_PER_PHONE} text messages
 * a day over all communities. Codes and phones are stored only as keyed hashes (the lookup key of
 * {@link PersonalData}): a plain hash of a phone number is undone by hashing every number.
 * <p>
 * Registered and unknown numbers go through the same steps (limits, then a row): the limits are
 * counted for every number, so neither the answer nor its timing tells who lives here, and a
 * probe texts a real resident at most once a minute.
 */
public final class LoginCodes {

    /** Why a code was not issued, in words for the resident. */
    public static final class TooSoon extends RuntimeException {
        private final Duration retryAfter;

        public TooSoon(String message) {
            this(message, Duration.ofMinutes(1));
        }

        public TooSoon(String message, Duration retryAfter) {
            super(message);
            this.retryAfter = retryAfter;
        }

        /** When asking again can succeed (for a Retry-After header). */
        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** Text messages one phone may be sent in 24 hours, whichever community asks. */
    public static final int DAILY_PER_PHONE = 10;
    public static final String DAILY_CAP_REACHED = "该号码今天获取验证码的次数已达上限，请明天再试，或联系物业服务中心。";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final int MAX_ATTEMPTS = 5;
    /** The same words for every number, registered or not. */
    public static final String TOO_SOON = "如该号码已在本小区登记，验证码已发送，请查收短信；1分钟内不能重复获取。";
    public static final String TOO_OFTEN = "该号码获取验证码太频繁，请1小时后再试。";

    private final DataSource db;
    private final PersonalData personalData;
    private final Clock clock;

    public LoginCodes(DataSource db, Clock clock, PersonalData personalData) {
        this.db = db;
        this.personalData = personalData;
        this.clock = clock;
    }

    /**
     * A fresh code for a phone registered in the community, or empty when the phone is not a
     * resident's (the caller must not tell the difference to the requester).
     */
    public Optional<String> issue(String communityId, String phone) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        String p = phone == null ? "" : phone.strip();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                Optional<String> issued = issue(c, communityId, p, now);
                c.commit();
                return issued;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot issue login code: " + e.getMessage(), e);
        }
    }

    /** The advisory-lock class of a phone whose codes are being counted ("LC"). */
    private static final int PHONE_LOCK = 0x4c43;

    private Optional<String> issue(Connection c, String communityId, String p, OffsetDateTime now) throws SQLException {
        // counted and recorded under a lock per number: two requests at once (on two nodes) are
        // counted one after the other, so neither limit can be passed by asking in parallel
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
            s.setInt(1, PHONE_LOCK);
            s.setString(2, hash(p));
            s.executeQuery().close();
        }
        // the daily cap comes first, then the per-number limits; all count unknown numbers too
        checkDailyCap(c, p, now);
        try (PreparedStatement s = c.prepareStatement("""
                SELECT count(*) FILTER (WHERE created_at > ?), count(*) FROM login_codes
                WHERE community_id = ? AND phone_hash = ? AND created_at > ?""")) {
            s.setObject(1, now.minusMinutes(1));
            s.setString(2, communityId);
            s.setString(3, hash(p));
            s.setObject(4, now.minusHours(1));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    throw new TooSoon(TOO_SOON);
                }
                if (rs.getInt(2) >= 5) {
                    throw new TooSoon(TOO_OFTEN);
                }
            }
        }
        countSend(c, p, now);
        boolean resident = residentCode(c, communityId, p).isPresent();
        // an unknown number gets a row too, with a code nobody is told: it can never sign in
        String code = String.format("%06d", RANDOM.nextInt(1_000_000));
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO login_codes (community_id, phone_hash, code_hash, created_at, expires_at)
                SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM communities WHERE id = ?)""")) {
            s.setString(1, communityId);
            s.setString(2, hash(p));
            s.setString(3, hash(p + ":" + code));
            s.setObject(4, now);
            s.setObject(5, now.plus(LIFETIME));
            s.setString(6, communityId);
            s.executeUpdate();
        }
        return resident ? Optional.of(code) : Optional.empty();
    }

    /** The resident's pack id when the code is right, unexpired, unused and within its tries. */
    public Optional<String> verify(String communityId, String phone, String code) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                long id;
                boolean match;
                try (PreparedStatement s = c.prepareStatement("""
                        SELECT id, code_hash FROM login_codes
                        WHERE community_id = ? AND phone_hash = ? AND used_at IS NULL AND expires_at > ?
                          AND attempts < ?
                        ORDER BY created_at DESC LIMIT 1 FOR UPDATE""")) {
                    s.setString(1, communityId);
                    s.setString(2, hash(phone));
                    s.setObject(3, now);
                    s.setInt(4, MAX_ATTEMPTS);
                    try (ResultSet rs = s.executeQuery()) {
                        if (!rs.next()) {
                            c.rollback();
                            return Optional.empty();
                        }
                        id = rs.getLong(1);
                        match = MessageDigest.isEqual(rs.getString(2).getBytes(StandardCharsets.UTF_8),
                                hash(phone + ":" + (code == null ? "" : code.strip())).getBytes(StandardCharsets.UTF_8));
                    }
                }
                try (PreparedStatement s = c.prepareStatement(match
                        ? "UPDATE login_codes SET used_at = ? WHERE id = ?"
                        : "UPDATE login_codes SET attempts = attempts + 1 WHERE id = ? AND ? IS NOT NULL")) {
                    if (match) {
                        s.setObject(1, now);
                        s.setLong(2, id);
                    } else {
                        s.setLong(1, id);
                        s.setObject(2, now);
                    }
                    s.executeUpdate();
                }
                c.commit();
                return match ? residentCode(c, communityId, phone) : Optional.empty();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot verify login code: " + e.getMessage(), e);
        }
    }

    private void checkDailyCap(Connection c, String phone, OffsetDateTime now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT count(*), min(sent_at) FROM sms_sends WHERE phone_hash = ? AND sent_at > ?")) {
            s.setString(1, hash(phone == null ? "" : phone.strip()));
            s.setObject(2, now.minusDays(1));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                if (rs.getInt(1) >= DAILY_PER_PHONE) {
                    OffsetDateTime oldest = rs.getObject(2, OffsetDateTime.class);
                    throw new TooSoon(DAILY_CAP_REACHED, Duration.between(now, oldest.plusDays(1)));
                }
            }
        }
    }

    /** Counts a text message to this phone (or, for an unknown number, the one it would have been). */
    private void countSend(Connection c, String phone, OffsetDateTime now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO sms_sends (phone_hash, sent_at) VALUES (?, ?)")) {
            s.setString(1, hash(phone == null ? "" : phone.strip()));
            s.setObject(2, now);
            s.executeUpdate();
        }
    }

    /**
     * Deletes codes and send counts older than a day (a code lives minutes; the counts matter for a
     * day): how often a phone asked for codes is not kept longer than the limits need.
     *
     * @return rows deleted
     */
    public int purge() {
        OffsetDateTime dayAgo = OffsetDateTime.now(clock).minusDays(1);
        try (Connection c = db.getConnection();
             PreparedStatement codes = c.prepareStatement("DELETE FROM login_codes WHERE created_at < ?");
             PreparedStatement sends = c.prepareStatement("DELETE FROM sms_sends WHERE sent_at < ?")) {
            codes.setObject(1, dayAgo);
            sends.setObject(1, dayAgo);
            return codes.executeUpdate() + sends.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot purge login codes: " + e.getMessage(), e);
        }
    }

    private Optional<String> residentCode(Connection c, String communityId, String phone) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT r.code FROM resident_identities i JOIN residents r ON r.id = i.resident_id
                WHERE i.community_id = ? AND i.kind = 'phone' AND i.value_hash = ?""")) {
            s.setString(1, communityId);
            s.setString(2, personalData.lookup("phone",
                    phone == null ? "" : phone));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** How login codes name the phone they were sent to (for a resident's export and erasure). */
    public static String phoneHash(PersonalData personalData, String phone) {
        return personalData.lookup("login", phone);
    }

    /** Keyed (HMAC) hash, so a dump without the data key does not give the phone numbers back. */
    private String hash(String s) {
        return phoneHash(personalData, s);
    }
}
