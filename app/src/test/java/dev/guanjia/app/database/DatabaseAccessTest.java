package dev.guanjia.app.database;

import dev.guanjia.app.config.GuanjiaConfig;
import dev.guanjia.app.files.OwnerOnly;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The embedded PostgreSQL is no open door: another OS user on the machine gets nowhere without the
 * password, the service's own role cannot reach files or programs, the data directory is the
 * service user's alone, and a directory others could have tampered with is refused with the fix.
 */
class DatabaseAccessTest {

    private static final GuanjiaConfig.Database EMBEDDED = new GuanjiaConfig.Database(null, null, null);

    @TempDir
    Path work;

    @Test
    void anotherLocalUserCannotConnectWithoutThePassword() throws Exception {
        assumeTrue(onPath("psql") && onPath("runuser") && isRoot(), "needs psql, runuser and root to act as nobody");
        Path data = work.resolve("data");
        try (DataDirectory dir = DataDirectory.lock(data); Database db = Database.open(EMBEDDED, dir.path())) {
            int port = port(data);
            for (String user : List.of("postgres", EmbeddedAccess.ROLE)) {
                Run r = run(List.of("runuser", "-u", "nobody", "--", "psql", "-h", "127.0.0.1", "-p",
                        Integer.toString(port), "-U", user, "-d", "postgres", "-w", "-A", "-t", "-c", "SELECT 1"), Map.of());
                assertNotEquals(0, r.exit(), "nobody got in as " + user + ": " + r.output());
                assertTrue(r.output().contains("password"), r.output());
            }
            Run guess = run(List.of("runuser", "-u", "nobody", "--", "psql", "-h", "127.0.0.1", "-p",
                    Integer.toString(port), "-U", "postgres", "-d", "postgres", "-w", "-c", "SELECT 1"),
                    Map.of("PGPASSWORD", "postgres"));
            assertTrue(guess.output().contains("password authentication failed"), guess.output());
            // Nor can nobody read the password files, or anything else in the directory.
            Run read = run(List.of("runuser", "-u", "nobody", "--", "cat",
                    EmbeddedAccess.rolePasswordFile(data).toString()), Map.of());
            assertNotEquals(0, read.exit(), read.output());
            assertTrue(read.output().contains("Permission denied"), read.output());

            // The same psql with the password works: the refusals above are about the password alone.
            Run owner = run(List.of("psql", "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", EmbeddedAccess.ROLE,
                    "-d", "postgres", "-w", "-A", "-t", "-c", "SELECT current_user"),
                    Map.of("PGPASSWORD", Files.readString(EmbeddedAccess.rolePasswordFile(data)).strip()));
            assertEquals(0, owner.exit(), owner.output());
            assertEquals(EmbeddedAccess.ROLE, owner.output().strip());
            assertTrue(db.ping());
        }
    }

    @Test
    void theServiceRoleIsNoSuperuserAndCannotReachFilesOrPrograms() throws Exception {
        Path data = work.resolve("data");
        try (DataDirectory dir = DataDirectory.lock(data); Database db = Database.open(EMBEDDED, dir.path())) {
            DataSource ds = db.dataSource();
            assertEquals(EmbeddedAccess.ROLE, one(ds, "SELECT current_user"));
            assertEquals("f", one(ds, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"));
            assertEquals("f", one(ds, "SELECT rolcreaterole OR rolcreatedb FROM pg_roles WHERE rolname = current_user"));

            Path secret = EmbeddedAccess.superuserPasswordFile(data);
            SQLException read = assertThrows(SQLException.class,
                    () -> one(ds, "SELECT pg_read_binary_file('" + secret + "')"));
            assertTrue(read.getMessage().contains("permission denied"), read.getMessage());

            Path marker = work.resolve("ran");
            SQLException program = assertThrows(SQLException.class,
                    () -> one(ds, "COPY (SELECT 1) TO PROGRAM 'touch " + marker + "'"));
            assertTrue(program.getMessage().contains("permission denied")
                    || program.getMessage().contains("must be superuser"), program.getMessage());
            assertFalse(Files.exists(marker));

            // It owns its schema and every table in it, Flyway's history included.
            assertEquals(EmbeddedAccess.ROLE, one(ds, "SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'public'"));
            assertEquals("0", one(ds, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> current_user"));
            assertEquals(EmbeddedAccess.ROLE, one(ds, "SELECT tableowner FROM pg_tables WHERE tablename = 'flyway_history_community'"));

            String hba = Files.readString(data.resolve("postgres/pg_hba.conf"));
            assertFalse(hba.contains("trust"), hba);
            assertTrue(hba.contains("scram-sha-256"), hba);
        }
    }

    @Test
    void afterAStartEverythingInTheDataDirectoryIsTheOwnersAlone() throws Exception {
        Path data = work.resolve("data");
        try (DataDirectory dir = DataDirectory.lock(data); Database db = Database.open(EMBEDDED, dir.path())) {
            assertTrue(db.ping());
            assertEquals(List.of(), OwnerOnly.openToOthers(data.toRealPath()));
            assertEquals("rwx------", mode(data));
            assertEquals("rwx------", mode(data.resolve("postgres-runtime")));
            assertEquals("rwx------", mode(data.resolve("keys")));
            assertEquals("rw-------", mode(EmbeddedAccess.rolePasswordFile(data)));
            assertEquals("rw-------", mode(EmbeddedAccess.superuserPasswordFile(data)));
        }
    }

    @Test
    void aServeOnAWorldWritableRuntimeIsRefusedWithTheFix() throws Exception {
        // What older versions left: zonky made its unpack directory writable by everyone, no sticky bit.
        Path data = work.resolve("data");
        Path bin = data.resolve("postgres-runtime/PG-0/bin");
        Files.createDirectories(bin);
        Files.writeString(bin.resolve("postgres"), "#!/bin/sh\necho swapped\n");
        chmod("777", data.resolve("postgres-runtime"));
        Path real = data.toRealPath();

        Process p = serve(data, work.resolve("serve.log"));
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "a refused start exits");
        String log = Files.readString(work.resolve("serve.log"));
        assertEquals(1, p.exitValue(), log);
        assertTrue(log.contains("refusing to start"), log);
        assertTrue(log.contains(real.resolve("postgres-runtime") + " (drwxrwxrwx)"), log);
        assertTrue(log.contains("chmod -R go-rwx " + real), log);
        assertTrue(log.contains("rm -rf " + real.resolve("postgres-runtime")), log);
        assertFalse(Files.exists(data.resolve("postgres")), "nothing was started\n" + log);
        assertEquals("rwxrwxrwx", mode(data.resolve("postgres-runtime")), "the evidence is left as it was");

        // The same check guards a direct open, and the printed fix is enough.
        assertThrows(DataDirectory.PermissionsTooOpenException.class, () -> Database.open(EMBEDDED, data));
        assertEquals(0, run(List.of("rm", "-rf", real.resolve("postgres-runtime").toString()), Map.of()).exit());
        assertEquals(0, run(List.of("chmod", "-R", "go-rwx", real.toString()), Map.of()).exit());
        DataDirectory.lock(data).close();
    }

    @Test
    void filesOfAGroupFriendlyUmaskInsideTheClosedDirectoryAreTightenedNotRefused() throws Exception {
        // umask 002 (common for desktop users) makes 664/775 entries, but nobody else can enter a 700 directory.
        Path data = work.resolve("data");
        Path index = data.resolve("index/knowledge");
        Files.createDirectories(index);
        Files.writeString(index.resolve("segments_1"), "x");
        chmod("775", index);
        chmod("664", index.resolve("segments_1"));
        chmod("700", data);
        DataDirectory.lock(data).close();
        assertEquals("rwx------", mode(index));
        assertEquals("rw-------", mode(index.resolve("segments_1")));

        // The same entries in a directory others can enter are refused.
        chmod("775", index);
        chmod("755", data);
        String fix = assertThrows(DataDirectory.PermissionsTooOpenException.class, () -> DataDirectory.lock(data))
                .getMessage();
        assertTrue(fix.contains(index.toRealPath() + " (drwxrwxr-x)"), fix);
        assertFalse(fix.contains("rm -rf"), "the PostgreSQL programs were not exposed: " + fix);
    }

    @Test
    void aKeyOthersCouldReadIsRefusedWithTheFix() throws Exception {
        Path data = work.resolve("data");
        Files.createDirectories(data.resolve("keys"));
        Files.writeString(data.resolve("keys/data.key"), "k1 AAAA\n");
        chmod("644", data.resolve("keys/data.key"));
        DataDirectory.PermissionsTooOpenException e =
                assertThrows(DataDirectory.PermissionsTooOpenException.class, () -> DataDirectory.lock(data));
        assertTrue(e.getMessage().contains("can read secret keys"), e.getMessage());
        assertTrue(e.getMessage().contains("chmod -R go-rwx " + data.toRealPath()), e.getMessage());
        assertTrue(e.getMessage().contains("guanjia keys rotate"), e.getMessage());
    }

    @Test
    void aClusterOfAnOlderVersionIsSecuredOnItsFirstStartAndKeepsItsData() throws Exception {
        Path data = work.resolve("data");
        Path pgData = data.resolve("postgres");
        Path runtime = data.resolve("postgres-runtime");
        Files.createDirectories(runtime);
        // An older Guanjia: zonky's cluster as it comes (trust, superuser only), schema and rows as postgres.
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(pgData).setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(runtime.toFile()).start()) {
            DataSource ds = old.getPostgresDatabase();
            for (String module : Database.MODULES) {
                Flyway.configure().dataSource(ds).locations("classpath:db/migration/" + module)
                        .table("flyway_history_" + module).baselineOnMigrate(true).baselineVersion("0").load().migrate();
            }
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE old_note (id serial PRIMARY KEY, note text NOT NULL)");
                s.execute("INSERT INTO old_note (note) VALUES ('5栋2单元楼道灯不亮')");
            }
        }
        chmod("777", runtime);
        chmod("755", data);

        // The first start after the upgrade is refused until the operator runs the printed fix.
        String fix = assertThrows(DataDirectory.PermissionsTooOpenException.class, () -> DataDirectory.lock(data))
                .getMessage();
        assertTrue(fix.contains("chmod -R go-rwx " + data.toRealPath()), fix);
        assertEquals(0, run(List.of("chmod", "-R", "go-rwx", data.toRealPath().toString()), Map.of()).exit());

        try (DataDirectory dir = DataDirectory.lock(data); Database db = Database.open(EMBEDDED, dir.path())) {
            DataSource ds = db.dataSource();
            assertEquals(0, db.pendingMigrations());
            assertEquals("5栋2单元楼道灯不亮", one(ds, "SELECT note FROM old_note"));
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO old_note (note) VALUES ('已修好')");
                s.execute("SELECT nextval('work_order_number')"); // a standalone sequence, also the role's now
            }
            assertEquals("0", one(ds, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE n.nspname = 'public' AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)"));
            assertEquals("0", one(ds, "SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                    + "WHERE n.nspname = 'public' AND p.proowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)"));

            // The superuser, trusted before, now needs its password like everyone else.
            int port = port(data);
            SQLException trust = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                    "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres").close());
            assertTrue(trust.getMessage().contains("password"), trust.getMessage());
        }
        // And it stays converted: the next start goes straight through.
        try (DataDirectory dir = DataDirectory.lock(data); Database db = Database.open(EMBEDDED, dir.path())) {
            assertEquals("2", one(db.dataSource(), "SELECT count(*) FROM old_note"));
        }
    }

    private static String one(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }

    private static int port(Path data) throws IOException {
        return Integer.parseInt(Files.readAllLines(data.resolve("postgres/postmaster.pid")).get(3).trim());
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static void chmod(String mode, Path p) throws Exception {
        assertEquals(0, run(List.of("chmod", mode, p.toString()), Map.of()).exit());
    }

    private record Run(int exit, String output) {
    }

    private static Run run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("PGPASSWORD");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command));
        return new Run(p.exitValue(), out);
    }

    private Process serve(Path data, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "dev.guanjia.app.Main", "serve"));
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("GUANJIA_"));
        env.put("GUANJIA_DATA_DIR", data.toString());
        env.put("GUANJIA_HTTP_HOST", "127.0.0.1");
        env.put("GUANJIA_HTTP_PORT", "0");
        env.put("GUANJIA_DEMO_LOAD", "false");
        return pb.start();
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", program)) || Files.isExecutable(Path.of("/sbin", program));
    }

    private static boolean isRoot() {
        return OwnerOnly.processUid().map(uid -> uid == 0).orElse(false);
    }
}
