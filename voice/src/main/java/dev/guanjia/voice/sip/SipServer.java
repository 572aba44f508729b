package dev.guanjia.voice.sip;

import dev.guanjia.desk.handoff.Callbacks;
import dev.guanjia.voice.call.CallFlow;
import dev.guanjia.voice.call.CallLine;
import dev.guanjia.voice.rtp.RtpSession;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
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

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SIP user agent server over UDP, so a trunk or PBX can route calls straight here: INVITE with
 * an SDP offer (PCMU/PCMA, RFC 4733 telephone-event) or without one (delayed offer) answered
 * 100/180/200, ACK starts the call, BYE and CANCEL end it, INFO carries keys, OPTIONS answers
 * what we allow; our own hang-up sends BYE, a transfer sends REFER to the configured destination.
 *
 * <p>It keeps its own small transaction layer (RFC 3261 §17: the 2xx retransmitted from T1
 * doubling to T2 until ACK, Timer H, Timer E/F for our BYE and REFER) instead of JAIN-SIP: we act
 * only as a UAS for one kind of call plus two in-dialog requests, the whole of it fits in this
 * class, and JAIN-SIP (unmaintained reference implementation, its own threads and sockets) would
 * not fit the Netty event loop the media already runs on nor resolve offline from the build cache.
 *
 * <p>All SIP state is touched on one thread, the signalling channel's event loop; nothing blocks
 * it (the RTP port is bound asynchronously and the call continues when the bind completes).
 */
public final class SipServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SipServer.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS, REFER, NOTIFY, INFO";
    static final String FALLBACK = "转接没有成功，我们已为您登记回电，客服会尽快打给您。";

    /** Makes the call flow of a new call. */
    @FunctionalInterface
    public interface Calls {
        CallFlow open(UUID id, String callerNumber, CallLine line);
    }

    /**
     * @param host          address to bind (0.0.0.0: all)
     * @param advertise     address put in SDP c= and Contact; null: the bound one, or for 0.0.0.0
     *                      the first non-loopback IPv4 address
     * @param transferTo    SIP URI of the agents' queue for REFER; null: a transfer ends the call with BYE
     * @param t1Millis      RFC 3261 T1 (500 ms); T2 = 8 × T1, Timer H/F = 64 × T1. Tests shrink it.
     * @param answerMillis  how long the 180 rings before the 200 (a CANCEL in that time wins)
     * @param callbacks     where a failed transfer queues a call back; null: none queued
     */
    public record Settings(String host, int port, String advertise, String transferTo, long t1Millis,
                           long answerMillis, Callbacks callbacks) {
        public static Settings of(String host, int port) {
            return new Settings(host, port, null, null, 500, 100, null);
        }

        public Settings advertising(String a) {
            return new Settings(host, port, a, transferTo, t1Millis, answerMillis, callbacks);
        }

        public Settings transferringTo(String uri, Callbacks c) {
            return new Settings(host, port, advertise, uri, t1Millis, answerMillis, c);
        }

        public Settings timers(long t1, long answer) {
            return new Settings(host, port, advertise, transferTo, t1, answer, callbacks);
        }
    }

    private enum State { PROCEEDING, ANSWERED, CONFIRMED, ENDED }

    private final class Dialog {
        final SipMessage invite;
        final InetSocketAddress peer;
        final String localTag = Long.toHexString(RANDOM.nextLong());
        final String offer; // the caller's SDP; empty for a delayed offer
        State state = State.PROCEEDING;
        Channel rtpChannel;
        RtpSession rtp;
        ExecutorService events;
        CallFlow flow;
        SipMessage lastInvite;
        byte[] lastResponse;
        long sdpVersion = 1;
        long sdpSession = System.currentTimeMillis() / 1000;
        final List<ScheduledFuture<?>> timers = new ArrayList<>();
        ScheduledFuture<?> retransmit;
        long cseq = 1;
        boolean transferring;

        Dialog(SipMessage invite, InetSocketAddress peer, String offer) {
            this.invite = invite;
            this.lastInvite = invite;
            this.peer = peer;
            this.offer = offer;
        }
    }

    /** One of our own non-INVITE requests (BYE, REFER) and its Timer E/F. */
    private final class Outgoing {
        final byte[] bytes;
        final InetSocketAddress to;
        final IntConsumer onFinal;
        ScheduledFuture<?> resend;
        ScheduledFuture<?> timeout;
        long interval;

        Outgoing(byte[] bytes, InetSocketAddress to, IntConsumer onFinal) {
            this.bytes = bytes;
            this.to = to;
            this.onFinal = onFinal;
        }
    }

    private final EventLoopGroup group;
    private final Channel channel;
    private final EventLoop loop;
    private final Settings settings;
    private final String advertise;
    private final Calls calls;
    private final Map<String, Dialog> dialogs = new HashMap<>(); // only on loop
    private final Map<String, Outgoing> outgoing = new HashMap<>(); // by Via branch; only on loop
    // Call-IDs of calls just ended, with the last answer to their INVITE: a late retransmission of the
    // INVITE gets that answer again (64 × T1, as Timer J) instead of starting a second call; only on loop
    private final Map<String, byte[]> ended = new HashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong rtpIn = new AtomicLong();
    private final AtomicLong rtpOut = new AtomicLong();
    private final AtomicLong unlogged = new AtomicLong();
    private volatile long lastDropLog;

    private SipServer(EventLoopGroup group, Channel channel, Settings settings, Calls calls) {
        this.group = group;
        this.channel = channel;
        this.loop = channel.eventLoop();
        this.settings = settings;
        this.calls = calls;
        this.advertise = settings.advertise() != null ? settings.advertise() : advertised(settings.host());
    }

    /** @param transferTo SIP URI of the agents' queue for REFER; null: a transfer ends the call with BYE */
    public static SipServer start(String host, int port, Calls calls, String transferTo) throws InterruptedException {
        return start(Settings.of(host, port).transferringTo(transferTo, null), calls);
    }

    public static SipServer start(Settings settings, Calls calls) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        SipServer[] self = new SipServer[1];
        Channel ch;
        try {
            ch = new Bootstrap().group(group)
                    .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                    // a trunk's burst (many INVITEs, retransmissions) waits in the kernel while the loop is busy
                    .option(io.netty.channel.ChannelOption.SO_RCVBUF, 1 << 20)
                    .handler(new ChannelInitializer<DatagramChannel>() {
                        @Override
                        protected void initChannel(DatagramChannel c) {
                            c.pipeline().addLast(new SimpleChannelInboundHandler<DatagramPacket>() {
                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                                    SipServer s = self[0];
                                    if (s != null) {
                                        s.receive(ByteBufUtil.getBytes(p.content()), p.sender());
                                    }
                                }
                            });
                        }
                    })
                    .bind(new InetSocketAddress(settings.host(), settings.port())).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully();
            throw e;
        }
        self[0] = new SipServer(group, ch, settings, calls);
        return self[0];
    }

    /** The address to advertise for a bind address: itself, or for the wildcard the first non-loopback IPv4. */
    static String advertised(String host) {
        if (!"0.0.0.0".equals(host) && !"::".equals(host)) {
            return host;
        }
        try {
            for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!n.isUp() || n.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(n.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                        return a.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            LOG.warning("network interfaces not readable: " + e.getMessage());
        }
        return "127.0.0.1";
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** The address in our SDP and Contact. */
    public String advertisedAddress() {
        return advertise;
    }

    /** RTP packets received and sent over all ended calls. */
    public long[] mediaPackets() {
        return new long[]{rtpIn.get(), rtpOut.get()};
    }

    /** Datagrams that were not SIP we could act on. */
    public long dropped() {
        return dropped.get();
    }

    /** Calls (set up or being set up) holding resources now. */
    public int activeDialogs() {
        try {
            return loop.submit(dialogs::size).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ receiving (on loop)

    void receive(byte[] datagram, InetSocketAddress from) {
        SipMessage m;
        try {
            m = SipParser.parse(datagram);
        } catch (SipParseException e) {
            dropped.incrementAndGet();
            droppedLog(from, e.getMessage());
            return;
        }
        if (!m.isRequest()) {
            response(m);
            return;
        }
        try {
            switch (m.method()) {
                case "INVITE" -> invite(m, from);
                case "ACK" -> ack(m);
                case "BYE" -> bye(m, from);
                case "CANCEL" -> cancel(m, from);
                case "NOTIFY" -> notify(m, from);
                case "INFO" -> info(m, from);
                case "OPTIONS" -> send(from, response(m, from, 200, "OK", Long.toHexString(RANDOM.nextLong()),
                        "Allow: " + ALLOW + "\r\nAccept: application/sdp\r\n", null));
                default -> send(from, response(m, from, 405, "Method Not Allowed", null, "Allow: " + ALLOW + "\r\n", null));
            }
        } catch (RuntimeException e) {
            LOG.warning("SIP " + m.method() + " failed: " + e);
            if (!"ACK".equals(m.method())) {
                send(from, response(m, from, 500, "Server Internal Error", null, "", null));
            }
        }
    }

    /** One line per 10 s at most, with how many were dropped meanwhile: a flood must not flood the log. */
    private void droppedLog(InetSocketAddress from, String why) {
        long now = System.nanoTime();
        long n = unlogged.incrementAndGet();
        if (now - lastDropLog > TimeUnit.SECONDS.toNanos(10) || lastDropLog == 0) {
            lastDropLog = now;
            unlogged.set(0);
            LOG.warning("SIP datagram from " + from + " dropped: " + why
                    + (n > 1 ? " (" + (n - 1) + " more dropped since the last report)" : ""));
        }
    }

    private static final Pattern MEDIA = Pattern.compile("(?m)^m=audio (\\S+) RTP/AVP ([\\d ]+)\\s*$");
    private static final Pattern CONNECTION = Pattern.compile("(?m)^c=IN IP4 (\\S+)\\s*$");
    private static final Pattern EVENT = Pattern.compile("(?mi)^a=rtpmap:(\\d+) telephone-event/8000");

    /** What an SDP offer or answer agrees to; null when nothing we can play. */
    record Media(InetSocketAddress remote, int codec, int dtmf) {
        static Media of(String sdp) {
            Matcher media = MEDIA.matcher(sdp);
            Matcher conn = CONNECTION.matcher(sdp);
            if (!media.find() || !conn.find()) {
                return null;
            }
            int port;
            try {
                port = Integer.parseInt(media.group(1));
            } catch (NumberFormatException e) {
                return null;
            }
            if (port <= 0 || port > 65535) {
                return null;
            }
            List<String> offered = List.of(media.group(2).strip().split("\\s+"));
            // the caller's order of preference
            int codec = offered.stream().filter(c -> c.equals("0") || c.equals("8")).findFirst()
                    .map(Integer::parseInt).orElse(-1);
            if (codec < 0) {
                return null;
            }
            Matcher ev = EVENT.matcher(sdp);
            int dtmf = ev.find() && offered.contains(ev.group(1)) ? Integer.parseInt(ev.group(1)) : -1;
            return new Media(InetSocketAddress.createUnresolved(conn.group(1), port), codec, dtmf);
        }

        InetSocketAddress resolved() {
            return new InetSocketAddress(remote.getHostString(), remote.getPort());
        }
    }

    private void invite(SipMessage m, InetSocketAddress from) {
        byte[] over = ended.get(m.callId());
        if (over != null && !dialogs.containsKey(m.callId())) {
            if (SipMessage.tag(m.header("To").orElse("")).isEmpty()) {
                send(from, over);
            } else {
                send(from, response(m, from, 481, "Call/Transaction Does Not Exist", null, "", null));
            }
            return;
        }
        Dialog existing = dialogs.get(m.callId());
        if (existing != null) {
            if (m.cseq().equals(existing.lastInvite.cseq())) {
                if (existing.lastResponse != null) {
                    send(from, existing.lastResponse); // a retransmitted INVITE gets the same answer
                }
            } else if (existing.state == State.CONFIRMED) {
                reInvite(existing, m, from);
            } else {
                send(from, response(m, from, 491, "Request Pending", existing.localTag, "", null));
            }
            return;
        }
        String sdp = m.bodyText();
        boolean delayed = sdp.isBlank();
        if (!delayed && Media.of(sdp) == null) {
            send(from, response(m, from, 488, "Not Acceptable Here", null, "", null));
            return;
        }
        Dialog d = new Dialog(m, from, delayed ? "" : sdp);
        dialogs.put(m.callId(), d);
        d.lastResponse = response(m, from, 100, "Trying", null, "", null);
        send(from, d.lastResponse);
        // the bind completes on some event loop; the call continues on ours, never waiting for it here
        ChannelFuture bind = new Bootstrap().group(group)
                .channel(Epoll.isAvailable() ? EpollDatagramChannel.class : NioDatagramChannel.class)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel c) {
                    }
                })
                .bind(new InetSocketAddress(settings.host(), 0));
        bind.addListener(f -> loop.execute(() -> bound(d, bind)));
    }

    private void bound(Dialog d, ChannelFuture bind) {
        if (!bind.isSuccess()) {
            bind.channel().close();
            if (d.state != State.ENDED) {
                LOG.warning("RTP port not bound: " + bind.cause());
                d.lastResponse = response(d.invite, d.peer, 503, "Service Unavailable", d.localTag,
                        "Retry-After: 5\r\n", null);
                send(d.peer, d.lastResponse);
                release(d);
            }
            return;
        }
        d.rtpChannel = bind.channel();
        if (d.state == State.ENDED) {
            d.rtpChannel.close(); // cancelled while binding
            return;
        }
        d.lastResponse = response(d.invite, d.peer, 180, "Ringing", d.localTag, "", null);
        send(d.peer, d.lastResponse);
        d.timers.add(loop.schedule(() -> answer(d), settings.answerMillis(), TimeUnit.MILLISECONDS));
    }

    private int localRtpPort(Dialog d) {
        return ((InetSocketAddress) d.rtpChannel.localAddress()).getPort();
    }

    /** Our SDP: the answer to the caller's offer, or our own offer when the INVITE had none. */
    private String sdp(Dialog d) {
        int[] codecs;
        int dtmf;
        if (d.offer.isEmpty()) {
            codecs = new int[]{0, 8};
            dtmf = 101;
        } else {
            Media media = Media.of(d.offer);
            codecs = new int[]{media.codec()};
            dtmf = media.dtmf();
        }
        StringBuilder s = new StringBuilder("v=0\r\no=guanjia " + d.sdpSession + " " + d.sdpVersion + " IN IP4 "
                + advertise + "\r\ns=guanjia\r\nc=IN IP4 " + advertise + "\r\nt=0 0\r\nm=audio " + localRtpPort(d)
                + " RTP/AVP");
        for (int c : codecs) {
            s.append(' ').append(c);
        }
        s.append(dtmf >= 0 ? " " + dtmf : "").append("\r\n");
        for (int c : codecs) {
            s.append("a=rtpmap:").append(c).append(c == 0 ? " PCMU/8000" : " PCMA/8000").append("\r\n");
        }
        if (dtmf >= 0) {
            s.append("a=rtpmap:").append(dtmf).append(" telephone-event/8000\r\na=fmtp:").append(dtmf).append(" 0-15\r\n");
        }
        return s.append("a=ptime:20\r\na=sendrecv\r\n").toString();
    }

    private void answer(Dialog d) {
        if (d.state != State.PROCEEDING) {
            return;
        }
        d.state = State.ANSWERED;
        d.lastResponse = response(d.invite, d.peer, 200, "OK", d.localTag, "", sdp(d));
        send(d.peer, d.lastResponse);
        retransmit2xx(d, settings.t1Millis());
        // Timer H: no ACK in 64 × T1 — the dialog is confirmed and then ended at once (§13.3.1.4)
        d.timers.add(loop.schedule(() -> {
            if (d.state == State.ANSWERED) {
                LOG.info(() -> "SIP call " + d.invite.callId() + " never acknowledged; hanging up");
                request(d, "BYE", "", null);
                release(d);
            }
        }, 64 * settings.t1Millis(), TimeUnit.MILLISECONDS));
    }

    private void retransmit2xx(Dialog d, long interval) {
        d.retransmit = loop.schedule(() -> {
            if (d.state == State.ANSWERED) {
                send(d.peer, d.lastResponse);
                retransmit2xx(d, Math.min(interval * 2, 8 * settings.t1Millis()));
            }
        }, interval, TimeUnit.MILLISECONDS);
    }

    private void reInvite(Dialog d, SipMessage m, InetSocketAddress from) {
        d.lastInvite = m;
        d.sdpVersion++;
        if (!m.bodyText().isBlank() && Media.of(m.bodyText()) == null) {
            send(from, response(m, from, 488, "Not Acceptable Here", d.localTag, "", null));
            return;
        }
        d.lastResponse = response(m, from, 200, "OK", d.localTag, "", sdp(d));
        send(from, d.lastResponse);
    }

    private void ack(SipMessage m) {
        Dialog d = dialogs.get(m.callId());
        if (d == null || d.state != State.ANSWERED) {
            return; // an ACK to a non-2xx, to a re-INVITE, or a retransmission
        }
        if (d.retransmit != null) {
            d.retransmit.cancel(false);
        }
        Media media = Media.of(d.offer.isEmpty() ? m.bodyText() : d.offer);
        if (media == null) {
            // a delayed offer answered with nothing we can play: end it properly
            LOG.info(() -> "SIP call " + m.callId() + ": no usable SDP answer in the ACK; hanging up");
            request(d, "BYE", "", null);
            release(d);
            return;
        }
        d.state = State.CONFIRMED;
        d.events = Executors.newSingleThreadExecutor(Thread.ofVirtual().factory());
        RtpSession rtp = new RtpSession(d.rtpChannel, media.resolved(), media.codec(), media.dtmf(),
                s -> loop.execute(() -> end(d, false)), s -> loop.execute(() -> end(d, true)));
        d.rtp = rtp;
        CallFlow flow = calls.open(UUID.randomUUID(), callerOf(d.invite), rtp);
        d.flow = flow;
        rtp.start(new RtpSession.Listener() {
            @Override
            public void audio(short[] frame8k) {
                post(d, () -> flow.onAudio(frame8k));
            }

            @Override
            public void digit(char c) {
                post(d, () -> flow.onDigit(c));
            }
        });
        post(d, flow::start);
    }

    /** Hands work to the call's thread; after the hang-up it is gone, and late media is simply dropped. */
    private static void post(Dialog d, Runnable r) {
        try {
            d.events.execute(r);
        } catch (RejectedExecutionException e) {
            // the call has ended
        }
    }

    private void bye(SipMessage m, InetSocketAddress from) {
        Dialog d = dialogs.get(m.callId());
        send(from, response(m, from, d == null ? 481 : 200, d == null ? "Call/Transaction Does Not Exist" : "OK",
                d == null ? null : d.localTag, "", null));
        if (d != null) {
            release(d);
        }
    }

    private void cancel(SipMessage m, InetSocketAddress from) {
        Dialog d = dialogs.get(m.callId());
        if (d == null) {
            send(from, response(m, from, 481, "Call/Transaction Does Not Exist", null, "", null));
            return;
        }
        send(from, response(m, from, 200, "OK", d.localTag, "", null));
        if (d.state == State.PROCEEDING) {
            // before our 200: the INVITE ends 487 and nothing of the call remains
            d.lastResponse = response(d.invite, d.peer, 487, "Request Terminated", d.localTag, "", null);
            send(d.peer, d.lastResponse);
            release(d);
        }
        // after the 2xx the call stands; the caller sends BYE
    }

    private static final Pattern SIGNAL = Pattern.compile("(?mi)^\\s*Signal\\s*=\\s*([0-9*#A-Da-d])");

    private void info(SipMessage m, InetSocketAddress from) {
        Dialog d = dialogs.get(m.callId());
        if (d == null) {
            send(from, response(m, from, 481, "Call/Transaction Does Not Exist", null, "", null));
            return;
        }
        String type = m.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        String body = m.bodyText().strip();
        Character key = null;
        if (type.startsWith("application/dtmf-relay")) {
            Matcher s = SIGNAL.matcher(body);
            key = s.find() ? Character.toUpperCase(s.group(1).charAt(0)) : null;
        } else if (type.startsWith("application/dtmf") && body.length() == 1 && "0123456789*#ABCDabcd".indexOf(body.charAt(0)) >= 0) {
            key = Character.toUpperCase(body.charAt(0));
        } else if (type.startsWith("application/dtmf") && body.matches("1[0-1]")) {
            key = body.equals("10") ? '*' : '#';
        }
        if (key == null) {
            send(from, response(m, from, 415, "Unsupported Media Type", d.localTag,
                    "Accept: application/dtmf-relay, application/dtmf\r\n", null));
            return;
        }
        send(from, response(m, from, 200, "OK", d.localTag, "", null));
        CallFlow flow = d.flow;
        char k = key;
        if (flow != null && d.state == State.CONFIRMED) {
            post(d, () -> flow.onDigit(k));
        }
    }

    private static final Pattern SIPFRAG = Pattern.compile("^SIP/2\\.0 (\\d{3})");

    private void notify(SipMessage m, InetSocketAddress from) {
        Dialog d = dialogs.get(m.callId());
        if (d == null) {
            send(from, response(m, from, 481, "Subscription Does Not Exist", null, "", null));
            return;
        }
        send(from, response(m, from, 200, "OK", d.localTag, "", null));
        Matcher frag = SIPFRAG.matcher(m.bodyText().strip());
        if (!d.transferring || !frag.find()) {
            return;
        }
        int status = Integer.parseInt(frag.group(1));
        if (status >= 200 && status < 300) {
            // the caller now talks to a person: our leg ends
            request(d, "BYE", "", null);
            release(d);
        } else if (status >= 300) {
            transferFailed(d, "NOTIFY " + status);
        }
    }

    // ------------------------------------------------------------------ our requests

    /** Our side ends the call: BYE, or REFER to the agents when transferring and a destination is set. */
    private void end(Dialog d, boolean transfer) {
        if (d.state == State.ENDED || d.transferring) {
            return;
        }
        if (transfer && settings.transferTo() != null) {
            d.transferring = true;
            request(d, "REFER", "Refer-To: <" + settings.transferTo() + ">\r\nReferred-By: <sip:guanjia@"
                    + advertise + ":" + port() + ">\r\n", status -> {
                if (status >= 300 && d.state != State.ENDED) {
                    transferFailed(d, status == 408 ? "no answer to REFER" : "REFER " + status);
                }
            });
            return;
        }
        request(d, "BYE", "", null);
        release(d);
    }

    private void transferFailed(Dialog d, String why) {
        if (!d.transferring) {
            return;
        }
        d.transferring = false;
        LOG.warning("SIP call " + d.invite.callId() + ": transfer failed (" + why + "); the caller is offered a call back");
        CallFlow flow = d.flow;
        if (flow != null) {
            post(d, () -> flow.transferFailed(settings.callbacks()));
        }
    }

    /** Sends an in-dialog request as a non-INVITE client transaction (Timer E retransmits, Timer F gives up). */
    private void request(Dialog d, String method, String extra, IntConsumer onFinal) {
        String invTo = d.invite.header("To").orElse("");
        String invFrom = d.invite.header("From").orElse("");
        String target = d.invite.header("Contact").map(c -> c.replaceAll(".*<([^>]+)>.*", "$1"))
                .orElse(invFrom.replaceAll(".*<([^>]+)>.*", "$1"));
        String branch = "z9hG4bK" + Long.toHexString(RANDOM.nextLong());
        String req = method + " " + target + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + advertise + ":" + port() + ";branch=" + branch + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: " + invTo + (SipMessage.tag(invTo).isEmpty() ? ";tag=" + d.localTag : "") + "\r\n"
                + "To: " + invFrom + "\r\n"
                + "Call-ID: " + d.invite.callId() + "\r\n"
                + "CSeq: " + (++d.cseq) + " " + method + "\r\n"
                + "Contact: <sip:guanjia@" + advertise + ":" + port() + ">\r\n"
                + extra
                + "Content-Length: 0\r\n\r\n";
        Outgoing o = new Outgoing(req.getBytes(StandardCharsets.UTF_8), d.peer,
                onFinal == null ? status -> { } : onFinal);
        outgoing.put(branch, o);
        send(o.to, o.bytes);
        o.interval = settings.t1Millis();
        o.resend = loop.schedule(() -> resend(o), o.interval, TimeUnit.MILLISECONDS);
        o.timeout = loop.schedule(() -> {
            if (outgoing.remove(branch) != null) {
                o.resend.cancel(false);
                o.onFinal.accept(408);
            }
        }, 64 * settings.t1Millis(), TimeUnit.MILLISECONDS);
    }

    private void resend(Outgoing o) {
        if (!outgoing.containsValue(o)) {
            return;
        }
        send(o.to, o.bytes);
        o.interval = Math.min(o.interval * 2, 8 * settings.t1Millis());
        o.resend = loop.schedule(() -> resend(o), o.interval, TimeUnit.MILLISECONDS);
    }

    /** A response to our BYE or REFER. */
    private void response(SipMessage r) {
        String via = r.header("Via").orElse("");
        Matcher b = Pattern.compile(";\\s*branch=([^;\\s,]+)").matcher(via);
        if (!b.find()) {
            return;
        }
        Outgoing o = outgoing.get(b.group(1));
        if (o == null) {
            return;
        }
        if (r.status() < 200) {
            o.interval = 8 * settings.t1Millis(); // proceeding: retransmit at T2 only
            return;
        }
        outgoing.remove(b.group(1));
        o.resend.cancel(false);
        o.timeout.cancel(false);
        o.onFinal.accept(r.status());
    }

    /** Frees everything the call holds: timers, the RTP port, the call's thread. */
    private void release(Dialog d) {
        if (d.state == State.ENDED) {
            return;
        }
        d.state = State.ENDED;
        dialogs.remove(d.invite.callId(), d);
        if (d.lastResponse != null) {
            String callId = d.invite.callId();
            ended.put(callId, d.lastResponse);
            loop.schedule(() -> ended.remove(callId), 64 * settings.t1Millis(), TimeUnit.MILLISECONDS);
        }
        for (ScheduledFuture<?> t : d.timers) {
            t.cancel(false);
        }
        if (d.retransmit != null) {
            d.retransmit.cancel(false);
        }
        if (d.rtp != null) {
            d.rtp.close();
            rtpIn.addAndGet(d.rtp.received());
            rtpOut.addAndGet(d.rtp.sent());
        } else if (d.rtpChannel != null) {
            d.rtpChannel.close();
        }
        CallFlow f = d.flow;
        if (f != null) {
            post(d, f::onHangUp);
        }
        if (d.events != null) {
            d.events.shutdown();
        }
    }

    // ------------------------------------------------------------------ wire

    private byte[] response(SipMessage req, InetSocketAddress from, int code, String reason, String toTag,
                            String extra, String sdp) {
        StringBuilder r = new StringBuilder("SIP/2.0 ").append(code).append(' ').append(reason).append("\r\n");
        boolean top = true;
        for (String via : req.all("Via")) {
            r.append("Via: ").append(top ? received(via, from) : via).append("\r\n");
            top = false;
        }
        r.append("From: ").append(req.header("From").orElse("")).append("\r\n");
        String to = req.header("To").orElse("");
        r.append("To: ").append(to).append(toTag != null && SipMessage.tag(to).isEmpty() ? ";tag=" + toTag : "")
                .append("\r\n");
        r.append("Call-ID: ").append(req.callId()).append("\r\n");
        r.append("CSeq: ").append(req.cseq()).append("\r\n");
        r.append("Contact: <sip:guanjia@").append(advertise).append(':').append(port()).append(">\r\n");
        if (code == 200 && ("INVITE".equals(req.method()) || "OPTIONS".equals(req.method()))
                && !extra.contains("Allow:")) {
            r.append("Allow: ").append(ALLOW).append("\r\n");
        }
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

    private static final Pattern RPORT = Pattern.compile(";\\s*rport(?=;|$|\\s)");

    /** RFC 3581: the sender's address and port as we saw them, so answers cross a NAT. */
    static String received(String via, InetSocketAddress from) {
        if (from == null) {
            return via;
        }
        Matcher m = RPORT.matcher(via);
        String ip = from.getAddress() == null ? from.getHostString() : from.getAddress().getHostAddress();
        if (m.find()) {
            return m.replaceFirst(";rport=" + from.getPort() + ";received=" + ip);
        }
        return via;
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
        try {
            loop.submit(() -> {
                for (Dialog d : new ArrayList<>(dialogs.values())) {
                    if (d.state == State.PROCEEDING || d.state == State.ANSWERED) {
                        send(d.peer, response(d.lastInvite, d.peer, 503, "Service Unavailable", d.localTag, "", null));
                    } else {
                        request(d, "BYE", "", null);
                    }
                    release(d);
                }
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warning("SIP calls not ended cleanly on close: " + e);
        }
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
