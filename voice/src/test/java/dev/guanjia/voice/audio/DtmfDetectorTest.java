package dev.guanjia.voice.audio;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Keys generated as tones, through G.711 as a trunk carries them, are heard once each. */
class DtmfDetectorTest {

    private static final double[][] TONES = {
            {941, 1336}, {697, 1209}, {697, 1336}, {697, 1477}, {770, 1209}, {770, 1336}, {770, 1477},
            {852, 1209}, {852, 1336}, {852, 1477}};

    /** A key for ms milliseconds, then silence, with a little line noise, through μ-law. */
    static short[] key(int digit, int ms, int gapMs, Random noise) {
        int n = (ms + gapMs) * 8;
        short[] out = new short[n];
        for (int i = 0; i < n; i++) {
            double v = noise.nextGaussian() * 30;
            if (i < ms * 8) {
                v += 5000 * Math.sin(2 * Math.PI * TONES[digit][0] * i / 8000.0)
                        + 4000 * Math.sin(2 * Math.PI * TONES[digit][1] * i / 8000.0);
            }
            out[i] = (short) Math.round(v);
        }
        byte[] ulaw = G711.encodeUlaw(out, 0, n);
        return G711.decode(ulaw, 0, ulaw.length, false);
    }

    private static String detect(short[] audio) {
        DtmfDetector d = new DtmfDetector();
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i + Pcm.FRAME_SAMPLES <= audio.length; i += Pcm.FRAME_SAMPLES) {
            short[] frame = new short[Pcm.FRAME_SAMPLES];
            System.arraycopy(audio, i, frame, 0, frame.length);
            char k = d.accept(frame);
            if (k != 0) {
                keys.append(k);
            }
        }
        return keys.toString();
    }

    @Test
    void everyDigitIsHeardOnceFromGeneratedTones() {
        Random noise = new Random(7);
        StringBuilder expected = new StringBuilder();
        short[] audio = new short[0];
        for (int digit : new int[]{1, 3, 8, 0, 0, 5, 9, 2, 4, 6, 7}) {
            expected.append(digit);
            short[] k = key(digit, 60, 60, noise);
            short[] joined = new short[audio.length + k.length];
            System.arraycopy(audio, 0, joined, 0, audio.length);
            System.arraycopy(k, 0, joined, audio.length, k.length);
            audio = joined;
        }
        assertEquals(expected.toString(), detect(audio));
    }

    @Test
    void aLongKeyIsOneKeyAndSpeechLikeSoundIsNoKey() {
        assertEquals("5", detect(key(5, 600, 100, new Random(1))));
        Random r = new Random(3);
        short[] voice = new short[8000 * 3];
        for (int i = 0; i < voice.length; i++) {
            double t = i / 8000.0;
            // a vowel-like sound: a 140 Hz voice with many harmonics, and noise
            double v = 0;
            for (int h = 1; h < 25; h++) {
                v += 3000.0 / h * Math.sin(2 * Math.PI * 140 * (1 + 0.05 * Math.sin(3 * t)) * h * t);
            }
            voice[i] = (short) Math.max(-32000, Math.min(32000, v + r.nextGaussian() * 300));
        }
        assertEquals("", detect(voice));
    }
}
