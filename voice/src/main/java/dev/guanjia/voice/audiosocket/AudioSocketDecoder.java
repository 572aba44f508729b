package dev.guanjia.voice.audiosocket;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;
import java.util.logging.Logger;

/**
 * Bytes to AudioSocket messages; waits for whole messages, whatever the TCP segments. Each type
 * has a small most a payload can be (a UUID 16 bytes, a key 1, audio a few hundred): a larger
 * length means the stream is corrupt, and waiting for 64 KB would swallow the caller's later keys,
 * so the connection is logged and closed instead.
 */
public final class AudioSocketDecoder extends ByteToMessageDecoder {

    private static final Logger LOG = Logger.getLogger(AudioSocketDecoder.class.getName());

    private final int maxAudio;

    /** @param maxAudio most bytes one audio message may carry (320 is 20 ms of 8 kHz slin) */
    public AudioSocketDecoder(int maxAudio) {
        this.maxAudio = maxAudio;
    }

    public AudioSocketDecoder() {
        this(4096);
    }

    /** The largest payload a type may carry; -1 for a type we do not know. */
    int limit(int type) {
        return switch (type) {
            case AudioSocketMessage.HANGUP -> 0;
            case AudioSocketMessage.UUID -> 16;
            case AudioSocketMessage.DTMF -> 1;
            case AudioSocketMessage.ERROR -> 64;
            default -> type >= AudioSocketMessage.AUDIO && type <= 0x18 ? maxAudio : -1;
        };
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= 3) {
            int start = in.readerIndex();
            int type = in.getUnsignedByte(start);
            int length = in.getUnsignedShort(start + 1);
            int limit = limit(type);
            if (length > Math.max(limit, 0) && (limit >= 0 || length > maxAudio)) {
                LOG.warning("AudioSocket from " + ctx.channel().remoteAddress() + ": a message of type 0x"
                        + Integer.toHexString(type) + " claims " + length + " bytes, more than the "
                        + Math.max(limit, maxAudio) + " allowed; the stream is corrupt, closing the connection");
                in.skipBytes(in.readableBytes());
                ctx.close();
                return;
            }
            if (in.readableBytes() < 3 + length) {
                return;
            }
            in.skipBytes(3);
            byte[] payload = new byte[length];
            in.readBytes(payload);
            out.add(new AudioSocketMessage(type, payload));
        }
    }
}
