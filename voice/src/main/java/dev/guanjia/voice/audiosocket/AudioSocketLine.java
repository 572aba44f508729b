package dev.guanjia.voice.audiosocket;

import dev.guanjia.voice.audio.Pcm;
import dev.guanjia.voice.call.CallLine;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The outbound side of an AudioSocket call: prompts are cut into 20 ms frames and sent on the
 * channel's event loop at a fixed rate (silence when there is nothing to say, so the stream never
 * stalls).
 */
final class AudioSocketLine implements CallLine {

    private static final byte[] SILENCE = new byte[Pcm.FRAME_BYTES];

    private final Channel channel;
    private final ConcurrentLinkedQueue<byte[]> frames = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final ScheduledFuture<?> pacer;

    AudioSocketLine(Channel channel) {
        this.channel = channel;
        this.pacer = channel.eventLoop().scheduleAtFixedRate(this::tick, 20, 20, TimeUnit.MILLISECONDS);
    }

    private long lastTick;

    private void tick() {
        long now = System.nanoTime();
        if (lastTick != 0) {
            Pacing.gap(now - lastTick);
        }
        lastTick = now;
        byte[] next = frames.poll();
        if (next != null) {
            queued.decrementAndGet();
        }
        if (channel.isActive()) {
            channel.writeAndFlush(AudioSocketMessage.audio(next == null ? SILENCE : next));
        }
    }

    @Override
    public void play(short[] pcm) {
        for (int i = 0; i < pcm.length; i += Pcm.FRAME_SAMPLES) {
            short[] frame = new short[Pcm.FRAME_SAMPLES];
            System.arraycopy(pcm, i, frame, 0, Math.min(Pcm.FRAME_SAMPLES, pcm.length - i));
            frames.add(Pcm.toBytes(frame, 0, Pcm.FRAME_SAMPLES));
            queued.incrementAndGet();
        }
    }

    @Override
    public void stopPlayback() {
        int n = 0;
        while (frames.poll() != null) {
            n++;
        }
        queued.addAndGet(-n);
    }

    @Override
    public long queuedMillis() {
        return Math.max(0, queued.get()) * 20L;
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
