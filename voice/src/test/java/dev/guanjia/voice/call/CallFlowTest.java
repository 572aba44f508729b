package dev.guanjia.voice.call;

import dev.guanjia.voice.speech.SpeechRecognizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The keypad-first call flow against the real service desk, with a line that only records. */
class CallFlowTest {

    @BeforeAll
    static void estate() throws Exception {
        VoiceEstate.build();
    }

    /** A line that keeps what happened to it. */
    static final class Line implements CallLine {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void play(short[] pcm) {
            events.add("play");
        }

        @Override
        public void stopPlayback() {
            events.add("stop");
        }

        @Override
        public long queuedMillis() {
            return 0;
        }

        @Override
        public void transfer() {
            events.add("transfer");
        }

        @Override
        public void hangUp() {
            events.add("hangup");
        }
    }

    private static long agentId() throws Exception {
        try (var c = VoiceEstate.db.getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT id FROM staff WHERE code = 'a1'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long until = System.currentTimeMillis() + 15_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > until) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(20);
        }
    }

    private static CallFlow call(String phone, Duration firstKey, SpeechRecognizer asr, Line line) {
        VoiceEstate.Recording tts = new VoiceEstate.Recording();
        CallFlow flow = new CallFlow(VoiceEstate.parts(tts, asr),
                new CallFlow.Settings("c1", firstKey, 0, 0.6), UUID.randomUUID(), "audiosocket", phone, line);
        flow.start();
        return flow;
    }

    @Test
    void anElderlyOwnerHearsFirstThatZeroReachesAPersonAndWrongKeysDoNotStartOver() throws Exception {
        Line line = new Line();
        CallFlow flow = call(VoiceEstate.OWNER_PHONE, Duration.ofSeconds(30), null, line);
        assertTrue(flow.spoken().get(0).contains("按0，直接转人工"), flow.spoken().get(0));
        CallFlow young = call(VoiceEstate.NEIGHBOUR_PHONE, Duration.ofSeconds(30), null, new Line());
        assertFalse(young.spoken().get(0).contains("直接转人工"), young.spoken().get(0));
        // with an agent at the console, the elderly caller is offered the person before anything else
        new dev.guanjia.bot.handoff.Availability(VoiceEstate.db).seen(agentId());
        CallFlow offered = call(VoiceEstate.OWNER_PHONE, Duration.ofSeconds(30), null, new Line());
        assertTrue(offered.spoken().get(0).contains("现在有客服在线，按0马上为您接通人工"), offered.spoken().get(0));
        new dev.guanjia.bot.handoff.Availability(VoiceEstate.db).left(agentId());
        offered.onHangUp();
        young.onHangUp();
        flow.onDigit('9');
        assertTrue(flow.spoken().get(1).startsWith("这个按键没有对应的服务"), flow.spoken().toString());
        assertTrue(line.events.contains("stop"), "a key stops the prompt (barge-in)");
        flow.onDigit('*');
        assertEquals(CallFlow.MENU, flow.spoken().get(2));
        flow.onDigit('1');
        waitFor(() -> flow.spoken().size() > 3);
        assertTrue(flow.spoken().get(3).contains("600"), flow.spoken().get(3));
        assertTrue(flow.spoken().get(3).endsWith(CallFlow.AFTER));
        flow.onHangUp();
    }

    @Test
    void twoSilencesAtTheMenuLeadToAPersonOrACallback() throws Exception {
        Line line = new Line();
        CallFlow flow = call(VoiceEstate.NEIGHBOUR_PHONE, Duration.ofMillis(150), null, line);
        waitFor(() -> line.events.contains("hangup") || line.events.contains("transfer"));
        List<String> said = flow.spoken();
        assertTrue(said.get(1).startsWith("没有听到您的按键"), said.toString());
        assertTrue(said.stream().anyMatch(s -> s.contains("为您转接人工服务")), said.toString());
        assertTrue(said.get(said.size() - 1).contains("登记回电"), "nobody online: a callback is promised " + said);
        assertTrue(line.events.contains("hangup"));
    }

    @Test
    void speechIsReadBackAndConfirmedAndTwoFailuresFallBackToKeys() throws Exception {
        SpeechRecognizer transcripts = VoiceEstate.silentRecognizer();
        Line line = new Line();
        CallFlow flow = call(VoiceEstate.OWNER_PHONE, Duration.ofSeconds(30), transcripts, line);
        assertTrue(flow.spoken().get(0).contains("直接说出"), flow.spoken().get(0));
        flow.heardSpeech(new SpeechRecognizer.Heard("我家还欠多少钱", 0.92));
        assertEquals("您说的是：我家还欠多少钱。确认请按1，重说请按2。", flow.spoken().get(1));
        flow.onDigit('1');
        waitFor(() -> flow.spoken().size() > 2);
        assertTrue(flow.spoken().get(2).contains("600"), flow.spoken().get(2));
        flow.heardSpeech(new SpeechRecognizer.Heard("嗯", 0.3));
        flow.heardSpeech(new SpeechRecognizer.Heard("", 0));
        assertTrue(flow.spoken().get(4).startsWith("还是没有听清楚，请用按键选择"), flow.spoken().toString());
        flow.onHangUp();
    }
}
