package dev.guanjia.app.database;

import dev.guanjia.app.config.GuanjiaConfig;
import dev.guanjia.app.pack.DemoPack;
import dev.guanjia.app.pack.PackImport;
import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.community.privacy.PersonalData;
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
            DemoPack.use(dir -> new PackImport(db.dataSource(), PersonalData.ephemeral()).importPack(dir, null, "test"));
        }
        try (Database db = Database.open(EMBEDDED, dataDir)) {
            assertEquals(0, db.migrate(), "nothing left to migrate after a restart");
            assertEquals(1, new CommunityDirectory(db.dataSource()).list().size());
            assertTrue(db.description().contains(dataDir.resolve("postgres").toString()));
        }
    }

    @Test
    void aPendingMigrationIsReportedUntilNoneIsLeftAndThenTheAnswerIsKept() throws Exception {
        try (Database db = Database.open(EMBEDDED, dataDir);
             Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            // the desk's last script taken out of its history: to Flyway it is pending again
            s.execute("CREATE TABLE saved_history AS SELECT * FROM flyway_history_desk "
                    + "WHERE installed_rank = (SELECT max(installed_rank) FROM flyway_history_desk)");
            s.execute("DELETE FROM flyway_history_desk WHERE installed_rank IN (SELECT installed_rank FROM saved_history)");
            assertEquals(1, db.pendingMigrations());
            assertEquals(1, db.pendingMigrations(), "a pending migration is looked for again");
            s.execute("INSERT INTO flyway_history_desk SELECT * FROM saved_history");
            assertEquals(0, db.pendingMigrations());
            // once current, the health check no longer scans for scripts: migrations only ever add
            s.execute("DELETE FROM flyway_history_desk WHERE installed_rank IN (SELECT installed_rank FROM saved_history)");
            assertEquals(0, db.pendingMigrations());
        }
    }

    @Test
    void externalDatabaseByUrlGetsTheSameSchemaAndImports() throws Exception {
        // A separately started server, reached only through its JDBC URL, as an operator's would be.
        String url = ownDatabase("guanjia_ext", "ext-secret", "guanjia_external");
        GuanjiaConfig.Database external = new GuanjiaConfig.Database(url, "guanjia_ext", "ext-secret");
        try (Database db = Database.open(external, dataDir)) {
            assertTrue(db.description().startsWith("external PostgreSQL"));
            assertTrue(db.ping());
            assertEquals(0, db.pendingMigrations());
            PackImport.Report r = DemoPack.use(dir -> new PackImport(db.dataSource(), PersonalData.ephemeral()).importPack(dir, null, "test"));
            assertEquals(r.houses(), new CommunityDirectory(db.dataSource()).find(r.communityId()).orElseThrow().houses());
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                var rs = s.executeQuery("SELECT current_user");
                rs.next();
                assertEquals("guanjia_ext", rs.getString(1));
            }
        }
    }

    @Test
    void aDatabaseMadeBeforeTheDeskModuleKeepsItsConversationsAndMigratesCleanly() throws Exception {
        // the layout of earlier releases: conversations' migrations recorded in the bot's history
        String url = ownDatabase("guanjia_old", "old-secret", "guanjia_before_desk");
        var old = new org.postgresql.ds.PGSimpleDataSource();
        old.setUrl(url);
        old.setUser("guanjia_old");
        old.setPassword("old-secret");
        for (String module : java.util.List.of("community", "knowledge", "ticketing")) {
            TestDatabase.migrate(old, module);
        }
        org.flywaydb.core.Flyway.configure().dataSource(old).locations("classpath:db/migration/desk")
                .table("flyway_history_bot").baselineOnMigrate(true).baselineVersion("0").load().migrate();
        try (Connection c = old.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO communities (id, name, city, address, service_phone, emergency_phone, office_hours) "
                    + "VALUES ('old', '老小区', '某市', '某路1号', '1', '2', '8-18')");
            s.execute("INSERT INTO conversations (id, community_id, channel, channel_user) "
                    + "VALUES (gen_random_uuid(), 'old', 'web', 'u1')");
            s.execute("INSERT INTO chat_memory (memory_id, messages) VALUES ('m1', '[]')");
        }
        GuanjiaConfig.Database external = new GuanjiaConfig.Database(url, "guanjia_old", "old-secret");
        try (Database db = Database.open(external, dataDir)) {
            assertEquals(0, db.pendingMigrations());
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                var rs = s.executeQuery("SELECT (SELECT count(*) FROM conversations), (SELECT count(*) FROM chat_memory), "
                        + "(SELECT count(*) FROM flyway_history_desk WHERE script = 'V1__conversations.sql'), "
                        + "(SELECT count(*) FROM flyway_history_bot WHERE script = 'V1__chat_memory.sql')");
                rs.next();
                assertEquals(1, rs.getInt(1), "conversations kept");
                assertEquals(1, rs.getInt(2), "the agent's memory kept");
                assertEquals(1, rs.getInt(3), "the desk took over the conversations' history");
                assertEquals(1, rs.getInt(4), "the bot's own history starts with its memory table");
            }
        }
        try (Database db = Database.open(external, dataDir)) {
            assertEquals(0, db.migrate(), "nothing left to migrate after a restart");
        }
    }

    /** A database of its own owned by a new role on the tests' server; its JDBC URL. */
    private static String ownDatabase(String role, String password, String database) throws Exception {
        DataSource admin = TestDatabase.fresh();
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
            s.execute("CREATE DATABASE " + database + " OWNER " + role);
        }
        return TestDatabase.jdbcUrl(database).replaceAll("\\?.*$", "");
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
