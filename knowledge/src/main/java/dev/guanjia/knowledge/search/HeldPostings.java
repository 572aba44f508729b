package dev.guanjia.knowledge.search;

import dev.guanjia.knowledge.index.KeptPerReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.similarities.Similarity;
import org.apache.lucene.util.BitSet;
import org.apache.lucene.util.BytesRef;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BM25 over a field's postings held in memory, one table per segment. A knowledge base is small,
 * and for its Boolean queries of a question's words Lucene's per-query work (rewriting, building a
 * weight per clause, looking each term up in each segment's dictionary) was most of a search. The
 * scores are Lucene's own: its similarity scores each clause from its statistics (document
 * frequencies counting deleted documents, as Lucene's do), clauses add up as in a disjunction, and
 * equal scores keep the lower document first. So a ranking is the one {@code searcher.search} gives.
 */
final class HeldPostings {

    /** One clause of a disjunction: a term and its boost. */
    record Clause(String term, float boost) {
    }

    private record Postings(int[] docs, int[] freqs, long totalTermFreq) {
    }

    /** A field of one segment: its postings by term and each document's length norm. */
    private record Table(Map<String, Postings> terms, long[] norms) {
    }

    /** Per segment core and field; a segment never changes, deletions are applied by the caller's filter. */
    private static final KeptPerReader<String, Table> TABLES = new KeptPerReader<>();

    private HeldPostings() {
    }

    /**
     * The best documents for a disjunction of term clauses among the visible ones (a bit set over the
     * top-level reader's documents, live ones only), best first.
     */
    static ScoreDoc[] search(IndexSearcher searcher, String field, List<Clause> clauses, BitSet visible, int n)
            throws IOException {
        CollectionStatistics stats = searcher.collectionStatistics(field);
        if (stats == null || clauses.isEmpty()) {
            return new ScoreDoc[0];
        }
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        Table[] tables = new Table[leaves.size()];
        for (int i = 0; i < tables.length; i++) {
            tables[i] = table(leaves.get(i).reader(), field);
        }
        Similarity similarity = searcher.getSimilarity();
        double[] sum = new double[searcher.getIndexReader().maxDoc()];
        boolean[] matched = new boolean[sum.length];
        int found = 0;
        Postings[] perLeaf = new Postings[tables.length];
        for (Clause c : clauses) {
            int docFreq = 0;
            long totalTermFreq = 0;
            for (int i = 0; i < tables.length; i++) {
                perLeaf[i] = tables[i] == null ? null : tables[i].terms().get(c.term());
                if (perLeaf[i] != null) {
                    docFreq += perLeaf[i].docs().length;
                    totalTermFreq += perLeaf[i].totalTermFreq();
                }
            }
            if (docFreq == 0) {
                continue;
            }
            Similarity.SimScorer scorer = similarity.scorer(c.boost(), stats,
                    searcher.termStatistics(new Term(field, c.term()), docFreq, totalTermFreq));
            for (int i = 0; i < tables.length; i++) {
                Postings p = perLeaf[i];
                if (p == null) {
                    continue;
                }
                int base = leaves.get(i).docBase;
                long[] norms = tables[i].norms();
                for (int j = 0; j < p.docs().length; j++) {
                    int doc = base + p.docs()[j];
                    if (!visible.get(doc)) {
                        continue;
                    }
                    sum[doc] += scorer.score(p.freqs()[j], norms[p.docs()[j]]);
                    if (!matched[doc]) {
                        matched[doc] = true;
                        found++;
                    }
                }
            }
        }
        ScoreDoc[] all = new ScoreDoc[found];
        int k = 0;
        for (int doc = 0; doc < sum.length && k < found; doc++) {
            if (matched[doc]) {
                all[k++] = new ScoreDoc(doc, (float) sum[doc]);
            }
        }
        // best first; of equal scores the lower document, as Lucene's top-documents collector
        Arrays.sort(all, (a, b) -> a.score != b.score ? Float.compare(b.score, a.score) : Integer.compare(a.doc, b.doc));
        return all.length <= n ? all : Arrays.copyOf(all, n);
    }

    private static Table table(LeafReader leaf, String field) throws IOException {
        return TABLES.get(leaf.getCoreCacheHelper(), field, f -> read(leaf, f));
    }

    private static Table read(LeafReader leaf, String field) throws IOException {
        Terms terms = leaf.terms(field);
        if (terms == null) {
            return null;
        }
        long[] norms = new long[leaf.maxDoc()];
        NumericDocValues values = leaf.getNormValues(field);
        if (values != null) {
            for (int d = values.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = values.nextDoc()) {
                norms[d] = values.longValue();
            }
        }
        Map<String, Postings> out = new HashMap<>();
        TermsEnum te = terms.iterator();
        PostingsEnum pe = null;
        for (BytesRef term = te.next(); term != null; term = te.next()) {
            pe = te.postings(pe, PostingsEnum.FREQS);
            int[] docs = new int[te.docFreq()];
            int[] freqs = new int[docs.length];
            int n = 0;
            for (int d = pe.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = pe.nextDoc()) {
                if (n == docs.length) {
                    docs = Arrays.copyOf(docs, n * 2 + 1);
                    freqs = Arrays.copyOf(freqs, n * 2 + 1);
                }
                docs[n] = d;
                freqs[n] = pe.freq();
                n++;
            }
            out.put(term.utf8ToString(), new Postings(Arrays.copyOf(docs, n), Arrays.copyOf(freqs, n),
                    te.totalTermFreq()));
        }
        return new Table(out, norms);
    }
}
