package dev.guanjia.voice.audio;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PcmTest {

    private static short[] tone(double hz, int rate, double seconds) {
        short[] s = new short[(int) (rate * seconds)];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) (8000 * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return s;
    }

    private static int crossings(short[] s) {
        int n = 0;
        for (int i = 1; i < s.length; i++) {
            if ((s[i - 1] < 0) != (s[i] < 0)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void resamplingKeepsPitchAndLengthAndDropsWhatTheLineCannotCarry() {
        short[] in = tone(1000, 22050, 1.0);
        short[] out = Pcm.resample(in, 22050, 8000);
        assertEquals(8000, out.length);
        assertEquals(2000, crossings(out), 20, "a 1 kHz tone stays 1 kHz");
        short[] high = Pcm.resample(tone(6000, 22050, 1.0), 22050, 8000);
        assertTrue(Pcm.rms(high) < 800, "6 kHz is above the 4 kHz the line carries: " + Pcm.rms(high));
    }

    @Test
    void bytesAreLittleEndianSigned() {
        short[] s = {0, 1, -1, Short.MAX_VALUE, Short.MIN_VALUE};
        byte[] b = Pcm.toBytes(s, 0, s.length);
        assertEquals(0x01, b[2]);
        assertEquals(0x00, b[3]);
        assertArrayEquals(s, Pcm.fromBytes(b));
    }
}
