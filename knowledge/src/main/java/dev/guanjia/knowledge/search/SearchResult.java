package dev.guanjia.knowledge.search;

import java.util.List;

/**
 * What the knowledge base says about a question.
 *
 * @param abstained  true when no document answers it well enough to show: the bot should say so
 * @param confidence the calibrated probability that the top hit answers the question
 */
public record SearchResult(String question, List<Hit> hits, List<Passage> passages, boolean abstained,
                           double confidence, long micros) {

    public List<String> docIds() {
        return hits.stream().map(Hit::docId).toList();
    }
}
