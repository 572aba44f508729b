package dev.guanjia.voice.sip;

import dev.guanjia.voice.call.CallFlow;
import dev.guanjia.voice.call.CallLine;
import dev.guanjia.voice.rtp.RtpSession;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SIP user agent server over UDP, so a trunk or PBX can route calls straight here: INVITE with
 * an SDP offer (PCMU/PCMA, RFC 4733 telephone-event) answered 100/180/200, ACK starts the call,
 * BYE and CANCEL end it, OPTIONS answers what we allow; our own hang-up sends BYE, a transfer
 * sends REFER to the configured destination. Datagrams that are not SIP are dropped and counted.
 */
public final class SipServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SipServer.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS";

    /** Makes the call flow of a new call. */
    @FunctionalInterface
    public interface Calls {
        CallFlow open(UUID id, String callerNumber, CallLine line);
    }

    private final class Dialog {
        final SipMessage invite;
        final InetSocketAddress peer;
        final String localTag = Long.toHexString(RANDOM.nextLong());
        final RtpSession rtp;
        final ExecutorService events = Executors.newSingleThreadExecutor(Thread.ofVirtual().factory());
        volatile CallFlow flow;
        volatile boolean confirmed;
        volatile boolean ended;
        final AtomicLong cseq = new AtomicLong(1);
        byte[] finalResponse;

        Dialog(SipMessage invite, InetSocketAddress peer, RtpSession rtp) {
            this.invite = invite;
            this.peer = peer;
            this.rtp = rtp;
        }
    }

    private final EventLoopGroup group;
    private final Channel channel;
    private final String host;
    private final Calls calls;
    private final String transferTo;
    private final Map<String, Dialog> dialogs = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong rtpIn = new AtomicLong();
    private final AtomicLong rtpOut = new AtomicLong();

    private SipServer(EventLoopGroup group, Channel channel, String host, Calls calls, String transferTo) {
        this.group = group;
        this.channel = channel;
        this.host = host;
        this.calls = calls;
        this.transferTo = transferTo;
    }

    /** @param transferTo SIP URI of the agents' queue for REFER; null: a transfer ends the call with BYE */
    public static SipServer start(String host, int port, Calls calls, String transferTo) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        SipServer[] self = new SipServer[1];
        Channel ch = new Bootstrap().group(group)
                .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel c) {
                        c.pipeline().addLast(new SimpleChannelInboundHandler<DatagramPacket>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                                self[0].receive(ByteBufUtil.getBytes(p.content()), p.sender());
                            }
                        });
                    }
                })
                .bind(new InetSocketAddress(host, port)).sync().channel();
        self[0] = new SipServer(group, ch, host, calls, transferTo);
        return self[0];
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** RTP packets received and sent over all ended calls. */
    public long[] mediaPackets() {
        return new long[]{rtpIn.get(), rtpOut.get()};
    }

    /** Datagrams that were not SIP we could act on. */
    public long dropped() {
        return dropped.get();
    }

    void receive(byte[] datagram, InetSocketAddress from) {
        SipMessage m;
        try {
            m = SipParser.parse(datagram);
        } catch (SipParseException e) {
            dropped.incrementAndGet();
            LOG.fine(() -> "SIP datagram from " + from + " dropped: " + e.getMessage());
            return;
        }
        if (!m.isRequest()) {
            return; // answers to our BYE/REFER: nothing more to do
        }
        try {
            switch (m.method()) {
                case "INVITE" -> invite(m, from);
                case "ACK" -> ack(m);
                case "BYE" -> bye(m, from);
                case "CANCEL" -> cancel(m, from);
                case "OPTIONS" -> send(from, response(m, 200, "OK", null, "Allow: " + ALLOW
                        + "\r\nAccept: application/sdp\r\n", null));
                default -> send(from, response(m, 405, "Method Not Allowed", null, "Allow: " + ALLOW + "\r\n", null));
            }
        } catch (RuntimeException e) {
            LOG.warning("SIP " + m.method() + " failed: " + e.getMessage());
            send(from, response(m, 500, "Server Internal Error", null, "", null));
        }
    }

    private static final Pattern MEDIA = Pattern.compile("(?m)^m=audio (\\d+) RTP/AVP ([\\d ]+)\\s*$");
    private static final Pattern CONNECTION = Pattern.compile("(?m)^c=IN IP4 (\\S+)\\s*$");
    private static final Pattern EVENT = Pattern.compile("(?mi)^a=rtpmap:(\\d+) telephone-event/8000");

    private void invite(SipMessage m, InetSocketAddress from) throws RuntimeException {
        Dialog existing = dialogs.get(m.callId());
        if (existing != null) {
            if (existing.finalResponse != null) {
                send(from, existing.finalResponse); // a retransmitted INVITE gets the same answer
            }
            return;
        }
        String sdp = m.bodyText();
        Matcher media = MEDIA.matcher(sdp);
        Matcher conn = CONNECTION.matcher(sdp);
        if (!media.find() || !conn.find() || "0".equals(media.group(1))) {
            send(from, response(m, 488, "Not Acceptable Here", null, "", null));
            return;
        }
        java.util.List<String> offered = java.util.List.of(media.group(2).strip().split("\\s+"));
        int codec = offered.contains("0") ? 0 : offered.contains("8") ? 8 : -1;
        if (codec < 0) {
            send(from, response(m, 488, "Not Acceptable Here", null, "", null));
            return;
        }
        Matcher ev = EVENT.matcher(sdp);
        int dtmf = ev.find() && offered.contains(ev.group(1)) ? Integer.parseInt(ev.group(1)) : -1;
        InetSocketAddress remote = new InetSocketAddress(conn.group(1), Integer.parseInt(media.group(1)));
        send(from, response(m, 100, "Trying", null, "", null));
        Channel rtpChannel;
        try {
            rtpChannel = new Bootstrap().group(group)
                    .channel(Epoll.isAvailable() ? EpollDatagramChannel.class : NioDatagramChannel.class)
                    .handler(new ChannelInitializer<DatagramChannel>() {
                        @Override
                        protected void initChannel(DatagramChannel c) {
                        }
                    })
                    .bind(new InetSocketAddress(host, 0)).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
        Dialog[] holder = new Dialog[1];
        RtpSession rtp = new RtpSession(rtpChannel, remote, codec, dtmf,
                s -> end(holder[0], false), s -> end(holder[0], true));
        Dialog d = new Dialog(m, from, rtp);
        holder[0] = d;
        dialogs.put(m.callId(), d);
        send(from, response(m, 180, "Ringing", d.localTag, "", null));
        String answer = "v=0\r\no=guanjia " + (System.currentTimeMillis() / 1000) + " 1 IN IP4 " + host
                + "\r\ns=guanjia\r\nc=IN IP4 " + host + "\r\nt=0 0\r\nm=audio " + rtp.localPort() + " RTP/AVP " + codec
                + (dtmf >= 0 ? " " + dtmf : "") + "\r\na=rtpmap:" + codec + (codec == 0 ? " PCMU/8000" : " PCMA/8000")
                + (dtmf >= 0 ? "\r\na=rtpmap:" + dtmf + " telephone-event/8000\r\na=fmtp:" + dtmf + " 0-15" : "")
                + "\r\na=ptime:20\r\na=sendrecv\r\n";
        d.finalResponse = response(m, 200, "OK", d.localTag, "", answer);
        send(from, d.finalResponse);
    }

    private void ack(SipMessage m) {
        Dialog d = dialogs.get(m.callId());
        if (d == null || d.confirmed || d.ended) {
            return;
        }
        d.confirmed = true;
        CallFlow flow = calls.open(UUID.randomUUID(), callerOf(d.invite), d.rtp);
        d.flow = flow;
        d.rtp.start(new RtpSession.Listener() {
            @Override
            public void audio(short[] frame8k) {
                d.events.execute(() -> flow.onAudio(frame8k));
            }

            @Override
            public void digit(char c) {
                d.events.execute(() -> flow.onDigit(c));
            }
        });
        d.events.execute(flow::start);
    }

    private void bye(SipMessage m, InetSocketAddress from) {
        Dialog d = dialogs.remove(m.callId());
        send(from, response(m, d == null ? 481 : 200, d == null ? "Call/Transaction Does Not Exist" : "OK",
                d == null ? null : d.localTag, "", null));
        if (d != null) {
            finish(d);
        }
    }

    private void cancel(SipMessage m, InetSocketAddress from) {
        Dialog d = dialogs.get(m.callId());
        send(from, response(m, d == null ? 481 : 200, d == null ? "Call/Transaction Does Not Exist" : "OK",
                null, "", null));
        if (d != null && !d.confirmed) {
            dialogs.remove(m.callId());
            send(d.peer, response(d.invite, 487, "Request Terminated", d.localTag, "", null));
            finish(d);
        }
    }

    /** Our side ends the call: BYE, or REFER to the agents when transferring and a destination is set. */
    private void end(Dialog d, boolean transfer) {
        if (d == null || d.ended) {
            return;
        }
        String invTo = d.invite.header("To").orElse("");
        String invFrom = d.invite.header("From").orElse("");
        String target = d.invite.header("Contact").map(c -> c.replaceAll(".*<([^>]+)>.*", "$1"))
                .orElse(invFrom.replaceAll(".*<([^>]+)>.*", "$1"));
        String method = transfer && transferTo != null ? "REFER" : "BYE";
        String req = method + " " + target + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + host + ":" + port() + ";branch=z9hG4bK" + Long.toHexString(RANDOM.nextLong()) + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: " + invTo + (SipMessage.tag(invTo).isEmpty() ? ";tag=" + d.localTag : "") + "\r\n"
                + "To: " + invFrom + "\r\n"
                + "Call-ID: " + d.invite.callId() + "\r\n"
                + "CSeq: " + d.cseq.incrementAndGet() + " " + method + "\r\n"
                + (method.equals("REFER") ? "Refer-To: <" + transferTo + ">\r\n" : "")
                + "Content-Length: 0\r\n\r\n";
        send(d.peer, req.getBytes(StandardCharsets.UTF_8));
        if (method.equals("BYE")) {
            dialogs.remove(d.invite.callId());
            finish(d);
        }
    }

    private void finish(Dialog d) {
        d.ended = true;
        d.rtp.close();
        rtpIn.addAndGet(d.rtp.received());
        rtpOut.addAndGet(d.rtp.sent());
        CallFlow f = d.flow;
        if (f != null) {
            d.events.execute(f::onHangUp);
        }
        d.events.shutdown();
    }

    private byte[] response(SipMessage req, int code, String reason, String toTag, String extra, String sdp) {
        StringBuilder r = new StringBuilder("SIP/2.0 ").append(code).append(' ').append(reason).append("\r\n");
        for (String via : req.all("Via")) {
            r.append("Via: ").append(via).append("\r\n");
        }
        r.append("From: ").append(req.header("From").orElse("")).append("\r\n");
        String to = req.header("To").orElse("");
        r.append("To: ").append(to).append(toTag != null && SipMessage.tag(to).isEmpty() ? ";tag=" + toTag : "")
                .append("\r\n");
        r.append("Call-ID: ").append(req.callId()).append("\r\n");
        r.append("CSeq: ").append(req.cseq()).append("\r\n");
        r.append("Contact: <sip:guanjia@").append(host).append(':').append(port()).append(">\r\n");
        r.append(extra);
        byte[] body = sdp == null ? new byte[0] : sdp.getBytes(StandardCharsets.UTF_8);
        if (sdp != null) {
            r.append("Content-Type: application/sdp\r\n");
        }
        r.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] head = r.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    private void send(InetSocketAddress to, byte[] data) {
        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(data), to));
    }

    /** The caller's number from the From header's URI (sip:13962000101@…); null when it holds none. */
    static String callerOf(SipMessage invite) {
        Matcher m = Pattern.compile("(?:sip|sips|tel):\\+?(?:86)?(\\d{7,12})").matcher(invite.header("From").orElse(""));
        return m.find() ? m.group(1) : null;
    }

    @Override
    public void close() {
        for (Dialog d : dialogs.values()) {
            end(d, false);
        }
        channel.close().syncUninterruptibly();
        group.shutdownGracefully().syncUninterruptibly();
    }
}
