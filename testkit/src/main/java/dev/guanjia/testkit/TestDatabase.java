package dev.guanjia.testkit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL for tests: one embedded server per test JVM, a fresh database per call,
 * so test classes never see each other's rows. Modules migrate only their own schemas.
 * Each set of modules is migrated once per JVM into a template database that later fresh
 * databases are copied from: running every migration again cost seconds per test. The server's
 * cluster itself is copied from one initdb made once per machine.
 */
public final class TestDatabase {

    private static EmbeddedPostgres server;
    private static final AtomicInteger counter = new AtomicInteger();
    private static final Map<String, String> templates = new HashMap<>();

    private TestDatabase() {
    }

    /** A new, empty database with the given modules' migrations applied in order. */
    public static DataSource fresh(String... modules) {
        return pooled(freshName(modules));
    }

    /** The JDBC URL of a new, empty database with these modules' migrations: for servers started apart, which pool it themselves. */
    public static String freshUrl(String... modules) {
        return jdbcUrl(freshName(modules));
    }

    private static String freshName(String... modules) {
        String name = "t" + ProcessHandle.current().pid() + "_" + counter.incrementAndGet();
        create(name, template(modules));
        return name;
    }

    /**
     * A pool like the service's (HikariCP), not a connection per call: opening a PostgreSQL session for
     * every repository call was half of a desk test's time. Idle sessions are closed after ten seconds,
     * so the many databases one JVM makes never hold the server's connections for long.
     */
    private static DataSource pooled(String name) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(jdbcUrl(name));
        hc.setUsername("postgres");
        hc.setPoolName(name);
        hc.setMaximumPoolSize(10);
        hc.setMinimumIdle(0);
        hc.setIdleTimeout(10_000);
        return new HikariDataSource(hc);
    }

    /** The template database holding these modules' migrations, made on first use. */
    private static synchronized String template(String... modules) {
        String key = String.join(",", modules);
        String template = templates.get(key);
        if (template == null) {
            template = "tpl" + ProcessHandle.current().pid() + "_" + templates.size();
            create(template, null);
            DataSource ds = dataSource(template);
            for (String module : modules) {
                migrate(ds, module);
            }
            templates.put(key, template);
        }
        return template;
    }

    private static void create(String name, String template) {
        // Copying a template is refused while anyone is connected to it; only this class connects to
        // templates, and it serialises the copies.
        synchronized (TestDatabase.class) {
            try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name + (template == null ? "" : " TEMPLATE " + template));
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create test database " + name, e);
            }
        }
    }

    private static DataSource dataSource(String name) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl(name));
        return ds;
    }

    /** JDBC URL of a database on the shared test server (trust auth, user postgres). */
    public static String jdbcUrl(String database) {
        return server().getJdbcUrl("postgres", database);
    }

    /** Same layout the app uses: one location and one history table per module. */
    public static void migrate(DataSource ds, String module) {
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration/" + module)
                .table("flyway_history_" + module)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            // Hikari looks for idle sessions to close every 30 s by default; sooner here, where pools come and go
            System.setProperty("com.zaxxer.hikari.housekeeping.periodMs", "5000");
            try {
                // a copy of initdb's cluster instead of initdb in every test JVM (seconds each, a dozen JVMs a run)
                Path dir = Files.createTempDirectory("guanjia-testdb");
                Path data = dir.resolve("data");
                Clusters.run("cp", "-a", clusterTemplate().toString(), data.toString());
                // our hook alone stops it, then removes the copy (zonky's own would race the removal)
                server = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                        .setRegisterShutdownHook(false).start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        server.close();
                        Clusters.run("rm", "-rf", dir.toString());
                    } catch (IOException ignored) {
                        // the JVM is going away
                    }
                }));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL for tests", e);
            }
        }
        return server;
    }

    /**
     * A cluster as zonky's initdb leaves it, made once per machine and PostgreSQL build under the temp
     * directory and shared by every test JVM from then on (only ever copied). Made aside and renamed
     * into place, so JVMs starting together never see half of one.
     */
    private static Path clusterTemplate() throws IOException {
        java.net.URL binaries = TestDatabase.class.getClassLoader().getResource("postgres-linux-x86_64.txz");
        String build = Integer.toHexString(String.valueOf(binaries).hashCode());
        Path template = Path.of(System.getProperty("java.io.tmpdir"), "guanjia-testdb-template-" + build);
        if (Files.exists(template.resolve("postgresql.conf"))) {
            return template;
        }
        Path making = Files.createTempDirectory(template.getParent(), template.getFileName() + ".making");
        Path data = making.resolve("data");
        try {
            makeTemplate(data, template);
        } finally {
            Clusters.run("rm", "-rf", making.toString());
        }
        return template;
    }

    private static void makeTemplate(Path data, Path template) throws IOException {
        Clusters.initdbOnly(EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false), data);
        try {
            Files.move(data, template, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException anotherJvmWasFirst) {
            if (!Files.exists(template.resolve("postgresql.conf"))) {
                throw anotherJvmWasFirst;
            }
        }
    }
}
