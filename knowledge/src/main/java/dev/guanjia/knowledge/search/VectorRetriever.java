package dev.guanjia.knowledge.search;

import dev.guanjia.knowledge.index.ChunkFields;
import dev.guanjia.knowledge.index.KnowledgeIndex;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;

import java.io.IOException;
import java.util.List;

/**
 * Nearest chunks by meaning (HNSW over the chunk embeddings). Scores are cosines, so unlike BM25
 * they mean the same across questions: the abstain decision leans on them.
 */
public final class VectorRetriever implements Retriever {

    @Override
    public List<RankedDoc> retrieve(IndexSearcher searcher, Question q, String communityId, int depth)
            throws IOException {
        KnnFloatVectorQuery knn = new KnnFloatVectorQuery(ChunkFields.VECTOR, q.vector(), depth * 4,
                KnowledgeIndex.visibleTo(searcher, communityId).build());
        ScoreDoc[] hits = searcher.search(knn, depth * 4).scoreDocs;
        // Lucene's DOT_PRODUCT score is (1 + cos) / 2; turn it back into the cosine.
        for (ScoreDoc h : hits) {
            h.score = 2 * h.score - 1;
        }
        return LexicalRetriever.firstPerDocument(searcher, hits, depth);
    }

    @Override
    public boolean embeds() {
        return true;
    }
}
