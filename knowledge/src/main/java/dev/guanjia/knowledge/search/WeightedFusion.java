package dev.guanjia.knowledge.search;

import org.apache.lucene.search.IndexSearcher;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Weighted reciprocal rank fusion: each list adds weight / (k + rank) to a document. Weights let
 * the meaning-based list outvote lexical lists that agree on the same wrong document when the
 * resident's words differ from the document's.
 */
public final class WeightedFusion implements Retriever {

    /** A retriever and how much its ranking counts. */
    public record Part(String name, Retriever retriever, double weight) {
    }

    private final List<Part> parts;
    private final int k;

    public WeightedFusion(List<Part> parts, int k) {
        if (parts.stream().map(Part::name).distinct().count() != parts.size()) {
            throw new IllegalArgumentException("fusion parts need distinct names: " + parts);
        }
        this.parts = List.copyOf(parts);
        this.k = k;
    }

    @Override
    public List<RankedDoc> retrieve(IndexSearcher searcher, Question q, String communityId, int depth)
            throws IOException {
        return fuse(lists(searcher, q, communityId, depth), depth);
    }

    /**
     * Every part's own ranking, by part name (in the parts' order), so callers can read the signals
     * too. The parts that embed the question run last: meanwhile the question may still be embedding
     * on another thread ({@link QuestionEmbedding}), and only they wait for it.
     */
    public Map<String, List<RankedDoc>> lists(IndexSearcher searcher, Question q, String communityId, int depth)
            throws IOException {
        Map<String, List<RankedDoc>> found = new HashMap<>();
        for (boolean embedding : new boolean[] {false, true}) {
            for (Part p : parts) {
                if (p.retriever().embeds() == embedding) {
                    found.put(p.name(), p.retriever().retrieve(searcher, q, communityId, depth));
                }
            }
        }
        Map<String, List<RankedDoc>> lists = new LinkedHashMap<>();
        for (Part p : parts) {
            lists.put(p.name(), found.get(p.name()));
        }
        return lists;
    }

    public List<RankedDoc> fuse(Map<String, List<RankedDoc>> lists, int depth) {
        Map<String, Double> score = new HashMap<>();
        Map<String, RankedDoc> best = new HashMap<>();
        for (Part p : parts) {
            List<RankedDoc> list = lists.getOrDefault(p.name(), List.of());
            double weight = p.weight();
            for (int r = 0; r < list.size(); r++) {
                RankedDoc d = list.get(r);
                score.merge(d.docId(), weight / (k + r + 1), Double::sum);
                // the chunk shown is the one the most trusted list found first
                best.putIfAbsent(d.docId(), d);
            }
        }
        List<RankedDoc> out = new ArrayList<>();
        score.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(depth)
                .forEach(e -> out.add(new RankedDoc(e.getKey(), best.get(e.getKey()).chunk(), e.getValue())));
        return out;
    }
}
