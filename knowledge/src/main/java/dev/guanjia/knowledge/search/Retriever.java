package dev.guanjia.knowledge.search;

import org.apache.lucene.search.IndexSearcher;

import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;

/** Ranks documents for a question; retrievers compose, like Lucene queries, from smaller ones. */
public interface Retriever {

    /** Documents visible to the community, best first, each once. */
    List<RankedDoc> retrieve(IndexSearcher searcher, Question question, String communityId, int depth)
            throws IOException;

    /**
     * True when it reads the question's vector: {@link WeightedFusion} runs such retrievers after the
     * others, whatever their place in its list, so the embedding started ahead overlaps the others.
     */
    default boolean embeds() {
        return false;
    }

    /**
     * This retriever for the questions it can read, nothing for the others: an empty ranking, not a
     * noisy one (a question typed in pinyin means nothing to the embedding model, and its letters
     * match only noise among words and character bigrams).
     */
    default Retriever readingOnly(Predicate<Question> reads) {
        Retriever self = this;
        return new Retriever() {
            @Override
            public List<RankedDoc> retrieve(IndexSearcher searcher, Question q, String communityId, int depth)
                    throws IOException {
                return reads.test(q) ? self.retrieve(searcher, q, communityId, depth) : List.of();
            }

            @Override
            public boolean embeds() {
                return self.embeds();
            }
        };
    }
}
