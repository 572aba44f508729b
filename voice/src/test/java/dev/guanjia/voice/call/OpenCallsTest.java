package dev.guanjia.voice.call;

import dev.guanjia.desk.handoff.Callbacks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The calls a node holds: stamped while they last, ended with the node, and only its own. */
class OpenCallsTest {

    @BeforeAll
    static void estate() throws Exception {
        VoiceEstate.build();
    }

    /** Turns of the service desk held until the test lets them run: a hand-off caught half-way. */
    private static final class HeldTurns implements Executor {
        final ConcurrentLinkedQueue<Runnable> held = new ConcurrentLinkedQueue<>();

        @Override
        public void execute(Runnable r) {
            held.add(r);
        }

        void runAll() {
            for (Runnable r; (r = held.poll()) != null; ) {
                r.run();
            }
        }
    }

    /** The records every node builds once, with the callbacks a caller cut during a hand-off is owed. */
    private static CallRecords records() {
        return new CallRecords(VoiceEstate.db, VoiceEstate.personalData,
                new Callbacks(VoiceEstate.db, VoiceEstate.personalData));
    }

    private static CallFlow call(OpenCalls node, HeldTurns turns, String phone) {
        CallFlow.Parts p = VoiceEstate.parts(new VoiceEstate.Recording(), null);
        CallRecords records = records();
        CallFlow.Parts parts = new CallFlow.Parts(p.desk(), p.residents(), p.communities(), records, p.tts(), null,
                p.timers(), turns, p.clock(), p.availability(), null);
        return node.add(new CallFlow(parts, new CallFlow.Settings("c1", Duration.ofSeconds(60), 0, 0.6),
                UUID.randomUUID(), "audiosocket", phone, new CallFlowTest.Line()));
    }

    private static String[] record(UUID call) throws Exception {
        try (Connection c = VoiceEstate.db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT outcome, ended_at IS NOT NULL, seen_at > now() - interval '5 seconds' FROM calls WHERE id = ?")) {
            s.setObject(1, call);
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next(), "no record of " + call);
                return new String[]{rs.getBoolean(2) ? rs.getString(1) : null, String.valueOf(rs.getBoolean(3))};
            }
        }
    }

    private static List<String> callbacksOf(UUID call) throws Exception {
        List<String> notes = new ArrayList<>();
        try (Connection c = VoiceEstate.db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT cb.request FROM callbacks cb JOIN calls ON calls.conversation_id = cb.conversation_id
                WHERE calls.id = ?""")) {
            s.setObject(1, call);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    notes.add(rs.getString(1));
                }
            }
        }
        return notes;
    }

    @Test
    void aStoppingNodeEndsItsOwnCallsAndTheCallerInAHandOffIsCalledBack() throws Exception {
        OpenCalls nodeA = new OpenCalls(records(), Duration.ofMillis(200));
        OpenCalls nodeB = new OpenCalls(records(), Duration.ofMillis(200));
        try {
            HeldTurns turnsA = new HeldTurns();
            HeldTurns turnsB = new HeldTurns();
            CallFlow onA = call(nodeA, turnsA, VoiceEstate.NEIGHBOUR_PHONE);
            CallFlow onB = call(nodeB, turnsB, VoiceEstate.OWNER_PHONE);
            onA.start();
            onB.start();
            onA.onDigit('0'); // a person, please: the hand-off's turn is under way when the node stops
            assertEquals(1, turnsA.held.size());

            try (Connection c = VoiceEstate.db.getConnection(); PreparedStatement s = c.prepareStatement(
                    "UPDATE calls SET seen_at = now() - interval '1 minute' WHERE id = ?")) {
                s.setObject(1, onB.id());
                s.executeUpdate();
            }
            long until = System.currentTimeMillis() + 10_000;
            while (!record(onB.id())[1].equals("true")) {
                assertTrue(System.currentTimeMillis() < until, "node B stamps its call seen");
                Thread.sleep(50);
            }

            assertEquals(1, nodeA.stop(CallRecords.NODE_STOPPED));
            assertEquals(CallRecords.NODE_STOPPED, record(onA.id())[0]);
            assertEquals(List.of(CallRecords.CUT_DURING_HANDOFF), callbacksOf(onA.id()));
            assertFalse(onA.live());
            // the turn that was under way finds the call over: nothing more is said, still one task
            int said = onA.spoken().size();
            turnsA.runAll();
            assertEquals(said, onA.spoken().size());
            assertEquals(1, callbacksOf(onA.id()).size());

            // node B's call goes on, unaffected
            assertNull(record(onB.id())[0]);
            assertEquals(List.of(onB), nodeB.open());
            onB.onDigit('*');
            assertTrue(onB.spoken().size() >= 2);
            assertEquals(List.of(), callbacksOf(onB.id()));

            // a call that reaches node A while it closes is ended at once, and recorded so
            CallFlow late = call(nodeA, new HeldTurns(), VoiceEstate.OWNER_PHONE);
            late.start();
            assertEquals(CallRecords.NODE_STOPPED, record(late.id())[0]);
            assertTrue(late.spoken().isEmpty());

            onB.onHangUp();
            assertEquals("caller hung up", record(onB.id())[0]);
            assertEquals(List.of(), nodeB.open());
        } finally {
            nodeA.close();
            nodeB.close();
        }
    }

    @Test
    void aConnectionThatDropsCutsTheCallOff() throws Exception {
        try (OpenCalls node = new OpenCalls(records())) {
            HeldTurns turns = new HeldTurns();
            CallFlow flow = call(node, turns, VoiceEstate.OWNER_PHONE);
            flow.start();
            assertTrue(flow.cutOff(CallRecords.CUT_OFF));
            assertFalse(flow.cutOff(CallRecords.NODE_STOPPED));
            flow.onHangUp();
            assertEquals(CallRecords.CUT_OFF, record(flow.id())[0]);
            assertEquals(List.of(), callbacksOf(flow.id()), "cut at the menu: nobody was promised");
        }
    }
}
