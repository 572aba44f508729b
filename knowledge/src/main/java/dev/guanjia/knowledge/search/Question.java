package dev.guanjia.knowledge.search;

import dev.guanjia.knowledge.analysis.Aliases;
import dev.guanjia.knowledge.analysis.Colloquial;
import dev.guanjia.knowledge.analysis.KnowledgeAnalysis;
import dev.guanjia.knowledge.analysis.TraditionalCharacters;
import dev.guanjia.knowledge.embedding.Embedder;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;

/** A resident's question, normalised once and shared by every retriever of one search. */
public final class Question {

    private final String text;
    private final List<String> expansions;
    private final List<List<String>> glosses;
    private final boolean english;
    private final Embedder embedder;
    private float[] vector;

    Question(String raw, Colloquial colloquial, Aliases aliases, Embedder embedder) {
        // full-width letters and digits to half-width, so "２.８元" and "2.8元" are one text; dialect
        // words to Mandarin, the language of the documents and of the embedding model
        String seen = visible(Normalizer.normalize(raw, Normalizer.Form.NFKC));
        Colloquial.Reading reading = colloquial.read(withoutClosingParticle(TraditionalCharacters.simplify(seen)));
        this.text = reading.text();
        this.glosses = reading.glosses();
        this.english = !seen.isEmpty() && !KnowledgeAnalysis.hasChinese(seen);
        this.expansions = aliases.expansions(text);
        this.embedder = embedder;
    }

    /**
     * The text a reader sees: format characters (zero-width space, joiners, byte-order and direction
     * marks) dropped, control characters and every kind of space made a plain space, ends trimmed.
     * Empty means there is no question at all, however many code points came in.
     */
    public static String visible(String raw) {
        if (raw == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(raw.length());
        raw.codePoints().forEach(c -> {
            switch (Character.getType(c)) {
                case Character.FORMAT -> { }
                case Character.CONTROL, Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
                     Character.PARAGRAPH_SEPARATOR -> out.append(' ');
                default -> out.appendCodePoint(c);
            }
        });
        return out.toString().strip();
    }

    /** Modal particles closing a spoken question ("在哪点交嘛", "咋办呢？", "能养狗啵"), before any marks that end it. */
    private static final java.util.regex.Pattern CLOSING_PARTICLE = java.util.regex.Pattern.compile(
            // (not 吧, 撒, 嗦, 哈: 网吧, 撒药, 啰嗦 end words)
            "(?<=\\p{IsHan})[嘛呢啊呀哦咧噻嘞哇喔咯啰喽啦哩]+(?=[\\s？?！!。.~～…]*$)");

    /**
     * The question without the particle that closes it: it carries the speaker's tone, not the topic, and
     * a word the analysis does not know beside the verb before it ("交嘛") pulled the search off the topic.
     */
    static String withoutClosingParticle(String text) {
        String without = CLOSING_PARTICLE.matcher(text).replaceAll("");
        return without.isBlank() ? text : without;
    }

    /** True when nothing visible is left to search for. */
    public boolean isEmpty() {
        return text.isEmpty();
    }

    public String text() {
        return text;
    }

    /**
     * True when the question is typed in pinyin ("kaisuo duoshao qian"): no Chinese characters and most
     * of its words spell pinyin syllables. Such a question is matched mainly on the pinyin field.
     */
    public boolean isPinyin() {
        return isLatin() && dev.guanjia.knowledge.analysis.Pinyin.mostlyPinyin(text);
    }

    /**
     * True when the resident wrote no Chinese character (English, pinyin, digits): {@link #text} may have
     * gained the Chinese words an English question means, so {@link #isLatin} no longer says it.
     */
    public boolean writtenWithoutChinese() {
        return english;
    }

    /** True when the question has no Chinese characters (English, pinyin, digits). */
    public boolean isLatin() {
        return !KnowledgeAnalysis.hasChinese(text);
    }

    public List<String> expansions() {
        return expansions;
    }

    /**
     * An English question's terms as the articles' Chinese words, a group of alternatives per term; empty
     * for a question in Chinese or pinyin. How much of the question an article covers is counted on these:
     * the English words themselves are in no Chinese article.
     */
    public List<List<String>> glosses() {
        return glosses;
    }

    /** Embedded on first use only: a purely lexical search never pays for it. */
    public synchronized float[] vector() {
        if (vector == null && text.isEmpty()) {
            // the model refuses empty input; an empty question is near nothing
            vector = new float[embedder.dimension()];
        }
        if (vector == null) {
            vector = embedder.embedQuery(text.toLowerCase(Locale.ROOT));
        }
        return vector;
    }
}
