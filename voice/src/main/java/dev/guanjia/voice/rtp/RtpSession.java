package dev.guanjia.voice.rtp;

import dev.guanjia.voice.audio.G711;
import dev.guanjia.voice.call.PacedLine;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The media of one SIP call: G.711 RTP in and out at 20 ms (RFC 3550/3551), and RFC 4733
 * telephone-events as keys. The first packet received also fixes where ours go (symmetric RTP,
 * so callers behind NAT hear us).
 */
public final class RtpSession extends PacedLine {

    /** What the call hears from the caller. */
    public interface Listener {
        void audio(short[] frame8k);

        void digit(char d);
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String EVENTS = "0123456789*#ABCD";

    private final Channel channel;
    private final int codec;
    private final int dtmfType;
    private final int ssrc = RANDOM.nextInt();
    private volatile InetSocketAddress remote;
    private volatile Listener listener;
    private final Consumer<RtpSession> onHangUp;
    private final Consumer<RtpSession> onTransfer;
    private ScheduledFuture<?> pacer;
    private int seq = RANDOM.nextInt(0xffff);
    private long timestamp = RANDOM.nextInt() & 0xffffffffL;
    private long lastEvent = -1;
    private volatile long received;
    private volatile long sent;

    /**
     * @param channel a UDP channel bound for this call; the session adds itself to its pipeline
     * @param codec   0 (PCMU) or 8 (PCMA), as agreed in the SDP answer
     * @param dtmfType the telephone-event payload type, -1 when none was offered
     */
    public RtpSession(Channel channel, InetSocketAddress remote, int codec, int dtmfType,
                      Consumer<RtpSession> onHangUp, Consumer<RtpSession> onTransfer) {
        this.channel = channel;
        this.remote = remote;
        this.codec = codec;
        this.dtmfType = dtmfType;
        this.onHangUp = onHangUp;
        this.onTransfer = onTransfer;
        channel.pipeline().addLast(new SimpleChannelInboundHandler<DatagramPacket>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                receive(p);
            }
        });
    }

    public int localPort() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    public long received() {
        return received;
    }

    public long sent() {
        return sent;
    }

    /** Starts sending (and delivering what arrives) once the call is answered and acknowledged. */
    public void start(Listener l) {
        this.listener = l;
        pacer = channel.eventLoop().scheduleAtFixedRate(this::tick, 20, 20, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void send(short[] frame) {
        byte[] payload = codec == 8 ? G711.encodeAlaw(frame, 0, frame.length) : G711.encodeUlaw(frame, 0, frame.length);
        ByteBuf b = Unpooled.buffer(12 + payload.length);
        b.writeByte(0x80).writeByte(codec).writeShort(seq).writeInt((int) timestamp).writeInt(ssrc).writeBytes(payload);
        seq = (seq + 1) & 0xffff;
        timestamp = (timestamp + frame.length) & 0xffffffffL;
        InetSocketAddress to = remote;
        if (to != null && channel.isActive()) {
            channel.writeAndFlush(new DatagramPacket(b, to));
            sent++;
        } else {
            b.release();
        }
    }

    private void receive(DatagramPacket p) {
        ByteBuf b = p.content();
        if (b.readableBytes() < 12 || (b.getUnsignedByte(0) >> 6) != 2) {
            return; // not RTP
        }
        int first = b.getUnsignedByte(0);
        int cc = first & 0x0f;
        boolean extension = (first & 0x10) != 0;
        int type = b.getUnsignedByte(1) & 0x7f;
        long ts = b.getUnsignedInt(4);
        int offset = 12 + 4 * cc;
        if (extension) {
            if (b.readableBytes() < offset + 4) {
                return;
            }
            offset += 4 + 4 * b.getUnsignedShort(offset + 2);
        }
        int length = b.readableBytes() - offset;
        if ((first & 0x20) != 0 && length > 0) {
            length -= b.getUnsignedByte(b.readableBytes() - 1); // padding
        }
        if (length <= 0) {
            return;
        }
        remote = p.sender();
        received++;
        Listener l = listener;
        if (l == null) {
            return;
        }
        if (type == dtmfType) {
            // one event = one timestamp; report it on its first packet, once
            if (ts != lastEvent && length >= 4) {
                lastEvent = ts;
                int event = b.getUnsignedByte(offset);
                if (event < EVENTS.length()) {
                    key(l, EVENTS.charAt(event));
                }
            }
        } else if (type == 0 || type == 8) {
            byte[] payload = new byte[length];
            b.getBytes(offset, payload);
            short[] frame = G711.decode(payload, 0, length, type == 8);
            // some trunks send keys only as tones in the audio (in-band DTMF)
            char tone = tones.accept(frame);
            if (tone != 0) {
                key(l, tone);
            }
            l.audio(frame);
        }
    }

    private final dev.guanjia.voice.audio.DtmfDetector tones = new dev.guanjia.voice.audio.DtmfDetector();
    private char lastKey;
    private long lastKeyAt;

    /** A key heard both as an RFC 4733 event and as tones within 300 ms counts once. */
    private void key(Listener l, char digit) {
        long now = System.nanoTime();
        if (digit == lastKey && now - lastKeyAt < 300_000_000L) {
            return;
        }
        lastKey = digit;
        lastKeyAt = now;
        l.digit(digit);
    }

    @Override
    public void transfer() {
        onTransfer.accept(this);
    }

    @Override
    public void hangUp() {
        onHangUp.accept(this);
    }

    /** Stops sending and frees the port. */
    public void close() {
        if (pacer != null) {
            pacer.cancel(false);
        }
        channel.close();
    }
}
