package dev.guanjia.voice.sip;

import dev.guanjia.desk.handoff.Callbacks;
import dev.guanjia.voice.call.CallFlow;
import dev.guanjia.voice.call.CallLine;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SIP user agent server over UDP, so a trunk or PBX can route calls straight here: INVITE with
 * an SDP offer (PCMU/PCMA, RFC 4733 telephone-event) or without one (delayed offer) answered
 * 100/180/200, ACK starts the call, BYE and CANCEL end it, INFO carries keys, OPTIONS answers
 * what we allow; our own hang-up sends BYE, a transfer sends REFER to the configured destination.
 *
 * <p>The signalling channel is a Netty pipeline of two handlers: {@link SipCodec} (datagram ↔
 * {@link SipMessage}; what does not parse is dropped there) and {@link Dialogs} (the calls:
 * INVITE to BYE, with {@link ClientTransactions} for our own BYE and REFER). This class binds it,
 * owns the event loops, and is what the rest of the application sees.
 *
 * <p>It keeps its own small transaction layer (RFC 3261 §17: the 2xx retransmitted from T1
 * doubling to T2 until ACK, Timer H, Timer E/F for our BYE and REFER) instead of JAIN-SIP: we act
 * only as a UAS for one kind of call plus two in-dialog requests, the whole of it fits in a few
 * small classes, and JAIN-SIP (unmaintained reference implementation, its own threads and sockets)
 * would not fit the Netty event loop the media already runs on nor resolve offline from the build cache.
 *
 * <p>All SIP state is touched on one thread, the signalling channel's event loop; nothing blocks
 * it (each call's RTP port is bound asynchronously and the call continues when the bind completes).
 */
public final class SipServer implements AutoCloseable {

    // the handlers log as the server: one logger name for operators to configure
    static final Logger LOG = Logger.getLogger(SipServer.class.getName());
    static final SecureRandom RANDOM = new SecureRandom();
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

    private final EventLoopGroup group;
    private final Channel channel;
    private final SipCodec codec;
    private final Dialogs dialogs;
    private final String advertise;

    private SipServer(EventLoopGroup group, Channel channel, SipCodec codec, Dialogs dialogs, String advertise) {
        this.group = group;
        this.channel = channel;
        this.codec = codec;
        this.dialogs = dialogs;
        this.advertise = advertise;
    }

    /** @param transferTo SIP URI of the agents' queue for REFER; null: a transfer ends the call with BYE */
    public static SipServer start(String host, int port, Calls calls, String transferTo) throws InterruptedException {
        return start(Settings.of(host, port).transferringTo(transferTo, null), calls);
    }

    public static SipServer start(Settings settings, Calls calls) throws InterruptedException {
        return start(settings, calls, null);
    }

    /** @param ports where calls' RTP ports come from; null: UDP ports on the bound host (tests make binds fail) */
    static SipServer start(Settings settings, Calls calls, MediaPorts ports) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        Class<? extends DatagramChannel> udp = epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        String advertise = settings.advertise() != null ? settings.advertise() : advertised(settings.host());
        SipCodec codec = new SipCodec();
        Dialogs dialogs = new Dialogs(settings, advertise, calls,
                ports != null ? ports : MediaPorts.udp(group, udp, settings.host()));
        Channel ch;
        try {
            // waiting here is on the caller's thread, once, before any call
            ch = new Bootstrap().group(group).channel(udp)
                    // a trunk's burst (many INVITEs, retransmissions) waits in the kernel while the loop is busy
                    .option(ChannelOption.SO_RCVBUF, 1 << 20)
                    .handler(new ChannelInitializer<DatagramChannel>() {
                        @Override
                        protected void initChannel(DatagramChannel c) {
                            c.pipeline().addLast("sip", codec).addLast("dialogs", dialogs);
                        }
                    })
                    .bind(new InetSocketAddress(settings.host(), settings.port())).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully();
            throw e;
        }
        return new SipServer(group, ch, codec, dialogs, advertise);
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
        return dialogs.mediaPackets();
    }

    /** Datagrams that were not SIP we could act on. */
    public long dropped() {
        return codec.dropped();
    }

    /** Calls (set up or being set up) holding resources now. */
    public int activeDialogs() {
        try {
            return channel.eventLoop().submit(dialogs::size).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
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

    @Override
    public void close() {
        try {
            channel.eventLoop().submit(dialogs::endAll).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warning("SIP calls not ended cleanly on close: " + e);
        }
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
