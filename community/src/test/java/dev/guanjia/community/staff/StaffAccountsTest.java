package dev.guanjia.community.staff;

import dev.guanjia.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
    void policyRefusesShortSingleKindAndCodeContainingPasswords() {
        assertTrue(StaffAccounts.weakness("short1", "s1").isPresent());
        assertTrue(StaffAccounts.weakness("abcdefghijkl", "s1").isPresent());
        assertTrue(StaffAccounts.weakness("admin-2026-xyz", "admin").isPresent());
        assertTrue(StaffAccounts.weakness("qiuyue-2026!", "s1").isEmpty());
    }

    @Test
    void signInLocksAfterFiveFailuresAndTheLockEnds() throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO communities VALUES ('c1', '小区', '市', '路', '1', '2', '全天', now())");
        }
        StaffAccounts accounts = new StaffAccounts(db);
        accounts.add("c1", "boss", "站长", "admin", "Lotus-pond-88");
        Instant now = Instant.parse("2026-11-27T01:00:00Z");
        assertInstanceOf(StaffAccounts.SignIn.Accepted.class, accounts.signIn("c1", "boss", "Lotus-pond-88", now));
        assertInstanceOf(StaffAccounts.SignIn.Refused.class, accounts.signIn("c1", "ghost", "Lotus-pond-88", now));
        for (int i = 1; i < StaffAccounts.MAX_FAILURES; i++) {
            StaffAccounts.SignIn r = accounts.signIn("c1", "boss", "wrong-" + i + "-pass", now);
            assertEquals(new StaffAccounts.SignIn.Refused(StaffAccounts.MAX_FAILURES - i), r);
        }
        assertInstanceOf(StaffAccounts.SignIn.Locked.class, accounts.signIn("c1", "boss", "wrong-5-passw", now));
        assertInstanceOf(StaffAccounts.SignIn.Locked.class, accounts.signIn("c1", "boss", "Lotus-pond-88",
                now.plusSeconds(60)), "even the right password waits out the lock");
        assertInstanceOf(StaffAccounts.SignIn.Accepted.class, accounts.signIn("c1", "boss", "Lotus-pond-88",
                now.plus(StaffAccounts.LOCK).plusSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> accounts.add("c1", "x", "某", "agent", "123"));
        assertThrows(IllegalArgumentException.class, () -> accounts.add("c1", "x", "某", "janitor", "Lotus-pond-88"));
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT source, password_hash FROM staff JOIN staff_credentials "
                     + "ON staff_id = id WHERE code = 'boss'")) {
            assertTrue(rs.next());
            assertEquals("account", rs.getString(1));
            assertFalse(rs.getString(2).contains("Lotus"), "no plaintext password stored");
        }
    }
}
