package dev.guanjia.voice.audiosocket;

import dev.guanjia.voice.audio.Pcm;
import dev.guanjia.voice.call.PacedLine;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The outbound side of an AudioSocket call. One 20 ms timer per event loop sends the next frame
 * of every call on that loop, so fifty calls cost fifty wake-ups a second per loop, not 2,500.
 */
final class AudioSocketLine extends PacedLine {

    private static final Map<EventLoop, Set<AudioSocketLine>> LINES = new ConcurrentHashMap<>();

    private final Channel channel;
    private final java.util.UUID id;
    private final Dialplan dialplan;

    AudioSocketLine(Channel channel, java.util.UUID id, Dialplan dialplan) {
        this.channel = channel;
        this.id = id;
        this.dialplan = dialplan;
        EventLoop loop = channel.eventLoop();
        LINES.computeIfAbsent(loop, l -> {
            Set<AudioSocketLine> set = ConcurrentHashMap.newKeySet();
            l.scheduleAtFixedRate(() -> {
                for (AudioSocketLine line : set) {
                    line.tick();
                }
            }, 20, 20, TimeUnit.MILLISECONDS);
            return set;
        }).add(this);
    }

    @Override
    protected void send(short[] frame) {
        if (channel.isActive()) {
            channel.writeAndFlush(AudioSocketMessage.audio(Pcm.toBytes(frame, 0, frame.length))).addListener(RESET);
        }
    }

    /**
     * A frame the PBX's side refused (its connection reset while we speak) ends the call as cut off,
     * as a reset the read side sees does: without this the channel closes on the failed write and the
     * call reads as hung up. A write after the caller hung up (the channel already closed) is no news.
     */
    private static final io.netty.channel.ChannelFutureListener RESET = f -> {
        if (!f.isSuccess() && !(f.cause() instanceof java.nio.channels.ClosedChannelException)) {
            f.channel().pipeline().fireExceptionCaught(f.cause());
        }
    };

    /**
     * AudioSocket has no transfer message: the dialplan's next step is set to "agent", then our
     * hang-up message makes AudioSocket() return 0, and the dialplan asks /next and Dials the agents.
     */
    @Override
    public void transfer() {
        dialplan.next(id, Dialplan.AGENT);
        end();
    }

    @Override
    public void hangUp() {
        dialplan.next(id, Dialplan.HANGUP);
        end();
    }

    private void end() {
        stop();
        if (channel.isActive()) {
            channel.writeAndFlush(AudioSocketMessage.hangup()).addListener(ChannelFutureListener.CLOSE);
        }
    }

    void stop() {
        Set<AudioSocketLine> set = LINES.get(channel.eventLoop());
        if (set != null) {
            set.remove(this);
        }
    }
}
