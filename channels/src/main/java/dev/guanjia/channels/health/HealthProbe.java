package dev.guanjia.channels.health;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/** One part of the service that can say whether it works; the app supplies them. */
@FunctionalInterface
public interface HealthProbe {

    Result check();

    /** name: what was checked; detail: what an operator should know, in plain words. */
    record Result(String name, boolean up, String detail) {
    }

    /**
     * This probe, answering within {@code limit}: a check that takes longer (a database that does not
     * answer makes the pool wait for its connection timeout) counts as down. At most one check runs
     * at a time; probes arriving meanwhile wait for it rather than starting more.
     */
    static HealthProbe within(String name, Duration limit, HealthProbe probe) {
        AtomicReference<CompletableFuture<Result>> running = new AtomicReference<>();
        java.util.concurrent.locks.ReentrantLock starting = new java.util.concurrent.locks.ReentrantLock();
        return () -> {
            CompletableFuture<Result> f;
            starting.lock();
            try {
                f = running.get();
                if (f == null || f.isDone()) {
                    f = CompletableFuture.supplyAsync(probe::check, command -> Thread.ofVirtual().start(command));
                    running.set(f);
                }
            } finally {
                starting.unlock();
            }
            try {
                return f.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return new Result(name, false, "no answer within " + limit.toMillis() + " ms");
            } catch (ExecutionException e) {
                return new Result(name, false, String.valueOf(e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(name, false, "interrupted");
            }
        };
    }
}
