package dev.guanjia.app.database;

import dev.guanjia.app.config.GuanjiaConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The real failure: `guanjia serve` killed with SIGKILL leaves its PostgreSQL running on the data
 * directory; the next `serve` must come up on its first try with everything written before.
 */
class CrashRestartTest {

    private static final Duration READY = Duration.ofSeconds(120);

    @TempDir
    Path work;

    private final List<Process> children = new ArrayList<>();

    @Test
    void aServiceKilledOutrightStartsAgainOnTheFirstTryWithItsData() throws Exception {
        Path data = work.resolve("data");
        Path pgData = data.resolve("postgres");
        try {
            Process first = serve(data, work.resolve("first.log"));
            awaitReady(first, work.resolve("first.log"));
            PidFile before = PidFile.read(pgData);
            try (Connection c = connect(data, before.port()); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE crash_probe (note text NOT NULL)");
                s.execute("INSERT INTO crash_probe VALUES ('3号楼电梯停在8楼，门打不开')");
            }

            first.destroyForcibly();
            assertTrue(first.waitFor(30, TimeUnit.SECONDS), "the killed JVM exits");
            assertTrue(ProcessHandle.of(before.pid()).map(ProcessHandle::isAlive).orElse(false),
                    "kill -9 of the JVM leaves its PostgreSQL running: the situation under test");

            Path secondLog = work.resolve("second.log");
            Process second = serve(data, secondLog);
            awaitReady(second, secondLog);
            String log = Files.readString(secondLog);
            assertTrue(log.contains("stopped the embedded PostgreSQL (pid " + before.pid()), log);
            assertFalse(log.contains("Gave up waiting"), log);
            assertFalse(ProcessHandle.of(before.pid()).map(ProcessHandle::isAlive).orElse(false),
                    "the leftover server was stopped");

            PidFile after = PidFile.read(pgData);
            try (Connection c = connect(data, after.port()); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT note FROM crash_probe")) {
                assertTrue(rs.next(), "the row written before the crash is still there");
                assertEquals("3号楼电梯停在8楼，门打不开", rs.getString(1));
            }

            // SIGTERM takes the shutdown-hook path: HTTP, then the database, stopped cleanly.
            second.destroy();
            assertTrue(second.waitFor(60, TimeUnit.SECONDS), "a stopped service exits");
            // pg_ctl stop waits for the lock file to go, which is the postmaster's last act.
            String stopLog = Files.readString(secondLog);
            assertTrue(exits(after.pid(), Duration.ofSeconds(10)), "PostgreSQL stopped with the service\n" + stopLog);
            assertFalse(Files.exists(pgData.resolve("postmaster.pid")), "a clean stop leaves no lock file\n" + stopLog);
            assertEquals(List.of(), serversOf(pgData), "no PostgreSQL process of the data directory is left");
        } finally {
            children.forEach(Process::destroyForcibly);
            // Whatever a failed run left behind: only processes of this test's own temporary directory.
            for (ProcessHandle p : serversOf(pgData)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void aStalePidFileOfAnUnrelatedProcessIsReplacedAndThatProcessLeftAlone() throws Exception {
        // After a reboot the pid in postmaster.pid may belong to anyone: here, this very JVM.
        Path pgData = work.resolve("postgres");
        Files.createDirectories(pgData);
        Files.writeString(pgData.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n" + pgData
                + "\n1700000000\n5432\n/tmp\nlocalhost\n  5432001   0\nready   \n");
        assertTrue(LeftoverPostmaster.clear(pgData).orElseThrow().contains("unrelated process"));
        assertFalse(Files.exists(pgData.resolve("postmaster.pid")));
        assertEquals(LeftoverPostmaster.Kinship.STRANGER,
                LeftoverPostmaster.kinship(ProcessHandle.current(), pgData));
    }

    @Test
    void anotherDirectorysPostgresIsNeverStopped() throws Exception {
        // A real server of one directory, named in a second directory's lock file: not ours to stop.
        Path other = work.resolve("other");
        try (Database running = Database.open(new GuanjiaConfig.Database(null, null, null), other)) {
            PidFile theirs = PidFile.read(other.resolve("postgres"));
            Path pgData = work.resolve("mine/postgres");
            Files.createDirectories(pgData);
            Files.writeString(pgData.resolve("postmaster.pid"), theirs.pid() + "\n" + pgData + "\n1700000000\n"
                    + theirs.port() + "\n");
            assertEquals(LeftoverPostmaster.Kinship.OURS,
                    LeftoverPostmaster.kinship(ProcessHandle.of(theirs.pid()).orElseThrow(), other.resolve("postgres")));
            assertEquals(LeftoverPostmaster.Kinship.STRANGER,
                    LeftoverPostmaster.kinship(ProcessHandle.of(theirs.pid()).orElseThrow(), pgData));
            assertTrue(LeftoverPostmaster.clear(pgData).orElseThrow().contains("left alone"));
            assertTrue(ProcessHandle.of(theirs.pid()).map(ProcessHandle::isAlive).orElse(false));
            assertTrue(running.ping(), "the other directory's server still answers");
        }
    }

    @Test
    void anEmptyLockFileFromAnInterruptedStartDoesNotBlockTheNext() throws Exception {
        // A power cut while PostgreSQL writes postmaster.pid leaves it empty; PostgreSQL refuses that.
        GuanjiaConfig.Database embedded = new GuanjiaConfig.Database(null, null, null);
        Path data = work.resolve("data");
        try (Database db = Database.open(embedded, data)) {
            assertTrue(db.ping());
        }
        Files.writeString(data.resolve("postgres/postmaster.pid"), "");
        try (Database db = Database.open(embedded, data)) {
            assertTrue(db.ping());
        }
    }

    private Process serve(Path data, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "dev.guanjia.app.Main", "serve")
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("GUANJIA_")); // the developer's own settings stay out
        env.put("GUANJIA_DATA_DIR", data.toString());
        env.put("GUANJIA_HTTP_HOST", "127.0.0.1");
        env.put("GUANJIA_HTTP_PORT", "0");
        env.put("GUANJIA_DEMO_LOAD", "false");
        Process p = pb.start();
        children.add(p);
        return p;
    }

    private static void awaitReady(Process p, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            if (text.contains(" ready on http://")) {
                return;
            }
            if (!p.isAlive()) {
                fail("serve exited with " + p.exitValue() + " before it was ready:\n" + text);
            }
            Thread.sleep(200);
        }
        fail("serve was not ready within " + READY.toSeconds() + " s:\n" + Files.readString(log));
    }

    private static boolean exits(long pid, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** As the service does: its own role, with the password from the data directory. */
    private static Connection connect(Path data, int port) throws SQLException, IOException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", EmbeddedAccess.ROLE,
                Files.readString(EmbeddedAccess.rolePasswordFile(data)).strip());
    }

    /** Every live process that is a PostgreSQL server of pgData (by working directory or -D). */
    private static List<ProcessHandle> serversOf(Path pgData) {
        if (!Files.isDirectory(pgData)) {
            return List.of();
        }
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(p -> LeftoverPostmaster.kinship(p, pgData) == LeftoverPostmaster.Kinship.OURS
                        || String.join(" ", p.info().arguments().orElse(new String[0]))
                        .contains(pgData.toString()))
                .toList();
    }

    /** postmaster.pid: line 1 the postmaster's pid, line 4 its port. */
    private record PidFile(long pid, int port) {
        static PidFile read(Path pgData) throws IOException {
            List<String> lines = Files.readAllLines(pgData.resolve("postmaster.pid"));
            return new PidFile(Long.parseLong(lines.get(0).trim()), Integer.parseInt(lines.get(3).trim()));
        }
    }
}
