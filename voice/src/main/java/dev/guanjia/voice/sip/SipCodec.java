package dev.guanjia.voice.sip;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageCodec;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The first handler of the signalling pipeline: a datagram in becomes a parsed {@link SipMessage}
 * with its sender, and bytes out become a datagram to an address. A datagram that is not SIP we
 * can read is counted and dropped here, with no answer: without a readable Via there is nobody to
 * answer, and answering garbage would let a spoofed sender aim our replies at someone else.
 */
final class SipCodec extends MessageToMessageCodec<DatagramPacket, SipCodec.Outbound> {

    /** A message read off the wire and who sent it. */
    record Inbound(SipMessage message, InetSocketAddress from) {
    }

    /** A message of ours, already written, and where it goes. */
    record Outbound(byte[] bytes, InetSocketAddress to) {
    }

    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong unlogged = new AtomicLong();
    private volatile long lastDropLog;

    /** Datagrams that were not SIP we could act on. */
    long dropped() {
        return dropped.get();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, DatagramPacket p, List<Object> out) {
        try {
            out.add(new Inbound(SipParser.parse(ByteBufUtil.getBytes(p.content())), p.sender()));
        } catch (SipParseException e) {
            dropped.incrementAndGet();
            droppedLog(p.sender(), e.getMessage());
        }
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Outbound o, List<Object> out) {
        out.add(new DatagramPacket(Unpooled.wrappedBuffer(o.bytes()), o.to()));
    }

    /** One line per 10 s at most, with how many were dropped meanwhile: a flood must not flood the log. */
    private void droppedLog(InetSocketAddress from, String why) {
        long now = System.nanoTime();
        long n = unlogged.incrementAndGet();
        if (now - lastDropLog > TimeUnit.SECONDS.toNanos(10) || lastDropLog == 0) {
            lastDropLog = now;
            unlogged.set(0);
            SipServer.LOG.warning("SIP datagram from " + from + " dropped: " + why
                    + (n > 1 ? " (" + (n - 1) + " more dropped since the last report)" : ""));
        }
    }
}
