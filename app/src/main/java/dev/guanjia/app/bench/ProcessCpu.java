package dev.guanjia.app.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process tree has used, from Linux's /proc, so a benchmark can say what each part
 * (PostgreSQL, HAProxy, the JVM) costs per turn. Elsewhere the figures are absent, not wrong.
 */
final class ProcessCpu {

    /** Linux's USER_HZ: /proc counts CPU in hundredths of a second on every common architecture. */
    private static final int TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    /**
     * Milliseconds of CPU of {@code pid}, of its children it has reaped (PostgreSQL's postmaster
     * reaps its backends) and of its live descendants; -1 without /proc.
     */
    static long millis(long pid) {
        long ticks = ticks(pid, true);
        if (ticks < 0) {
            return -1;
        }
        ticks += ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants)
                .mapToLong(p -> Math.max(0, ticks(p.pid(), false))).sum();
        return ticks * 1000 / TICKS_PER_SECOND;
    }

    /** The pid in the first line of a pid file (PostgreSQL's postmaster.pid); -1 when unreadable. */
    static long pidIn(Path file) {
        try {
            return Long.parseLong(Files.readAllLines(file).getFirst().strip());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long ticks(long pid, boolean withReapedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // after "pid (name) ", fields from the 3rd on; utime, stime, cutime, cstime are 14th to 17th
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long own = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return withReapedChildren ? own + Long.parseLong(f[13]) + Long.parseLong(f[14]) : own;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
