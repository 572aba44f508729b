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
 * them in turn; a job that fails is logged and runs again at its next turn.
 */
final class BackgroundJobs implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BackgroundJobs.class.getName());

    /** One round of a job; whatever it throws is logged as "{name} failed". */
    interface Task {
        void run() throws Exception;
    }

    private record Job(String name, Duration first, Duration every, Task task) {
    }

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

    synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        for (Job j : jobs) {
            timers.scheduleWithFixedDelay(() -> {
                try {
                    j.task().run();
                } catch (Exception e) {
                    LOG.warning(j.name() + " failed: " + e.getMessage());
                }
            }, j.first().toMillis(), j.every().toMillis(), TimeUnit.MILLISECONDS);
        }
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
