package dev.guanjia.knowledge.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.cn.smart.HMMChineseTokenizer;
import org.apache.lucene.analysis.core.WhitespaceAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How Chinese text becomes terms, per field: SmartCN words, CJK character bigrams (recall for
 * unknown words and typos), pinyin syllable pairs (homophones and typed pinyin), exact numbers and ids.
 */
public final class KnowledgeAnalysis {

    public static final String WORDS = "words";
    public static final String GRAMS = "grams";
    public static final String PINYIN = "pinyin";
    public static final String EXACT = "exact";

    /** Filler of spoken questions: it says nothing about which document is meant. */
    private static final Set<String> FILLER = Set.of("的", "了", "吗", "呢", "啊", "吧", "呀", "哦", "嘛", "伐", "哈",
            "我", "你", "您", "你们", "我们", "他", "她", "它", "请问", "问", "一下", "下", "想", "要", "是", "不是",
            "有", "没有", "在", "和", "跟", "与", "把", "被", "就", "都", "也", "还", "又", "那个", "这个", "那", "这",
            "能", "能不能", "可以", "可不可以", "会", "会不会", "怎么", "怎么办", "怎样", "如何", "什么", "啥", "多少",
            "几", "哪", "哪里", "哪些", "吗？", "多少钱", "在哪", "在哪里", "好", "你好", "谢谢", "麻烦", "帮", "帮我", "给", "让", "一个", "个",
            "小伙子", "师傅", "姑娘", "老师", "同志", "现在", "已经", "需要", "得", "地", "着", "过", "对", "为",
            "the", "a", "an", "is", "are", "and", "or", "of", "to", "in", "on", "for", "what", "how", "do", "does",
            "i", "my", "me", "you", "your", "can", "?", "please");

    private static final Pattern EXACT_TOKEN =
            Pattern.compile("[A-Za-z]*\\d+(?:[.\\-:/]\\d+)*[A-Za-z]*");

    private final Analyzer words = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer t = new HMMChineseTokenizer();
            TokenStream s = new CJKWidthFilter(t);
            s = new LowerCaseFilter(s);
            s = new DictionaryFilter(s, userWords);
            return new TokenStreamComponents(t, s);
        }
    };

    /** The user dictionary: words SmartCN would cut apart (alias-file words, the documents' tags). */
    private final Set<String> userWords = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Adds words to the user dictionary (Chinese words of 2–8 characters; others need no help). Terms
     * analysed before are forgotten, so the next question sees the new words.
     */
    public void addWords(java.util.Collection<String> words) {
        boolean added = false;
        for (String w : words) {
            String t = w.strip().toLowerCase(java.util.Locale.ROOT);
            int n = t.codePointCount(0, t.length());
            if (n >= 2 && n <= 8 && allChinese(t)) {
                added |= userWords.add(t);
            }
        }
        if (added) {
            recentTerms.clear();
        }
    }

    private final Analyzer grams = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer t = new StandardTokenizer();
            TokenStream s = new CJKWidthFilter(t);
            s = new LowerCaseFilter(s);
            s = new CJKBigramFilter(s);
            return new TokenStreamComponents(t, s);
        }
    };

    private final Analyzer perField = new PerFieldAnalyzerWrapper(words,
            Map.of(GRAMS, grams, PINYIN, new WhitespaceAnalyzer(), EXACT, new WhitespaceAnalyzer()));

    /** The analyzer for IndexWriter: each field its own chain. */
    public Analyzer indexAnalyzer() {
        return perField;
    }

    /** Terms a question contributes to a field, filler removed (for words), duplicates kept once. */
    public List<String> queryTerms(String field, String question) {
        // one search analyses its question for several rankings, features, snippet and passages
        String key = field + '\u0000' + question;
        List<String> known = recentTerms.get(key);
        if (known == null) {
            if (recentTerms.size() > 10_000) {
                recentTerms.clear();
            }
            known = analyse(field, question);
            recentTerms.put(key, known);
        }
        return known;
    }

    private final java.util.Map<String, List<String>> recentTerms = new java.util.concurrent.ConcurrentHashMap<>();

    private List<String> analyse(String field, String question) {
        return switch (field) {
            case PINYIN -> distinct(List.of(Pinyin.bigrams(question).split(" ")));
            case EXACT -> exactTokens(question);
            case GRAMS -> distinct(terms(grams, question));
            default -> distinct(terms(words, question).stream().filter(t -> !FILLER.contains(t)).toList());
        };
    }

    /** Numbers, phone numbers and ids in a text, as written. */
    public static List<String> exactTokens(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = EXACT_TOKEN.matcher(text);
        while (m.find()) {
            if (m.group().length() >= 2) {
                out.add(m.group().toLowerCase());
            }
        }
        return distinct(out);
    }

    public static List<String> terms(Analyzer analyzer, String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream("f", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * Where the word analysis cuts a text into words of one Chinese character: [start, end) of each run of
     * two or more such adjacent words ("东门" cut into 东/门, "车为费" into 车/为/费). The analysis knows no
     * word there; the articles may hold one (a gate's name), or the word a typo meant.
     */
    public List<int[]> singleCharacterRuns(String text) {
        boolean[] single = new boolean[text.length()];
        boolean[] inWord = new boolean[text.length()];
        try (TokenStream ts = words.tokenStream(WORDS, text)) {
            OffsetAttribute at = ts.addAttribute(OffsetAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                int start = at.startOffset();
                int end = Math.min(at.endOffset(), text.length());
                if (end - start == 1) {
                    single[start] = chinese(text.charAt(start));
                } else {
                    // a user-dictionary word comes with its pieces at the same place: it is a word all the same
                    java.util.Arrays.fill(inWord, start, end, true);
                }
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<int[]> runs = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int end = i;
            while (end < text.length() && single[end] && !inWord[end]) {
                end++;
            }
            if (end - i >= 2) {
                runs.add(new int[] {i, end});
            }
            i = Math.max(end, i + 1);
        }
        return runs;
    }

    /**
     * Characters of the grammar of any sentence and the commonest verbs ("一", "会", "到", "进"): never
     * read as part of a mistyped word ("交几个月" is no 交给, "一下" no 以下), since the sounds they share
     * with the articles' words are too many.
     */
    private static final String GRAMMAR = "一二三四五六七八九十几个只下上了的是不没在有我你他她这那就都也还又要会能"
            + "到去来进出得着过起把被给让和与跟子今头么啥咋哪谁多少从对很太最再才已";

    public static boolean grammatical(char c) {
        return GRAMMAR.indexOf(c) >= 0;
    }

    /** A character of the common CJK block, the one the articles, the analysis and the pinyin table know. */
    public static boolean chinese(int codePoint) {
        return codePoint >= 0x4E00 && codePoint <= 0x9FFF;
    }

    /** Every character of the text is {@link #chinese}. */
    public static boolean allChinese(String text) {
        return text.codePoints().allMatch(KnowledgeAnalysis::chinese);
    }

    /** Some character of the text is {@link #chinese}. */
    public static boolean hasChinese(String text) {
        return text.codePoints().anyMatch(KnowledgeAnalysis::chinese);
    }

    public Analyzer wordAnalyzer() {
        return words;
    }

    private static List<String> distinct(List<String> terms) {
        return terms.stream().filter(t -> !t.isBlank()).distinct().toList();
    }
}
