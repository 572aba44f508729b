package dev.guanjia.app.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * What a previous Guanjia process left behind in the embedded PostgreSQL's data directory when it
 * died without stopping the server (kill -9, power cut, OOM killer). The postmaster runs as its own
 * process and outlives the JVM, keeping postmaster.pid; a new postmaster then refuses the directory
 * and the start times out. Cleared here before every embedded start, so a crash never needs a human.
 *
 * <p>Only a process that provably is a PostgreSQL server of this very data directory is ever
 * stopped; when that cannot be told, nothing is touched and PostgreSQL's own checks decide.
 */
final class LeftoverPostmaster {

    private static final Logger LOG = Logger.getLogger(LeftoverPostmaster.class.getName());

    /** pg_ctl's fast stop: roll back open transactions, checkpoint, exit. */
    private static final Duration FAST_STOP = Duration.ofSeconds(20);
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private LeftoverPostmaster() {
    }

    /** How a process relates to the data directory. */
    enum Kinship {
        /** A PostgreSQL server process whose working directory is this data directory. */
        OURS,
        /** Alive, but positively something else (another program, another user, another directory). */
        STRANGER,
        /** Alive, but not inspectable enough to say: left alone. */
        UNKNOWN
    }

    /**
     * Stops a postmaster of pgData that is still running, and replaces a postmaster.pid that names a
     * process which is not one. Returns what was done, or empty when the directory was clean.
     */
    static Optional<String> clear(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(pidFile);
        } catch (IOException e) {
            throw new IOException("cannot read " + pidFile + ": " + e.getMessage(), e);
        }
        long pid = firstLinePid(lines);
        String port = lines.size() > 3 ? lines.get(3).trim() : "?";
        if (pid <= 0) {
            // PostgreSQL refuses an empty or garbled lock file ("remnant of a previous server startup
            // crash"); only our exclusive lock on the data directory makes it safe to drop it here.
            int orphans = stopOrphans(pgData);
            Files.deleteIfExists(pidFile);
            return said("removed an unreadable " + pidFile + " left by an interrupted PostgreSQL start"
                    + (orphans > 0 ? "; stopped " + orphans + " orphaned server processes of " + pgData : ""));
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            // PostgreSQL replaces the lock file of a dead postmaster by itself, after checking that no
            // old server process still uses its shared memory; the file is kept for that check, and
            // such orphans (the only thing that could block the start) are stopped here.
            int orphans = stopOrphans(pgData);
            String what = "the previous embedded PostgreSQL (pid " + pid + ") had stopped without cleaning up; "
                    + (orphans > 0 ? "stopped " + orphans + " of its orphaned server processes, " : "")
                    + "PostgreSQL replaces its stale postmaster.pid and recovers from its write-ahead log";
            LOG.info(what);
            return Optional.of(what);
        }
        ProcessHandle postmaster = process.get();
        switch (kinship(postmaster, pgData)) {
            case OURS -> {
                stop(postmaster, pgData);
                return said("stopped the embedded PostgreSQL (pid " + pid + ", port " + port
                        + ") left running by a previous Guanjia process that did not shut down; its data is kept");
            }
            case STRANGER -> {
                // The pid was reused (after a reboot, say): the lock file names somebody else.
                int orphans = stopOrphans(pgData);
                Files.deleteIfExists(pidFile);
                return said("removed the stale " + pidFile + ": its pid " + pid
                        + " now belongs to an unrelated process, which was left alone"
                        + (orphans > 0 ? "; stopped " + orphans + " orphaned server processes of " + pgData : ""));
            }
            default -> {
                LOG.warning(() -> "process " + pid + " named in " + pidFile + " is running but cannot be "
                        + "inspected; not touching it. If PostgreSQL does not start, check that process.");
                return Optional.empty();
            }
        }
    }

    private static Optional<String> said(String what) {
        LOG.warning(what);
        return Optional.of(what);
    }

    private static long firstLinePid(List<String> lines) {
        if (lines.isEmpty()) {
            return -1;
        }
        try {
            // A standalone backend writes its pid negated.
            return Math.abs(Long.parseLong(lines.get(0).trim()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * A PostgreSQL server changes into its data directory at start and stays there, which is what
     * ties a process to a directory (its title and arguments can be rewritten; its cwd cannot).
     * Where /proc is missing, the -D argument pg_ctl passed is the evidence instead.
     */
    static Kinship kinship(ProcessHandle p, Path pgData) {
        ProcessHandle.Info info = p.info();
        Optional<String> me = ProcessHandle.current().info().user();
        if (info.user().isPresent() && me.isPresent() && !info.user().get().equals(me.get())) {
            // Our own server always runs as us; and we could not signal anyone else's anyway.
            return Kinship.STRANGER;
        }
        Optional<String> command = info.command();
        if (command.isPresent() && !isPostgresBinary(command.get())) {
            return Kinship.STRANGER;
        }
        Path cwd = Path.of("/proc", Long.toString(p.pid()), "cwd");
        if (Files.isDirectory(Path.of("/proc", Long.toString(p.pid())))) {
            try {
                if (!Files.isSameFile(cwd.toRealPath(), pgData.toRealPath())) {
                    return Kinship.STRANGER;
                }
                return command.isPresent() ? Kinship.OURS : Kinship.UNKNOWN;
            } catch (IOException e) {
                return Kinship.UNKNOWN;
            }
        }
        if (command.isEmpty()) {
            return Kinship.UNKNOWN;
        }
        String[] args = info.arguments().orElse(new String[0]);
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("-D") && samePath(args[i + 1], pgData)) {
                return Kinship.OURS;
            }
        }
        return Kinship.UNKNOWN;
    }

    private static boolean isPostgresBinary(String command) {
        String name = Path.of(command).getFileName().toString();
        return name.equals("postgres") || name.equals("postgres.exe");
    }

    private static boolean samePath(String arg, Path pgData) {
        try {
            return Files.isSameFile(Path.of(arg), pgData);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * pg_ctl stop -m fast (the same stop as a clean shutdown), then SIGKILL for the postmaster and
     * every server process it had: survivors would hold the shared memory and block the new start.
     */
    private static void stop(ProcessHandle postmaster, Path pgData) throws IOException {
        List<ProcessHandle> family = postmaster.descendants().toList();
        Optional<Path> pgCtl = postmaster.info().command()
                .map(c -> Path.of(c).resolveSibling("pg_ctl"))
                .filter(Files::isExecutable);
        if (pgCtl.isEmpty() || !pgCtlStop(pgCtl.get(), pgData)) {
            postmaster.destroy(); // SIGTERM: PostgreSQL's smart shutdown
        }
        if (awaitExit(postmaster, FAST_STOP)) {
            awaitAll(family, KILL_WAIT);
            return;
        }
        LOG.warning(() -> "PostgreSQL " + postmaster.pid() + " did not stop within " + FAST_STOP.toSeconds()
                + " s; killing it (the next start recovers from its write-ahead log)");
        postmaster.destroyForcibly();
        family.forEach(ProcessHandle::destroyForcibly);
        if (!awaitExit(postmaster, KILL_WAIT) || !awaitAll(family, KILL_WAIT)) {
            throw new IOException("cannot stop the PostgreSQL server (pid " + postmaster.pid()
                    + ") left running in " + pgData + "; stop it by hand and start again");
        }
    }

    private static boolean pgCtlStop(Path pgCtl, Path pgData) {
        try {
            Process p = new ProcessBuilder(pgCtl.toString(), "-D", pgData.toString(), "stop", "-m", "fast",
                    "-w", "-t", Long.toString(FAST_STOP.toSeconds()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(FAST_STOP.toSeconds() + 5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            LOG.warning(() -> "pg_ctl stop did not run: " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Server processes of pgData whose postmaster is gone (they exit soon, but may hold shared memory). */
    private static int stopOrphans(Path pgData) throws IOException {
        List<ProcessHandle> orphans = ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info().command().map(LeftoverPostmaster::isPostgresBinary).orElse(false))
                .filter(p -> kinship(p, pgData) == Kinship.OURS)
                .toList();
        orphans.forEach(ProcessHandle::destroyForcibly);
        if (!awaitAll(orphans, KILL_WAIT)) {
            throw new IOException("old PostgreSQL server processes of " + pgData + " do not exit; stop them by hand");
        }
        return orphans.size();
    }

    private static boolean awaitAll(List<ProcessHandle> processes, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        for (ProcessHandle p : processes) {
            if (!awaitExit(p, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                return false;
            }
        }
        return true;
    }

    private static boolean awaitExit(ProcessHandle p, Duration limit) {
        try {
            p.onExit().get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return !p.isAlive();
        } catch (ExecutionException e) {
            return !p.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }
}
