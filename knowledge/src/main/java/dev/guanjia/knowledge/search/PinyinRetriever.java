package dev.guanjia.knowledge.search;

import dev.guanjia.knowledge.analysis.KnowledgeAnalysis;
import dev.guanjia.knowledge.analysis.Pinyin;
import org.apache.lucene.search.IndexSearcher;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * BM25 over pinyin syllable pairs, the ranking a question typed in pinyin ("menjinka guashi zai nali")
 * is found by. For such a question the first few documents are reordered by the share of the
 * question's topical syllable pairs their whole document holds: BM25 over short chunks lets a pair of
 * chat words ("zen me", "me ban", "zai na") outweigh the pairs that name the topic. A question in
 * characters gets plain BM25 (its words are measured by the coverage features). The ranking's scores
 * stay the BM25 scores by position, so the relative-score feature reads it in its new order.
 */
public final class PinyinRetriever implements Retriever {

    /** Syllable pairs of question words (怎么, 多少, 什么…): they say how a thing is asked, not what about. */
    private static final Set<String> QUESTION_PAIRS = Set.copyOf(Arrays.asList(Pinyin.bigrams(
            "怎么办，怎么样，怎样，多少钱，什么时候，哪里，哪儿，可以吗，能不能，可不可以，几点，为什么，如何，要不要，是不是，有没有，"
                    + "在哪，多久，多长时间").strip().split(" ")));

    /** How many documents a pinyin question reorders by its syllable pairs. */
    private static final int REORDERED = 8;

    private final KnowledgeAnalysis analysis;
    private final LexicalRetriever pairs;

    public PinyinRetriever(KnowledgeAnalysis analysis, float aliasBoost) {
        this.analysis = analysis;
        this.pairs = new LexicalRetriever(KnowledgeAnalysis.PINYIN, analysis, aliasBoost);
    }

    @Override
    public List<RankedDoc> retrieve(IndexSearcher searcher, Question q, String communityId, int depth)
            throws IOException {
        List<RankedDoc> found = pairs.retrieve(searcher, q, communityId, depth);
        if (!q.isPinyin() || found.size() < 2) {
            return found;
        }
        List<String> asked = analysis.queryTerms(KnowledgeAnalysis.PINYIN, q.text());
        double[] topical = new double[asked.size()];
        for (int i = 0; i < topical.length; i++) {
            topical[i] = QUESTION_PAIRS.contains(asked.get(i)) ? 0 : 1;
        }
        int n = Math.min(REORDERED, found.size());
        List<RankedDoc> first = new ArrayList<>(found.subList(0, n));
        double[] share = new double[n];
        for (int i = 0; i < n; i++) {
            share[i] = share(searcher, asked, topical, ChunkText.chunksOf(searcher, communityId, first.get(i).docId()));
        }
        // the most topical pairs first, BM25 order breaking ties (a stable sort)
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -share[i]));
        List<RankedDoc> out = new ArrayList<>(found);
        for (int i = 0; i < n; i++) {
            RankedDoc d = first.get(order[i]);
            out.set(i, new RankedDoc(d.docId(), d.chunk(), found.get(i).score()));
        }
        return out;
    }

    /** Share of a pinyin question's syllable pairs in one chunk: whether it is worth answering from. */
    double coverage(IndexSearcher searcher, Question q, int chunk) throws IOException {
        List<String> asked = analysis.queryTerms(KnowledgeAnalysis.PINYIN, q.text());
        double[] ones = new double[asked.size()];
        Arrays.fill(ones, 1);
        return share(searcher, asked, ones, List.of(chunk));
    }

    /** How many syllable pairs a question has. */
    int pairs(Question q) {
        return analysis.queryTerms(KnowledgeAnalysis.PINYIN, q.text()).size();
    }

    /** Weighted share of the syllable pairs found in the chunks (title, tags, section, text). */
    private static double share(IndexSearcher searcher, List<String> pairs, double[] weights, List<Integer> chunks)
            throws IOException {
        StringBuilder text = new StringBuilder();
        for (int c : chunks) {
            text.append(ChunkText.of(searcher, c).all()).append('\n');
        }
        String textPairs = " " + Pinyin.bigrams(text.toString());
        double all = 0;
        double found = 0;
        for (int i = 0; i < pairs.size(); i++) {
            all += weights[i];
            found += textPairs.contains(" " + pairs.get(i) + " ") ? weights[i] : 0;
        }
        return all == 0 ? 0 : found / all;
    }
}
