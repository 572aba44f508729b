package dev.guanjia.community.session;

import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionsTest {

    private final DataSource db = TestDatabase.fresh("community");

    @Test
    void tokensResolveToTheCallerUntilTheyExpireOrAreRevoked() throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO communities VALUES ('c1', '小区', '市', '路', '1', '2', '全天', now())");
            s.execute("INSERT INTO residents (community_id, code, name) VALUES ('c1', 'r1', '住户')");
            s.execute("INSERT INTO staff (community_id, code, name, role) VALUES ('c1', 's1', '主管', 'supervisor')");
        }
        Sessions sessions = new Sessions(db, PersonalData.ephemeral());
        String resident = sessions.open("c1", Caller.Kind.RESIDENT, "r1", Duration.ofMinutes(30));
        String staff = sessions.open("c1", Caller.Kind.STAFF, "s1", Duration.ofMinutes(30));
        Caller r = sessions.resolve(resident, Instant.now()).orElseThrow();
        assertTrue(r.isResident());
        assertEquals("resident:r1", r.actor());
        Caller s = sessions.resolve(staff, Instant.now()).orElseThrow();
        assertEquals("supervisor", s.role());
        assertTrue(sessions.resolve(resident, Instant.now().plus(Duration.ofMinutes(31))).isEmpty(), "expired");
        sessions.revoke(staff);
        assertTrue(sessions.resolve(staff, Instant.now()).isEmpty(), "revoked");
        assertTrue(sessions.resolve("made-up", Instant.now()).isEmpty());
        assertTrue(sessions.resolve(null, Instant.now()).isEmpty());
        assertThrows(IllegalArgumentException.class,
                () -> sessions.open("c1", Caller.Kind.RESIDENT, "nobody", Duration.ofMinutes(1)));
        try (Connection c = db.getConnection(); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM sessions WHERE token_hash = '" + resident + "'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "only a hash of the token is stored");
        }
    }
}
