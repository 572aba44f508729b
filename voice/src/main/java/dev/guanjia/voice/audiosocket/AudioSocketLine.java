package dev.guanjia.voice.audiosocket;

import dev.guanjia.voice.audio.Pcm;
import dev.guanjia.voice.call.PacedLine;
import dev.guanjia.voice.call.Pacing;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/** The outbound side of an AudioSocket call: frames sent on the channel's event loop at a fixed rate. */
final class AudioSocketLine extends PacedLine {

    private final Channel channel;
    private final ScheduledFuture<?> pacer;
    private long lastTick;

    AudioSocketLine(Channel channel) {
        this.channel = channel;
        this.pacer = channel.eventLoop().scheduleAtFixedRate(this::tick, 20, 20, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void send(short[] frame) {
        long now = System.nanoTime();
        if (lastTick != 0) {
            Pacing.gap(now - lastTick);
        }
        lastTick = now;
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
        pacer.cancel(false);
    }
}
