package dev.guanjia.voice.audio;

/** G.711 µ-law (PCMU, payload type 0) and A-law (PCMA, 8) to and from signed 16-bit samples. */
public final class G711 {

    private static final short[] ULAW = new short[256];
    private static final short[] ALAW = new short[256];

    static {
        for (int i = 0; i < 256; i++) {
            int u = ~i & 0xff;
            int t = ((u & 0x0f) << 3) + 0x84;
            t <<= (u & 0x70) >> 4;
            ULAW[i] = (short) ((u & 0x80) != 0 ? 0x84 - t : t - 0x84);
            int a = i ^ 0x55;
            int seg = (a & 0x70) >> 4;
            int v = (a & 0x0f) << 4;
            v = seg == 0 ? v + 8 : seg == 1 ? v + 0x108 : (v + 0x108) << (seg - 1);
            ALAW[i] = (short) ((a & 0x80) != 0 ? v : -v);
        }
    }

    private G711() {
    }

    public static short[] decode(byte[] payload, int offset, int length, boolean alaw) {
        short[] out = new short[length];
        short[] table = alaw ? ALAW : ULAW;
        for (int i = 0; i < length; i++) {
            out[i] = table[payload[offset + i] & 0xff];
        }
        return out;
    }

    public static byte[] encodeUlaw(short[] pcm, int from, int count) {
        byte[] out = new byte[count];
        for (int i = 0; i < count; i++) {
            int s = pcm[from + i];
            int sign = s < 0 ? 0x80 : 0;
            int mag = Math.min(32635, Math.abs(s)) + 0x84;
            int exp = 7;
            for (int mask = 0x4000; (mag & mask) == 0 && exp > 0; mask >>= 1) {
                exp--;
            }
            int mant = (mag >> (exp + 3)) & 0x0f;
            out[i] = (byte) ~(sign | (exp << 4) | mant);
        }
        return out;
    }

    public static byte[] encodeAlaw(short[] pcm, int from, int count) {
        byte[] out = new byte[count];
        for (int i = 0; i < count; i++) {
            int s = pcm[from + i];
            int sign = s >= 0 ? 0x80 : 0;
            int mag = Math.min(32767, Math.abs(s)) >> 3;
            int seg = 0;
            for (int v = mag >> 5; v > 0 && seg < 7; v >>= 1) {
                seg++;
            }
            int mant = seg == 0 ? (mag >> 1) & 0x0f : (mag >> seg) & 0x0f;
            out[i] = (byte) ((sign | (seg << 4) | mant) ^ 0x55);
        }
        return out;
    }
}
