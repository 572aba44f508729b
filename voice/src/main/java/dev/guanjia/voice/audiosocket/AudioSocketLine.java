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

    AudioSocketLine(Channel channel) {
        this.channel = channel;
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
            channel.writeAndFlush(AudioSocketMessage.audio(Pcm.toBytes(frame, 0, frame.length)));
        }
    }

    /** AudioSocket has no transfer message: we end our leg and the dialplan continues to the agents. */
    @Override
    public void transfer() {
        hangUp();
    }

    @Override
    public void hangUp() {
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
