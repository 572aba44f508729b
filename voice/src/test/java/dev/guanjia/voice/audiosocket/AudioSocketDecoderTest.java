package dev.guanjia.voice.audiosocket;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void anAbsurdLengthClosesTheConnectionInsteadOfSwallowingLaterKeys() {
        EmbeddedChannel ch = new EmbeddedChannel(new AudioSocketDecoder(640));
        // a key, then an "audio" message claiming 64 KB, then another key that must not vanish into it
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[]{0x03, 0x00, 0x01, '1', 0x10, (byte) 0xff, (byte) 0xf0, 0x03, 0x00, 0x01, '2'}));
        assertArrayEquals(new byte[]{'1'}, ((AudioSocketMessage) ch.readInbound()).payload());
        assertNull(ch.readInbound());
        assertFalse(ch.isOpen(), "closed, not waiting for 65,520 bytes");
        // a UUID message longer than a UUID is as corrupt
        EmbeddedChannel other = new EmbeddedChannel(new AudioSocketDecoder(640));
        other.writeInbound(Unpooled.wrappedBuffer(new byte[]{0x01, 0x00, 0x20}));
        assertFalse(other.isOpen());
        // 20 ms of audio is fine
        EmbeddedChannel fine = new EmbeddedChannel(new AudioSocketDecoder(640));
        byte[] audio = new byte[323];
        audio[0] = 0x10;
        audio[1] = 0x01;
        audio[2] = 0x40;
        fine.writeInbound(Unpooled.wrappedBuffer(audio));
        assertEquals(320, ((AudioSocketMessage) fine.readInbound()).payload().length);
        assertTrue(fine.isOpen());
    }
}
