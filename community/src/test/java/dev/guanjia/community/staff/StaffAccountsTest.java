package dev.guanjia.community.staff;

import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.community.session.Caller;
import dev.guanjia.community.session.Sessions;
import dev.guanjia.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StaffAccountsTest {

    private final DataSource db = TestDatabase.fresh("community");

    @Test
    void argon2idHashesVerifyOnlyTheirOwnPasswordAndAreSalted() {
        PasswordHash h = new PasswordHash();
        String a = h.hash("correct horse 1");
        assertTrue(a.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), a);
        assertTrue(h.verify("correct horse 1", a));
        assertFalse(h.verify("correct horse 2", a));
        assertFalse(h.verify("correct horse 1", "$2a$10$notargon"));
        assertFalse(a.equals(h.hash("correct horse 1")), "a fresh salt every time");
    }

    @Test
    void policyRefusesShortSingleKindCommonAndCodeContainingPasswords() {
        assertTrue(StaffAccounts.weakness("short1", "s1").isPresent());
        assertTrue(StaffAccounts.weakness("abcdefghijkl", "s1").isPresent());
        assertTrue(StaffAccounts.weakness("admin-2026-xyz", "admin").isPresent());
        assertTrue(StaffAccounts.weakness("Zhangwei-e07-x", "e07").isPresent(), "contains the staff code");
        assertTrue(StaffAccounts.weakness("qiuyue-2026!", "s1").isEmpty());
        assertEquals("这个密码太常见，容易被猜中，请换一个。", StaffAccounts.weakness("Password123", "s1").orElseThrow());
        for (String common : new String[]{"Password123", "password1234", "P@ssw0rd2026", "Admin@12345", "admin123456",
                "Qwerty123456", "1qaz2wsx3edc", "1qaz2wsx!!", "12345678!@", "Woaini1314520", "woaini@2026",
                "Guanjia2026!", "wuye123456", "Zhongguo1949", "iloveyou123", "abc123456789", "123456789a!"}) {
            assertTrue(StaffAccounts.weakness(common, "s1").isPresent(), common + " is refused");
        }
        for (String fine : new String[]{"Lotus-pond-88", "qiuyue-2026!", "Console-test-2026", "hu7-Tan-qiao",
                "西湖边-2026-散步"}) {
            assertTrue(StaffAccounts.weakness(fine, "s1").isEmpty(), fine + " is fine");
        }
    }

    @Test
    void unknownCodesAndWrongPasswordsGetOneAnswerAndNothingIsEverLocked() throws SQLException {
        community();
        StaffAccounts accounts = new StaffAccounts(db);
        accounts.add("c1", "boss", "站长", "admin", "Lotus-pond-88");
        Instant now = Instant.parse("2026-11-27T01:00:00Z");
        assertInstanceOf(StaffAccounts.SignIn.Accepted.class, accounts.signIn("c1", "boss", "Lotus-pond-88", now));
        assertEquals(new StaffAccounts.SignIn.Refused(), accounts.signIn("c1", "ghost", "Lotus-pond-88", now));
        assertEquals(new StaffAccounts.SignIn.Refused(), accounts.signIn("c1", "boss", "wrong-pass-1", now));
        for (int i = 0; i < 20; i++) {
            assertEquals(new StaffAccounts.SignIn.Refused(), accounts.signIn("c1", "boss", "wrong-" + i + "-pass", now));
        }
        assertInstanceOf(StaffAccounts.SignIn.Accepted.class, accounts.signIn("c1", "boss", "Lotus-pond-88", now),
                "twenty strangers' guesses do not keep the real admin out");
        assertThrows(IllegalArgumentException.class, () -> accounts.add("c1", "x", "某", "agent", "123"));
        assertThrows(IllegalArgumentException.class, () -> accounts.add("c1", "x", "某", "agent", "Password123"));
        assertThrows(IllegalArgumentException.class, () -> accounts.add("c1", "x", "某", "janitor", "Lotus-pond-88"));
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT source, password_hash FROM staff JOIN staff_credentials "
                     + "ON staff_id = id WHERE code = 'boss'")) {
            assertTrue(rs.next());
            assertEquals("account", rs.getString(1));
            assertFalse(rs.getString(2).contains("Lotus"), "no plaintext password stored");
        }
    }

    @Test
    void aNewPasswordEndsEverySessionTheOldOneOpened() throws SQLException {
        community();
        StaffAccounts accounts = new StaffAccounts(db);
        accounts.add("c1", "boss", "站长", "admin", "Lotus-pond-88");
        accounts.add("c1", "s2", "客服", "agent", "Lotus-pond-88");
        Sessions sessions = new Sessions(db, PersonalData.ephemeral());
        String phone = sessions.open("c1", Caller.Kind.STAFF, "boss", Duration.ofHours(12));
        String laptop = sessions.open("c1", Caller.Kind.STAFF, "boss", Duration.ofHours(12));
        String colleague = sessions.open("c1", Caller.Kind.STAFF, "s2", Duration.ofHours(12));
        accounts.setPassword("c1", "boss", "Brand-new-2027");
        Instant now = Instant.now();
        assertTrue(sessions.resolve(phone, now).isEmpty());
        assertTrue(sessions.resolve(laptop, now).isEmpty());
        assertTrue(sessions.resolve(colleague, now).isPresent(), "only that person's sessions end");
        assertInstanceOf(StaffAccounts.SignIn.Refused.class, accounts.signIn("c1", "boss", "Lotus-pond-88", now));
        assertInstanceOf(StaffAccounts.SignIn.Accepted.class, accounts.signIn("c1", "boss", "Brand-new-2027", now));
        assertTrue(sessions.resolve(sessions.open("c1", Caller.Kind.STAFF, "boss", Duration.ofHours(12)), now)
                .isPresent(), "signing in again works");
    }

    private void community() throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO communities VALUES ('c1', '小区', '市', '路', '1', '2', '全天', now())");
        }
    }
}
