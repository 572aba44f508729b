package dev.guanjia.knowledge.search;

import dev.guanjia.knowledge.index.ChunkFields;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.search.IndexSearcher;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A chunk's stored text, lower-cased for matching, cached per index reader: the same chunks are
 * candidates question after question, and decompressing stored fields is a search's largest cost
 * after the rankings themselves. A new reader (after any change) starts an empty cache; the old one
 * goes with its reader.
 *
 * @param title       the document's title, lower-cased
 * @param section     the section path, as written
 * @param pieces      the text's sentences, list items and table rows, as written
 * @param continuing  for each piece, whether it continues the line of the piece before it
 * @param topic       the title and tags
 * @param all         title, tags, section path and text
 * @param topicVector the document's topic vector (null in an index without one)
 * @param category    the document's category ("" when unknown)
 */
record ChunkText(String title, String section, List<String> pieces, List<Boolean> continuing, String topic, String all,
                 float[] topicVector, String category) {

    private static final Map<IndexReader.CacheKey, Map<Integer, ChunkText>> CACHE =
            Collections.synchronizedMap(new WeakHashMap<>());

    static ChunkText of(IndexSearcher searcher, int chunk) throws IOException {
        IndexReader.CacheHelper helper = searcher.getIndexReader().getReaderCacheHelper();
        Map<Integer, ChunkText> texts = helper == null ? new ConcurrentHashMap<>()
                : CACHE.computeIfAbsent(helper.getKey(), k -> new ConcurrentHashMap<>());
        ChunkText t = texts.get(chunk);
        if (t == null) {
            Document d = searcher.storedFields().document(chunk);
            String topic = (d.get(ChunkFields.TITLE) + " " + d.get(ChunkFields.TAGS)).toLowerCase();
            String text = d.get(ChunkFields.TEXT);
            t = new ChunkText(d.get(ChunkFields.TITLE).toLowerCase(), d.get(ChunkFields.SECTION),
                    dev.guanjia.knowledge.chunk.Chunker.pieces(text), dev.guanjia.knowledge.chunk.Chunker.continuing(text), topic, topic + " " + (d.get(ChunkFields.SECTION) + " " + d.get(ChunkFields.TEXT))
                    .toLowerCase(), ChunkFields.topicVector(searcher, chunk),
                    java.util.Objects.requireNonNullElse(d.get(ChunkFields.CATEGORY), ""));
            texts.put(chunk, t);
        }
        return t;
    }

    /**
     * Every chunk of a hit's document (Lucene doc numbers), in document order: the community's own
     * document when it has one (it replaces the company-wide one), else the company-wide one.
     */
    static List<Integer> chunksOf(IndexSearcher searcher, String communityId, String docId) throws IOException {
        String key = communityId != null && dev.guanjia.knowledge.index.KnowledgeIndex.ownDocIds(searcher, communityId)
                .contains(docId) ? ChunkFields.docKey(communityId, docId) : ChunkFields.docKey(null, docId);
        var hits = searcher.search(new org.apache.lucene.search.TermQuery(new org.apache.lucene.index.Term(
                ChunkFields.DOC_KEY, key)), 50).scoreDocs;
        java.util.Arrays.sort(hits, Comparator.comparingInt(sd -> sd.doc));
        List<Integer> out = new ArrayList<>();
        for (var sd : hits) {
            out.add(sd.doc);
        }
        return out;
    }
}
