package dev.guanjia.voice.audio;

/**
 * Signed 16-bit mono audio as the phone line carries it: 8 kHz, 20 ms frames of 160 samples
 * (320 bytes, little-endian, as AudioSocket sends slin).
 */
public final class Pcm {

    public static final int RATE = 8000;
    public static final int FRAME_SAMPLES = 160;
    public static final int FRAME_BYTES = 320;

    private Pcm() {
    }

    public static byte[] toBytes(short[] samples, int from, int count) {
        byte[] out = new byte[count * 2];
        for (int i = 0; i < count; i++) {
            short s = samples[from + i];
            out[2 * i] = (byte) s;
            out[2 * i + 1] = (byte) (s >> 8);
        }
        return out;
    }

    public static short[] fromBytes(byte[] bytes) {
        short[] out = new short[bytes.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) ((bytes[2 * i] & 0xff) | (bytes[2 * i + 1] << 8));
        }
        return out;
    }

    /** Root mean square level of a frame (0..32767), for the voice activity detector. */
    public static double rms(short[] frame) {
        double sum = 0;
        for (short s : frame) {
            sum += (double) s * s;
        }
        return frame.length == 0 ? 0 : Math.sqrt(sum / frame.length);
    }

    /** The samples' power at one frequency (Goertzel): how a tone detector hears a single tone. */
    public static double power(short[] samples, double hz) {
        double coeff = 2 * Math.cos(2 * Math.PI * hz / RATE);
        double s1 = 0;
        double s2 = 0;
        for (short x : samples) {
            double s0 = x + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - coeff * s1 * s2;
    }

    /**
     * Changes the sample rate: a windowed-sinc low-pass at the lower of the two Nyquist
     * frequencies, then band-limited interpolation. The taps depend only on the output sample's
     * phase, so they are computed once per rate pair (22,050 → 8,000 has 160 phases).
     */
    public static short[] resample(short[] in, int fromRate, int toRate) {
        if (fromRate == toRate) {
            return in.clone();
        }
        Filter f = FILTERS.computeIfAbsent(fromRate + ">" + toRate, k -> new Filter(fromRate, toRate));
        int outLength = (int) ((long) in.length * toRate / fromRate);
        short[] out = new short[outLength];
        for (int i = 0; i < outLength; i++) {
            long num = (long) i * fromRate;
            int base = (int) (num / toRate);
            int phase = (int) (i % f.phases);
            double[] taps = f.taps[phase];
            int first = base - HALF + 1;
            double acc = 0;
            double weights = 0;
            for (int t = 0; t < taps.length; t++) {
                int j = first + t;
                if (j >= 0 && j < in.length) {
                    acc += in[j] * taps[t];
                    weights += taps[t];
                }
            }
            double v = weights == 0 ? 0 : acc / weights;
            out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
        }
        return out;
    }

    private static final int HALF = 16;
    private static final java.util.Map<String, Filter> FILTERS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Interpolation taps for each output phase of one rate pair. */
    private static final class Filter {
        final int phases;
        final double[][] taps;

        Filter(int fromRate, int toRate) {
            int g = java.math.BigInteger.valueOf(fromRate).gcd(java.math.BigInteger.valueOf(toRate)).intValue();
            phases = toRate / g;
            taps = new double[phases][2 * HALF];
            double cutoff = Math.min(1.0, (double) toRate / fromRate) * 0.95;
            for (int p = 0; p < phases; p++) {
                double center = (double) p * fromRate / toRate;
                double frac = center - Math.floor(center);
                for (int t = 0; t < 2 * HALF; t++) {
                    double d = (t - HALF + 1) - frac; // tap position relative to the output instant
                    double x = d * cutoff;
                    double sinc = x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
                    double window = 0.5 + 0.5 * Math.cos(Math.PI * d / HALF);
                    taps[p][t] = sinc * Math.max(0, window);
                }
            }
        }
    }

    /** A stretch of silence, for pauses between menu items. */
    public static short[] silence(int millis) {
        return new short[RATE * millis / 1000];
    }
}
