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
import static org.junit.jupiter.api.Assertions.assertNull;
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
        new dev.guanjia.desk.handoff.Availability(VoiceEstate.db).seen(agentId());
        CallFlow offered = call(VoiceEstate.OWNER_PHONE, Duration.ofSeconds(30), null, new Line());
        assertTrue(offered.spoken().get(0).contains("现在有客服在线，按0马上为您接通人工"), offered.spoken().get(0));
        new dev.guanjia.desk.handoff.Availability(VoiceEstate.db).left(agentId());
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

    private static String callbackNote(CallFlow flow) throws Exception {
        try (var c = VoiceEstate.db.getConnection(); var st = c.prepareStatement(
                "SELECT b.request FROM callbacks b JOIN calls k ON k.conversation_id = b.conversation_id WHERE k.id = ?")) {
            st.setObject(1, flow.id());
            try (var rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static final java.util.regex.Pattern NOT_FOR_THE_EAR =
            java.util.regex.Pattern.compile("验证码|登录|网页|本页面|短信|公众号|直接告诉我");

    @Test
    void everyPhonePromptIsForTheEarAndCallbackNotesSayWhatHappened() throws Exception {
        java.util.List<String> all = new java.util.ArrayList<>();
        // an unknown number presses 1 and 3: no login, no SMS; a person or a call back to this number
        Line unknownLine = new Line();
        CallFlow unknown = call("13900009999", Duration.ofSeconds(30), null, unknownLine);
        unknown.onDigit('1');
        unknown.onDigit('*');
        unknown.onDigit('3');
        assertTrue(unknown.spoken().get(1).contains("按0") && unknown.spoken().get(1).contains("回电到您现在这个号码"),
                unknown.spoken().toString());
        unknown.onDigit('2'); // no speech recognition: a person takes the repair; nobody online: a callback
        waitFor(() -> unknownLine.events.contains("hangup"));
        assertTrue(callbackNote(unknown).contains("按2报修"), callbackNote(unknown));
        assertFalse(callbackNote(unknown).contains("按0"), callbackNote(unknown));
        all.addAll(unknown.spoken());
        // a resident presses 3 (no orders: no "tell me" on a keypad line), then 1
        Line residentLine = new Line();
        CallFlow resident = call(VoiceEstate.NEIGHBOUR_PHONE, Duration.ofSeconds(30), null, residentLine);
        resident.onDigit('3');
        waitFor(() -> resident.spoken().size() > 1);
        resident.onDigit('1');
        waitFor(() -> resident.spoken().size() > 2);
        resident.onHangUp();
        all.addAll(resident.spoken());
        // a caller silent at the menu: the note says so, not "pressed 0"
        Line silentLine = new Line();
        CallFlow silent = call(VoiceEstate.NEIGHBOUR_PHONE, Duration.ofMillis(150), null, silentLine);
        waitFor(() -> silentLine.events.contains("hangup"));
        assertTrue(callbackNote(silent).contains("两次没有按键"), callbackNote(silent));
        all.addAll(silent.spoken());
        // a withheld number: never promised a call back; the office number, digit by digit
        Line hiddenLine = new Line();
        CallFlow hidden = call(null, Duration.ofSeconds(30), null, hiddenLine);
        hidden.onDigit('1');
        hidden.onDigit('0');
        waitFor(() -> hiddenLine.events.contains("hangup"));
        String last = hidden.spoken().get(hidden.spoken().size() - 1);
        assertTrue(last.contains("0 5 1 2，1 2 3 4，5 6 7 8"), last);
        assertFalse(last.contains("登记回电"), last);
        assertNull(callbackNote(hidden), "no callback task without a number");
        all.addAll(hidden.spoken());
        for (String said : all) {
            assertFalse(NOT_FOR_THE_EAR.matcher(said).find(), "not for a phone line: " + said);
        }
        assertEquals("0 5 1 2，6 6 0 1，0 9 0 1", CallFlow.digits("+8651266010901"));
        assertEquals("1 3 7，0 0 0 0，0 0 0 1", CallFlow.digits("13700000001"));
    }

    @Test
    void fourReadsTheCurrentNoticesSlowlyOneSentenceAtATime() throws Exception {
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
        var n = VoiceEstate.notices.publish("c1", new dev.guanjia.notices.notice.NoticeDraft("小区消杀通知",
                "明天上午九点全小区消杀。请关好门窗。宠物请勿外出。", dev.guanjia.notices.notice.NoticeCategory.DISINFECTION,
                java.util.List.of(), today, today.plusDays(1)), "staff:a1");
        try {
            Line line = new Line();
            CallFlow flow = call(VoiceEstate.OWNER_PHONE, Duration.ofSeconds(30), null, line);
            assertTrue(flow.spoken().get(0).contains("收听最新通知请按4"), flow.spoken().get(0));
            int before = flow.spoken().size();
            flow.onDigit('4');
            waitFor(() -> flow.spoken().stream().anyMatch(s -> s.startsWith("重听通知请按4")));
            java.util.List<String> heard = flow.spoken().subList(before, flow.spoken().size());
            assertTrue(heard.stream().anyMatch(s -> s.contains("小区消杀通知")), heard.toString());
            assertTrue(heard.contains("请关好门窗。") && heard.contains("宠物请勿外出。"), heard.toString());
        } finally {
            VoiceEstate.notices.withdraw("c1", n.id(), "staff:a1", null);
        }
    }

    @Test
    void zeroWithAnAgentOnlineTransfersAfterOneShortSentence() throws Exception {
        var availability = new dev.guanjia.desk.handoff.Availability(VoiceEstate.db);
        availability.seen(agentId());
        try {
            Line line = new Line();
            CallFlow flow = call(VoiceEstate.NEIGHBOUR_PHONE, Duration.ofSeconds(30), null, line);
            int before = flow.spoken().size();
            long pressed = System.nanoTime();
            flow.onDigit('0');
            waitFor(() -> line.events.contains("transfer"));
            assertTrue(System.nanoTime() - pressed < 2_000_000_000L, "transferred within 2 s");
            assertEquals(java.util.List.of(CallFlow.TRANSFER), flow.spoken().subList(before, flow.spoken().size()));
            assertTrue(CallFlow.TRANSFER.length() <= 6);
        } finally {
            availability.left(agentId());
        }
    }
}
