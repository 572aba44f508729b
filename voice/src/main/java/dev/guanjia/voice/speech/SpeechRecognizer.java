package dev.guanjia.voice.speech;

/**
 * Speech to text for one utterance at a time: frames of 8 kHz audio go in while the caller
 * speaks; when the voice activity detector says they stopped, the result comes out.
 */
public interface SpeechRecognizer {

    /** What was understood and how sure the recognizer is (0..1); empty text when nothing. */
    record Heard(String text, double confidence) {
    }

    /** A fresh utterance for one call; grammar words narrow the recognizer (menus), null means free speech. */
    Utterance start(java.util.List<String> grammar);

    interface Utterance extends AutoCloseable {
        void accept(short[] frame8k);

        Heard finish();

        @Override
        void close();
    }
}
