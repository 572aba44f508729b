package dev.guanjia.voice.speech;

import dev.guanjia.voice.audio.G711;
import dev.guanjia.voice.audio.Pcm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real recognition: English speech made by espeak-ng, taken down to the phone line (8 kHz, G.711
 * µ-law and back), cut into 20 ms frames and recognized by the small English Vosk model from Maven
 * Central through the same recognizer the line uses (which upsamples to 16 kHz).
 */
class VoskRecognizerTest {

    static VoskRecognizer vosk;

    @BeforeAll
    static void model() throws Exception {
        Path model = Path.of(System.getProperty("vosk.model", "target/vosk/assets/model-en-us"));
        assumeTrue(Files.isDirectory(model), "the English Vosk model is unpacked by the build");
        vosk = new VoskRecognizer(model);
    }

    @AfterAll
    static void close() {
        if (vosk != null) {
            vosk.close();
        }
    }

    /** espeak-ng English at 22,050 Hz → 8 kHz → µ-law → linear: what a phone call delivers. */
    private static short[] phoneSpeech(String text) throws Exception {
        Process p = new ProcessBuilder("espeak-ng", "-v", "en-us", "-s", "150", "--stdout", text)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] wav;
        try (InputStream in = p.getInputStream()) {
            wav = in.readAllBytes();
        }
        short[] pcm = Pcm.resample(Pcm.fromBytes(Arrays.copyOfRange(wav, 44, wav.length - (wav.length - 44) % 2)),
                22050, 8000);
        byte[] ulaw = G711.encodeUlaw(pcm, 0, pcm.length);
        return G711.decode(ulaw, 0, ulaw.length, false);
    }

    private static SpeechRecognizer.Heard recognize(short[] audio, List<String> grammar) {
        try (SpeechRecognizer.Utterance u = vosk.start(grammar)) {
            for (int i = 0; i + Pcm.FRAME_SAMPLES <= audio.length; i += Pcm.FRAME_SAMPLES) {
                u.accept(Arrays.copyOfRange(audio, i, i + Pcm.FRAME_SAMPLES));
            }
            u.accept(new short[Pcm.FRAME_SAMPLES * 20]); // trailing silence
            return u.finish();
        }
    }

    @Test
    void phoneQualitySpeechIsRecognizedInGrammarAndFreeMode() throws Exception {
        assumeTrue(new EspeakSynthesizer("espeak-ng", 140).available(), "espeak-ng is not installed");
        short[] audio = phoneSpeech("my kitchen pipe is leaking");
        SpeechRecognizer.Heard menu = recognize(audio, List.of("my kitchen pipe is leaking", "what is the property fee",
                "i want to talk to a person", "repair", "yes", "no", "[unk]"));
        assertEquals("my kitchen pipe is leaking", menu.text());
        assertTrue(menu.confidence() > 0.6, "confident: " + menu.confidence());
        SpeechRecognizer.Heard free = recognize(audio, null);
        assertTrue(free.text().contains("kitchen"), free.text());
        SpeechRecognizer.Heard other = recognize(phoneSpeech("please repeat that"), List.of("yes", "no", "[unk]"));
        assertTrue(!other.text().equals("yes") && !other.text().equals("no") || other.confidence() < 0.8,
                "out-of-grammar speech is not taken for a menu word: " + other);
    }
}
