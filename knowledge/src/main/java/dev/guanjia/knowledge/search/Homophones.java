package dev.guanjia.knowledge.search;

import dev.guanjia.knowledge.analysis.KnowledgeAnalysis;
import dev.guanjia.knowledge.analysis.Pinyin;
import dev.guanjia.knowledge.index.KeptPerReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.util.BytesRef;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A question's words typed with the wrong characters of the right sound ("车为费" for 车位费, "装秀" for
 * 装修, "门尽卡" for 门禁卡), read as the community's articles write them: a pinyin input method offers
 * every character of a syllable, and residents pick the wrong one. The pinyin ranking already finds such a
 * question's article, but every other signal (meaning, words, how much of the question the article
 * covers) saw a word no article has, and the search refused to answer.
 *
 * <p>A mistyped word falls apart into characters in the word analysis (车/为/费), a real word stays whole,
 * and a span across a word's edge is no word at all: only a span of two to four one-character words is
 * read again, and only when no article the community sees holds it, it sounds exactly like (tones aside,
 * each character by its first reading) a word of those articles, it keeps one of that word's characters
 * in place (a slip picks the wrong character for one syllable, not for all: "我是" sounds like 卧室 and is
 * no typo) and it holds no grammar character ("一下" sounds like 以下 too). The longest span first.
 */
final class Homophones {

    private static final int SHORTEST = 2;
    private static final int LONGEST = 4;

    /**
     * Per segment (a change adds or merges segments; the others keep theirs): the words of 2–4 Chinese
     * characters in its articles by their toneless pinyin, commonest first.
     */
    private static final KeptPerReader<String, Map<String, List<String>>> BY_SOUND = new KeptPerReader<>();

    private Homophones() {
    }

    /** Whether a phrase occurs in an article the community sees. */
    @FunctionalInterface
    interface Known {
        boolean test(String phrase) throws IOException;
    }

    /** The text with its mistyped words replaced, or the text itself when it has none. */
    static String repair(IndexSearcher searcher, KnowledgeAnalysis analysis, String text, Known known)
            throws IOException {
        List<Map<String, List<String>>> segments = new ArrayList<>();
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            segments.add(BY_SOUND.get(leaf.reader().getCoreCacheHelper(), KnowledgeAnalysis.WORDS,
                    field -> bySound(leaf.reader(), field)));
        }
        StringBuilder out = new StringBuilder(text.length());
        int written = 0;
        for (int[] run : analysis.singleCharacterRuns(text)) {
            int i = run[0];
            while (i < run[1]) {
                String replaced = null;
                int length = 0;
                for (int n = Math.min(LONGEST, run[1] - i); n >= SHORTEST && replaced == null; n--) {
                    replaced = meant(text.substring(i, i + n), segments, known);
                    length = n;
                }
                if (replaced == null) {
                    i++;
                    continue;
                }
                out.append(text, written, i).append(replaced);
                i += length;
                written = i;
            }
        }
        return written == 0 ? text : out.append(text, written, text.length()).toString();
    }

    /** The article word a span was typed for, or null when it reads as written. */
    private static String meant(String span, List<Map<String, List<String>>> segments, Known known) throws IOException {
        String sound = sound(span);
        if (sound == null || span.chars().anyMatch(c -> KnowledgeAnalysis.grammatical((char) c))) {
            return null;
        }
        Set<String> words = new LinkedHashSet<>();
        for (Map<String, List<String>> segment : segments) {
            words.addAll(segment.getOrDefault(sound, List.of()));
        }
        Boolean spanKnown = null;
        for (String word : words) {
            // the word first: words repeat from question to question, and another community's fail at once
            if (word.equals(span) || !sharesACharacter(span, word) || !known.test(word)) {
                continue;
            }
            if (spanKnown == null) {
                spanKnown = known.test(span);
            }
            return spanKnown ? null : word;
        }
        return null;
    }

    private static boolean sharesACharacter(String span, String word) {
        for (int k = 0; k < span.length(); k++) {
            if (span.charAt(k) == word.charAt(k)) {
                return true;
            }
        }
        return false;
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

    private static Map<String, List<String>> bySound(LeafReader reader, String field) throws IOException {
        Map<String, List<String>> bySound = new HashMap<>();
        Map<String, Integer> frequency = new HashMap<>();
        Terms terms = reader.terms(field);
        if (terms == null) {
            return bySound;
        }
        TermsEnum e = terms.iterator();
        for (BytesRef t = e.next(); t != null; t = e.next()) {
            String word = t.utf8ToString();
            if (word.length() < SHORTEST || word.length() > LONGEST) {
                continue;
            }
            String sound = sound(word);
            if (sound != null) {
                bySound.computeIfAbsent(sound, s -> new ArrayList<>()).add(word);
                frequency.put(word, e.docFreq());
            }
        }
        bySound.values().forEach(words -> words.sort(Comparator.comparing(frequency::get, Comparator.reverseOrder())));
        return bySound;
    }
}
