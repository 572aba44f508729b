package dev.guanjia.voice.call;

import dev.guanjia.voice.audio.Pcm;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The outbound half any transport shares: prompts cut into 20 ms frames, queued, and handed to
 * the transport one per tick (silence when there is nothing to say). The transport calls
 * {@link #tick()} every 20 ms from its own timer.
 */
public abstract class PacedLine implements CallLine {

    private static final short[] SILENCE = new short[Pcm.FRAME_SAMPLES];
    private final ConcurrentLinkedQueue<short[]> frames = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private long lastTick;

    /** Sends one 20 ms frame (160 samples at 8 kHz). */
    protected abstract void send(short[] frame);

    /** The next frame goes out; call every 20 ms. */
    protected void tick() {
        long now = System.nanoTime();
        if (lastTick != 0) {
            Pacing.gap(now - lastTick);
        }
        lastTick = now;
        short[] next = frames.poll();
        if (next != null) {
            queued.decrementAndGet();
        }
        send(next == null ? SILENCE : next);
    }

    @Override
    public void play(short[] pcm) {
        for (int i = 0; i < pcm.length; i += Pcm.FRAME_SAMPLES) {
            short[] frame = new short[Pcm.FRAME_SAMPLES];
            System.arraycopy(pcm, i, frame, 0, Math.min(Pcm.FRAME_SAMPLES, pcm.length - i));
            frames.add(frame);
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
}
