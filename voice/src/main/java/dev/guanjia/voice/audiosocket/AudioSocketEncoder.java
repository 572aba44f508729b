package dev.guanjia.voice.audiosocket;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** AudioSocket messages to bytes. */
public final class AudioSocketEncoder extends MessageToByteEncoder<AudioSocketMessage> {

    @Override
    protected void encode(ChannelHandlerContext ctx, AudioSocketMessage m, ByteBuf out) {
        out.writeByte(m.type());
        out.writeShort(m.payload().length);
        out.writeBytes(m.payload());
    }
}
