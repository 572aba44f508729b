package dev.guanjia.voice.audio;

/**
 * Hears keypad tones in the caller's audio (in-band DTMF), for trunks and PBXs that pass keys as
 * sound instead of RFC 4733 events or AudioSocket DTMF messages. Goertzel filters at the eight
 * DTMF frequencies over 10.6 ms blocks (85 samples at 8 kHz); a key counts when one row and one
 * column tone carry most of the block's energy in two blocks running (ITU-T Q.24 asks for 40 ms
 * keys), and is reported once, on key-down, until the tones stop. Speech rarely passes: its energy
 * spreads beyond two pure tones.
 */
public final class DtmfDetector {

    private static final double[] ROWS = {697, 770, 852, 941};
    private static final double[] COLS = {1209, 1336, 1477, 1633};
    private static final char[][] KEYS = {
            {'1', '2', '3', 'A'}, {'4', '5', '6', 'B'}, {'7', '8', '9', 'C'}, {'*', '0', '#', 'D'}};
    private static final int BLOCK = 102; // ~12.75 ms: bins 78 Hz wide, narrower than the tones' spacing

    private final short[] block = new short[BLOCK];
    private int filled;
    private char candidate;
    private int seen;
    private boolean down;

    /** Feeds audio; returns the key newly pressed in it, or 0. */
    public char accept(short[] samples) {
        char pressed = 0;
        for (short s : samples) {
            block[filled++] = s;
            if (filled == BLOCK) {
                filled = 0;
                char k = analyse();
                if (k != 0 && k == candidate) {
                    seen++;
                } else {
                    candidate = k;
                    seen = k == 0 ? 0 : 1;
                }
                if (k == 0) {
                    down = false;
                } else if (seen >= 3 && !down) {
                    down = true;
                    pressed = k;
                }
            }
        }
        return pressed;
    }

    private char analyse() {
        double energy = 0;
        for (short s : block) {
            energy += (double) s * s;
        }
        if (energy / BLOCK < 100 * 100) {
            return 0; // too quiet for a key (about -50 dBm0)
        }
        int row = strongest(ROWS);
        int col = strongest(COLS);
        double r = power(ROWS[row]);
        double c = power(COLS[col]);
        // twist: the two tones within 8 dB of each other (ITU allows 4–8 dB)
        if (r < c / 6.3 || c < r / 6.3) {
            return 0;
        }
        // the other frequencies of each group well below the strongest
        for (int i = 0; i < 4; i++) {
            if (i != row && power(ROWS[i]) > r / 5) {
                return 0;
            }
            if (i != col && power(COLS[i]) > c / 5) {
                return 0;
            }
        }
        // two pure tones carry most of the energy (Goertzel power of a sine ≈ (N·A/2)², energy = N·A²/2)
        double tones = 2 * (r + c) / BLOCK;
        if (tones < 0.6 * energy) {
            return 0;
        }
        return KEYS[row][col];
    }

    private int strongest(double[] freqs) {
        int best = 0;
        double max = -1;
        for (int i = 0; i < freqs.length; i++) {
            double p = power(freqs[i]);
            if (p > max) {
                max = p;
                best = i;
            }
        }
        return best;
    }

    private double power(double freq) {
        return Pcm.power(block, freq);
    }
}
