package dev.guanjia.community.resident;

import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Residents#once}: one lookup per identity within the work, none kept after it, none kept past a binding. */
class ResidentsOnceTest {

    private final DataSource db = TestDatabase.fresh("community");
    private final PersonalData personalData = PersonalData.ephemeral();
    private final Residents residents = new Residents(db, personalData);
    private final Bindings bindings = new Bindings(db, personalData);

    @Test
    void anIdentityIsLookedUpOnceWithinTheWorkAndAfreshAfterIt() throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO communities VALUES ('c1', '测试苑', '市', '路', '1', '96196', '全天', now())");
            s.execute("INSERT INTO residents (community_id, code, name) VALUES ('c1', 'r1', '" + personalData.seal("甲") + "')");
        }
        residents.once(() -> {
            assertTrue(residents.identify("c1", "wechat_openid", "o-1").isEmpty());
            // bound behind the work's back (another node): the work keeps what it found
            try {
                identityAdded("o-1");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            assertTrue(residents.identify("c1", "wechat_openid", "o-1").isEmpty(), "looked up once");
            return null;
        });
        assertEquals("r1", residents.identify("c1", "wechat_openid", "o-1").orElseThrow().code(),
                "nothing kept after the work");
    }

    @Test
    void aBindingMadeOrRemovedWithinTheWorkIsSeen() throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO communities VALUES ('c1', '测试苑', '市', '路', '1', '96196', '全天', now())");
            s.execute("INSERT INTO residents (community_id, code, name) VALUES ('c1', 'r1', '" + personalData.seal("甲") + "')");
        }
        residents.once(() -> {
            assertTrue(residents.identify("c1", "wechat_openid", "o-2").isEmpty());
            bindings.bind("c1", "r1", "wechat_openid", "o-2");
            assertEquals("r1", residents.identify("c1", "wechat_openid", "o-2").orElseThrow().code(), "bound here");
            residents.once(() -> {
                assertTrue(bindings.unbind("c1", "wechat_openid", "o-2"));
                return null;
            });
            assertFalse(residents.identify("c1", "wechat_openid", "o-2").isPresent(), "unbound in a nested call");
            return null;
        });
    }

    private void identityAdded(String openid) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO resident_identities (community_id, resident_id, kind, value, value_hash, source)
                SELECT 'c1', id, 'wechat_openid', ?, ?, 'bound' FROM residents WHERE code = 'r1'""")) {
            s.setString(1, personalData.seal(openid));
            s.setString(2, personalData.lookup("wechat_openid", openid));
            s.executeUpdate();
        }
    }
}
