package dev.guanjia.voice.audiosocket;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/** Bytes to AudioSocket messages; waits for whole messages, whatever the TCP segments. */
public final class AudioSocketDecoder extends ByteToMessageDecoder {

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= 3) {
            int start = in.readerIndex();
            int type = in.getUnsignedByte(start);
            int length = in.getUnsignedShort(start + 1);
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
