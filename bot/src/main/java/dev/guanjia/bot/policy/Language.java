package dev.guanjia.bot.policy;

import dev.guanjia.knowledge.analysis.Pinyin;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The language a resident wrote in. English gets the desk's own sentences in English (quoted
 * articles stay Chinese with their citation); pinyin without tones is Chinese typed in Latin letters.
 */
public enum Language {
    ZH, EN;

    private static final Pattern WORD = Pattern.compile("[a-z']+");
    private static final Set<String> ENGLISH = Set.of("the", "my", "i", "is", "are", "can", "do", "does", "you", "how",
            "what", "where", "when", "please", "with", "to", "of", "for", "a", "an", "it", "in", "on", "me", "someone",
            "there", "this", "that", "hi", "hello", "thanks", "thank", "want", "need", "help", "our", "we", "any",
            "not", "won't", "isn't", "doesn't", "i'm", "it's", "have", "has", "again", "still", "and", "or", "at");

    /** English when the text has no Chinese characters and reads as English words rather than pinyin. */
    public static Language of(String text) {
        if (text == null || text.codePoints().anyMatch(c -> c >= 0x4E00 && c <= 0x9FFF)) {
            return ZH;
        }
        var m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        int words = 0;
        int english = 0;
        int notPinyin = 0;
        while (m.find()) {
            String w = m.group();
            words++;
            // "an le" (按了) and "a" are pinyin too: only English words that cannot be pinyin say English
            if (ENGLISH.contains(w) && !Pinyin.isPinyin(w.replace("'", ""))) {
                english++;
            }
            if (!Pinyin.isPinyin(w.replace("'", ""))) {
                notPinyin++;
            }
        }
        if (words == 0) {
            return ZH;
        }
        return english > 0 || notPinyin * 10 >= words * 4 ? EN : ZH;
    }

    public boolean english() {
        return this == EN;
    }

    /** The sentence in this language: Chinese or English. */
    public String say(String zh, String en) {
        return this == EN ? en : zh;
    }
}
