package dev.guanjia.voice.sip;

import dev.guanjia.voice.audio.G711;
import dev.guanjia.voice.audio.Pcm;
import dev.guanjia.voice.call.CallFlow;
import dev.guanjia.voice.call.VoiceEstate;
import dev.guanjia.voice.speech.SpeechSynthesizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Twenty callers dial in at the same moment over real UDP (SIP and RTP), each from its own
 * sockets: every INVITE is answered 200, every caller hears the greeting, presses a key as an RFC
 * 4733 event on its own RTP stream and hears the answer to that key, and hangs up with BYE. The
 * line speaks to each caller in a pitch of its own, so a single frame of one call reaching another
 * caller would be heard as foreign.
 */
class SimultaneousCallsTest {

    private static final int CALLERS = 20;
    private static final Pattern SDP_PORT = Pattern.compile("(?m)^m=audio (\\d+) ");
    /** What each key gets an unregistered caller: 2 the repair flow, 1 no bills by phone, 5 a wrong key. */
    private static final Map<Character, String> REPLY = Map.of('2', "维修", '1', "没有登记住户", '5', "没有对应的服务");
    private static final char[] KEYS = {'2', '1', '5'};

    @BeforeAll
    static void estate() throws Exception {
        VoiceEstate.build();
    }

    private static int pitch(int caller) {
        return 450 + 100 * caller; // whole cycles in a 20 ms frame, 100 Hz apart: 450 … 2350 Hz
    }

    private static String number(int caller) {
        return String.format("139770000%02d", caller);
    }

    /** The line's voice in one call: every prompt a 100 ms tone at that call's pitch. */
    private record Tone(int hz) implements SpeechSynthesizer {
        @Override
        public short[] speak(String text) {
            short[] s = new short[800];
            for (int i = 0; i < s.length; i++) {
                s[i] = (short) (6000 * Math.sin(2 * Math.PI * hz * i / 8000.0));
            }
            return s;
        }
    }

    /** What one caller heard. */
    private record Heard(int greeting, int reply, int foreign, Set<Integer> ssrcs, boolean hungUp) {
    }

    @Test
    void twentyCallersAtOnceEachHearTheirOwnCallAndTheAnswerToTheirOwnKey() throws Exception {
        Map<String, CallFlow> flows = new ConcurrentHashMap<>();
        CallFlow.Settings quick = new CallFlow.Settings("c1", Duration.ofSeconds(8), 100, 0.6);
        long started = System.currentTimeMillis();
        try (SipServer server = SipServer.start(SipServer.Settings.of("127.0.0.1", 0), (id, caller, line) -> {
            int i = Integer.parseInt(caller.substring(caller.length() - 2));
            CallFlow f = new CallFlow(VoiceEstate.parts(new Tone(pitch(i)), VoiceEstate.silentRecognizer()), quick,
                    id, "sip", caller, line);
            flows.put(caller, f);
            return f;
        }); ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CyclicBarrier together = new CyclicBarrier(CALLERS);
            List<Future<Heard>> calls = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                int caller = i;
                calls.add(pool.submit(() -> call(server.port(), caller, together, flows)));
            }
            Set<Integer> streams = new HashSet<>();
            for (int i = 0; i < CALLERS; i++) {
                Heard h = calls.get(i).get(60, TimeUnit.SECONDS);
                String who = "caller " + i + " (" + pitch(i) + " Hz): " + h;
                assertTrue(h.greeting() >= 3, "heard the greeting: " + who);
                assertTrue(h.reply() >= 3, "heard the reply to the key: " + who);
                assertEquals(0, h.foreign(), "not one frame of another call: " + who);
                assertEquals(1, h.ssrcs().size(), "one RTP stream: " + who);
                assertTrue(h.hungUp(), "BYE answered 200: " + who);
                streams.addAll(h.ssrcs());

                List<String> said = flows.get(number(i)).spoken();
                assertTrue(said.get(0).contains("物业服务热线"), who + said);
                char key = KEYS[i % KEYS.length];
                for (Map.Entry<Character, String> r : REPLY.entrySet()) {
                    assertEquals(r.getKey() == key, said.stream().anyMatch(s -> s.contains(r.getValue())),
                            "only the answer to key " + key + " was said: " + who + said);
                }
                assertEquals("caller hung up", outcome(flows.get(number(i)).id()), who);
            }
            assertEquals(CALLERS, streams.size(), "each call has its own RTP stream");
            long until = System.currentTimeMillis() + 5_000;
            while (server.activeDialogs() > 0 && System.currentTimeMillis() < until) {
                Thread.sleep(20);
            }
            assertEquals(0, server.activeDialogs(), "nothing left of the calls");
        }
        System.out.println("twenty simultaneous calls took " + (System.currentTimeMillis() - started) + " ms");
    }

    /** One caller: INVITE with the others, greeting, its key, its reply, BYE. */
    private static Heard call(int port, int i, CyclicBarrier together, Map<String, CallFlow> flows) throws Exception {
        char key = KEYS[i % KEYS.length];
        try (Trunk t = new Trunk(port); Ear ear = new Ear(pitch(i))) {
            Trunk.Leg leg = t.leg(number(i));
            together.await(30, TimeUnit.SECONDS);
            SipMessage ok = leg.call(ear.port());
            assertNotNull(ok, "caller " + i + " answered 200");
            Matcher m = SDP_PORT.matcher(ok.bodyText());
            assertTrue(m.find(), ok.bodyText());
            InetSocketAddress line = new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(1)));
            ear.speak(line); // our own RTP, as a phone sends from the moment it is answered
            ear.listen(() -> ear.own >= 3 && ear.quiet >= 4, 15_000); // the greeting, then its pause
            int greeting = ear.own;
            ear.press(line, key);
            String reply = REPLY.get(key);
            ear.listen(() -> ear.own >= greeting + 3
                    && flows.get(number(i)).spoken().stream().anyMatch(s -> s.contains(reply)), 20_000);
            leg.send("BYE", null, null);
            boolean hungUp = leg.response("BYE", 200, 5000) != null;
            ear.listen(() -> false, 200); // anything still on its way counts too
            return new Heard(greeting, ear.own - greeting, ear.foreign, ear.ssrcs, hungUp);
        }
    }

    /** A caller's RTP socket: what arrives is sorted by pitch; keys go out as RFC 4733 events. */
    private static final class Ear implements AutoCloseable {
        final DatagramSocket socket;
        final int pitch;
        int own;
        int foreign;
        int quiet; // silent frames since the last tone
        final Set<Integer> ssrcs = new HashSet<>();
        private final int ssrc = (int) (Math.random() * Integer.MAX_VALUE);
        private int seq;

        Ear(int pitch) throws IOException {
            this.pitch = pitch;
            socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
            socket.setReceiveBufferSize(1 << 20);
        }

        int port() {
            return socket.getLocalPort();
        }

        /** Reads RTP until the condition holds (true) or the time is up (false). */
        boolean listen(BooleanSupplier done, long millis) throws IOException {
            long until = System.currentTimeMillis() + millis;
            byte[] buf = new byte[2048];
            while (!done.getAsBoolean()) {
                long left = until - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout((int) Math.min(left, 50));
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                heard(ByteBuffer.wrap(buf, 0, p.getLength()));
            }
            return true;
        }

        private void heard(ByteBuffer rtp) {
            assertEquals(2, (rtp.get(0) & 0xff) >> 6, "RTP version 2");
            assertEquals(0, rtp.get(1) & 0x7f, "PCMU, the first codec we offered");
            ssrcs.add(rtp.getInt(8));
            byte[] payload = new byte[rtp.limit() - 12];
            rtp.get(12, payload);
            short[] frame = G711.decode(payload, 0, payload.length, false);
            if (Pcm.rms(frame) < 1000) {
                quiet++;
                return;
            }
            quiet = 0;
            int loudest = pitch(0);
            for (int c = 1; c < CALLERS; c++) {
                if (Pcm.power(frame, pitch(c)) > Pcm.power(frame, loudest)) {
                    loudest = pitch(c);
                }
            }
            if (loudest == pitch) {
                own++;
            } else {
                foreign++;
            }
        }

        /** A few frames of silence from the caller's phone. */
        void speak(InetSocketAddress to) throws IOException {
            byte[] silence = G711.encodeUlaw(new short[Pcm.FRAME_SAMPLES], 0, Pcm.FRAME_SAMPLES);
            for (int f = 0; f < 3; f++) {
                send(to, 0, f * Pcm.FRAME_SAMPLES, silence);
            }
        }

        /** A key as RFC 4733 telephone-event 101 (offered by the trunk): one event, three packets, the last marked end. */
        void press(InetSocketAddress to, char key) throws IOException {
            int event = "0123456789*#".indexOf(key);
            int timestamp = 8000;
            for (int n = 1; n <= 3; n++) {
                int duration = n * Pcm.FRAME_SAMPLES;
                send(to, 101, timestamp, new byte[]{(byte) event, (byte) (n == 3 ? 0x8a : 0x0a),
                        (byte) (duration >> 8), (byte) duration});
            }
        }

        private void send(InetSocketAddress to, int type, int timestamp, byte[] payload) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(12 + payload.length);
            b.put((byte) 0x80).put((byte) type).putShort((short) seq++).putInt(timestamp).putInt(ssrc).put(payload);
            socket.send(new DatagramPacket(b.array(), b.capacity(), to));
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** How the call's record ended; it is written on the call's own thread just after the BYE. */
    private static String outcome(UUID call) throws Exception {
        long until = System.currentTimeMillis() + 5_000;
        String outcome;
        while ((outcome = stored(call)) == null && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
        return outcome;
    }

    private static String stored(UUID call) throws Exception {
        try (Connection c = VoiceEstate.db.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT outcome FROM calls WHERE id = ? AND ended_at IS NOT NULL")) {
            q.setObject(1, call);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
