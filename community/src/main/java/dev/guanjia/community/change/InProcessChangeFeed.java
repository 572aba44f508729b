package dev.guanjia.community.change;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The change feed of one process: listeners hear a change on the publisher's thread. */
public final class InProcessChangeFeed implements ChangeFeed {

    private static final Logger LOG = Logger.getLogger(InProcessChangeFeed.class.getName());

    private final Set<Consumer<Change>> listeners = ConcurrentHashMap.newKeySet();

    @Override
    public void publish(Change change) {
        for (Consumer<Change> l : listeners) {
            try {
                l.accept(change);
            } catch (RuntimeException e) {
                // one broken listener must neither fail the store's change nor starve the others
                LOG.log(Level.WARNING, "change listener failed", e);
            }
        }
    }

    @Override
    public Subscription subscribe(Consumer<? super Change> listener) {
        // a wrapper per subscription: the same listener subscribed twice is two subscriptions
        Consumer<Change> own = listener::accept;
        listeners.add(own);
        return () -> listeners.remove(own);
    }
}
