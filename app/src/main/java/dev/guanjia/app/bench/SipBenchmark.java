package dev.guanjia.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.app.Args;
import dev.guanjia.app.files.TemporaryDirectory;
import dev.guanjia.app.serve.GuanjiaServer;

import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench sip}: the demo served with its SIP line; N calls arrive evenly over S seconds, each
 * a trunk-like UDP client: INVITE (G.711 offer), 200, ACK, a few seconds on the line, BYE. Prints
 * setup time (INVITE sent → 200 received; it includes the RTP bind and the short ring before the
 * answer) and the calls that did not get a 200 or whose BYE was not answered.
 */
final class SipBenchmark {

    private static final String PHONE = """
            voice:
              community: cuihu
              audiosocket:
                port: 0
              sip:
                port: 0
            """;

    private SipBenchmark() {
    }

    static int run(Args args, PrintStream out) throws IOException {
        int calls = args.optionalInt("--calls", 50);
        int seconds = args.optionalInt("--seconds", 10);
        int hold = args.optionalInt("--hold", 3);
        args.requireNoneLeft();
        List<Double> setup = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failed = new AtomicInteger();
        try (TemporaryDirectory dir = new TemporaryDirectory("guanjia-bench-sip");
             GuanjiaServer server = DemoService.start(dir.path(), PHONE)) {
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", server.sipPort());
            CountDownLatch done = new CountDownLatch(calls);
            long gap = calls <= 1 ? 0 : seconds * 1000L / calls;
            for (int i = 0; i < calls; i++) {
                int n = i;
                Thread.ofVirtual().start(() -> {
                    try {
                        double ms = call(to, n, hold);
                        if (ms < 0) {
                            failed.incrementAndGet();
                        } else {
                            setup.add(ms);
                        }
                    } catch (IOException | RuntimeException e) {
                        failed.incrementAndGet();
                    } finally {
                        done.countDown();
                    }
                });
                Thread.sleep(gap);
            }
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        List<Double> s = new ArrayList<>(setup);
        Collections.sort(s);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("calls", calls);
        result.put("over_seconds", seconds);
        result.put("failed_calls", failed.get());
        result.put("setup_p50_ms", pct(s, 0.50));
        result.put("setup_p95_ms", pct(s, 0.95));
        result.put("setup_max_ms", s.isEmpty() ? 0 : Math.round(s.get(s.size() - 1) * 10) / 10.0);
        result.put("cores", Runtime.getRuntime().availableProcessors());
        out.println(new ObjectMapper().writeValueAsString(result));
        return failed.get() == 0 ? 0 : 1;
    }

    private static final Pattern TO_TAG = Pattern.compile("(?mi)^To:.*;tag=([^;\\s]+)");

    /** One call; the setup milliseconds, or -1 when it failed. */
    private static double call(InetSocketAddress server, int n, int hold) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            String callId = UUID.randomUUID() + "@bench";
            String caller = String.format("1390%07d", n);
            String sdp = "v=0\r\no=bench 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                    + "m=audio " + (40000 + 2 * n) + " RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\n"
                    + "a=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\n";
            long start = System.nanoTime();
            send(socket, server, request("INVITE", 1, callId, caller, "", socket.getLocalPort(), sdp));
            String ok = await(socket, "200", "INVITE", 10_000, server,
                    request("INVITE", 1, callId, caller, "", socket.getLocalPort(), sdp));
            if (ok == null) {
                return -1;
            }
            double ms = (System.nanoTime() - start) / 1e6;
            Matcher tag = TO_TAG.matcher(ok);
            String toTag = tag.find() ? tag.group(1) : "";
            send(socket, server, request("ACK", 1, callId, caller, toTag, socket.getLocalPort(), null));
            try {
                Thread.sleep(hold * 1000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String bye = request("BYE", 2, callId, caller, toTag, socket.getLocalPort(), null);
            send(socket, server, bye);
            return await(socket, "200", "BYE", 5_000, server, bye) == null ? -1 : ms;
        }
    }

    private static String request(String method, int cseq, String callId, String caller, String toTag, int port,
                                  String sdp) {
        String body = sdp == null ? "" : sdp;
        return method + " sip:guanjia@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bK" + callId.hashCode() + method + cseq + ";rport\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:" + caller + "@127.0.0.1>;tag=b" + port + "\r\n"
                + "To: <sip:guanjia@127.0.0.1>" + (toTag.isEmpty() ? "" : ";tag=" + toTag) + "\r\n"
                + "Call-ID: " + callId + "\r\nCSeq: " + cseq + " " + method + "\r\n"
                + "Contact: <sip:" + caller + "@127.0.0.1:" + port + ">\r\n"
                + (sdp == null ? "" : "Content-Type: application/sdp\r\n")
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    private static void send(DatagramSocket s, InetSocketAddress to, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        s.send(new DatagramPacket(b, b.length, to));
    }

    /** Waits for a final status to a method, resending the request at 500 ms as a UDP client does. */
    private static String await(DatagramSocket s, String status, String method, long millis, InetSocketAddress to,
                                String resend) throws IOException {
        long until = System.currentTimeMillis() + millis;
        long next = System.currentTimeMillis() + 500;
        byte[] buf = new byte[65535];
        while (System.currentTimeMillis() < until) {
            s.setSoTimeout((int) Math.max(1, Math.min(until, next) - System.currentTimeMillis()));
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                s.receive(p);
            } catch (SocketTimeoutException e) {
                if (System.currentTimeMillis() >= next) {
                    send(s, to, resend);
                    next = System.currentTimeMillis() + 500;
                }
                continue;
            }
            String m = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            if (m.startsWith("SIP/2.0 " + status) && Pattern.compile("(?mi)^CSeq:\\s*\\d+ " + method).matcher(m).find()) {
                return m;
            }
            if (m.startsWith("SIP/2.0 ") && !m.startsWith("SIP/2.0 1") && !m.startsWith("SIP/2.0 2")) {
                return null; // refused
            }
        }
        return null;
    }

    private static double pct(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return Math.round(sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size()))) * 10) / 10.0;
    }
}
