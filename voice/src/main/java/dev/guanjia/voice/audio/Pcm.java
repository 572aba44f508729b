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

    /**
     * Changes the sample rate: a windowed-sinc low-pass at the lower of the two Nyquist
     * frequencies, then band-limited interpolation. Good enough for speech on a phone line.
     */
    public static short[] resample(short[] in, int fromRate, int toRate) {
        if (fromRate == toRate) {
            return in.clone();
        }
        int outLength = (int) ((long) in.length * toRate / fromRate);
        short[] out = new short[outLength];
        double ratio = (double) fromRate / toRate;
        double cutoff = Math.min(1.0, (double) toRate / fromRate) * 0.95;
        int half = 16;
        for (int i = 0; i < outLength; i++) {
            double center = i * ratio;
            int first = (int) Math.floor(center) - half + 1;
            double acc = 0;
            double weights = 0;
            for (int j = first; j < first + 2 * half; j++) {
                if (j < 0 || j >= in.length) {
                    continue;
                }
                double x = (j - center) * cutoff;
                double sinc = x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
                double window = 0.5 + 0.5 * Math.cos(Math.PI * (j - center) / half);
                double w = sinc * Math.max(0, window);
                acc += in[j] * w;
                weights += w;
            }
            double v = weights == 0 ? 0 : acc / weights;
            out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
        }
        return out;
    }

    /** A stretch of silence, for pauses between menu items. */
    public static short[] silence(int millis) {
        return new short[RATE * millis / 1000];
    }
}
