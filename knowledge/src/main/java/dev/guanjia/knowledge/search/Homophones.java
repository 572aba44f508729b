package dev.guanjia.knowledge.search;

import dev.guanjia.knowledge.analysis.KnowledgeAnalysis;
import dev.guanjia.knowledge.analysis.Pinyin;
import dev.guanjia.knowledge.index.KeptPerReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.util.BytesRef;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A question's words typed with the wrong characters of the right sound ("车为费" for 车位费, "装秀" for
 * 装修, "电体" for 电梯), read as the articles' word: a pinyin input method offers every character of a
 * syllable, and residents pick the wrong one. The pinyin ranking already finds such a question's article,
 * but every other signal (meaning, words, how much of the question the article covers) saw a word no
 * article has, and the search refused to answer.
 *
 * <p>Only a span of two to four characters that no article visible to the community contains, that
 * the word analysis does not read as one word of its own (a real word the articles happen not to use,
 * such as "一下" next to an article's "以下", stays), and that sounds exactly like (tones aside) one word
 * of the community's articles is replaced; the longest span first.
 */
final class Homophones {

    private static final int SHORTEST = 2;
    private static final int LONGEST = 4;

    /** Per reader: the articles' words of 2–4 characters by their toneless pinyin, the commonest kept. */
    private static final KeptPerReader<String, Map<String, String>> WORDS = new KeptPerReader<>();

    private Homophones() {
    }

    /**
     * The text with its mistyped words replaced, or the text itself when it has none.
     *
     * @param known whether a phrase occurs in an article the community sees
     */
    static String repair(IndexSearcher searcher, KnowledgeAnalysis analysis, String text, Known known)
            throws IOException {
        Map<String, String> bySound = words(searcher.getIndexReader());
        if (bySound.isEmpty()) {
            return text;
        }
        // where the word analysis ends a single character: a mistyped word falls apart into characters
        // ("车为费" → 车/为/费), a real word stays whole, and a span across a word's edge is no word at all
        boolean[] single = singles(analysis, text);
        StringBuilder out = new StringBuilder(text.length());
        boolean changed = false;
        int i = 0;
        while (i < text.length()) {
            String replaced = null;
            int length = 0;
            for (int n = Math.min(LONGEST, run(text, i, single)); n >= SHORTEST && replaced == null; n--) {
                String span = text.substring(i, i + n);
                String word = bySound.get(sound(span));
                if (word != null && !word.equals(span) && sharesACharacter(span, word) && !grammar(span)
                        && !known.test(span) && known.test(word)) {
                    replaced = word;
                    length = n;
                }
            }
            if (replaced != null) {
                out.append(replaced);
                i += length;
                changed = true;
            } else {
                out.append(text.charAt(i));
                i++;
            }
        }
        return changed ? out.toString() : text;
    }

    /**
     * A slip of the input method picks the wrong character for one syllable, not for all: "车为" for 车位
     * keeps 车. Two characters that merely sound like a word ("我是" like 卧室, "收几" like 手机) are no typo.
     */
    private static boolean sharesACharacter(String span, String word) {
        for (int k = 0; k < span.length(); k++) {
            if (span.charAt(k) == word.charAt(k)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Characters of the grammar of any sentence and the commonest verbs: a span holding one of them
     * ("交几个月", "会收钱", "一间房", "进不去") is read as written; the sounds they share with the
     * articles' words are too many.
     */
    private static final String GRAMMAR = "一二三四五六七八九十几个只下上了的是不没在有我你他她这那就都也还又要会能"
            + "到去来进出得着过起把被给让和与跟子今头么啥咋哪谁多少从对很太最再才已";

    private static boolean grammar(String span) {
        return span.chars().anyMatch(c -> GRAMMAR.indexOf(c) >= 0);
    }

    /** Whether a phrase occurs in an article the community sees. */
    @FunctionalInterface
    interface Known {
        boolean test(String phrase) throws IOException;
    }

    /** How many single-character words of Chinese follow from {@code at}, itself included. */
    private static int run(String text, int at, boolean[] single) {
        int n = 0;
        while (at + n < text.length() && single[at + n] && cjk(text.charAt(at + n))) {
            n++;
        }
        return n;
    }

    /** For each character of the text, whether the word analysis reads it as a word of one character. */
    private static boolean[] singles(KnowledgeAnalysis analysis, String text) throws IOException {
        boolean[] single = new boolean[text.length()];
        try (org.apache.lucene.analysis.TokenStream s = analysis.wordAnalyzer().tokenStream(KnowledgeAnalysis.WORDS, text)) {
            org.apache.lucene.analysis.tokenattributes.OffsetAttribute at =
                    s.addAttribute(org.apache.lucene.analysis.tokenattributes.OffsetAttribute.class);
            s.reset();
            while (s.incrementToken()) {
                if (at.endOffset() - at.startOffset() == 1) {
                    single[at.startOffset()] = true;
                }
            }
            s.end();
        }
        return single;
    }

    private static boolean cjk(char c) {
        return c >= 0x4E00 && c <= 0x9FFF;
    }

    /** The characters' first readings without tones, joined by spaces; null when one has none. */
    static String sound(String word) {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < word.length(); k++) {
            String p = Pinyin.of(word.charAt(k));
            if (p == null) {
                return null;
            }
            if (k > 0) {
                s.append(' ');
            }
            s.append(p);
        }
        return s.toString();
    }

    private static Map<String, String> words(IndexReader reader) throws IOException {
        IndexReader.CacheHelper helper = reader.getReaderCacheHelper();
        return WORDS.get(helper, KnowledgeAnalysis.WORDS, field -> {
            Map<String, String> bySound = new HashMap<>();
            Map<String, Integer> frequency = new HashMap<>();
            Terms terms = MultiTerms.getTerms(reader, field);
            if (terms == null) {
                return bySound;
            }
            TermsEnum e = terms.iterator();
            for (BytesRef t = e.next(); t != null; t = e.next()) {
                String word = t.utf8ToString();
                if (word.length() < SHORTEST || word.length() > LONGEST || !word.chars().allMatch(c -> cjk((char) c))) {
                    continue;
                }
                String sound = sound(word);
                if (sound == null) {
                    continue;
                }
                int df = e.docFreq();
                Integer before = frequency.get(sound);
                if (before == null || df > before) {
                    bySound.put(sound, word);
                    frequency.put(sound, df);
                }
            }
            return bySound;
        });
    }
}
