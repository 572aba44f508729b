package dev.guanjia.knowledge.search;

import dev.guanjia.knowledge.analysis.Aliases;
import dev.guanjia.knowledge.analysis.Colloquial;
import dev.guanjia.knowledge.analysis.KnowledgeAnalysis;
import dev.guanjia.knowledge.chunk.Chunker;
import dev.guanjia.knowledge.embedding.Embedder;
import dev.guanjia.knowledge.index.KnowledgeIndex;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.highlight.SimpleHTMLEncoder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

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
    private final PinyinRetriever pinyin;
    private final QuestionEmbedding embedding;
    private final WeightedFusion fusion;
    private final RankingModel model;
    private final Colloquial colloquial;
    private final Scope scope;

    /**
     * @param embedding embeds each question while the lexical rankings run; its owner closes it
     *                  (after which questions are embedded by the search itself)
     */
    public KnowledgeSearch(KnowledgeIndex index, Embedder embedder, KnowledgeAnalysis analysis, Aliases aliases,
                           Colloquial colloquial, Weights weights, RankingModel model, QuestionEmbedding embedding) {
        this.index = index;
        this.embedding = embedding;
        this.colloquial = colloquial;
        this.embedder = embedder;
        this.aliases = aliases;
        this.analysis = analysis;
        this.model = model;
        this.scope = Scope.bundled(embedder);
        this.pinyin = new PinyinRetriever(analysis, 0.4f);
        // a question typed in pinyin is read by the pinyin ranking alone; the others return nothing
        // for it, so its candidates' meaning, word and bigram features say "not found" rather than noise
        Predicate<Question> characters = q -> !q.isPinyin();
        this.fusion = new WeightedFusion(List.of(
                new WeightedFusion.Part("dense", new VectorRetriever().readingOnly(characters), weights.dense()),
                new WeightedFusion.Part("words", new LexicalRetriever(KnowledgeAnalysis.WORDS, analysis, 0.4f)
                        .readingOnly(characters), weights.words()),
                new WeightedFusion.Part("grams", new LexicalRetriever(KnowledgeAnalysis.GRAMS, analysis, 0.4f)
                        .readingOnly(characters), weights.grams()),
                new WeightedFusion.Part("pinyin", pinyin, weights.pinyin())), 60);
    }

    public Question question(String text) {
        return new Question(text, colloquial, aliases, embedder);
    }

    public SearchResult search(String communityId, String text, int k) {
        long start = System.nanoTime();
        return index.withSearcher(searcher -> {
            Question q = read(searcher, communityId, text);
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
            int ways = WaysToPay.answering(text, hits);
            if (ways > 0) {
                hits.add(0, hits.remove(ways));
                chunks.add(0, chunks.remove(ways));
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
     * @param english  the question was written without Chinese characters (the abstain model's "english" signal)
     */
    public record Ranking(List<RankingModel.Ranked> ranked, double probability, boolean abstain, boolean pinyin,
                          double cosine, double coverage, double inScope, double outOfScope, double unknown,
                          boolean english) {
    }

    public Ranking explain(String communityId, String text) {
        return index.withSearcher(searcher -> rank(searcher, read(searcher, communityId, text), communityId));
    }

    /**
     * The question as the search reads it for one community: normalised, and a word typed with the
     * wrong characters of its sound read as the community's articles write it ({@link Homophones}).
     */
    private Question read(IndexSearcher searcher, String communityId, String text) throws IOException {
        Question q = question(text);
        if (q.isEmpty() || q.writtenWithoutChinese()) {
            // an English question's text holds the glossary's Chinese words, spelt right
            return q;
        }
        String repaired = Homophones.repair(searcher, analysis, q.text(),
                phrase -> KnownWords.known(searcher, analysis, aliases, communityId, phrase));
        return repaired.equals(q.text()) ? q : question(repaired);
    }

    private Ranking rank(IndexSearcher searcher, Question q, String communityId) throws IOException {
        if (q.isEmpty()) {
            // only invisible characters (a zero-width space): nothing to look up, nothing to embed
            return new Ranking(List.of(), 0, true, false, 0, 0, 0, 1, 1, false);
        }
        embedding.prepare(q);
        Map<String, List<RankedDoc>> lists = fusion.lists(searcher, q, communityId, DEPTH);
        double inScope = scope.inside(q.vector());
        double outOfScope = scope.outside(q.vector());
        List<RankedDoc> fused = fusion.fuse(lists, DEPTH);
        if (fused.isEmpty()) {
            return new Ranking(List.of(), 0, true, q.isPinyin(), 0, 0, inScope, outOfScope, 1, q.writtenWithoutChinese());
        }
        List<Candidate> candidates = Candidate.of(searcher, q, communityId, forms(q), lists, fused);
        // a question typed in pinyin has only the pinyin features, which the model is never fitted on
        // (its weights are learnt on questions in characters): its own ranking orders it
        List<RankingModel.Ranked> ranked = q.isPinyin() ? RankingModel.byFusion(candidates) : model.rank(candidates);
        if (q.isPinyin()) {
            // the abstain model reads meaning and word signals, which a pinyin question has none of:
            // answer when the best document holds at least two of the question's syllable pairs and a
            // quarter of them (chat words like "zenme ban" dilute)
            double coverage = pinyin.coverage(searcher, q, ranked.get(0).candidate().doc().chunk());
            boolean answer = coverage >= 0.25 && Math.round(coverage * pinyin.pairs(q)) >= 2;
            return new Ranking(ranked, answer ? 1 : 0, !answer, true, 0, coverage, inScope, outOfScope, 0, true);
        }
        double unknown = KnownWords.unknownShare(searcher, analysis, aliases, communityId, contentWords(q));
        double[] signals = RankingModel.signals(ranked, inScope, outOfScope, unknown, q.writtenWithoutChinese());
        double[] top = ranked.get(0).candidate().features();
        return new Ranking(ranked, model.answerProbability(signals), model.abstain(signals), false,
                top[Candidate.DENSE_COS], top[Candidate.COVERAGE], inScope, outOfScope, unknown, q.writtenWithoutChinese());
    }

    private List<String> contentWords(Question q) {
        return analysis.queryTerms(KnowledgeAnalysis.WORDS, q.text()).stream()
                .filter(t -> t.codePointCount(0, t.length()) > 1 || !KnowledgeAnalysis.allChinese(t)).toList();
    }


    private Hit hit(IndexSearcher searcher, Question q, RankedDoc d) throws IOException {
        ChunkText chunk = ChunkText.of(searcher, d.chunk());
        return new Hit(d.docId(), chunk.shownTitle(), chunk.section(), d.score(), snippet(q, chunk.text()), chunk.text(),
                chunk.category());
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
        terms.removeIf(t -> t.codePointCount(0, t.length()) < 2 && KnowledgeAnalysis.allChinese(t));
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
            List<Integer> from = i == 0 ? ChunkText.chunksOf(searcher, communityId, top.get(0).docId()) : List.of(chunks.get(i));
            List<PassageCandidate> pieces = PassageCandidate.of(searcher, q, embedder, grams, forms, top.get(i), from,
                    chunks.get(i));
            List<Passage> ranked = scored(pieces);
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
     * What one article says to a question, quoted as a search that put it first would quote it: its
     * pieces scored by the passage weights against this question alone. For a follow-up about the article
     * just given ("那我家9楼也停吗" after a notice): the answer is in that article, and the earlier question
     * would pull the quote back to what was already said. Empty when the article is not in the index.
     */
    public Optional<Quoted> quoteIn(String communityId, String docId, String text) {
        return index.withSearcher(searcher -> {
            List<Integer> chunks = ChunkText.chunksOf(searcher, communityId, docId);
            Question q = read(searcher, communityId, text);
            if (chunks.isEmpty() || q.isEmpty()) {
                return Optional.<Quoted>empty();
            }
            // the chunk the question comes nearest to in meaning stands for the article, as the hit's chunk does
            int best = chunks.get(0);
            double nearest = Double.NEGATIVE_INFINITY;
            for (int chunk : chunks) {
                for (float[] v : ChunkText.of(searcher, chunk).pieceVectors()) {
                    double cos = Candidate.dot(q.vector(), v);
                    if (cos > nearest) {
                        nearest = cos;
                        best = chunk;
                    }
                }
            }
            Hit h = hit(searcher, q, new RankedDoc(docId, best, 0));
            List<PassageCandidate> pieces = PassageCandidate.of(searcher, q, embedder, grams(q), forms(q), h, chunks, best);
            List<Passage> quoted = Quote.of(pieces, scored(pieces), 4);
            return quoted.isEmpty() ? Optional.<Quoted>empty() : Optional.of(new Quoted(h, quoted));
        });
    }

    /** One article quoted for a question: the article as a hit (its title and category) and its passages. */
    public record Quoted(Hit hit, List<Passage> passages) {
    }

    /** The pieces with their passage scores, in the same order. */
    private List<Passage> scored(List<PassageCandidate> pieces) {
        List<Passage> ranked = new ArrayList<>();
        for (PassageCandidate p : pieces) {
            ranked.add(new Passage(p.docId(), p.title(), p.text(), model.passageScore(p.features())));
        }
        return ranked;
    }

    /**
     * The pieces of the document the search puts first, with their features, or none when the search
     * abstains or finds nothing. Public for {@code bench ranker}, which fits the passage weights.
     */
    public record Pieces(String docId, List<PassageCandidate> pieces) {
    }

    public Pieces explainPieces(String communityId, String text) {
        return index.withSearcher(searcher -> {
            Question q = read(searcher, communityId, text);
            Ranking r = rank(searcher, q, communityId);
            if (r.ranked().isEmpty()) {
                return new Pieces(null, List.of());
            }
            RankedDoc d = r.ranked().get(0).candidate().doc();
            Hit h = hit(searcher, q, d);
            return new Pieces(d.docId(), PassageCandidate.of(searcher, q, embedder, grams(q), forms(q), h,
                    ChunkText.chunksOf(searcher, communityId, d.docId()), d.chunk()));
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

    /** The question's content words, each with its aliases; an English question's terms, each with its Chinese words. */
    private List<List<String>> forms(Question q) {
        return q.glosses().isEmpty() ? Candidate.forms(contentWords(q), aliases) : q.glosses();
    }

    private static long micros(long start) {
        return (System.nanoTime() - start) / 1000;
    }
}
