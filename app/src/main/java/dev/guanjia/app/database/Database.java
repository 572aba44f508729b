package dev.guanjia.app.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.guanjia.app.config.GuanjiaConfig;
import dev.guanjia.app.files.OwnerOnly;
import dev.guanjia.app.files.TemporaryDirectory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The system of record: an embedded PostgreSQL under the data directory, or an external server
 * by URL. Either way a HikariCP pool in front and every module's migrations applied.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Database.class.getName());

    /**
     * Modules that own tables, in the order they migrate: each with its own history table. The desk
     * migrates before the bot because its early migrations made the agent's memory table too.
     */
    public static final List<String> MODULES =
            List.of("community", "knowledge", "ticketing", "payments", "notices", "bookings", "desk", "bot", "voice", "channels");

    /**
     * The JDBC driver logs every statement's parameters at FINEST: residents' messages and personal
     * data. Kept at INFO, so a more verbose root level (e.g. while debugging) does not reach it, unless
     * logging.properties sets org.postgresql.level itself; held here as JUL keeps loggers weakly.
     */
    private static final Logger DRIVER_LOG = Logger.getLogger("org.postgresql");

    static {
        if (DRIVER_LOG.getLevel() == null) {
            DRIVER_LOG.setLevel(Level.INFO);
        }
    }

    private final EmbeddedPostgres embedded;
    private final HikariDataSource pool;
    private final String description;
    private final Notifications notifications;
    private final PostgresChangeFeed changes;
    private Path deleteOnClose;
    /** Set once no migration of this code is pending: migrations only ever add, so it stays so. */
    private volatile boolean schemaCurrent;

    private Database(EmbeddedPostgres embedded, HikariDataSource pool, String description) {
        this.embedded = embedded;
        this.pool = pool;
        this.description = description;
        // its own connection, outside the pool: a LISTEN lasts as long as the session that said it
        this.notifications = new Notifications(
                () -> java.sql.DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword()));
        this.changes = new PostgresChangeFeed(pool, notifications);
    }

    /** A throwaway embedded database in a temporary directory, removed on close (eval, bench). */
    public static Database temporary() throws IOException {
        Path dir = Files.createTempDirectory("guanjia-tmp-db");
        Database db = open(new GuanjiaConfig.Database(null, null, null), dir);
        db.deleteOnClose = dir;
        return db;
    }

    /** Starts (embedded) or connects (external), then migrates. */
    public static Database open(GuanjiaConfig.Database config, Path dataDir) throws IOException {
        EmbeddedPostgres embedded = null;
        String url = config.url();
        String user = config.user();
        String password = config.password();
        String description;
        if (config.embedded()) {
            // The programs run from here and the database lives here: nobody else may write to either.
            DataDirectory.secure(dataDir);
            EmbeddedAccess access = EmbeddedAccess.of(dataDir);
            embedded = startEmbedded(dataDir, access);
            // The service's own role, never the superuser: see EmbeddedAccess.
            url = "jdbc:postgresql://localhost:" + embedded.getPort() + "/" + EmbeddedAccess.DATABASE;
            user = EmbeddedAccess.ROLE;
            password = access.rolePassword();
            description = "embedded PostgreSQL in " + dataDir.resolve("postgres") + " (port " + embedded.getPort()
                    + ", role " + EmbeddedAccess.ROLE + ")";
        } else {
            description = "external PostgreSQL at " + url.replaceAll("password=[^&]*", "password=***");
        }
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        if (user != null) {
            hc.setUsername(user);
        }
        if (password != null) {
            hc.setPassword(password);
        }
        hc.setPoolName("guanjia");
        // Lets the driver send a batch of inserts as multi-row statements: pack import is mostly batches.
        hc.addDataSourceProperty("reWriteBatchedInserts", "true");
        // PostgreSQL's error detail quotes the failing row ("Failing row contains (…)"): a resident's
        // words and numbers must not travel into exception messages and from there into logs
        hc.addDataSourceProperty("logServerErrorDetail", "false");
        hc.setMaximumPoolSize(10);
        hc.setConnectionTimeout(10_000);
        // Fail within seconds with a clear message rather than hang when the server is unreachable.
        hc.setInitializationFailTimeout(3_000);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            closeQuietly(embedded);
            throw new IOException("cannot connect to " + description + ": " + rootMessage(e)
                    + (config.embedded() ? "" : ". Check GUANJIA_DB_URL, GUANJIA_DB_USER and GUANJIA_DB_PASSWORD."), e);
        }
        Database db = new Database(embedded, pool, description);
        try {
            db.migrate();
        } catch (RuntimeException e) {
            db.close();
            throw new IOException("cannot migrate the schema on " + description + ": " + rootMessage(e), e);
        }
        db.notifications.start();
        return db;
    }

    private static EmbeddedPostgres startEmbedded(Path dataDir, EmbeddedAccess access) throws IOException {
        Path pgData = dataDir.resolve("postgres");
        Path runtime = dataDir.resolve("postgres-runtime");
        OwnerOnly.directory(runtime);
        // A previous process killed outright leaves its server running on this directory.
        LeftoverPostmaster.clear(pgData);
        EmbeddedPostgres pg;
        try {
            pg = access.configure(EmbeddedPostgres.builder())
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(runtime.toFile())
                    // zonky turns durability off for tests; this database is a system of record.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setDataDirectoryCustomizer(dir -> {
                        try {
                            // zonky makes its unpack directory writable by everyone: undone before anything runs.
                            OwnerOnly.restrict(runtime);
                            access.beforeStart(runtime);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .start();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (IOException e) {
            if (String.valueOf(rootMessage(e)).contains("password")) {
                throw new IOException("the embedded PostgreSQL in " + pgData + " refused its superuser's password ("
                        + rootMessage(e) + "). If " + EmbeddedAccess.superuserPasswordFile(dataDir) + " was changed "
                        + "or copied from elsewhere, delete it and start again: a new one is set.", e);
            }
            throw e;
        } finally {
            OwnerOnly.restrict(runtime);
            OwnerOnly.restrict(pgData.resolve("epg-lock")); // zonky's lock file, made with the umask's mode
        }
        try {
            access.grant(pg.getPort());
        } catch (SQLException e) {
            closeQuietly(pg);
            throw new IOException("cannot set up the database role " + EmbeddedAccess.ROLE + " on the embedded "
                    + "PostgreSQL in " + pgData + ": " + e.getMessage(), e);
        }
        return pg;
    }

    public int migrate() {
        adoptDeskHistory();
        int applied = 0;
        for (String module : MODULES) {
            applied += flyway(module).migrate().migrationsExecuted;
        }
        if (applied > 0) {
            LOG.info(() -> "applied schema migrations on " + description);
        }
        return applied;
    }

    /**
     * Conversations, hand-offs and call backs moved from the bot module to the desk module with their
     * migrations unchanged: a database made before that keeps their history under the bot's name,
     * which becomes the desk's (the bot's own history then starts afresh with its memory table).
     */
    private void adoptDeskHistory() {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SELECT to_regclass('flyway_history_desk') IS NULL "
                    + "AND to_regclass('flyway_history_bot') IS NOT NULL");
            if (!rs.next() || !rs.getBoolean(1)) {
                return;
            }
            rs = s.executeQuery("SELECT count(*) FROM flyway_history_bot WHERE script = 'V1__conversations.sql'");
            if (!rs.next() || rs.getInt(1) == 0) {
                return;
            }
            c.setAutoCommit(false);
            // the table's key and index carry its name: Flyway makes the bot's new history with the same names
            s.execute("ALTER TABLE flyway_history_bot RENAME TO flyway_history_desk");
            s.execute("ALTER INDEX IF EXISTS flyway_history_bot_pk RENAME TO flyway_history_desk_pk");
            s.execute("ALTER INDEX IF EXISTS flyway_history_bot_s_idx RENAME TO flyway_history_desk_s_idx");
            c.commit();
            LOG.info(() -> "the bot's migration history now belongs to the desk module on " + description);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot hand the bot's migration history to the desk module on "
                    + description + ": " + e.getMessage(), e);
        }
    }

    /**
     * Migrations known to the code but not applied; 0 on a healthy database. The health check asks on
     * every probe, and Flyway's look costs ~60 ms of CPU (it scans the jar for each module's scripts), so
     * once nothing is pending the answer is kept: a newer node's migrations are not this code's.
     */
    public int pendingMigrations() {
        if (schemaCurrent) {
            return 0;
        }
        int pending = 0;
        for (String module : MODULES) {
            pending += flyway(module).info().pending().length;
        }
        schemaCurrent = pending == 0;
        return pending;
    }

    /**
     * A module's migrations: its own location and history table, so modules evolve independently.
     * Baseline 0 lets a module migrate into a schema that other modules already populated.
     */
    private Flyway flyway(String module) {
        return Flyway.configure()
                .dataSource(pool)
                .locations("classpath:db/migration/" + module)
                .table("flyway_history_" + module)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
    }

    public boolean ping() {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1")) {
            return rs.next();
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "database ping failed: " + e.getMessage());
            return false;
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    /**
     * What changed in this database, for pages that watch it (the console's live stream): this
     * node's changes at once, other nodes' over LISTEN/NOTIFY on this same database.
     */
    public dev.guanjia.community.change.ChangeFeed changes() {
        return changes;
    }

    /** The same change feed, with its health (connected, reconnects) for the metrics. */
    public PostgresChangeFeed changeFeed() {
        return changes;
    }

    /** What any node NOTIFYs on this database (one listening connection per node). */
    public Notifications notifications() {
        return notifications;
    }

    public String description() {
        return description;
    }

    @Override
    public void close() {
        notifications.close();
        changes.close();
        pool.close();
        closeQuietly(embedded);
        if (deleteOnClose != null) {
            TemporaryDirectory.delete(deleteOnClose);
        }
    }

    private static void closeQuietly(EmbeddedPostgres pg) {
        if (pg == null) {
            return;
        }
        try {
            pg.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "embedded PostgreSQL did not stop cleanly: " + e.getMessage());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
