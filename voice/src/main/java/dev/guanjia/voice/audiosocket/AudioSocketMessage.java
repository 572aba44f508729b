package dev.guanjia.voice.audiosocket;

/**
 * One Asterisk AudioSocket message: a type byte, a big-endian 16-bit length, the payload.
 * Types: 0x00 hang-up, 0x01 call UUID (16 bytes, first), 0x03 DTMF digit (1 ASCII byte),
 * 0x10 audio (signed linear 16-bit, 8 kHz, mono, little-endian), 0xff error.
 */
public record AudioSocketMessage(int type, byte[] payload) {

    public static final int HANGUP = 0x00;
    public static final int UUID = 0x01;
    public static final int DTMF = 0x03;
    public static final int AUDIO = 0x10;
    public static final int ERROR = 0xff;

    public static AudioSocketMessage audio(byte[] pcm) {
        return new AudioSocketMessage(AUDIO, pcm);
    }

    public static AudioSocketMessage hangup() {
        return new AudioSocketMessage(HANGUP, new byte[0]);
    }
}
