package dev.guanjia.knowledge.search;

import dev.guanjia.knowledge.analysis.KnowledgeAnalysis;
import dev.guanjia.knowledge.index.ChunkFields;
import dev.guanjia.knowledge.index.KnowledgeIndex;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** BM25 over one analysed field: the question's own terms, plus alias terms at a lower weight. */
public final class LexicalRetriever implements Retriever {

    private final String field;
    private final KnowledgeAnalysis analysis;
    private final float aliasBoost;

    public LexicalRetriever(String field, KnowledgeAnalysis analysis, float aliasBoost) {
        this.field = field;
        this.analysis = analysis;
        this.aliasBoost = aliasBoost;
    }

    /** The query alone, for highlighting and tests. Null when the question has no term in this field. */
    public Query query(Question q) {
        Set<String> own = new LinkedHashSet<>(analysis.queryTerms(field, q.text()));
        Set<String> alias = new LinkedHashSet<>();
        for (String e : q.expansions()) {
            alias.addAll(analysis.queryTerms(field, e));
        }
        alias.removeAll(own);
        if (own.isEmpty() && alias.isEmpty()) {
            return null;
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (String t : own) {
            b.add(new TermQuery(new Term(field, t)), BooleanClause.Occur.SHOULD);
        }
        for (String t : alias) {
            b.add(new BoostQuery(new TermQuery(new Term(field, t)), aliasBoost), BooleanClause.Occur.SHOULD);
        }
        return b.build();
    }

    @Override
    public List<RankedDoc> retrieve(IndexSearcher searcher, Question q, String communityId, int depth)
            throws IOException {
        Query terms = query(q);
        if (terms == null) {
            return List.of();
        }
        Query query = KnowledgeIndex.visibleTo(searcher, communityId).add(terms, BooleanClause.Occur.MUST).build();
        ScoreDoc[] hits = searcher.search(query, depth * 2).scoreDocs;
        return firstPerDocument(searcher, hits, depth);
    }

    static List<RankedDoc> firstPerDocument(IndexSearcher searcher, ScoreDoc[] hits, int depth) throws IOException {
        List<RankedDoc> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        for (ScoreDoc h : hits) {
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(h.doc, leaves));
            SortedDocValues ids = DocValues.getSorted(leaf.reader(), ChunkFields.DOC_ID);
            if (!ids.advanceExact(h.doc - leaf.docBase)) {
                continue;
            }
            String docId = ids.lookupOrd(ids.ordValue()).utf8ToString();
            if (seen.add(docId)) {
                out.add(new RankedDoc(docId, h.doc, h.score));
                if (out.size() == depth) {
                    break;
                }
            }
        }
        return out;
    }

    public String field() {
        return field;
    }
}
