package dev.guanjia.knowledge.search;

import dev.guanjia.knowledge.analysis.KnowledgeAnalysis;
import dev.guanjia.knowledge.index.ChunkFields;
import dev.guanjia.knowledge.index.KeptPerReader;
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
        List<HeldPostings.Clause> clauses = clauses(q);
        if (clauses.isEmpty()) {
            return null;
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (HeldPostings.Clause c : clauses) {
            Query t = new TermQuery(new Term(field, c.term()));
            b.add(c.boost() == 1f ? t : new BoostQuery(t, c.boost()), BooleanClause.Occur.SHOULD);
        }
        return b.build();
    }

    /** The question's own terms at weight 1, then its aliases' other terms at the alias boost. */
    List<HeldPostings.Clause> clauses(Question q) {
        Set<String> own = new LinkedHashSet<>(analysis.queryTerms(field, q.text()));
        Set<String> alias = new LinkedHashSet<>();
        for (String e : q.expansions()) {
            alias.addAll(analysis.queryTerms(field, e));
        }
        alias.removeAll(own);
        List<HeldPostings.Clause> out = new ArrayList<>(own.size() + alias.size());
        for (String t : own) {
            out.add(new HeldPostings.Clause(t, 1f));
        }
        for (String t : alias) {
            out.add(new HeldPostings.Clause(t, aliasBoost));
        }
        return out;
    }

    /** Scored as {@link #query} would be under the community's visibility filter. */
    @Override
    public List<RankedDoc> retrieve(IndexSearcher searcher, Question q, String communityId, int depth)
            throws IOException {
        List<HeldPostings.Clause> clauses = clauses(q);
        if (clauses.isEmpty()) {
            return List.of();
        }
        ScoreDoc[] hits = HeldPostings.search(searcher, field, clauses, KnowledgeIndex.visibleDocs(searcher, communityId),
                depth * 2);
        return firstPerDocument(searcher, hits, depth);
    }

    static List<RankedDoc> firstPerDocument(IndexSearcher searcher, ScoreDoc[] hits, int depth) throws IOException {
        List<RankedDoc> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        for (ScoreDoc h : hits) {
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(h.doc, leaves));
            String docId = docIds(leaf.reader())[h.doc - leaf.docBase];
            if (docId == null) {
                continue;
            }
            if (seen.add(docId)) {
                out.add(new RankedDoc(docId, h.doc, h.score));
                if (out.size() == depth) {
                    break;
                }
            }
        }
        return out;
    }

    /** Each chunk's document id, by segment core, read once: every ranking of every search names its hits. */
    private static final KeptPerReader<String, String[]> DOC_IDS = new KeptPerReader<>();

    private static String[] docIds(org.apache.lucene.index.LeafReader leaf) throws IOException {
        return DOC_IDS.get(leaf.getCoreCacheHelper(), ChunkFields.DOC_ID, field -> {
            String[] out = new String[leaf.maxDoc()];
            SortedDocValues ids = DocValues.getSorted(leaf, field);
            for (int d = ids.nextDoc(); d != org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS; d = ids.nextDoc()) {
                out[d] = ids.lookupOrd(ids.ordValue()).utf8ToString();
            }
            return out;
        });
    }

    public String field() {
        return field;
    }
}
