package dev.guanjia.knowledge.search;

import dev.guanjia.knowledge.index.ChunkFields;
import dev.guanjia.knowledge.index.KeptPerReader;
import dev.guanjia.knowledge.index.KnowledgeIndex;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.util.FixedBitSet;
import org.apache.lucene.search.IndexSearcher;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Nearest chunks by meaning. Scores are cosines, so unlike BM25 they mean the same across
 * questions: the abstain decision leans on them. Every chunk the community sees is compared (an
 * exact search): a community has hundreds of chunks, not millions, and Lucene's approximate graph
 * search cost more per question in setting up than comparing them all does.
 */
public final class VectorRetriever implements Retriever {

    /** The chunk vectors of each segment, by segment core, decoded once: a segment never changes. */
    private static final KeptPerReader<String, float[][]> VECTORS = new KeptPerReader<>();

    @Override
    public List<RankedDoc> retrieve(IndexSearcher searcher, Question q, String communityId, int depth)
            throws IOException {
        float[] target = q.vector();
        FixedBitSet visible = KnowledgeIndex.visibleDocs(searcher, communityId);
        List<ScoreDoc> all = new ArrayList<>();
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            float[][] vectors = vectors(leaf.reader());
            for (int d = 0; d < vectors.length; d++) {
                if (vectors[d] != null && visible.get(leaf.docBase + d)) {
                    // Lucene's DOT_PRODUCT score is (1 + cos) / 2, ranked as Lucene ranks it; turned back into the cosine
                    all.add(new ScoreDoc(leaf.docBase + d, VectorSimilarityFunction.DOT_PRODUCT.compare(target, vectors[d])));
                }
            }
        }
        all.sort((a, b) -> a.score != b.score ? Float.compare(b.score, a.score) : Integer.compare(a.doc, b.doc));
        ScoreDoc[] hits = all.subList(0, Math.min(depth * 4, all.size())).toArray(new ScoreDoc[0]);
        for (ScoreDoc h : hits) {
            h.score = 2 * h.score - 1;
        }
        return LexicalRetriever.firstPerDocument(searcher, hits, depth);
    }

    private static float[][] vectors(LeafReader leaf) throws IOException {
        return VECTORS.get(leaf.getCoreCacheHelper(), ChunkFields.VECTOR, field -> {
            float[][] out = new float[leaf.maxDoc()][];
            FloatVectorValues values = leaf.getFloatVectorValues(field);
            if (values != null) {
                KnnVectorValues.DocIndexIterator it = values.iterator();
                for (int d = it.nextDoc(); d != KnnVectorValues.DocIndexIterator.NO_MORE_DOCS; d = it.nextDoc()) {
                    float[] v = values.vectorValue(it.index());
                    out[d] = Arrays.copyOf(v, v.length);
                }
            }
            return out;
        });
    }

    @Override
    public boolean embeds() {
        return true;
    }
}
