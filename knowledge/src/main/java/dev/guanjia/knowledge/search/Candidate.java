package dev.guanjia.knowledge.search;

import dev.guanjia.knowledge.analysis.Aliases;
import dev.guanjia.knowledge.analysis.KnowledgeAnalysis;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One document competing to answer a question, with what the rankings and the document itself say
 * about it. Every feature is on a scale that means the same from one pack and one question to the
 * next (cosines, shares, a score relative to its list's best, reciprocal ranks), because the weights
 * that combine them are fitted once on Guanjia's own questions and then used on every pack. (Gaps to
 * the best candidate are left out: a listwise ranking cannot tell them from the plain values.)
 *
 * @param doc      the document with the chunk that represents it
 * @param features values in the order of {@link #FEATURES}
 */
public record Candidate(RankedDoc doc, double[] features) {

    /** Names of the features, in order; the ranking model's weights are keyed by them. */
    public static final List<String> FEATURES = List.of(
            "dense_cos",       // cosine of the question to the document's best chunk
            "dense_rr",        // 1 / rank in the meaning list (0 when absent)
            "words_rel",       // BM25 on words, relative to the list's best score
            "grams_rel",       // BM25 on character bigrams, relative
            "pinyin_rel",      // BM25 on pinyin syllable pairs, relative
            "words_rr",        // 1 / rank in the word list
            "grams_rr",        // 1 / rank in the bigram list
            "topic_cos",       // cosine of the question to the document's title and tags
            "coverage",        // share of the question's content words in the chunk (aliases count)
            "topic_coverage",  // share of them in the title and tags
            "rare_coverage",   // share of them in the chunk, each word weighted by its rarity (idf)
            "fused",           // weighted reciprocal-rank fusion score × 60
            "referenced",      // another candidate's chunk refers to this document by title (见《…》)
            "notice",          // the document is a notice (in force: the index holds only those)
            "notice_occasion", // a notice, and the question speaks of one occasion (Occasion)
            "passage_coverage", // the best single piece's rarity-weighted share of the question's words
            "figure_missing",  // the question asks for a kind of figure (AskedFigure) the document has none of
            "piece_cosine");   // cosine of the question to the document's closest single piece

    static final int DENSE_COS = 0;
    static final int TOPIC_COS = 7;
    static final int COVERAGE = 8;

    /** The share of the question's content words found in this document. */
    public double coverage() {
        return features[COVERAGE];
    }

    public String docId() {
        return doc.docId();
    }

    /** How many candidates each ranking contributes. */
    static final int PER_LIST = 6;

    /**
     * The candidates for a question: the first {@value #PER_LIST} documents of every ranking and of
     * the fused one, in fused order first.
     */
    static List<Candidate> of(IndexSearcher searcher, Question q, String communityId, List<List<String>> forms,
                              Map<String, List<RankedDoc>> lists, List<RankedDoc> fused)
            throws IOException {
        Map<String, RankedDoc> chosen = new LinkedHashMap<>();
        List<RankedDoc> dense = lists.getOrDefault("dense", List.of());
        // the chunk shown and measured is the one closest in meaning when the meaning list has the document
        for (RankedDoc d : fused.subList(0, Math.min(PER_LIST, fused.size()))) {
            chosen.put(d.docId(), d);
        }
        for (List<RankedDoc> list : lists.values()) {
            for (RankedDoc d : list.subList(0, Math.min(PER_LIST, list.size()))) {
                chosen.putIfAbsent(d.docId(), d);
            }
        }
        for (RankedDoc d : dense) {
            chosen.computeIfPresent(d.docId(), (id, old) -> new RankedDoc(id, d.chunk(), old.score()));
        }
        Map<String, Double> fusedScore = new LinkedHashMap<>();
        fused.forEach(d -> fusedScore.put(d.docId(), d.score()));
        double floorCos = dense.isEmpty() ? 0 : dense.get(dense.size() - 1).score() - 0.02;
        float[] qv = q.vector();
        double[] idf = idf(searcher, forms, !q.glosses().isEmpty());
        double[] ones = new double[forms.size()];
        java.util.Arrays.fill(ones, 1);

        boolean occasion = Occasion.in(q.text());
        AskedFigure asked = AskedFigure.in(q.text().toLowerCase());
        List<Candidate> out = new ArrayList<>();
        List<ChunkText> texts = new ArrayList<>();
        for (RankedDoc d : chosen.values()) {
            ChunkText text = ChunkText.of(searcher, d.chunk());
            texts.add(text);
            double[] f = new double[FEATURES.size()];
            Rank dr = rank(dense, d.docId());
            f[0] = dr.found() ? dr.score() : floorCos;
            f[1] = dr.reciprocal();
            f[2] = relative(lists.get("words"), d.docId());
            f[3] = relative(lists.get("grams"), d.docId());
            f[4] = relative(lists.get("pinyin"), d.docId());
            f[5] = rank(lists.get("words"), d.docId()).reciprocal();
            f[6] = rank(lists.get("grams"), d.docId()).reciprocal();
            float[] topic = text.topicVector();
            // no meaning ranking (a question typed in pinyin): its vector says nothing about topics either
            f[7] = dense.isEmpty() ? 0 : topic == null ? f[0] : dot(qv, topic);
            f[8] = share(forms, ones, text.all());
            f[9] = share(forms, ones, text.topic());
            f[10] = share(forms, idf, text.all());
            f[11] = 60 * fusedScore.getOrDefault(d.docId(), 0.0);
            boolean notice = "notices".equals(text.category());
            f[13] = notice ? 1 : 0;
            f[14] = notice && occasion ? 1 : 0;
            // a document can mention every word of the question, each in another place, and still
            // not answer it: what one sentence or row holds says more
            double[] pieces = pieceFeatures(searcher, communityId, d.docId(), dense.isEmpty() ? null : qv, forms, idf,
                    asked);
            f[15] = pieces[0];
            f[16] = pieces[2];
            f[17] = pieces[1];
            out.add(new Candidate(d, f));
        }
        // a hub article that answers "see 《the rules》" points at the article that really answers
        for (int c = 0; c < out.size(); c++) {
            String cited = "《" + texts.get(c).title() + "》";
            for (int other = 0; other < out.size(); other++) {
                if (other != c && texts.get(other).all().contains(cited)) {
                    out.get(c).features()[12] = 1;
                }
            }
        }
        return out;
    }

    /**
     * What the best single piece of a document says: its rarity-weighted share of the question's
     * words, its cosine to the question (none without a question vector) and whether a figure of the
     * kind asked is missing from every piece. A method of its own: the JIT compiles it apart from the
     * candidate loop, which it otherwise grew into a body that took seconds to compile, again after
     * every deoptimisation.
     */
    private static double[] pieceFeatures(IndexSearcher searcher, String communityId, String docId, float[] qv,
                                          List<List<String>> forms, double[] idf, AskedFigure asked) throws IOException {
        double best = 0;
        double closest = 0;
        boolean figure = false;
        for (int chunk : ChunkText.chunksOf(searcher, communityId, docId)) {
            ChunkText whole = ChunkText.of(searcher, chunk);
            if (qv != null) {
                closest = Math.max(closest, closest(qv, whole.pieceVectors()));
            }
            List<String> sectioned = whole.sectionedPieces();
            for (int p = 0; p < sectioned.size(); p++) {
                best = Math.max(best, share(forms, idf, sectioned.get(p)));
                // one piece with the figure asked for is enough
                if (!figure && asked.asks()) {
                    figure = asked.carries(whole.lowerFigures()[p]);
                }
            }
        }
        return new double[] {best, closest, asked.asks() && !figure ? 1 : 0};
    }

    private static double closest(float[] qv, List<float[]> vectors) {
        double closest = 0;
        for (float[] v : vectors) {
            closest = Math.max(closest, dot(qv, v));
        }
        return closest;
    }

    /**
     * Inverse document frequency of each word over the chunks' word field: rare words say more. A word is
     * the first of its forms; an English term ({@code glossed}) is as rare as the commonest of its Chinese
     * words the index holds (a phrase it does not hold as one word counts only when none is held).
     */
    private static double[] idf(IndexSearcher searcher, List<List<String>> forms, boolean glossed) throws IOException {
        double n = searcher.getIndexReader().numDocs();
        double[] out = new double[forms.size()];
        for (int i = 0; i < out.length; i++) {
            int df = 0;
            for (String w : glossed ? forms.get(i) : forms.get(i).subList(0, 1)) {
                df = Math.max(df, searcher.getIndexReader().docFreq(new Term(KnowledgeAnalysis.WORDS, w)));
            }
            out[i] = Math.log(1 + n / (df + 1));
        }
        return out;
    }

    /** Each word with the other members of its alias groups: any of them found counts as the word. */
    static List<List<String>> forms(List<String> words, Aliases aliases) {
        List<List<String>> out = new ArrayList<>();
        for (String w : words) {
            List<String> f = new ArrayList<>();
            f.add(w);
            f.addAll(aliases.expansions(w));
            out.add(f);
        }
        return out;
    }

    /** Weighted share of the words found in the (lower-case) text. */
    static double share(List<List<String>> forms, double[] weights, String lower) {
        double all = 0;
        double found = 0;
        for (int i = 0; i < forms.size(); i++) {
            all += weights[i];
            if (anyIn(forms.get(i), lower)) {
                found += weights[i];
            }
        }
        return all == 0 ? 0 : found / all;
    }

    /** Whether any of a word's forms occurs in the text (a plain loop: it runs for every piece of every candidate). */
    static boolean anyIn(List<String> forms, String lower) {
        for (int i = 0; i < forms.size(); i++) {
            if (lower.contains(forms.get(i))) {
                return true;
            }
        }
        return false;
    }

    private record Rank(boolean found, int rank, double score) {
        double reciprocal() {
            return found ? 1.0 / rank : 0;
        }
    }

    private static Rank rank(List<RankedDoc> list, String docId) {
        if (list != null) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i).docId().equals(docId)) {
                    return new Rank(true, i + 1, list.get(i).score());
                }
            }
        }
        return new Rank(false, 0, 0);
    }

    private static double relative(List<RankedDoc> list, String docId) {
        if (list == null || list.isEmpty() || list.get(0).score() <= 0) {
            return 0;
        }
        Rank r = rank(list, docId);
        return r.found() ? r.score() / list.get(0).score() : 0;
    }

    /**
     * Lucene's dot product, which runs on the CPU's vector unit (Panama) when the JVM is started with
     * jdk.incubator.vector as bin/guanjia does: a question is compared with ~1,000 scope examples and every
     * piece of its candidates in each turn, which a plain loop made a fifth of a search's time.
     */
    static double dot(float[] a, float[] b) {
        return org.apache.lucene.util.VectorUtil.dotProduct(a, b);
    }
}
