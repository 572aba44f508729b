package dev.guanjia.voice.sip;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/** The far end of a SIP trunk in tests: plain UDP datagrams, no SIP stack, so what goes over the wire is what we check. */
final class Trunk implements AutoCloseable {

    final DatagramSocket socket;
    final InetSocketAddress server;
    final List<SipMessage> seen = new ArrayList<>();

    Trunk(int serverPort) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        socket.setReceiveBufferSize(4 << 20);
        server = new InetSocketAddress("127.0.0.1", serverPort);
    }

    int port() {
        return socket.getLocalPort();
    }

    static String offer(int mediaPort, String payloads) {
        StringBuilder s = new StringBuilder("v=0\r\no=trunk 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + mediaPort + " RTP/AVP " + payloads + "\r\n");
        for (String p : payloads.split(" ")) {
            s.append(switch (p) {
                case "0" -> "a=rtpmap:0 PCMU/8000\r\n";
                case "8" -> "a=rtpmap:8 PCMA/8000\r\n";
                case "101" -> "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n";
                default -> "";
            });
        }
        return s.toString();
    }

    /** A call leg as the trunk sees it. */
    final class Leg {
        final String callId = UUID.randomUUID() + "@trunk";
        final String fromTag = Long.toHexString(System.nanoTime());
        final String caller;
        String toTag = "";
        int cseq = 1;

        Leg(String caller) {
            this.caller = caller;
        }

        String request(String method, int cseqNo, String contentType, String body) {
            String b = body == null ? "" : body;
            return method + " sip:guanjia@127.0.0.1:" + server.getPort() + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + port() + ";branch=z9hG4bK" + Long.toHexString(System.nanoTime())
                    + (method.equals("CANCEL") || method.equals("ACK") && toTag.isEmpty() ? "x" + cseqNo : "") + ";rport\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:" + caller + "@127.0.0.1>;tag=" + fromTag + "\r\n"
                    + "To: <sip:guanjia@127.0.0.1>" + (toTag.isEmpty() || method.equals("CANCEL") ? "" : ";tag=" + toTag) + "\r\n"
                    + "Call-ID: " + callId + "\r\n"
                    + "CSeq: " + cseqNo + " " + method + "\r\n"
                    + "Contact: <sip:" + caller + "@127.0.0.1:" + port() + ">\r\n"
                    + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                    + "Content-Length: " + b.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + b;
        }

        String lastInvite;

        void invite(String sdp) throws IOException {
            lastInvite = request("INVITE", cseq, sdp == null ? null : "application/sdp", sdp);
            Trunk.this.send(lastInvite);
        }

        void send(String method, String contentType, String body) throws IOException {
            Trunk.this.send(request(method, ++cseq, contentType, body));
        }

        /** Waits for a response of this leg to a method with a status. */
        SipMessage response(String method, int status, long millis) throws IOException {
            SipMessage r = await(m -> !m.isRequest() && m.callId().equals(callId) && m.cseq().endsWith(" " + method)
                    && m.status() == status, millis);
            if (r != null && toTag.isEmpty()) {
                toTag = SipMessage.tag(r.header("To").orElse(""));
            }
            return r;
        }

        SipMessage request(String method, long millis) throws IOException {
            return await(m -> m.isRequest() && m.callId().equals(callId) && m.method().equals(method), millis);
        }

        /** INVITE, 200, ACK: the call is up. */
        SipMessage call(int mediaPort) throws IOException {
            invite(offer(mediaPort, "0 8 101"));
            SipMessage ok = response("INVITE", 200, 5000);
            if (ok != null) {
                Trunk.this.send(request("ACK", cseq, null, null));
            }
            return ok;
        }
    }

    Leg leg(String caller) {
        return new Leg(caller);
    }

    void send(String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(b, b.length, server));
    }

    /** Answers a request of the server (its BYE, REFER...) with a status. */
    void answer(SipMessage req, int status, String reason) throws IOException {
        StringBuilder r = new StringBuilder("SIP/2.0 " + status + " " + reason + "\r\n");
        for (String v : req.all("Via")) {
            r.append("Via: ").append(v).append("\r\n");
        }
        r.append("From: ").append(req.header("From").orElse("")).append("\r\nTo: ").append(req.header("To").orElse(""))
                .append("\r\nCall-ID: ").append(req.callId()).append("\r\nCSeq: ").append(req.cseq())
                .append("\r\nContent-Length: 0\r\n\r\n");
        send(r.toString());
    }

    /** The first message (already seen or arriving within the time) that matches; null if none. */
    SipMessage await(Predicate<SipMessage> p, long millis) throws IOException {
        for (SipMessage m : seen) {
            if (p.test(m)) {
                seen.remove(m);
                return m;
            }
        }
        long until = System.currentTimeMillis() + millis;
        byte[] buf = new byte[65535];
        while (true) {
            long left = until - System.currentTimeMillis();
            if (left <= 0) {
                return null;
            }
            socket.setSoTimeout((int) Math.max(1, left));
            DatagramPacket d = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(d);
            } catch (SocketTimeoutException e) {
                return null;
            }
            byte[] copy = java.util.Arrays.copyOf(d.getData(), d.getLength());
            SipMessage m;
            try {
                m = SipParser.parse(copy);
            } catch (SipParseException e) {
                continue;
            }
            if (p.test(m)) {
                return m;
            }
            seen.add(m);
        }
    }

    /** Everything that arrives within the time. */
    List<SipMessage> drain(long millis) throws IOException {
        List<SipMessage> all = new ArrayList<>(seen);
        seen.clear();
        SipMessage m;
        long until = System.currentTimeMillis() + millis;
        while ((m = await(x -> true, Math.max(1, until - System.currentTimeMillis()))) != null) {
            all.add(m);
        }
        return all;
    }

    @Override
    public void close() {
        socket.close();
    }
}
