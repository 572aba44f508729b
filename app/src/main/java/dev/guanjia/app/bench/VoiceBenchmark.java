package dev.guanjia.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.app.Args;
import dev.guanjia.app.files.TemporaryDirectory;
import dev.guanjia.app.serve.GuanjiaServer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code bench voice}: the demo served with its phone line, N simultaneous AudioSocket calls in
 * keypad mode for S seconds each (calls arriving over 2 s; key 1 after 3 s, * after 8 s, 3 after
 * 12 s, each caller up to 2 s later than the first). Measures how evenly
 * 20 ms frames leave the server (send jitter = |gap − 20 ms|) and arrive at the callers (the
 * callers share the two cores, so arrival jitter includes their own scheduling), frames missing
 * against the call's length, and key press → first speech frame.
 */
public final class VoiceBenchmark {

    private static final String PHONE = """
            voice:
              community: cuihu
              audiosocket:
                port: 0
            """;

    private VoiceBenchmark() {
    }

    public static int run(Args args, PrintStream out) throws Exception {
        int calls = args.optionalInt("--calls", 50);
        int seconds = args.optionalInt("--seconds", 20);
        String speechModel = args.optional("--speech-model");
        args.requireNoneLeft();
        if (speechModel != null) {
            return speech(Path.of(speechModel).toAbsolutePath(), calls, out);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        List<Double> jitter = Collections.synchronizedList(new ArrayList<>());
        List<Double> response = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger missing = new AtomicInteger();
        AtomicInteger expected = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        try (TemporaryDirectory dir = new TemporaryDirectory("guanjia-bench-voice")) {
            try (GuanjiaServer server = DemoService.start(dir.path(), PHONE)) {
                int port = server.phonePort();
                dev.guanjia.voice.call.Pacing.reset();
                // one selector thread plays all callers, as a PBX on another machine would not
                // compete for these two cores with fifty threads of its own
                callers(port, calls, seconds, jitter, response, missing, expected, failed);
            }
        }
        List<Double> j = new ArrayList<>(jitter);
        Collections.sort(j);
        List<Double> r = new ArrayList<>(response);
        Collections.sort(r);
        result.put("calls", calls);
        result.put("seconds_each", seconds);
        result.put("failed_calls", failed.get());
        result.put("frames", j.size() + calls);
        result.put("send_gaps", dev.guanjia.voice.call.Pacing.count());
        result.put("send_jitter_p50_ms", dev.guanjia.voice.call.Pacing.percentile(0.50));
        result.put("send_jitter_p99_ms", dev.guanjia.voice.call.Pacing.percentile(0.99));
        result.put("arrival_jitter_p50_ms", pct(j, 0.50));
        result.put("arrival_jitter_p99_ms", pct(j, 0.99));
        result.put("arrival_jitter_max_ms", j.isEmpty() ? 0 : Math.round(j.get(j.size() - 1) * 100) / 100.0);
        result.put("frames_missing", missing.get());
        result.put("frames_expected", expected.get());
        result.put("key_to_first_speech_p50_ms", pct(r, 0.50));
        result.put("key_to_first_speech_p95_ms", pct(r, 0.95));
        result.put("cores", Runtime.getRuntime().availableProcessors());
        out.println(new ObjectMapper().writeValueAsString(result));
        return 0;
    }

    /**
     * End of caller speech → first audio out: each caller says an English phrase (espeak-ng,
     * through 8 kHz) after the greeting, then stays silent; the line detects the end of speech
     * (800 ms of silence), recognizes it with the given Vosk model and reads it back.
     */
    private static int speech(Path model, int calls, PrintStream out) throws Exception {
        short[] phrase = english("my kitchen pipe is leaking");
        List<Double> latency = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failed = new AtomicInteger();
        try (TemporaryDirectory dir = new TemporaryDirectory("guanjia-bench-voice")) {
            try (GuanjiaServer server = DemoService.start(dir.path(), PHONE + """
                      asr:
                        model: %s
                    """.formatted(model))) {
                CountDownLatch done = new CountDownLatch(calls);
                for (int i = 0; i < calls; i++) {
                    int n = i;
                    Thread.ofPlatform().start(() -> {
                        try {
                            latency.add(speak(server.phonePort(), n, phrase));
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        } finally {
                            done.countDown();
                        }
                    });
                }
                done.await();
            }
        }
        List<Double> l = new ArrayList<>(latency);
        Collections.sort(l);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("speech_calls", calls);
        result.put("failed_calls", failed.get());
        result.put("end_of_speech_to_first_audio_p50_ms", pct(l, 0.50));
        result.put("end_of_speech_to_first_audio_p95_ms", pct(l, 0.95));
        result.put("includes", "800 ms end-of-speech silence, Vosk final result, synthesis of the read-back");
        out.println(new ObjectMapper().writeValueAsString(result));
        return 0;
    }

    private static double speak(int port, int n, short[] phrase) throws Exception {
        UUID id = UUID.randomUUID(); // a fresh id per call, as the README dialplan makes them
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setTcpNoDelay(true);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            DataInputStream in = new DataInputStream(s.getInputStream());
            send(out, 0x01, ByteBuffer.allocate(16).putLong(id.getMostSignificantBits())
                    .putLong(id.getLeastSignificantBits()).array());
            long[] endOfSpeech = {0};
            Thread sender = Thread.ofPlatform().start(() -> {
                try {
                    long next = System.nanoTime();
                    byte[] silence = new byte[320];
                    for (int f = 0; f < 100; f++) { // 2 s of the greeting
                        synchronized (out) {
                            send(out, 0x10, silence);
                        }
                        next += 20_000_000L;
                        java.util.concurrent.locks.LockSupport.parkNanos(next - System.nanoTime());
                    }
                    for (int i = 0; i + 160 <= phrase.length; i += 160) {
                        byte[] frame = new byte[320];
                        for (int k = 0; k < 160; k++) {
                            frame[2 * k] = (byte) phrase[i + k];
                            frame[2 * k + 1] = (byte) (phrase[i + k] >> 8);
                        }
                        send(out, 0x10, frame);
                        next += 20_000_000L;
                        java.util.concurrent.locks.LockSupport.parkNanos(next - System.nanoTime());
                    }
                    endOfSpeech[0] = System.nanoTime();
                    for (int f = 0; f < 250; f++) {
                        send(out, 0x10, silence);
                        next += 20_000_000L;
                        java.util.concurrent.locks.LockSupport.parkNanos(next - System.nanoTime());
                    }
                } catch (IOException e) {
                    // the call ended
                }
            });
            s.setSoTimeout(8000);
            while (true) {
                int type = in.readUnsignedByte();
                byte[] payload = new byte[in.readUnsignedShort()];
                in.readFully(payload);
                if (type == 0x10 && endOfSpeech[0] != 0 && loud(payload)) {
                    double ms = (System.nanoTime() - endOfSpeech[0]) / 1e6;
                    sender.interrupt();
                    return ms;
                }
                if (type == 0x00) {
                    throw new IOException("hung up");
                }
            }
        }
    }

    private static short[] english(String text) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("espeak-ng", "-v", "en-us", "-s", "150", "--stdout", text)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] wav = p.getInputStream().readAllBytes();
        p.waitFor();
        short[] pcm = new short[(wav.length - 44) / 2];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) ((wav[44 + 2 * i] & 0xff) | (wav[45 + 2 * i] << 8));
        }
        return dev.guanjia.voice.audio.Pcm.resample(pcm, 22050, 8000);
    }

    private static double pct(List<Double> sorted, double p) {
        return sorted.isEmpty() ? 0 : Math.round(sorted.get((int) Math.ceil(p * sorted.size()) - 1) * 100) / 100.0;
    }

    /** The state of one simulated caller in the selector loop. */
    private static final class Leg {
        final int n;
        final java.nio.channels.SocketChannel ch;
        final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        final long startedAt = System.nanoTime();
        long last;
        long first;
        int frames;
        int step;
        long keyAt;
        boolean waiting;
        boolean open = true;

        Leg(int n, java.nio.channels.SocketChannel ch) {
            this.n = n;
            this.ch = ch;
        }
    }

    private static void callers(int port, int calls, int seconds, List<Double> jitter, List<Double> response,
                                AtomicInteger missing, AtomicInteger expected, AtomicInteger failed) throws IOException {
        java.nio.channels.Selector selector = java.nio.channels.Selector.open();
        List<Leg> legs = new ArrayList<>();
        long start = System.nanoTime();
        long ramp = 2_000_000_000L / calls; // calls arrive over two seconds, as on a real line
        long[] keyTimes = {3_000, 8_000, 12_000};
        char[] keys = {'1', '*', '3'};
        while (legs.size() < calls || System.nanoTime() < legs.get(legs.size() - 1).startedAt + seconds * 1_000_000_000L) {
            long now = System.nanoTime();
            if (legs.size() < calls && now - start >= legs.size() * ramp) {
                legs.add(dial(port, legs.size(), selector));
            }
            selector.select(5);
            now = System.nanoTime();
            for (java.nio.channels.SelectionKey k : selector.selectedKeys()) {
                Leg leg = (Leg) k.attachment();
                try {
                    if (leg.ch.read(leg.in) < 0) {
                        leg.open = false;
                        k.cancel();
                        continue;
                    }
                } catch (IOException e) {
                    leg.open = false;
                    k.cancel();
                    continue;
                }
                leg.in.flip();
                while (leg.in.remaining() >= 3) {
                    leg.in.mark();
                    int type = leg.in.get() & 0xff;
                    int len = leg.in.getShort() & 0xffff;
                    if (leg.in.remaining() < len) {
                        leg.in.reset();
                        break;
                    }
                    byte[] payload = new byte[len];
                    leg.in.get(payload);
                    if (type != 0x10 || now - leg.startedAt > seconds * 1_000_000_000L) {
                        continue;
                    }
                    if (leg.last != 0) {
                        jitter.add(Math.abs((now - leg.last) / 1e6 - 20.0));
                    } else {
                        leg.first = now;
                    }
                    leg.last = now;
                    leg.frames++;
                    if (leg.waiting && loud(payload)) {
                        response.add((now - leg.keyAt) / 1e6);
                        leg.waiting = false;
                    }
                }
                leg.in.compact();
            }
            selector.selectedKeys().clear();
            for (Leg leg : legs) {
                // callers press keys at their own moments, not all in the same millisecond
                long offset = (leg.n * 137L) % 2000;
                if (leg.open && leg.step < keys.length
                        && (now - leg.startedAt) / 1_000_000 >= keyTimes[leg.step] + offset) {
                    ByteBuffer key = ByteBuffer.allocate(4).put((byte) 3).putShort((short) 1)
                            .put((byte) keys[leg.step]).flip();
                    leg.ch.write(key);
                    leg.keyAt = System.nanoTime();
                    leg.waiting = true;
                    leg.step++;
                }
            }
        }
        for (Leg leg : legs) {
            if (!leg.open || leg.frames == 0) {
                failed.incrementAndGet();
            } else {
                int should = (int) ((leg.last - leg.first) / 20_000_000L) + 1;
                expected.addAndGet(should);
                missing.addAndGet(Math.max(0, should - leg.frames));
            }
            leg.ch.close();
        }
        selector.close();
    }

    private static Leg dial(int port, int n, java.nio.channels.Selector selector) throws IOException {
        java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(
                new java.net.InetSocketAddress("127.0.0.1", port));
        ch.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
        UUID id = UUID.randomUUID(); // a fresh id per call, as the README dialplan makes them
        ByteBuffer hello = ByteBuffer.allocate(19).put((byte) 1).putShort((short) 16)
                .putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).flip();
        while (hello.hasRemaining()) {
            ch.write(hello);
        }
        ch.configureBlocking(false);
        Leg leg = new Leg(n, ch);
        ch.register(selector, java.nio.channels.SelectionKey.OP_READ, leg);
        return leg;
    }

    private static boolean loud(byte[] pcm) {
        long sum = 0;
        for (int i = 0; i + 1 < pcm.length; i += 2) {
            short v = (short) ((pcm[i] & 0xff) | (pcm[i + 1] << 8));
            sum += (long) v * v;
        }
        return Math.sqrt(sum / (pcm.length / 2.0)) > 300;
    }

    private static void send(DataOutputStream out, int type, byte[] payload) throws IOException {
        out.writeByte(type);
        out.writeShort(payload.length);
        out.write(payload);
        out.flush();
    }
}
