package dev.guanjia.community.session;

import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.community.privacy.Resealing;
import dev.guanjia.testkit.MutableClock;
import dev.guanjia.testkit.TestDatabase;
import dev.guanjia.testkit.TwoHouseholds;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoginCodesTest {

    private final DataSource db = TestDatabase.fresh("community");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T01:00:00Z"));
    private final PersonalData personalData = PersonalData.ephemeral();
    private final LoginCodes codes = new LoginCodes(db, clock, personalData);

    @BeforeEach
    void estate() throws SQLException {
        try (Connection c = db.getConnection()) {
            TwoHouseholds.insert(c);
            Resealing.community(c, personalData);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO communities VALUES ('c2', '别苑', '市', '路', '1', '2', '全天', now())");
            }
        }
    }

    @Test
    void requestsAtOnceOnTwoNodesGetOneCode() throws Exception {
        // the same personal-data keys on both nodes, as a deployment of several nodes has
        LoginCodes nodeB = new LoginCodes(db, clock, personalData);
        List<java.util.concurrent.Future<Optional<String>>> asked = new ArrayList<>();
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(8);
        try (var nodes = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                LoginCodes node = i % 2 == 0 ? codes : nodeB;
                asked.add(nodes.submit(() -> {
                    together.await();
                    return node.issue("c1", TwoHouseholds.OWNER_PHONE);
                }));
            }
        }
        int issued = 0;
        for (var a : asked) {
            try {
                issued += a.get().isPresent() ? 1 : 0;
            } catch (java.util.concurrent.ExecutionException e) {
                assertTrue(e.getCause() instanceof LoginCodes.TooSoon, e.getCause().toString());
            }
        }
        assertEquals(1, issued, "one code a minute, however many nodes are asked at once");
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM login_codes), (SELECT count(*) FROM sms_sends)")) {
            rs.next();
            assertEquals(1, rs.getInt(1));
            assertEquals(1, rs.getInt(2), "and one text counted");
        }
    }

    @Test
    void aPhoneGetsAtMostTenCodesADayOverAllCommunitiesKnownOrNot() {
        // five an hour is the hourly limit; two hours and two communities make ten
        for (int hour = 0; hour < 2; hour++) {
            for (int i = 0; i < 5; i++) {
                assertTrue(codes.issue("c1", TwoHouseholds.OWNER_PHONE).isPresent());
                clock.advance(Duration.ofMinutes(2));
            }
            clock.advance(Duration.ofMinutes(60));
        }
        LoginCodes.TooSoon capped = assertThrows(LoginCodes.TooSoon.class,
                () -> codes.issue("c2", TwoHouseholds.OWNER_PHONE), "another community shares the phone's cap");
        assertEquals(LoginCodes.DAILY_CAP_REACHED, capped.getMessage());
        assertTrue(capped.retryAfter().compareTo(Duration.ofHours(21)) > 0
                && capped.retryAfter().compareTo(Duration.ofHours(24)) <= 0, capped.retryAfter().toString());
        // an unknown number is counted and capped the same way, before any text is sent
        String stranger = "13900000000";
        for (int i = 0; i < LoginCodes.DAILY_PER_PHONE; i++) {
            assertTrue(codes.issue(i % 2 == 0 ? "c1" : "c2", stranger).isEmpty());
            clock.advance(Duration.ofMinutes(1));
        }
        LoginCodes.TooSoon strangerCapped = assertThrows(LoginCodes.TooSoon.class, () -> codes.issue("c1", stranger));
        assertEquals(capped.getMessage(), strangerCapped.getMessage());
        // a day after the first text the phone may have one again
        clock.advance(Duration.ofHours(22));
        assertTrue(codes.issue("c1", TwoHouseholds.OWNER_PHONE).isPresent());
    }

    @Test
    void phonesAndCodesAreStoredOnlyAsKeyedHashes() throws Exception {
        String code = codes.issue("c1", TwoHouseholds.OWNER_PHONE).orElseThrow();
        List<String> stored = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT phone_hash, code_hash FROM login_codes "
                     + "UNION ALL SELECT phone_hash, '' FROM sms_sends")) {
            while (rs.next()) {
                stored.add(rs.getString(1));
                stored.add(rs.getString(2));
            }
        }
        assertEquals(4, stored.size());
        String phone = TwoHouseholds.OWNER_PHONE;
        for (String plain : List.of(phone, phone + ":" + code, "phone:" + phone, "login:" + phone)) {
            assertFalse(stored.contains(sha256(plain)), "no plain SHA-256 of " + plain);
        }
        assertFalse(String.join(" ", stored).contains(phone));
        assertTrue(stored.contains(personalData.lookup("login", phone)), "the data key's HMAC");
        assertEquals(Optional.of("r1"), codes.verify("c1", phone, code), "and the code still signs in");
    }

    @Test
    void purgeDropsDayOldCodesAndSendCountsAndExpiredSessions() throws SQLException {
        codes.issue("c1", TwoHouseholds.OWNER_PHONE).orElseThrow();
        clock.advance(Duration.ofHours(25));
        codes.issue("c1", TwoHouseholds.NEIGHBOUR_PHONE).orElseThrow();
        assertEquals(2, codes.purge(), "the old code and its send count");
        assertEquals(1, count("SELECT count(*) FROM login_codes"));
        assertEquals(1, count("SELECT count(*) FROM sms_sends"));

        Sessions sessions = new Sessions(db, personalData);
        Instant now = Instant.now();
        String shortLived = sessions.open("c1", Caller.Kind.RESIDENT, "r1", Duration.ofMinutes(1));
        String live = sessions.open("c1", Caller.Kind.RESIDENT, "r2", Duration.ofDays(7));
        String signedOut = sessions.open("c1", Caller.Kind.STAFF, "a1", Duration.ofDays(7));
        sessions.revoke(signedOut);
        assertEquals(0, sessions.purge(now), "nothing expired yet, the sign-out is recent");
        assertEquals(1, sessions.purge(now.plus(Duration.ofMinutes(2))), "the expired one");
        assertEquals(1, sessions.purge(now.plus(Duration.ofHours(25))), "the day-old sign-out");
        assertEquals(1, count("SELECT count(*) FROM sessions"));
        assertTrue(sessions.resolve(live, now).isPresent());
        assertTrue(sessions.resolve(shortLived, now).isEmpty());
    }

    private long count(String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
