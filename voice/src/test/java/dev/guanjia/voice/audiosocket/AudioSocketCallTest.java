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
 * A Java AudioSocket client plays Asterisk's side over real TCP: the call UUID carrying the
 * caller's number, caller audio, DTMF 1 (the unpaid bill is spoken, with its amount from the
 * database), DTMF 0 (nobody online: a callback task, then our hang-up), and the call record.
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
            UUID id = UUID.fromString("00000000-0000-4000-8000-0" + VoiceEstate.OWNER_PHONE);
            try (Caller caller = new Caller(server.port(), id)) {
                caller.silence(10);
                waitFor(() -> caller.frames.get() > 25);
                assertTrue(texts.get(0).contains("直接转人工"), texts.get(0));
                caller.key('1');
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
            Map<String, String> record = recordOf(id);
            assertEquals("1,0", record.get("menu_path"));
            assertEquals("callback", record.get("outcome"));
            assertEquals("true", record.get("handed_off"));
            assertFalse(record.get("caller").contains(VoiceEstate.OWNER_PHONE), "the number is sealed");
            assertEquals(VoiceEstate.OWNER_PHONE, PersonalData.current().open(record.get("caller")));
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
