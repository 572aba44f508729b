package dev.guanjia.app.serve;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The server's periodic work (deliveries, sweeps, purges), declared while the server is wired and
 * run only from {@link #start()}, once the server answers, until {@link #close()}. One thread runs
 * them in turn; a job that fails is logged and runs again at its next turn. Each round runs under a
 * job id of its own in the log context ({@code [job=…]}), so one sweep can be followed across its
 * lines and told apart from the round before.
 */
final class BackgroundJobs implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BackgroundJobs.class.getName());

    /** One round of a job; whatever it throws is logged as "{name} failed". */
    interface Task {
        void run() throws Exception;
    }

    private record Job(String name, Duration first, Duration every, Task task) {
    }

    /** First key of the jobs' advisory locks ("GJ"); the second is the job name's hash. */
    static final int LOCK_CLASS = 0x474a;

    private final List<Job> jobs = new ArrayList<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "guanjia-background");
        t.setDaemon(true);
        return t;
    });
    private boolean started;

    /** Declares a job: first run after {@code first}, then {@code every} after each run ends. */
    synchronized BackgroundJobs every(String name, Duration first, Duration every, Task task) {
        if (started) {
            throw new IllegalStateException("jobs are declared before they start: " + name);
        }
        jobs.add(new Job(name, first, every, task));
        return this;
    }

    /**
     * Declares a job that runs on one node at a time: each round first takes a PostgreSQL advisory
     * lock named after the job, on a connection of its own held for the round and released after; a
     * node that finds it taken skips the round. A node that dies mid-round loses its session and so
     * the lock; the task's own transactions leave nothing half-done, and the next round takes over.
     * For work whose rows are not claimed one by one, or whose second run would only repeat outside
     * calls, sweeps and log lines.
     */
    BackgroundJobs everyOnOneNode(javax.sql.DataSource db, String name, Duration first, Duration every, Task task) {
        return every(name, first, every, () -> onOneNode(db, name, task));
    }

    /**
     * Runs the task when this process takes the job's lock; false when another holds it. The lock is
     * a transaction's (pg_try_advisory_xact_lock on a connection that stays in that transaction for
     * the round): it ends with the rollback after the round, with a pool's rollback of a connection
     * given back mid-round, or with the session of a node that dies, so it can never stay behind.
     * The transaction writes nothing and, between statements, holds no snapshot.
     */
    static boolean onOneNode(javax.sql.DataSource db, String name, Task task) throws Exception {
        try (java.sql.Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (java.sql.PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?, hashtext(?))")) {
                s.setInt(1, LOCK_CLASS);
                s.setString(2, name);
                try (java.sql.ResultSet rs = s.executeQuery()) {
                    if (!rs.next() || !rs.getBoolean(1)) {
                        c.rollback();
                        return false;
                    }
                }
                task.run();
                return true;
            } finally {
                c.rollback();
            }
        }
    }

    synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        for (Job j : jobs) {
            timers.scheduleWithFixedDelay(() -> round(j.name(), j.task()),
                    j.first().toMillis(), j.every().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** One round of a job under a fresh job id; a failure is logged under that id too. */
    static void round(String name, Task task) {
        dev.guanjia.community.logging.LogContext.inJob(dev.guanjia.community.logging.LogContext.newId(), () -> {
            try {
                task.run();
            } catch (Exception e) {
                LOG.warning(name + " failed: " + e.getMessage());
            }
        });
    }

    /** The jobs' thread, which also keeps the phone line's timers (call time-outs). */
    ScheduledExecutorService timers() {
        return timers;
    }

    List<String> names() {
        return jobs.stream().map(Job::name).toList();
    }

    /** True once started and until closed. */
    boolean running() {
        return started && !timers.isShutdown();
    }

    /** Stops the jobs: a round under way is interrupted and waited for (a few seconds at most). */
    @Override
    public void close() {
        timers.shutdownNow();
        try {
            if (!timers.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warning("a background job did not stop within 5 s of the server closing");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean stopped() {
        return timers.isTerminated();
    }
}
