package dev.guanjia.community.change;

import java.util.function.Consumer;

/**
 * Where stores say what changed and watching pages hear it, instead of every page re-reading the
 * database on a timer. In one process it is {@link InProcessChangeFeed}; the server carries the same
 * changes between nodes over PostgreSQL LISTEN/NOTIFY behind this interface (app's PostgresChangeFeed).
 * Publishing never fails the change that was made: a feed is a hint, readers re-check now and then.
 */
public interface ChangeFeed {

    /** For stores built without a feed (tests, tools): changes go nowhere. */
    ChangeFeed NONE = new ChangeFeed() {
        @Override
        public void publish(Change change) {
        }

        @Override
        public Subscription subscribe(Consumer<? super Change> listener) {
            return () -> { };
        }
    };

    /** Tells every listener, after the change is committed. */
    void publish(Change change);

    /** Listeners are called on the publisher's thread: they must only take note, never block. */
    Subscription subscribe(Consumer<? super Change> listener);

    /** Stops listening. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
