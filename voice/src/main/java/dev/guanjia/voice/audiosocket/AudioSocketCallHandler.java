package dev.guanjia.voice.audiosocket;

import dev.guanjia.voice.audio.Pcm;
import dev.guanjia.voice.call.CallFlow;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;

import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.logging.Logger;

/**
 * One AudioSocket connection = one call. The first message names the call (UUID); audio and keys
 * go to the call flow; a hang-up, an error or a closed socket ends it. Messages before the UUID,
 * or of unknown types, are ignored rather than fatal.
 */
final class AudioSocketCallHandler extends SimpleChannelInboundHandler<AudioSocketMessage> {

    private static final Logger LOG = Logger.getLogger(AudioSocketCallHandler.class.getName());

    private final BiFunction<UUID, AudioSocketLine, CallFlow> calls;
    private CallFlow flow;
    private AudioSocketLine line;
    // the call's own thread: synthesis and the service desk must never hold up the event loop,
    // which paces every call's frames
    private final java.util.concurrent.ExecutorService events =
            java.util.concurrent.Executors.newSingleThreadExecutor(Thread.ofVirtual().factory());

    AudioSocketCallHandler(BiFunction<UUID, AudioSocketLine, CallFlow> calls) {
        this.calls = calls;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, AudioSocketMessage m) {
        switch (m.type()) {
            case AudioSocketMessage.UUID -> {
                if (flow == null && m.payload().length == 16) {
                    ByteBuffer b = ByteBuffer.wrap(m.payload());
                    UUID id = new UUID(b.getLong(), b.getLong());
                    line = new AudioSocketLine(ctx.channel());
                    flow = calls.apply(id, line);
                    CallFlow f = flow;
                    events.execute(f::start);
                }
            }
            case AudioSocketMessage.AUDIO -> {
                if (flow != null) {
                    CallFlow f = flow;
                    short[] frame = Pcm.fromBytes(m.payload());
                    events.execute(() -> f.onAudio(frame));
                }
            }
            case AudioSocketMessage.DTMF -> {
                if (flow != null && m.payload().length == 1) {
                    CallFlow f = flow;
                    char digit = (char) m.payload()[0];
                    events.execute(() -> f.onDigit(digit));
                }
            }
            case AudioSocketMessage.HANGUP, AudioSocketMessage.ERROR -> ctx.close();
            default -> LOG.fine(() -> "AudioSocket message of unknown type " + m.type() + " ignored");
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (line != null) {
            line.stop();
        }
        if (flow != null) {
            CallFlow f = flow;
            events.execute(f::onHangUp);
        }
        events.shutdown();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warning("AudioSocket call failed: " + cause.getMessage());
        ctx.close();
    }

    /**
     * The caller's number rides in the call UUID the dialplan chooses: its last group holds the
     * digits, left-padded with zeros to 12 (00000000-0000-4000-8000-013962000101 for a mobile,
     * …-8000-057188880000 for a landline with its area code). Anything else is an unknown caller.
     */
    static String callerOf(UUID id) {
        String last = id.toString().substring(24);
        if (!last.matches("\\d{12}")) {
            return null;
        }
        if (last.startsWith("01") && last.substring(1).matches("1[3-9]\\d{9}")) {
            return last.substring(1); // a mobile number, padded with one zero
        }
        // a landline keeps its area code's 0; shorter numbers were padded with more zeros
        String digits = last.startsWith("00") ? last.replaceFirst("^0+", "") : last;
        return digits.length() >= 7 ? digits : null;
    }
}
