package dev.guanjia.voice.audiosocket;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class AudioSocketDecoderTest {

    @Test
    void messagesSplitAcrossSegmentsComeOutWhole() {
        EmbeddedChannel ch = new EmbeddedChannel(new AudioSocketDecoder());
        byte[] uuid = {0x01, 0x00, 0x10, 0x40, 0x32, 0x5e, (byte) 0xc2, 0x5e, (byte) 0xfd, 0x4b, (byte) 0xd3,
                (byte) 0x80, 0x5f, 0x53, 0x57, 0x6e, 0x58, 0x1d, 0x13};
        ch.writeInbound(Unpooled.wrappedBuffer(uuid, 0, 7));
        assertNull(ch.readInbound(), "not yet whole");
        ch.writeInbound(Unpooled.wrappedBuffer(uuid, 7, uuid.length - 7));
        AudioSocketMessage m = ch.readInbound();
        assertEquals(AudioSocketMessage.UUID, m.type());
        assertEquals(16, m.payload().length);
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[]{0x03, 0x00, 0x01, 0x35, 0x00, 0x00, 0x00}));
        AudioSocketMessage dtmf = ch.readInbound();
        assertArrayEquals(new byte[]{'5'}, dtmf.payload());
        assertEquals(AudioSocketMessage.HANGUP, ((AudioSocketMessage) ch.readInbound()).type());
    }

    @Test
    void theCallersNumberIsReadFromTheUuid() {
        assertEquals("13962000101", AudioSocketCallHandler.callerOf(UUID.fromString("00000000-0000-4000-8000-013962000101")));
        assertEquals("057188880000", AudioSocketCallHandler.callerOf(UUID.fromString("00000000-0000-4000-8000-057188880000")));
        assertNull(AudioSocketCallHandler.callerOf(UUID.fromString("40325ec2-5efd-4bd3-805f-53576e581d13")));
    }
}
