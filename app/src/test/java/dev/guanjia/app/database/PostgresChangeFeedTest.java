package dev.guanjia.app.database;

import dev.guanjia.community.change.Change;
import dev.guanjia.testkit.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two nodes' change feeds on one real PostgreSQL, as two Guanjia nodes have them. */
class PostgresChangeFeedTest {

    private DataSource db;
    private Notifications listenA;
    private Notifications listenB;
    private PostgresChangeFeed a;
    private PostgresChangeFeed b;
    private final BlockingQueue<Change> heardOnA = new LinkedBlockingQueue<>();
    private final BlockingQueue<Change> heardOnB = new LinkedBlockingQueue<>();

    @BeforeEach
    void twoNodes() throws Exception {
        db = TestDatabase.fresh();
        listenA = new Notifications(db::getConnection);
        listenB = new Notifications(db::getConnection);
        a = new PostgresChangeFeed(db, listenA);
        b = new PostgresChangeFeed(db, listenB);
        a.subscribe(heardOnA::add);
        b.subscribe(heardOnB::add);
        listenA.start();
        listenB.start();
        waitListening(listenA);
        waitListening(listenB);
    }

    @AfterEach
    void stop() {
        listenA.close();
        listenB.close();
        a.close();
        b.close();
    }

    @Test
    void aChangeOnOneNodeReachesTheOtherWithinASecondAndItsOwnListenersOnce() throws Exception {
        UUID conversation = UUID.randomUUID();
        a.publish(new Change.NewMessage("c1", conversation));

        assertEquals(new Change.NewMessage("c1", conversation), heardOnB.poll(1, TimeUnit.SECONDS));
        assertEquals(new Change.NewMessage("c1", conversation), heardOnA.poll(1, TimeUnit.SECONDS));

        b.publish(new Change.Queue("c2"));
        assertEquals(new Change.Queue("c2"), heardOnA.poll(1, TimeUnit.SECONDS));
        assertEquals(new Change.Queue("c2"), heardOnB.poll(1, TimeUnit.SECONDS));
        // a node hears its own NOTIFY too, but its listeners were told already
        assertNull(heardOnA.poll(300, TimeUnit.MILLISECONDS));
        assertNull(heardOnB.poll(10, TimeUnit.MILLISECONDS));
    }

    @Test
    void aBurstOfChangesSharingNotifiesReachesTheOtherNodeWhole() throws Exception {
        java.util.Set<Change> sent = new java.util.HashSet<>();
        for (int i = 0; i < 50; i++) {
            Change c = new Change.NewMessage("c" + i % 3, UUID.randomUUID());
            sent.add(c);
            a.publish(c);
            if (i % 10 == 0) {
                Thread.sleep(PostgresChangeFeed.LINGER_MILLIS / 2); // some while a NOTIFY is lingering
            }
        }
        java.util.Set<Change> heard = new java.util.HashSet<>();
        while (heard.size() < sent.size()) {
            Change c = heardOnB.poll(2, TimeUnit.SECONDS);
            if (c == null) {
                break;
            }
            heard.add(c);
        }
        assertEquals(sent, heard);
    }

    @Test
    void aListenerWhoseConnectionIsKilledComesBackAndTellsItsListenersToReadAgain() throws Exception {
        assertTrue(b.connected());
        assertEquals(0, b.reconnects());
        assertEquals(1, terminate(listenB.backendPid()));
        // published while B is away: B cannot hear it, but must learn that it missed something
        a.publish(new Change.Queue("c1"));

        Change first = heardOnB.poll(10, TimeUnit.SECONDS);
        if (first instanceof Change.Queue) {
            first = heardOnB.poll(10, TimeUnit.SECONDS); // heard before the connection went
        }
        assertInstanceOf(Change.Missed.class, first);
        assertNull(first.communityId(), "every watcher reads again");
        waitListening(listenB);
        assertTrue(b.connected());
        assertEquals(1, b.reconnects(), "the reconnect is counted for the metrics");
        assertEquals(0, a.reconnects(), "node A's listener was never lost");

        a.publish(new Change.NewMessage("c1", UUID.randomUUID()));
        assertInstanceOf(Change.NewMessage.class, heardOnB.poll(1, TimeUnit.SECONDS));
    }

    @Test
    void aBurstOfChangesReachesTheOtherNodeEachDistinctOneAtLeastOnce() throws Exception {
        java.util.Set<Change> sent = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            Change c = i % 2 == 0 ? new Change.Queue("c" + i % 10) : new Change.NewMessage("c1", UUID.randomUUID());
            sent.add(c);
            a.publish(c);
        }
        java.util.Set<Change> heard = new java.util.HashSet<>();
        long until = System.currentTimeMillis() + 5_000;
        while (!heard.containsAll(sent) && System.currentTimeMillis() < until) {
            Change c = heardOnB.poll(100, TimeUnit.MILLISECONDS);
            if (c != null) {
                heard.add(c);
            }
        }
        assertEquals(sent, heard);
    }

    @Test
    void aPayloadTooLongForPostgresqlBecomesReadEverythingAgain() throws Exception {
        a.publish(new Change.Queue("c".repeat(9_000)));
        assertInstanceOf(Change.Missed.class, heardOnB.poll(1, TimeUnit.SECONDS));
    }

    private int terminate(int pid) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM (SELECT pg_terminate_backend(" + pid + ")) t")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void waitListening(Notifications n) throws InterruptedException {
        long until = System.currentTimeMillis() + 10_000;
        while (!n.listening() && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
        assertTrue(n.listening(), "listening");
    }
}
