package dev.guanjia.community.directory;

import dev.guanjia.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A request reads a community once; the next request sees what changed in between. */
class CommunityDirectoryOnceTest {

    private final DataSource db = TestDatabase.fresh("community");
    private final CommunityDirectory directory = new CommunityDirectory(db);

    @Test
    void readsOncePerRequestAndAnewInTheNext() throws Exception {
        sql("INSERT INTO communities (id, name, city, address, service_phone, emergency_phone, office_hours) "
                + "VALUES ('c1', '测试苑', '市', '路', '1', '2', '全天')");
        directory.once(() -> {
            assertEquals("测试苑", directory.profile("c1").orElseThrow().name());
            assertEquals(ZoneId.of("Asia/Shanghai"), directory.zone("c1"));
            // a pack import during the request: the request keeps what it read
            sql("UPDATE communities SET name = '新名苑', time_zone = 'Asia/Urumqi' WHERE id = 'c1'");
            assertEquals("测试苑", directory.profile("c1").orElseThrow().name());
            assertEquals(ZoneId.of("Asia/Shanghai"), directory.once(() -> directory.zone("c1")));
            assertTrue(directory.profile("nowhere").isEmpty());
            return null;
        });
        // outside a request and in the next one: read anew
        assertEquals("新名苑", directory.profile("c1").orElseThrow().name());
        assertEquals(ZoneId.of("Asia/Urumqi"), directory.zone("c1"));
        assertEquals(ZoneId.of("Asia/Urumqi"), directory.once(() -> directory.zone("c1")));
        assertEquals(dev.guanjia.community.pack.CommunityPack.DEFAULT_ZONE, directory.once(() -> directory.zone("nowhere")));
    }

    private void sql(String statement) {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
