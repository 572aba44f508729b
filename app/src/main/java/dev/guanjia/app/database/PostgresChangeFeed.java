package dev.guanjia.app.database;

import dev.guanjia.community.change.Change;
import dev.guanjia.community.change.ChangeFeed;
import dev.guanjia.community.change.InProcessChangeFeed;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The change feed of several nodes on one PostgreSQL: a change is told to this node's listeners at
 * once and NOTIFYed to the others, whose {@link Notifications} hand it to theirs. The payload holds
 * ids only (PostgreSQL refuses payloads of 8000 bytes or more). Losing the listening connection
 * tells every listener {@link Change.Missed}, as other nodes' changes may have gone by meanwhile.
 */
public final class PostgresChangeFeed implements ChangeFeed, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PostgresChangeFeed.class.getName());

    public static final String CHANNEL = "guanjia_changes";
    private static final int MAX_PAYLOAD_BYTES = 7_900;
    /** How long a change waits for others to share its NOTIFY. */
    static final long LINGER_MILLIS = 20;

    private final DataSource db;
    private final Notifications notifications;
    /** Who published: a node hears its own NOTIFY too, and has already told its listeners. */
    private final String node = UUID.randomUUID().toString();
    private final InProcessChangeFeed here = new InProcessChangeFeed();
    /**
     * What is still to be NOTIFYed. Sent by a thread of its own: a store publishes while it may still
     * hold its pool connection, and must not wait for a second one (ten busy threads would starve).
     */
    private final java.util.concurrent.BlockingQueue<String> outgoing = new java.util.concurrent.LinkedBlockingQueue<>(10_000);
    private final java.util.concurrent.atomic.AtomicBoolean overflowed = new java.util.concurrent.atomic.AtomicBoolean();
    private final Thread sender;
    private volatile boolean closed;

    /** @param db where changes are NOTIFYed (the pool); the notifications' own connection listens */
    public PostgresChangeFeed(DataSource db, Notifications notifications) {
        this.db = db;
        this.notifications = notifications;
        notifications.on(CHANNEL, this::heard);
        notifications.onReconnect(() -> here.publish(new Change.Missed()));
        this.sender = Thread.ofPlatform().daemon().name("guanjia-change-sender").start(this::send);
    }

    /**
     * True while this node hears the other nodes' changes; false while its listening connection is
     * lost (its consoles and chat pages then see other nodes' news only at their own rechecks).
     */
    public boolean connected() {
        return notifications.listening();
    }

    /** How often the listening connection was lost and taken up again since the node started. */
    public long reconnects() {
        return notifications.reconnects();
    }

    @Override
    public void publish(Change change) {
        here.publish(change);
        if (!outgoing.offer(payload(change))) {
            overflowed.set(true); // the database is away or slow: others will read everything again
        }
    }

    private void send() {
        while (!closed) {
            java.util.Set<String> batch = new java.util.LinkedHashSet<>();
            try {
                String first = outgoing.poll(500, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                // the changes of the next moments go in the same NOTIFY: under load each turn published two,
                // a statement each, and the other nodes' pages need them no sooner than this
                Thread.sleep(LINGER_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            java.util.List<String> more = new java.util.ArrayList<>();
            outgoing.drainTo(more);
            batch.addAll(more); // equal changes at once: told once
            if (overflowed.getAndSet(false)) {
                batch.add(node + "\t*");
            }
            try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "SELECT pg_notify(?, p) FROM unnest(?::text[]) AS t(p)")) {
                ps.setString(1, CHANNEL);
                ps.setArray(2, c.createArrayOf("text", batch.toArray()));
                ps.execute();
            } catch (SQLException e) {
                // hints lost: other nodes' pages see the changes at their next recheck
                LOG.warning("cannot tell other nodes of " + batch.size() + " change(s): " + e.getMessage());
            }
        }
    }

    /** Stops sending (what is still queued is dropped: the other nodes recheck on their own). */
    @Override
    public void close() {
        closed = true;
        sender.interrupt();
        try {
            sender.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Subscription subscribe(Consumer<? super Change> listener) {
        return here.subscribe(listener);
    }

    /** "node\tq\tcommunity", "node\tm\tcommunity\tconversation" or "node\t*" (read everything again). */
    String payload(Change change) {
        String p = switch (change) {
            case Change.Queue q -> node + "\tq\t" + q.communityId();
            case Change.NewMessage m -> node + "\tm\t" + m.communityId() + "\t" + m.conversation();
            case Change.Missed ignored -> node + "\t*";
        };
        // a community id is short; should one ever not be, a refresh everywhere still tells the truth
        return p.getBytes(StandardCharsets.UTF_8).length < MAX_PAYLOAD_BYTES ? p : node + "\t*";
    }

    private void heard(String payload) {
        String[] f = payload.split("\t", -1);
        if (f.length < 2 || f[0].equals(node)) {
            return;
        }
        Change change;
        try {
            change = switch (f[1]) {
                case "q" -> new Change.Queue(f[2]);
                case "m" -> new Change.NewMessage(f[2], UUID.fromString(f[3]));
                default -> new Change.Missed();
            };
        } catch (RuntimeException e) {
            change = new Change.Missed(); // from a newer version of the node: read everything again
        }
        here.publish(change);
    }
}
