package dev.guanjia.voice.speech;

import dev.guanjia.voice.audio.Pcm;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * espeak-ng (Debian package) with the cmn-latn-pinyin voice — the plain cmn voice reads Han
 * characters as English letters — resampled from its 22,050 Hz to the line's 8 kHz. The rate is
 * in Chinese characters per minute; the default 140 is slow enough for elderly listeners.
 */
public final class EspeakSynthesizer implements SpeechSynthesizer {

    private final String command;
    private final int espeakRate;

    public EspeakSynthesizer(String command, int charactersPerMinute) {
        this.command = command;
        // measured: espeak -s 130 gives about 139 Han characters a minute with this voice
        this.espeakRate = Math.max(60, Math.min(300, (int) Math.round(charactersPerMinute * 0.935)));
    }

    /** Whether the command runs here; the keypad menu still works (with silence) when it does not. */
    public boolean available() {
        try {
            Process p = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public short[] speak(String text) {
        try {
            Process p = new ProcessBuilder(List.of(command, "-v", "cmn-latn-pinyin", "-s", String.valueOf(espeakRate),
                    "--stdout", text)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] wav;
            try (InputStream in = p.getInputStream()) {
                wav = in.readAllBytes();
            }
            if (!p.waitFor(10, TimeUnit.SECONDS) || wav.length <= 44) {
                throw new IllegalStateException("espeak-ng produced no audio");
            }
            int rate = (wav[24] & 0xff) | (wav[25] & 0xff) << 8 | (wav[26] & 0xff) << 16 | (wav[27] & 0xff) << 24;
            byte[] data = java.util.Arrays.copyOfRange(wav, 44, wav.length - (wav.length - 44) % 2);
            return Pcm.resample(Pcm.fromBytes(data), rate, Pcm.RATE);
        } catch (IOException e) {
            throw new IllegalStateException("espeak-ng did not run (" + e.getMessage()
                    + "); install it: apt-get install espeak-ng", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
