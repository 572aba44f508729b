package dev.guanjia.app.database;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What other nodes (and this one) NOTIFY on PostgreSQL: one thread per node LISTENs on a connection
 * of its own, outside the pool, and hands each payload to the handlers of its channel. When the
 * connection is lost it reconnects with back-off and then tells the reconnect handlers, since
 * notifications sent meanwhile are gone for good: they read again what they show.
 * Handlers run on the listening thread: they must only take note, never block.
 */
public final class Notifications implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Notifications.class.getName());

    /** The listening connection's application_name, so an operator (or a test) can find it. */
    public static final String APPLICATION_NAME = "guanjia-listener";

    private static final long WAIT_MILLIS = 250;
    /** A connection can die without a word (a dropped network): asked now and then whether it still answers. */
    private static final long CHECK_MILLIS = 10_000;
    private static final long MAX_BACKOFF_MILLIS = 10_000;

    /** Opens a new connection, never a pooled one: LISTEN belongs to the session that said it. */
    @FunctionalInterface
    public interface Opener {
        Connection open() throws SQLException;
    }

    private final Opener opener;
    private final Map<String, List<Consumer<String>>> handlers = new ConcurrentHashMap<>();
    private final List<Runnable> reconnected = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean listening;
    private volatile int backendPid;
    private final java.util.concurrent.atomic.AtomicLong reconnects = new java.util.concurrent.atomic.AtomicLong();

    public Notifications(Opener opener) {
        this.opener = opener;
        this.thread = Thread.ofPlatform().daemon().name("guanjia-notifications").unstarted(this::run);
    }

    /** Calls the handler with each payload NOTIFYed on the channel (a plain identifier) from now on. */
    public Notifications on(String channel, Consumer<String> handler) {
        if (!channel.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a channel name: " + channel);
        }
        handlers.computeIfAbsent(channel, k -> new CopyOnWriteArrayList<>()).add(handler);
        return this;
    }

    /** Called after the listener came back from a lost connection: what was sent meanwhile was missed. */
    public Notifications onReconnect(Runnable handler) {
        reconnected.add(handler);
        return this;
    }

    public Notifications start() {
        thread.start();
        return this;
    }

    /** True while connected and listening on every channel asked for. */
    public boolean listening() {
        return listening;
    }

    /**
     * How often the listener came back after losing its connection (not counting the first
     * connection): each time, what other nodes said meanwhile was missed and pages read again.
     */
    public long reconnects() {
        return reconnects.get();
    }

    /** The server process of the listening connection (pg_stat_activity.pid), 0 before the first. */
    public int backendPid() {
        return backendPid;
    }

    private void run() {
        long backoff = 250;
        boolean missed = false;
        while (!closed) {
            try (Connection c = opener.open()) {
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    s.execute("SET application_name = '" + APPLICATION_NAME + "'");
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                Set<String> heard = new HashSet<>();
                listen(c, heard);
                backendPid = pg.getBackendPID();
                listening = true;
                if (missed) {
                    reconnects.incrementAndGet();
                    LOG.info("listening for other nodes' changes again");
                    for (Runnable r : reconnected) {
                        safely(r);
                    }
                }
                backoff = 250;
                long checked = System.currentTimeMillis();
                while (!closed) {
                    if (heard.size() < handlers.size()) {
                        listen(c, heard);
                    }
                    PGNotification[] ns = pg.getNotifications((int) WAIT_MILLIS);
                    if (ns != null) {
                        for (PGNotification n : ns) {
                            for (Consumer<String> h : handlers.getOrDefault(n.getName(), List.of())) {
                                safely(() -> h.accept(n.getParameter()));
                            }
                        }
                    }
                    if (System.currentTimeMillis() - checked > CHECK_MILLIS) {
                        if (!c.isValid(5)) {
                            throw new SQLException("the listening connection does not answer");
                        }
                        checked = System.currentTimeMillis();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                missed = true;
                if (closed) {
                    break;
                }
                LOG.warning("not listening for other nodes' changes (" + e.getMessage() + "); trying again in "
                        + backoff + " ms");
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    break;
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
        listening = false;
    }

    private void listen(Connection c, Set<String> heard) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String channel : handlers.keySet()) {
                if (heard.add(channel)) {
                    s.execute("LISTEN " + channel); // checked to be a plain identifier in on()
                }
            }
        }
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            // one broken handler must not stop this node hearing the others
            LOG.log(Level.WARNING, "notification handler failed", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
