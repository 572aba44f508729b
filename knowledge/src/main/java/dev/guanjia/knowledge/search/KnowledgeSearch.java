package dev.guanjia.knowledge.search;

import dev.guanjia.knowledge.analysis.Aliases;
import dev.guanjia.knowledge.analysis.Colloquial;
import dev.guanjia.knowledge.analysis.KnowledgeAnalysis;
import dev.guanjia.knowledge.chunk.Chunker;
import dev.guanjia.knowledge.embedding.Embedder;
import dev.guanjia.knowledge.index.ChunkFields;
import dev.guanjia.knowledge.index.KnowledgeIndex;
import org.apache.lucene.document.Document;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.highlight.SimpleHTMLEncoder;

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
            return new Weights(1.0, 0.4, 0.4, 0.1);
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
    private final RankingModel model;
    private final Colloquial colloquial;
    private final Scope scope;

    public KnowledgeSearch(KnowledgeIndex index, Embedder embedder, KnowledgeAnalysis analysis, Aliases aliases,
                           Colloquial colloquial, Weights weights, RankingModel model) {
        this.index = index;
        this.colloquial = colloquial;
        this.embedder = embedder;
        this.aliases = aliases;
        this.analysis = analysis;
        this.model = model;
        this.scope = Scope.bundled(embedder);
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
        return new Question(text, colloquial, aliases, embedder);
    }

    public SearchResult search(String communityId, String text, int k) {
        long start = System.nanoTime();
        Question q = question(text);
        return index.withSearcher(searcher -> {
            Ranking r = rank(searcher, q, communityId);
            if (r.ranked().isEmpty()) {
                return new SearchResult(text, List.of(), List.of(), true, 0,
                        new SearchResult.Signals(0, 0, 0, 1), micros(start));
            }
            List<Hit> hits = new ArrayList<>();
            List<Integer> chunks = new ArrayList<>();
            for (RankingModel.Ranked d : r.ranked().subList(0, Math.min(k, r.ranked().size()))) {
                hits.add(hit(searcher, q, new RankedDoc(d.candidate().docId(), d.candidate().doc().chunk(), d.score())));
                chunks.add(d.candidate().doc().chunk());
            }
            List<Passage> passages = passages(searcher, q, communityId, hits.subList(0, Math.min(2, hits.size())), chunks);
            return new SearchResult(text, hits, passages, r.abstain(), r.probability(),
                    new SearchResult.Signals(r.cosine(), r.coverage(), r.inScope(), r.outOfScope()), micros(start));
        });
    }

    /**
     * How a question was ranked: candidates best first with their scores, the decision and what it
     * saw. Public for {@code bench ranker}, which refits the model from the candidates' features.
     *
     * @param cosine   the best document's cosine to the question
     * @param coverage the share of the question's content words (of its syllable pairs, when typed in
     *                 pinyin) in the best document
     */
    public record Ranking(List<RankingModel.Ranked> ranked, double probability, boolean abstain, boolean pinyin,
                          double cosine, double coverage, double inScope, double outOfScope) {
    }

    public Ranking explain(String communityId, String text) {
        Question q = question(text);
        return index.withSearcher(searcher -> rank(searcher, q, communityId));
    }

    /**
     * Embeds questions while the lexical rankings run: the model works in native code, so on two
     * cores the two overlap. Daemon threads, so a search never keeps the process alive.
     */
    private static final java.util.concurrent.ExecutorService EMBEDDING =
            java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "question-embedding");
                t.setDaemon(true);
                return t;
            });

    private Ranking rank(IndexSearcher searcher, Question q, String communityId) throws IOException {
        if (q.isEmpty()) {
            // only invisible characters (a zero-width space): nothing to look up, nothing to embed
            return new Ranking(List.of(), 0, true, false, 0, 0, 0, 1);
        }
        EMBEDDING.execute(q::vector);
        Map<String, List<RankedDoc>> lists = fusion.lists(searcher, q, communityId, DEPTH);
        double inScope = scope.inside(q.vector());
        double outOfScope = scope.outside(q.vector());
        if (q.isPinyin()) {
            // A question typed in pinyin means nothing to the embedding model, and its letters match
            // only noise in the word and bigram fields; its syllables are the evidence: rank by them
            // (meaning breaks ties), and answer when the best document holds at least two of the
            // question's syllable pairs and a quarter of them (chat words like "zenme ban" dilute).
            List<RankedDoc> fused = fusion.fuse(lists, DEPTH, Map.of("pinyin", 1.0, "dense", 0.1, "words", 0.0,
                    "grams", 0.0));
            if (fused.isEmpty()) {
                return new Ranking(List.of(), 0, true, true, 0, 0, inScope, outOfScope);
            }
            // BM25 over short chunks lets a pair of chat words ("zen me", "me ban") outweigh the pairs
            // that name the topic: the first few are reordered by how many of the question's other
            // syllable pairs their document holds, BM25 order breaking ties
            List<String> pairs = analysis.queryTerms(KnowledgeAnalysis.PINYIN, q.text());
            double[] topical = new double[pairs.size()];
            for (int i = 0; i < topical.length; i++) {
                topical[i] = QUESTION_PAIRS.contains(pairs.get(i)) ? 0 : 1;
            }
            List<RankingModel.Ranked> ranked = new ArrayList<>();
            for (int i = 0; i < fused.size(); i++) {
                RankedDoc d = fused.get(i);
                double score = i < PINYIN_RERANKED
                        ? 10 + syllableShare(searcher, pairs, topical, chunksOf(searcher, communityId, d.docId())) + d.score()
                        : d.score();
                ranked.add(new RankingModel.Ranked(new Candidate(d, new double[Candidate.FEATURES.size()]), score));
            }
            ranked.sort(Comparator.comparingDouble(RankingModel.Ranked::score).reversed());
            fused = ranked.stream().map(r -> r.candidate().doc()).toList();
            double coverage = syllableCoverage(searcher, q, fused.get(0));
            boolean answer = coverage >= 0.25 && Math.round(coverage * pairs.size()) >= 2;
            return new Ranking(ranked, answer ? 1 : 0, !answer, true, 0, coverage, inScope, outOfScope);
        }
        List<RankedDoc> fused = fusion.fuse(lists, DEPTH);
        if (fused.isEmpty()) {
            return new Ranking(List.of(), 0, true, false, 0, 0, inScope, outOfScope);
        }
        List<Candidate> candidates = Candidate.of(searcher, q, contentWords(q), aliases, lists, fused);
        List<RankingModel.Ranked> ranked = model.rank(candidates);
        double[] signals = RankingModel.signals(ranked, inScope, outOfScope);
        double[] top = ranked.get(0).candidate().features();
        return new Ranking(ranked, model.answerProbability(signals), model.abstain(signals), false,
                top[Candidate.DENSE_COS], top[Candidate.COVERAGE], inScope, outOfScope);
    }

    private List<String> contentWords(Question q) {
        return analysis.queryTerms(KnowledgeAnalysis.WORDS, q.text()).stream()
                .filter(t -> t.codePointCount(0, t.length()) > 1 || !isCjk(t)).toList();
    }

    /** Syllable pairs of question words (怎么, 多少, 什么…): they say how a thing is asked, not what about. */
    private static final Set<String> QUESTION_PAIRS = Set.copyOf(java.util.Arrays.asList(dev.guanjia.knowledge.analysis.Pinyin.bigrams(
            "怎么办，怎么样，怎样，多少钱，什么时候，哪里，哪儿，可以吗，能不能，可不可以，几点，为什么，如何，要不要，是不是，有没有，"
                    + "在哪，多久，多长时间").strip().split(" ")));

    /** How many documents a pinyin question reorders by its syllable pairs. */
    private static final int PINYIN_RERANKED = 8;

    /** Share of a pinyin question's syllable pairs found in the document's chunk. */
    private double syllableCoverage(IndexSearcher searcher, Question q, RankedDoc top) throws IOException {
        List<String> pairs = analysis.queryTerms(KnowledgeAnalysis.PINYIN, q.text());
        double[] ones = new double[pairs.size()];
        java.util.Arrays.fill(ones, 1);
        return syllableShare(searcher, pairs, ones, List.of(top.chunk()));
    }

    /** Weighted share of the syllable pairs found in the chunks (title, tags, section, text). */
    private static double syllableShare(IndexSearcher searcher, List<String> pairs, double[] weights,
                                        List<Integer> chunks) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int c : chunks) {
            text.append(ChunkText.of(searcher, c).all()).append('\n');
        }
        String textPairs = " " + dev.guanjia.knowledge.analysis.Pinyin.bigrams(text.toString());
        double all = 0;
        double found = 0;
        for (int i = 0; i < pairs.size(); i++) {
            all += weights[i];
            found += textPairs.contains(" " + pairs.get(i) + " ") ? weights[i] : 0;
        }
        return all == 0 ? 0 : found / all;
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

    /**
     * About 100 characters around the first place the question's words occur, HTML-escaped, each
     * occurrence in &lt;em&gt;. Plain string matching: re-analysing stored text costs milliseconds.
     */
    private String snippet(Question q, String text) {
        List<String> terms = new ArrayList<>(analysis.queryTerms(KnowledgeAnalysis.WORDS, q.text()));
        for (String e : q.expansions()) {
            terms.add(e);
        }
        terms.removeIf(t -> t.codePointCount(0, t.length()) < 2 && isCjk(t));
        terms.sort(Comparator.comparingInt(String::length).reversed());
        String lower = text.toLowerCase();
        int first = -1;
        for (String t : terms) {
            int i = lower.indexOf(t);
            if (i >= 0 && (first < 0 || i < first)) {
                first = i;
            }
        }
        int from = Math.max(0, first - 20);
        int to = Math.min(text.length(), from + 100);
        String window = text.substring(from, to).replace('\n', ' ');
        String lowerWindow = window.toLowerCase();
        boolean[] mark = new boolean[window.length()];
        for (String t : terms) {
            for (int i = lowerWindow.indexOf(t); i >= 0; i = lowerWindow.indexOf(t, i + 1)) {
                for (int j = i; j < i + t.length() && j < mark.length; j++) {
                    mark[j] = true;
                }
            }
        }
        StringBuilder out = new StringBuilder(from > 0 ? "…" : "");
        for (int i = 0; i < window.length(); i++) {
            if (mark[i] && (i == 0 || !mark[i - 1])) {
                out.append("<em>");
            }
            out.append(SimpleHTMLEncoder.htmlEncode(String.valueOf(window.charAt(i))));
            if (mark[i] && (i == window.length() - 1 || !mark[i + 1])) {
                out.append("</em>");
            }
        }
        if (to < text.length()) {
            out.append('…');
        }
        return out.toString();
    }

    /**
     * Sentences, list items and table rows of the top document (all its sections), best first by the
     * fitted passage weights, then the best of the second document's chunk that brought it up.
     */
    private List<Passage> passages(IndexSearcher searcher, Question q, String communityId, List<Hit> top,
                                   List<Integer> chunks) throws IOException {
        Set<String> grams = grams(q);
        List<List<String>> forms = forms(q);
        List<Passage> out = new ArrayList<>();
        for (int i = 0; i < top.size(); i++) {
            List<Integer> from = i == 0 ? chunksOf(searcher, communityId, top.get(0).docId()) : List.of(chunks.get(i));
            List<PassageCandidate> pieces = PassageCandidate.of(searcher, q, embedder, grams, forms, top.get(i), from,
                    chunks.get(i));
            List<Passage> ranked = new ArrayList<>();
            for (PassageCandidate p : pieces) {
                ranked.add(new Passage(p.docId(), p.title(), p.text(), model.passageScore(p.features())));
            }
            if (i == 0) {
                out.addAll(Quote.of(pieces, ranked, 4));
                continue;
            }
            ranked.sort(Comparator.comparingDouble(Passage::score).reversed());
            out.addAll(ranked.subList(0, Math.min(2, ranked.size())));
        }
        return out;
    }

    /**
     * The pieces of the document the search puts first, with their features, or none when the search
     * abstains or finds nothing. Public for {@code bench ranker}, which fits the passage weights.
     */
    public record Pieces(String docId, List<PassageCandidate> pieces) {
    }

    public Pieces explainPieces(String communityId, String text) {
        Question q = question(text);
        return index.withSearcher(searcher -> {
            Ranking r = rank(searcher, q, communityId);
            if (r.ranked().isEmpty()) {
                return new Pieces(null, List.of());
            }
            RankedDoc d = r.ranked().get(0).candidate().doc();
            Hit h = hit(searcher, q, d);
            return new Pieces(d.docId(), PassageCandidate.of(searcher, q, embedder, grams(q), forms(q), h,
                    chunksOf(searcher, communityId, d.docId()), d.chunk()));
        });
    }

    /** The question's character bigrams and its aliases'. */
    private Set<String> grams(Question q) {
        Set<String> grams = new HashSet<>(analysis.queryTerms(KnowledgeAnalysis.GRAMS, q.text()));
        for (String e : q.expansions()) {
            grams.addAll(analysis.queryTerms(KnowledgeAnalysis.GRAMS, e));
        }
        return grams;
    }

    /** The question's content words, each with its aliases. */
    private List<List<String>> forms(Question q) {
        return Candidate.forms(contentWords(q), aliases);
    }

    /** Every chunk of a hit's document (Lucene doc numbers), in document order. */
    private List<Integer> chunksOf(IndexSearcher searcher, String communityId, String docId) throws IOException {
        org.apache.lucene.search.BooleanQuery.Builder keys = new org.apache.lucene.search.BooleanQuery.Builder();
        keys.add(new org.apache.lucene.search.TermQuery(new org.apache.lucene.index.Term(ChunkFields.DOC_KEY,
                ChunkFields.docKey(null, docId))), org.apache.lucene.search.BooleanClause.Occur.SHOULD);
        if (communityId != null) {
            keys.add(new org.apache.lucene.search.TermQuery(new org.apache.lucene.index.Term(ChunkFields.DOC_KEY,
                    ChunkFields.docKey(communityId, docId))), org.apache.lucene.search.BooleanClause.Occur.SHOULD);
        }
        var hits = searcher.search(keys.build(), 50).scoreDocs;
        java.util.Arrays.sort(hits, Comparator.comparingInt(sd -> sd.doc));
        List<Integer> out = new ArrayList<>();
        for (var sd : hits) {
            out.add(sd.doc);
        }
        return out;
    }

    private static long micros(long start) {
        return (System.nanoTime() - start) / 1000;
    }
}
