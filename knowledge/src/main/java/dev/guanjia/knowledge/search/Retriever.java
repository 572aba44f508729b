package dev.guanjia.knowledge.search;

import org.apache.lucene.search.IndexSearcher;

import java.io.IOException;
import java.util.List;

/** Ranks documents for a question; retrievers compose, like Lucene queries, from smaller ones. */
public interface Retriever {

    /** Documents visible to the community, best first, each once. */
    List<RankedDoc> retrieve(IndexSearcher searcher, Question question, String communityId, int depth)
            throws IOException;
}
