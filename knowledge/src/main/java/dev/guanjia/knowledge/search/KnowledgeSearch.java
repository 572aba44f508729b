package dev.guanjia.knowledge.search;

import dev.guanjia.knowledge.analysis.Aliases;
import dev.guanjia.knowledge.analysis.KnowledgeAnalysis;
import dev.guanjia.knowledge.chunk.Chunker;
import dev.guanjia.knowledge.embedding.Embedder;
import dev.guanjia.knowledge.index.ChunkFields;
import dev.guanjia.knowledge.index.KnowledgeIndex;
import org.apache.lucene.document.Document;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.highlight.Highlighter;
import org.apache.lucene.search.highlight.InvalidTokenOffsetsException;
import org.apache.lucene.search.highlight.QueryScorer;
import org.apache.lucene.search.highlight.SimpleHTMLEncoder;
import org.apache.lucene.search.highlight.SimpleHTMLFormatter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hybrid search over the knowledge index: meaning (vectors), words, character bigrams and pinyin,
 * fused by weight; then the answer-bearing passages and the decision whether to answer at all.
 */
public final class KnowledgeSearch {

    /** Relative trust in each list; dense first, as it survives wording the documents never use. */
    public record Weights(double dense, double words, double grams, double pinyin) {
        public static Weights defaults() {
            return new Weights(1.0, 0.5, 0.5, 0.25);
        }
    }

    private static final int DEPTH = 20;

    private final KnowledgeIndex index;
    private final Embedder embedder;
    private final Aliases aliases;
    private final KnowledgeAnalysis analysis;
    private final LexicalRetriever words;
    private final LexicalRetriever grams;
    private final WeightedFusion fusion;
    private final Abstention abstention;

    public KnowledgeSearch(KnowledgeIndex index, Embedder embedder, KnowledgeAnalysis analysis, Aliases aliases,
                           Weights weights, Abstention abstention) {
        this.index = index;
        this.embedder = embedder;
        this.aliases = aliases;
        this.analysis = analysis;
        this.abstention = abstention;
        this.words = new LexicalRetriever(KnowledgeAnalysis.WORDS, analysis, 0.4f);
        this.grams = new LexicalRetriever(KnowledgeAnalysis.GRAMS, analysis, 0.4f);
        this.fusion = new WeightedFusion(List.of(
                new WeightedFusion.Part("dense", new VectorRetriever(), weights.dense()),
                new WeightedFusion.Part("words", words, weights.words()),
                new WeightedFusion.Part("grams", grams, weights.grams()),
                new WeightedFusion.Part("pinyin", new LexicalRetriever(KnowledgeAnalysis.PINYIN, analysis, 0.4f),
                        weights.pinyin())), 60);
    }

    public Question question(String text) {
        return new Question(text, aliases, embedder);
    }

    public SearchResult search(String communityId, String text, int k) {
        long start = System.nanoTime();
        Question q = question(text);
        return index.withSearcher(searcher -> {
            Map<String, List<RankedDoc>> lists = fusion.lists(searcher, q, communityId, DEPTH);
            List<RankedDoc> fused = fusion.fuse(lists, Math.max(k, 3));
            if (fused.isEmpty()) {
                return new SearchResult(text, List.of(), List.of(), true, 0, micros(start));
            }
            RankedDoc top = fused.get(0);
            double cosine = lists.get("dense").stream().filter(d -> d.docId().equals(top.docId()))
                    .mapToDouble(RankedDoc::score).findFirst().orElse(0);
            double coverage = coverage(searcher, q, top);
            double p = abstention.probability(cosine, coverage);
            List<Hit> hits = new ArrayList<>();
            for (RankedDoc d : fused.subList(0, Math.min(k, fused.size()))) {
                hits.add(hit(searcher, q, d));
            }
            List<Passage> passages = passages(q, hits.subList(0, Math.min(2, hits.size())));
            return new SearchResult(text, hits, passages, abstention.abstain(cosine, coverage), p, micros(start));
        });
    }

    /** Share of the question's content words (and their aliases) found in the top document's chunk. */
    private double coverage(IndexSearcher searcher, Question q, RankedDoc top) throws IOException {
        List<String> own = analysis.queryTerms(KnowledgeAnalysis.WORDS, q.text()).stream()
                .filter(t -> t.codePointCount(0, t.length()) > 1 || !isCjk(t)).toList();
        if (own.isEmpty()) {
            return 0;
        }
        Document d = searcher.storedFields().document(top.chunk());
        String text = (d.get(ChunkFields.TITLE) + " " + d.get(ChunkFields.SECTION) + " " + d.get(ChunkFields.TEXT))
                .toLowerCase();
        int found = 0;
        for (String t : own) {
            if (text.contains(t) || q.expansions().stream().anyMatch(text::contains) && aliasOf(t, q)) {
                found++;
            }
        }
        return (double) found / own.size();
    }

    private boolean aliasOf(String term, Question q) {
        return !aliases.expansions(term).isEmpty();
    }

    private static boolean isCjk(String t) {
        return t.codePoints().allMatch(c -> c >= 0x4E00 && c <= 0x9FFF);
    }

    private Hit hit(IndexSearcher searcher, Question q, RankedDoc d) throws IOException {
        Document doc = searcher.storedFields().document(d.chunk());
        String text = doc.get(ChunkFields.TEXT);
        return new Hit(d.docId(), doc.get(ChunkFields.TITLE), doc.get(ChunkFields.SECTION), d.score(),
                snippet(q, text), text);
    }

    private String snippet(Question q, String text) {
        Query query = words.query(q);
        if (query != null) {
            Highlighter h = new Highlighter(new SimpleHTMLFormatter("<em>", "</em>"), new SimpleHTMLEncoder(),
                    new QueryScorer(query, KnowledgeAnalysis.WORDS));
            try {
                String best = h.getBestFragment(analysis.indexAnalyzer(), KnowledgeAnalysis.WORDS, text);
                if (best != null) {
                    return best;
                }
            } catch (IOException | InvalidTokenOffsetsException ignored) {
                // fall back to the plain start of the text
            }
        }
        String plain = text.length() > 100 ? text.substring(0, 100) + "…" : text;
        return SimpleHTMLEncoder.htmlEncode(plain);
    }

    /**
     * Sentences, list items and table rows of the top chunks, scored by the question's character
     * bigrams and numbers they contain; the first chunk's pieces win ties.
     */
    private List<Passage> passages(Question q, List<Hit> top) {
        Set<String> grams = new HashSet<>(analysis.queryTerms(KnowledgeAnalysis.GRAMS, q.text()));
        for (String e : q.expansions()) {
            grams.addAll(analysis.queryTerms(KnowledgeAnalysis.GRAMS, e));
        }
        List<Passage> out = new ArrayList<>();
        for (int i = 0; i < top.size(); i++) {
            Hit h = top.get(i);
            for (String piece : pieces(h.text())) {
                Set<String> pg = new HashSet<>(analysis.queryTerms(KnowledgeAnalysis.GRAMS, piece));
                pg.retainAll(grams);
                double score = pg.size() + (i == 0 ? 0.5 : 0);
                out.add(new Passage(h.docId(), h.title(), piece, score));
            }
        }
        out.sort(Comparator.comparingDouble(Passage::score).reversed());
        return out.subList(0, Math.min(5, out.size()));
    }

    static List<String> pieces(String chunkText) {
        List<String> rows = Chunker.tableRowsAsText(chunkText);
        if (!rows.isEmpty()) {
            return rows;
        }
        List<String> out = new ArrayList<>();
        for (String line : chunkText.split("\n")) {
            for (String s : line.split("(?<=[。！？；])")) {
                if (!s.isBlank()) {
                    out.add(s.strip());
                }
            }
        }
        return out;
    }

    private static long micros(long start) {
        return (System.nanoTime() - start) / 1000;
    }
}
