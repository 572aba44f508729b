package dev.guanjia.knowledge.search;

import java.util.List;

/**
 * What the knowledge base says about a question.
 *
 * @param abstained  true when no document answers it well enough to show: the bot should say so
 * @param confidence the calibrated probability that the top hit answers the question
 * @param micros     how long the search took
 */
public record SearchResult(String question, List<Hit> hits, List<Passage> passages, boolean abstained,
                           double confidence, Signals signals, long micros) {

    /**
     * What the abstain decision saw: the top document's cosine to the question, the share of the
     * question's content words found in it, the question's closeness to example questions that are
     * and are not the property company's to answer.
     */
    public record Signals(double cosine, double coverage, double inScope, double outOfScope) {
    }

    public List<String> docIds() {
        return hits.stream().map(Hit::docId).toList();
    }
}
