package dev.guanjia.app.database;

import dev.guanjia.app.config.GuanjiaConfig;
import dev.guanjia.app.pack.DemoPack;
import dev.guanjia.app.pack.PackImport;
import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatabaseTest {

    @TempDir
    Path dataDir;

    private static final GuanjiaConfig.Database EMBEDDED = new GuanjiaConfig.Database(null, null, null);

    @Test
    void embeddedDatabaseKeepsItsDataAcrossRestarts() throws IOException {
        try (Database db = Database.open(EMBEDDED, dataDir)) {
            assertEquals(0, db.pendingMigrations());
            DemoPack.use(dir -> new PackImport(db.dataSource()).importPack(dir, null, "test"));
        }
        try (Database db = Database.open(EMBEDDED, dataDir)) {
            assertEquals(0, db.migrate(), "nothing left to migrate after a restart");
            assertEquals(1, new CommunityDirectory(db.dataSource()).list().size());
            assertTrue(db.description().contains(dataDir.resolve("postgres").toString()));
        }
    }

    @Test
    void externalDatabaseByUrlGetsTheSameSchemaAndImports() throws Exception {
        // A separately started server, reached only through its JDBC URL, as an operator's would be.
        DataSource admin = TestDatabase.fresh();
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE guanjia_ext LOGIN PASSWORD 'ext-secret'");
            s.execute("CREATE DATABASE guanjia_external OWNER guanjia_ext");
        }
        String url = TestDatabase.jdbcUrl("guanjia_external").replaceAll("\\?.*$", "");
        GuanjiaConfig.Database external = new GuanjiaConfig.Database(url, "guanjia_ext", "ext-secret");
        try (Database db = Database.open(external, dataDir)) {
            assertTrue(db.description().startsWith("external PostgreSQL"));
            assertTrue(db.ping());
            assertEquals(0, db.pendingMigrations());
            PackImport.Report r = DemoPack.use(dir -> new PackImport(db.dataSource()).importPack(dir, null, "test"));
            assertEquals(r.houses(), new CommunityDirectory(db.dataSource()).find(r.communityId()).orElseThrow().houses());
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                var rs = s.executeQuery("SELECT current_user");
                rs.next();
                assertEquals("guanjia_ext", rs.getString(1));
            }
        }
    }

    @Test
    void unreachableExternalDatabaseSaysWhatToCheck() {
        GuanjiaConfig.Database external =
                new GuanjiaConfig.Database("jdbc:postgresql://127.0.0.1:1/nothing?connectTimeout=2", "u", "p");
        IOException e = assertThrows(IOException.class, () -> Database.open(external, dataDir));
        assertTrue(e.getMessage().contains("GUANJIA_DB_URL"), e.getMessage());
    }

    @Test
    void aSecondProcessCannotTakeTheSameDataDirectory() throws IOException {
        try (DataDirectory first = DataDirectory.lock(dataDir)) {
            DataDirectory.DataDirectoryBusyException e = assertThrows(DataDirectory.DataDirectoryBusyException.class,
                    () -> DataDirectory.lock(dataDir));
            assertTrue(e.getMessage().contains("already using the data directory"));
        }
        DataDirectory.lock(dataDir).close();
    }
}
