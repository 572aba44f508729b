package dev.guanjia.desk.conversation;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Lets a fixed number of turns run at once and queues the rest first come, first served. A turn
 * started inside another (on the same thread) passes, so a turn never waits for a place it holds.
 */
final class TurnGate {

    /** No limit: every turn runs at once (remote models, tests). */
    static final TurnGate OPEN = new TurnGate(0);

    private final Semaphore places;
    private final ThreadLocal<Boolean> inside = new ThreadLocal<>();

    /** @param turns turns at once; 0 or less: no limit */
    TurnGate(int turns) {
        this.places = turns > 0 ? new Semaphore(turns, true) : null;
    }

    <T> T through(Supplier<T> turn) {
        if (places == null || inside.get() != null) {
            return turn.get();
        }
        places.acquireUninterruptibly();
        inside.set(Boolean.TRUE);
        try {
            return turn.get();
        } finally {
            inside.remove();
            places.release();
        }
    }

    /** Turns waiting for a place now (tests). */
    int waiting() {
        return places == null ? 0 : places.getQueueLength();
    }
}
