package dev.guanjia.voice.audiosocket;

import dev.guanjia.voice.audio.DtmfDetector;
import dev.guanjia.voice.audio.Pcm;
import dev.guanjia.voice.call.CallFlow;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;

import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.logging.Logger;

/**
 * One AudioSocket connection = one call. The first message names the call (UUID); audio and keys
 * go to the call flow; a hang-up, an error or a closed socket ends it. Messages before the UUID,
 * or of unknown types, are ignored rather than fatal. Keys come as DTMF messages or as tones in
 * the audio (in-band); a key heard both ways within a moment counts once. A caller who is merely
 * silent keeps the call: only minutes without a key or speech end it, with a goodbye.
 * <p>
 * Asterisk ends a call the caller hung up by closing the socket (or with a hang-up message): the
 * caller hung up. A connection that fails (reset, an error message, minutes of nothing at all)
 * cut the call off: it is recorded so, and a caller cut during a hand-off gets a callback.
 */
final class AudioSocketCallHandler extends SimpleChannelInboundHandler<AudioSocketMessage> {

    private static final Logger LOG = Logger.getLogger(AudioSocketCallHandler.class.getName());
    private static final long SAME_KEY_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

    private final AudioSocketServer.Limits limits;
    private final BiFunction<UUID, AudioSocketLine, CallFlow> calls;
    private final Dialplan dialplan;
    private final DtmfDetector tones = new DtmfDetector();
    private CallFlow flow;
    private AudioSocketLine line;
    private ScheduledFuture<?> watch;
    private long lastInput = System.nanoTime();
    private long lastMessage = System.nanoTime();
    private char lastKey;
    private boolean cutOff;
    private long lastKeyAt;
    // the call's own thread: synthesis and the service desk must never hold up the event loop,
    // which paces every call's frames
    private final ExecutorService events = Executors.newSingleThreadExecutor(Thread.ofVirtual().factory());

    AudioSocketCallHandler(AudioSocketServer.Limits limits, BiFunction<UUID, AudioSocketLine, CallFlow> calls,
                           Dialplan dialplan) {
        this.limits = limits;
        this.calls = calls;
        this.dialplan = dialplan;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        long every = Math.max(100, Math.min(limits.inactivity().toMillis(), limits.silentSocket().toMillis()) / 10);
        watch = ctx.executor().scheduleAtFixedRate(() -> check(ctx), every, every, TimeUnit.MILLISECONDS);
    }

    /** On the event loop: the inactivity limit, and a socket that has gone quiet altogether. */
    private void check(ChannelHandlerContext ctx) {
        long now = System.nanoTime();
        if (now - lastMessage > limits.silentSocket().toNanos()) {
            LOG.warning("AudioSocket: nothing received for " + limits.silentSocket().toSeconds()
                    + " s from " + ctx.channel().remoteAddress() + "; closing the call");
            cutOff = true;
            ctx.close();
        } else if (flow == null && now - lastMessage > TimeUnit.SECONDS.toNanos(10)) {
            LOG.warning("AudioSocket: no call UUID from " + ctx.channel().remoteAddress() + " in 10 s; closing");
            ctx.close();
        } else if (flow != null && now - lastInput > limits.inactivity().toNanos()) {
            lastInput = now; // once: the goodbye is on its way
            CallFlow f = flow;
            LOG.info(() -> "AudioSocket call " + f.id() + ": no key or speech for "
                    + limits.inactivity().toSeconds() + " s; saying goodbye");
            events.execute(f::onInactivity);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, AudioSocketMessage m) {
        lastMessage = System.nanoTime();
        switch (m.type()) {
            case AudioSocketMessage.UUID -> {
                if (flow == null && m.payload().length == 16) {
                    ByteBuffer b = ByteBuffer.wrap(m.payload());
                    UUID id = new UUID(b.getLong(), b.getLong());
                    line = new AudioSocketLine(ctx.channel(), id, dialplan);
                    flow = calls.apply(id, line);
                    lastInput = System.nanoTime();
                    CallFlow f = flow;
                    events.execute(f::start);
                }
            }
            case AudioSocketMessage.AUDIO -> {
                if (flow != null) {
                    CallFlow f = flow;
                    short[] frame = Pcm.fromBytes(m.payload());
                    char k = tones.accept(frame);
                    if (k != 0) {
                        key(k);
                    } else if (Pcm.rms(frame) > 500) {
                        lastInput = System.nanoTime(); // the caller is speaking
                    }
                    events.execute(() -> f.onAudio(frame));
                }
            }
            case AudioSocketMessage.DTMF -> {
                if (flow != null && m.payload().length == 1) {
                    key((char) m.payload()[0]);
                }
            }
            case AudioSocketMessage.HANGUP -> ctx.close();
            case AudioSocketMessage.ERROR -> {
                cutOff = true;
                ctx.close();
            }
            default -> LOG.fine(() -> "AudioSocket message of unknown type " + m.type() + " ignored");
        }
    }

    private void key(char digit) {
        long now = System.nanoTime();
        lastInput = now;
        if (digit == lastKey && now - lastKeyAt < SAME_KEY_NANOS) {
            return; // the same key as a DTMF message and as tones
        }
        lastKey = digit;
        lastKeyAt = now;
        CallFlow f = flow;
        events.execute(() -> f.onDigit(digit));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (watch != null) {
            watch.cancel(false);
        }
        if (line != null) {
            line.stop();
        }
        if (flow != null) {
            CallFlow f = flow;
            if (cutOff) {
                events.execute(() -> f.cutOff(dev.guanjia.voice.call.CallRecords.CUT_OFF));
            } else {
                events.execute(f::onHangUp);
            }
        }
        events.shutdown();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warning("AudioSocket call from " + ctx.channel().remoteAddress() + " failed: " + cause);
        cutOff = true;
        ctx.close();
    }
}
