package dev.guanjia.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL for tests: one embedded server per test JVM, a fresh database per call,
 * so test classes never see each other's rows. Modules migrate only their own schemas.
 */
public final class TestDatabase {

    private static EmbeddedPostgres server;
    private static final AtomicInteger counter = new AtomicInteger();

    private TestDatabase() {
    }

    /** A new, empty database with the given modules' migrations applied in order. */
    public static DataSource fresh(String... modules) {
        String name = "t" + ProcessHandle.current().pid() + "_" + counter.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl(name));
        for (String module : modules) {
            migrate(ds, module);
        }
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
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL for tests", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // the JVM is going away; the temp directory is removed by zonky
                }
            }));
        }
        return server;
    }
}
