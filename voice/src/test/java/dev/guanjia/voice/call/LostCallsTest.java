package dev.guanjia.voice.call;

import dev.guanjia.community.change.Change;
import dev.guanjia.community.change.InProcessChangeFeed;
import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.desk.conversation.ConversationLog;
import dev.guanjia.desk.handoff.Callbacks;
import dev.guanjia.testkit.TestDatabase;
import dev.guanjia.testkit.TwoHouseholds;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Calls of a node that is gone: the records of two nodes on one database stand for the nodes, a
 * call's seen_at moved into the past for a node that stopped stamping it.
 */
class LostCallsTest {

    private static DataSource db;
    private static final PersonalData keys = PersonalData.ephemeral();
    private static final List<Change> published = new CopyOnWriteArrayList<>();
    private static Callbacks callbacks;
    private static ConversationLog conversations;

    @BeforeAll
    static void estate() throws Exception {
        db = TestDatabase.fresh("community", "knowledge", "ticketing", "payments", "notices", "desk", "bot", "voice");
        try (Connection c = db.getConnection()) {
            TwoHouseholds.insert(c);
        }
        InProcessChangeFeed feed = new InProcessChangeFeed();
        feed.subscribe(published::add);
        callbacks = new Callbacks(db, keys, feed);
        conversations = new ConversationLog(db, keys);
    }

    /** One node's records (each node builds its own over the shared database). */
    private static CallRecords node() {
        return new CallRecords(db, keys, callbacks);
    }

    private static UUID call(CallRecords records, String caller, boolean handedOff) {
        UUID id = UUID.randomUUID();
        UUID conversation = conversations.open("c1", "voice", caller == null ? "anonymous" : caller, null);
        records.start(id, "c1", "audiosocket", caller, conversation.toString());
        records.step(id, "0");
        if (handedOff) {
            records.handedOff(id);
        }
        return id;
    }

    private static void notSeenSince(Duration ago, UUID... calls) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE calls SET seen_at = now() - make_interval(secs => ?) WHERE id = ANY (?)")) {
            s.setDouble(1, ago.toSeconds());
            s.setArray(2, c.createArrayOf("uuid", calls));
            s.executeUpdate();
        }
    }

    private static String outcome(UUID call) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT outcome, ended_at IS NOT NULL FROM calls WHERE id = ?")) {
            s.setObject(1, call);
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next());
                return rs.getBoolean(2) ? rs.getString(1) : null;
            }
        }
    }

    /** The callback tasks of a call's conversation: their notes. */
    private static List<String> callbacksOf(UUID call) throws Exception {
        List<String> notes = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT cb.request, cb.contact FROM callbacks cb JOIN calls ON calls.conversation_id = cb.conversation_id
                WHERE calls.id = ?""")) {
            s.setObject(1, call);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    notes.add(rs.getString(1) + " → " + keys.open(rs.getString(2)));
                }
            }
        }
        return notes;
    }

    @Test
    void aStaleCallIsClosedOnceEvenWithTwoSweepers() throws Exception {
        CallRecords nodeA = node();
        CallRecords nodeB = node();
        CallRecords gone = node();
        // the calls of a node that died: some were being handed to a person
        List<UUID> lostInHandoff = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            lostInHandoff.add(call(gone, "1390000" + String.format("%04d", i), true));
        }
        UUID lostAtMenu = call(gone, TwoHouseholds.OWNER_PHONE, false);
        UUID lostWithheld = call(gone, null, true);
        // a live node's call, stamped a moment ago, and one of an older version that never stamps
        UUID live = call(nodeA, TwoHouseholds.NEIGHBOUR_PHONE, true);
        UUID older = call(gone, TwoHouseholds.NEIGHBOUR_PHONE, true);
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE calls SET seen_at = NULL, started_at = now() - interval '1 hour' WHERE id = ?")) {
            s.setObject(1, older);
            s.executeUpdate();
        }
        List<UUID> stale = new ArrayList<>(lostInHandoff);
        stale.add(lostAtMenu);
        stale.add(lostWithheld);
        notSeenSince(Duration.ofSeconds(150), stale.toArray(UUID[]::new));
        notSeenSince(Duration.ofSeconds(90), live); // late, but within the 2 minutes
        published.clear();

        // both nodes sweep at the same moment
        CountDownLatch go = new CountDownLatch(1);
        int closed;
        try (ExecutorService sweepers = Executors.newFixedThreadPool(2)) {
            Future<Integer> a = sweepers.submit(() -> {
                go.await();
                return nodeA.closeLost(OpenCalls.LOST_AFTER);
            });
            Future<Integer> b = sweepers.submit(() -> {
                go.await();
                return nodeB.closeLost(OpenCalls.LOST_AFTER);
            });
            go.countDown();
            closed = a.get(30, TimeUnit.SECONDS) + b.get(30, TimeUnit.SECONDS);
        }
        assertEquals(22, closed, "each stale call ended by one sweeper");
        for (UUID id : stale) {
            assertEquals(CallRecords.NODE_LOST, outcome(id));
        }
        // a caller cut in the middle of a hand-off is owed a call back: one task, one note, their number
        for (int i = 0; i < lostInHandoff.size(); i++) {
            assertEquals(List.of(CallRecords.CUT_DURING_HANDOFF + " → 1390000" + String.format("%04d", i)),
                    callbacksOf(lostInHandoff.get(i)));
        }
        assertEquals(List.of(), callbacksOf(lostAtMenu), "no hand-off, no callback");
        assertEquals(List.of(), callbacksOf(lostWithheld), "a withheld number cannot be called back");
        assertTrue(published.contains(new Change.Queue("c1")), "every node's console hears of the new tasks");
        assertNull(outcome(live), "a call its node still stamps goes on");
        assertNull(outcome(older), "a call never stamped is not taken for lost");

        // the next rounds find nothing; the line that later notices the end changes nothing either
        assertEquals(0, nodeA.closeLost(OpenCalls.LOST_AFTER) + nodeB.closeLost(OpenCalls.LOST_AFTER));
        assertFalse(gone.cut(lostInHandoff.get(0), CallRecords.CUT_OFF));
        gone.end(lostInHandoff.get(0), "caller hung up");
        assertEquals(CallRecords.NODE_LOST, outcome(lostInHandoff.get(0)));
        assertEquals(1, callbacksOf(lostInHandoff.get(0)).size());
    }

    @Test
    void aCallStampedByItsNodeIsNeverTakenForLost() throws Exception {
        CallRecords records = node();
        UUID id = call(records, TwoHouseholds.OWNER_PHONE, false);
        notSeenSince(Duration.ofMinutes(5), id);
        // the node stamps it in time (OpenCalls does so every 20 s)
        assertEquals(java.util.Set.of(), records.seen(List.of(id)));
        records.closeLost(OpenCalls.LOST_AFTER);
        assertNull(outcome(id));
        // a call already over is not stamped, and is reported gone to the node that thought it open
        records.end(id, "caller hung up");
        assertEquals(java.util.Set.of(id), records.seen(List.of(id)));
    }

    @Test
    void aCallCutOffDuringAHandOffGetsItsCallbackOnce() throws Exception {
        CallRecords records = node();
        UUID id = call(records, TwoHouseholds.NEIGHBOUR_PHONE, true);
        assertTrue(records.cut(id, CallRecords.CUT_OFF));
        assertFalse(records.cut(id, CallRecords.NODE_STOPPED), "ended once");
        assertEquals(CallRecords.CUT_OFF, outcome(id));
        assertEquals(List.of(CallRecords.CUT_DURING_HANDOFF + " → " + TwoHouseholds.NEIGHBOUR_PHONE), callbacksOf(id));
    }
}
