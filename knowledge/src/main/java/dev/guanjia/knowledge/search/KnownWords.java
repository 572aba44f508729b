package dev.guanjia.knowledge.search;

import dev.guanjia.knowledge.analysis.Aliases;
import dev.guanjia.knowledge.analysis.KnowledgeAnalysis;
import dev.guanjia.knowledge.index.KnowledgeIndex;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a community's knowledge base uses the words of a question anywhere at all. A question about
 * a thing the community has no article mentioning (a swimming pool where there is none) cannot be
 * answered however close some article comes in meaning; a question whose words all occur somewhere
 * at least may be.
 */
final class KnownWords {

    private KnownWords() {
    }

    /**
     * The share of the question's Chinese content words (of two characters or more) that no document
     * visible to the community contains, in any of their alias forms; 0 when it has none. Matched as
     * character sequences (a phrase of bigrams), so the word analysis cutting a document's text
     * differently from the question's does not hide a word that is there.
     */
    static double unknownShare(IndexSearcher searcher, KnowledgeAnalysis analysis, Aliases aliases,
                               String communityId, List<String> contentWords) throws IOException {
        int words = 0;
        int unknown = 0;
        for (String w : contentWords) {
            if (!chinese(w)) {
                continue;
            }
            words++;
            if (!known(searcher, analysis, aliases, communityId, w)) {
                unknown++;
            }
        }
        return words == 0 ? 0 : (double) unknown / words;
    }

    /**
     * Per reader (a change opens a new one), the words already looked up for a community: residents
     * ask with the same few hundred words, and each look-up is a Lucene query of its own.
     */
    private static final java.util.Map<org.apache.lucene.index.IndexReader.CacheKey, java.util.Map<String, Boolean>> SEEN =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
    private static final int SEEN_PER_READER = 20_000;

    static boolean known(IndexSearcher searcher, KnowledgeAnalysis analysis, Aliases aliases,
                         String communityId, String w) throws IOException {
        org.apache.lucene.index.IndexReader.CacheHelper helper = searcher.getIndexReader().getReaderCacheHelper();
        java.util.Map<String, Boolean> seen = helper == null ? null : SEEN.computeIfAbsent(helper.getKey(),
                k -> java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(256, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(java.util.Map.Entry<String, Boolean> eldest) {
                        return size() > SEEN_PER_READER;
                    }
                }));
        // the alias forms searched depend on the alias set, which a test or a refit may change
        String key = communityId + '\u0001' + System.identityHashCode(aliases) + '\u0001' + w;
        Boolean found = seen == null ? null : seen.get(key);
        if (found == null) {
            found = lookUp(searcher, analysis, aliases, communityId, w);
            if (seen != null) {
                seen.put(key, found);
            }
        }
        return found;
    }

    private static boolean lookUp(IndexSearcher searcher, KnowledgeAnalysis analysis, Aliases aliases,
                                  String communityId, String w) throws IOException {
        List<String> forms = new ArrayList<>();
        forms.add(w);
        aliases.expansions(w).stream().filter(KnownWords::chinese).forEach(forms::add);
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        for (String form : forms) {
            any.add(sequence(analysis, form), BooleanClause.Occur.SHOULD);
        }
        Query found = KnowledgeIndex.visibleTo(searcher, communityId).add(any.build(), BooleanClause.Occur.MUST)
                .build();
        return searcher.count(found) > 0;
    }

    /** The word as consecutive character bigrams. */
    private static Query sequence(KnowledgeAnalysis analysis, String word) {
        List<String> grams = analysis.queryTerms(KnowledgeAnalysis.GRAMS, word);
        if (grams.size() == 1) {
            return new TermQuery(new Term(KnowledgeAnalysis.GRAMS, grams.get(0)));
        }
        PhraseQuery.Builder p = new PhraseQuery.Builder();
        for (int i = 0; i < grams.size(); i++) {
            p.add(new Term(KnowledgeAnalysis.GRAMS, grams.get(i)), i);
        }
        return p.build();
    }

    private static boolean chinese(String w) {
        return w.codePointCount(0, w.length()) >= 2 && KnowledgeAnalysis.allChinese(w);
    }
}
