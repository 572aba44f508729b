package dev.guanjia.voice.audiosocket;

import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.voice.audio.Pcm;
import dev.guanjia.voice.call.CallFlow;
import dev.guanjia.voice.call.VoiceEstate;
import dev.guanjia.voice.speech.EspeakSynthesizer;
import dev.guanjia.voice.speech.SpeechSynthesizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Java AudioSocket client plays Asterisk's side over real TCP, and HTTP requests play the
 * dialplan's CURL(): the caller's number registered for a fresh UUID (as +86…, the trunk's
 * spelling), caller audio, key 1 as in-band tones (the unpaid bill is spoken, with its amount from
 * the database), DTMF 0 (nobody online: a callback task, then our hang-up, and /next says
 * "hangup"; an agent online: one short sentence, the hang-up, and /next says "agent"), a silent
 * caller kept until the inactivity limit, a corrupt length, and the call record.
 * The line speaks with espeak-ng when it is installed, so real speech frames flow back.
 */
class AudioSocketCallTest {

    @BeforeAll
    static void estate() throws Exception {
        VoiceEstate.build();
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long until = System.currentTimeMillis() + 45_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > until) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(20);
        }
    }

    /** The dialplan's CURL(): one HTTP request to the AudioSocket port. */
    static String http(int port, String method, String path, String body) throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + path));
        if (body != null) {
            b.header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        }
        java.net.http.HttpResponse<String> r = client.send(b.method(method, body == null
                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    /** A key as the two tones a phone makes, 80 ms, then 80 ms of quiet: in-band DTMF. */
    static byte[][] tones(double low, double high) {
        byte[][] frames = new byte[8][];
        for (int f = 0; f < frames.length; f++) {
            short[] pcm = new short[Pcm.FRAME_SAMPLES];
            for (int i = 0; f < 4 && i < pcm.length; i++) {
                int n = f * Pcm.FRAME_SAMPLES + i;
                pcm[i] = (short) (5000 * Math.sin(2 * Math.PI * low * n / 8000.0)
                        + 4000 * Math.sin(2 * Math.PI * high * n / 8000.0));
            }
            frames[f] = Pcm.toBytes(pcm, 0, pcm.length);
        }
        return frames;
    }

    /** The client's view of the call: frames heard, whether speech (not silence) came, hang-up. */
    static final class Caller implements AutoCloseable {
        final Socket socket;
        final DataOutputStream out;
        final AtomicInteger frames = new AtomicInteger();
        final AtomicInteger loudFrames = new AtomicInteger();
        final AtomicBoolean hungUp = new AtomicBoolean();
        final List<Long> arrivals = new CopyOnWriteArrayList<>();

        Caller(int port, UUID id) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            out = new DataOutputStream(socket.getOutputStream());
            ByteBuffer b = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
            send(0x01, b.array());
            Thread.ofVirtual().start(() -> {
                try (DataInputStream in = new DataInputStream(socket.getInputStream())) {
                    while (true) {
                        int type = in.readUnsignedByte();
                        byte[] payload = new byte[in.readUnsignedShort()];
                        in.readFully(payload);
                        if (type == 0x10) {
                            frames.incrementAndGet();
                            arrivals.add(System.nanoTime());
                            if (Pcm.rms(Pcm.fromBytes(payload)) > 300) {
                                loudFrames.incrementAndGet();
                            }
                        } else if (type == 0x00) {
                            hungUp.set(true);
                            return;
                        }
                    }
                } catch (IOException e) {
                    hungUp.set(true);
                }
            });
        }

        synchronized void send(int type, byte[] payload) throws IOException {
            out.writeByte(type);
            out.writeShort(payload.length);
            out.write(payload);
            out.flush();
        }

        void key(char d) throws IOException {
            send(0x03, new byte[]{(byte) d});
        }

        void silence(int frames) throws IOException {
            for (int i = 0; i < frames; i++) {
                send(0x10, new byte[Pcm.FRAME_BYTES]);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void keyOneSpeaksTheUnpaidBillAndKeyZeroQueuesACallbackAndRecordsTheCall() throws Exception {
        // a brisk rate keeps the test short; callers get 140 characters a minute by default
        EspeakSynthesizer espeak = new EspeakSynthesizer("espeak-ng", 300);
        List<String> texts = new CopyOnWriteArrayList<>();
        SpeechSynthesizer tts = espeak.available()
                ? text -> {
                    texts.add(text);
                    return espeak.speak(text);
                }
                : new VoiceEstate.Recording() {
                    @Override
                    public short[] speak(String text) {
                        texts.add(text);
                        return super.speak(text);
                    }
                };
        Map<UUID, CallFlow> flows = new ConcurrentHashMap<>();
        try (AudioSocketServer server = AudioSocketServer.start("127.0.0.1", 0, 2, (id, number, line) -> {
            CallFlow f = new CallFlow(VoiceEstate.parts(tts, null), CallFlow.Settings.defaults("c1"), id,
                    "audiosocket", number, line);
            flows.put(id, f);
            return f;
        })) {
            UUID id = UUID.randomUUID();
            // the trunk sends +86…; the owner registered 137…: the same number
            assertEquals("ok", http(server.port(), "POST", "/voice/calls/" + id + "/caller",
                    "number=%2B86" + VoiceEstate.OWNER_PHONE));
            try (Caller caller = new Caller(server.port(), id)) {
                caller.silence(10);
                // on a busy machine silence may flow before the greeting is synthesised: wait for both
                waitFor(() -> caller.frames.get() > 25 && !texts.isEmpty());
                assertTrue(texts.get(0).contains("直接转人工"), texts.get(0));
                for (byte[] frame : tones(697, 1209)) { // key 1, in-band
                    caller.send(0x10, frame);
                }
                waitFor(() -> texts.stream().anyMatch(t -> t.contains("600")));
                caller.key('0');
                waitFor(caller.hungUp::get);
                if (espeak.available()) {
                    assertTrue(caller.loudFrames.get() > 50, "speech reached the caller: " + caller.loudFrames);
                }
                assertTrue(caller.frames.get() > 50);
            }
            waitFor(() -> {
                try {
                    return recordOf(id).get("ended_at") != null;
                } catch (Exception e) {
                    return false;
                }
            });
            assertEquals("hangup", http(server.port(), "GET", "/voice/calls/" + id + "/next", null),
                    "a callback: the dialplan hangs up rather than Dial the agents");
            Map<String, String> record = recordOf(id);
            assertEquals("1,0", record.get("menu_path"));
            assertEquals("callback", record.get("outcome"));
            assertEquals("true", record.get("handed_off"));
            assertFalse(record.get("caller").contains(VoiceEstate.OWNER_PHONE), "the number is sealed");
            assertEquals(VoiceEstate.OWNER_PHONE, VoiceEstate.personalData.open(record.get("caller")));
            assertTrue(record.get("transcript").contains("按键1") && record.get("transcript").contains("600"),
                    record.get("transcript"));
            try (Connection c = VoiceEstate.db.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM callbacks WHERE channel = 'voice' AND "
                         + "conversation_id = '" + record.get("conversation_id") + "'")) {
                rs.next();
                assertEquals(1, rs.getInt(1), "a callback task waits for the next agent");
            }
        }
    }

    @Test
    void zeroWithAnAgentOnlineIsOneShortSentenceThenTheDialplanDialsTheAgents() throws Exception {
        VoiceEstate.Recording tts = new VoiceEstate.Recording();
        long agent;
        try (Connection c = VoiceEstate.db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM staff WHERE code = 'a1'")) {
            rs.next();
            agent = rs.getLong(1);
        }
        dev.guanjia.desk.handoff.Availability availability = new dev.guanjia.desk.handoff.Availability(VoiceEstate.db);
        availability.seen(agent);
        try (AudioSocketServer server = AudioSocketServer.start("127.0.0.1", 0, 1, (id, number, line) ->
                new CallFlow(VoiceEstate.parts(tts, null), CallFlow.Settings.defaults("c1"), id, "audiosocket",
                        number, line))) {
            UUID id = UUID.randomUUID();
            http(server.port(), "POST", "/voice/calls/" + id + "/caller?number=" + VoiceEstate.NEIGHBOUR_PHONE, "");
            assertEquals("hangup", http(server.port(), "GET", "/voice/calls/" + id + "/next", null));
            try (Caller caller = new Caller(server.port(), id)) {
                waitFor(() -> tts.texts.size() >= 1);
                int before = tts.texts.size();
                long pressed = System.nanoTime();
                caller.key('0');
                waitFor(caller.hungUp::get);
                long millis = (System.nanoTime() - pressed) / 1_000_000;
                assertTrue(millis < 2000, "a person within 2 s, took " + millis + " ms");
                List<String> after = tts.texts.subList(before, tts.texts.size());
                assertEquals(List.of("转人工。"), after, "one short sentence, then the transfer");
            }
            assertEquals("agent", http(server.port(), "GET", "/voice/calls/" + id + "/next", null));
        } finally {
            availability.left(agent);
        }
    }

    @Test
    void aSilentCallerKeepsTheLineUntilTheInactivityLimitThenHearsGoodbye() throws Exception {
        VoiceEstate.Recording tts = new VoiceEstate.Recording();
        // the limits in seconds here; minutes in service
        AudioSocketServer.Limits limits = new AudioSocketServer.Limits(java.time.Duration.ofSeconds(3),
                java.time.Duration.ofSeconds(60), 4096);
        try (AudioSocketServer server = AudioSocketServer.start("127.0.0.1", 0, 1, limits, (id, number, line) ->
                new CallFlow(VoiceEstate.parts(tts, null), new CallFlow.Settings("c1", java.time.Duration.ofSeconds(30),
                        0, 0.6), id, "audiosocket", number, line))) {
            UUID id = UUID.randomUUID();
            long start = System.nanoTime();
            try (Caller caller = new Caller(server.port(), id)) {
                // silence suppression: the trunk sends nothing at all while the caller is quiet
                Thread.sleep(2500);
                assertFalse(caller.hungUp.get(), "no read timeout while the caller is merely silent");
                waitFor(caller.hungUp::get);
                long seconds = (System.nanoTime() - start) / 1_000_000_000;
                assertTrue(seconds >= 3, "ended by the inactivity limit, after " + seconds + " s");
                assertTrue(tts.texts.get(tts.texts.size() - 1).contains("再见"), tts.texts.toString());
            }
            assertEquals("hangup", http(server.port(), "GET", "/voice/calls/" + id + "/next", null));
        }
    }

    @Test
    void aConnectionResetIsRecordedAsCutOffAndAClosedSocketAsHungUp() throws Exception {
        VoiceEstate.Recording tts = new VoiceEstate.Recording();
        try (AudioSocketServer server = AudioSocketServer.start("127.0.0.1", 0, 1, (id, number, line) ->
                new CallFlow(VoiceEstate.parts(tts, null), CallFlow.Settings.defaults("c1"), id, "audiosocket",
                        number, line))) {
            UUID reset = UUID.randomUUID();
            Caller cut = new Caller(server.port(), reset);
            waitFor(() -> cut.frames.get() > 5);
            cut.socket.setSoLinger(true, 0); // the PBX's side vanishes: a reset, not a hang-up
            cut.close();
            waitFor(() -> ended(reset));
            assertEquals("cut off", recordOf(reset).get("outcome"));

            // Asterisk ends a call the caller hung up by closing the socket
            UUID closed = UUID.randomUUID();
            Caller hungUp = new Caller(server.port(), closed);
            waitFor(() -> hungUp.frames.get() > 5);
            hungUp.close();
            waitFor(() -> ended(closed));
            assertEquals("caller hung up", recordOf(closed).get("outcome"));
        }
    }

    @Test
    void aCorruptLengthEndsTheConnectionWithALogNotASwallowedKey() throws Exception {
        VoiceEstate.Recording tts = new VoiceEstate.Recording();
        try (AudioSocketServer server = AudioSocketServer.start("127.0.0.1", 0, 1, (id, number, line) ->
                new CallFlow(VoiceEstate.parts(tts, null), CallFlow.Settings.defaults("c1"), id, "audiosocket",
                        number, line));
             Caller caller = new Caller(server.port(), UUID.randomUUID())) {
            caller.out.write(new byte[]{0x10, (byte) 0xff, (byte) 0xf0, 0x03, 0x00, 0x01, '1'});
            caller.out.flush();
            waitFor(caller.hungUp::get);
        }
    }

    private static boolean ended(UUID id) {
        try {
            return recordOf(id).containsKey("ended_at");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> recordOf(UUID id) throws Exception {
        try (Connection c = VoiceEstate.db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT menu_path, outcome, handed_off::text, caller, transcript, "
                     + "conversation_id::text, ended_at::text FROM calls WHERE id = '" + id + "'")) {
            if (!rs.next()) {
                return Map.of();
            }
            Map<String, String> m = new ConcurrentHashMap<>();
            String[] names = {"menu_path", "outcome", "handed_off", "caller", "transcript", "conversation_id", "ended_at"};
            for (int i = 0; i < names.length; i++) {
                if (rs.getString(i + 1) != null) {
                    m.put(names[i], rs.getString(i + 1));
                }
            }
            return m;
        }
    }
}
