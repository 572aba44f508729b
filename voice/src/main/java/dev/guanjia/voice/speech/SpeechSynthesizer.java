package dev.guanjia.voice.speech;

/** Text to 8 kHz signed 16-bit speech for the phone line (espeak-ng by default; a cloud or recorded voice fits here). */
public interface SpeechSynthesizer {

    short[] speak(String text);
}
