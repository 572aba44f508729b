package dev.guanjia.voice.speech;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.voice.audio.Pcm;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;
import org.vosk.Recognizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Vosk speech recognition in-process. Phone audio is 8 kHz and the models are 16 kHz: every
 * frame is upsampled first (fed at 8 kHz, a 16 kHz model returns empty text). With grammar words
 * the recognizer only chooses among them (menus; about 14× cheaper), else it takes free speech.
 * The model is an operator download (vosk-model-small-cn-0.22 for Chinese), set by path.
 */
public final class VoskRecognizer implements SpeechRecognizer, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Model model;

    public VoskRecognizer(Path modelDir) throws IOException {
        if (!Files.isDirectory(modelDir)) {
            throw new IOException("no Vosk model at " + modelDir + " (download vosk-model-small-cn-0.22 and set its path)");
        }
        LibVosk.setLogLevel(LogLevel.WARNINGS);
        this.model = new Model(modelDir.toString());
    }

    @Override
    public Utterance start(List<String> grammar) {
        try {
            Recognizer r = grammar == null ? new Recognizer(model, 16000)
                    : new Recognizer(model, 16000, JSON.writeValueAsString(grammar));
            r.setWords(true);
            return new Utterance() {
                @Override
                public void accept(short[] frame8k) {
                    short[] wide = Pcm.resample(frame8k, Pcm.RATE, 16000);
                    byte[] bytes = Pcm.toBytes(wide, 0, wide.length);
                    r.acceptWaveForm(bytes, bytes.length);
                }

                @Override
                public Heard finish() {
                    try {
                        JsonNode result = JSON.readTree(r.getFinalResult());
                        String text = result.path("text").asText("").replace("[unk]", "").strip();
                        double sum = 0;
                        int n = 0;
                        for (JsonNode w : result.path("result")) {
                            sum += w.path("conf").asDouble(0);
                            n++;
                        }
                        return new Heard(text, n == 0 ? 0 : sum / n);
                    } catch (IOException e) {
                        return new Heard("", 0);
                    }
                }

                @Override
                public void close() {
                    r.close();
                }
            };
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the recognizer: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
