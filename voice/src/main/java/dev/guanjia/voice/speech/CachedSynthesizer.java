package dev.guanjia.voice.speech;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Keeps the audio of recent prompts: greetings and menus are the same for every caller. */
public final class CachedSynthesizer implements SpeechSynthesizer {

    private final SpeechSynthesizer inner;
    private final Map<String, short[]> recent;

    public CachedSynthesizer(SpeechSynthesizer inner, int entries) {
        this.inner = inner;
        this.recent = Collections.synchronizedMap(new LinkedHashMap<>(entries, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, short[]> eldest) {
                return size() > entries;
            }
        });
    }

    @Override
    public short[] speak(String text) {
        short[] pcm = recent.get(text);
        if (pcm == null) {
            pcm = inner.speak(text);
            recent.put(text, pcm);
        }
        return pcm;
    }
}
