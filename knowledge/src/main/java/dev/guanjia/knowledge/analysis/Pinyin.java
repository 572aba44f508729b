package dev.guanjia.knowledge.analysis;

import net.sourceforge.pinyin4j.PinyinHelper;
import net.sourceforge.pinyin4j.format.HanyuPinyinCaseType;
import net.sourceforge.pinyin4j.format.HanyuPinyinOutputFormat;
import net.sourceforge.pinyin4j.format.HanyuPinyinToneType;
import net.sourceforge.pinyin4j.format.HanyuPinyinVCharType;
import net.sourceforge.pinyin4j.format.exception.BadHanyuPinyinOutputFormatCombination;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Toneless pinyin, both ways: Chinese text to syllables, and typed Latin letters ("mensuo") split
 * back into syllables. Residents type with pinyin input methods, so a wrong character of the same
 * sound (物页费 for 物业费) and a question typed in pinyin both meet the document here.
 */
public final class Pinyin {

    private static final HanyuPinyinOutputFormat FORMAT = new HanyuPinyinOutputFormat();
    private static final String[] CACHE = new String[0x9FFF - 0x4E00 + 1];
    private static volatile Set<String> syllables;

    static {
        FORMAT.setCaseType(HanyuPinyinCaseType.LOWERCASE);
        FORMAT.setToneType(HanyuPinyinToneType.WITHOUT_TONE);
        FORMAT.setVCharType(HanyuPinyinVCharType.WITH_V);
    }

    private Pinyin() {
    }

    /** The first reading of a CJK character, or null for anything else. */
    public static String of(char c) {
        if (c < 0x4E00 || c > 0x9FFF) {
            return null;
        }
        String cached = CACHE[c - 0x4E00];
        if (cached == null) {
            try {
                String[] all = PinyinHelper.toHanyuPinyinStringArray(c, FORMAT);
                cached = all == null || all.length == 0 ? "" : all[0];
            } catch (BadHanyuPinyinOutputFormatCombination e) {
                cached = "";
            }
            CACHE[c - 0x4E00] = cached;
        }
        return cached.isEmpty() ? null : cached;
    }

    /**
     * Syllables of a text in order: Chinese characters by their reading, runs of Latin letters split
     * into syllables when they spell pinyin; anything else breaks the sequence (null entries).
     */
    public static List<String> syllables(String text) {
        List<String> out = new ArrayList<>();
        String lower = text.toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < lower.length()) {
            char c = lower.charAt(i);
            if (c >= 'a' && c <= 'z') {
                int j = i;
                while (j < lower.length() && lower.charAt(j) >= 'a' && lower.charAt(j) <= 'z') {
                    j++;
                }
                List<String> split = split(lower.substring(i, j));
                if (split == null) {
                    out.add(null);
                } else {
                    out.addAll(split);
                }
                i = j;
            } else {
                String p = of(c);
                if (p != null) {
                    out.add(p);
                } else if (!Character.isWhitespace(c)) {
                    out.add(null);
                }
                i++;
            }
        }
        return out;
    }

    /** Pairs of neighbouring syllables ("men_jin jin_ka"), the pinyin field's terms. */
    public static String bigrams(String text) {
        List<String> s = syllables(text);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i + 1 < s.size(); i++) {
            if (s.get(i) != null && s.get(i + 1) != null) {
                out.append(s.get(i)).append('_').append(s.get(i + 1)).append(' ');
            }
        }
        return out.toString();
    }

    /** True when at least four in five of a text's Latin words spell pinyin ("kaisuo duoshao qian"). */
    public static boolean mostlyPinyin(String text) {
        int all = 0;
        int pinyin = 0;
        for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
            if (!w.isEmpty()) {
                all++;
                pinyin += isPinyin(w) ? 1 : 0;
            }
        }
        return all > 0 && pinyin * 10 >= all * 8;
    }

    /** True when a word of Latin letters spells a sequence of pinyin syllables. */
    public static boolean isPinyin(String word) {
        return split(word.toLowerCase(Locale.ROOT)) != null;
    }

    /** Splits letters into syllables, preferring the longest syllable that still lets the rest split. */
    static List<String> split(String letters) {
        Set<String> all = syllableSet();
        List<String>[] best = new List[letters.length() + 1];
        best[letters.length()] = new ArrayList<>();
        for (int i = letters.length() - 1; i >= 0; i--) {
            for (int len = Math.min(6, letters.length() - i); len >= 1; len--) {
                String s = letters.substring(i, i + len);
                if (all.contains(s) && best[i + len] != null) {
                    List<String> path = new ArrayList<>();
                    path.add(s);
                    path.addAll(best[i + len]);
                    best[i] = path;
                    break;
                }
            }
        }
        return best[0];
    }

    private static Set<String> syllableSet() {
        Set<String> s = syllables;
        if (s == null) {
            s = new HashSet<>();
            for (char c = 0x4E00; c <= 0x9FA5; c++) {
                String p = of(c);
                if (p != null) {
                    s.add(p);
                }
            }
            // single vowels that residents type but that are rare as whole syllables in the table
            s.add("a");
            s.add("o");
            s.add("e");
            syllables = s;
        }
        return s;
    }
}
