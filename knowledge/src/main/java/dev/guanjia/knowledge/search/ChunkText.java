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
 * @param pieceVectors the pieces' vectors, in piece order (empty in an index without them)
 * @param lowerSection the section path, lower-cased
 * @param lowerPieces  the pieces, lower-cased
 * @param sectionedPieces each lower-cased piece after its lower-cased section path and a space
 * @param shownTitle   the document's title, as written
 * @param text         the chunk's text, as written
 * @param lowerFigures the kinds of figure each lower-cased piece holds ({@link AskedFigure#kindsIn})
 * @param bodyFigures  the kinds of figure each piece holds without its list number ("3.")
 */
record ChunkText(String title, String section, List<String> pieces, List<Boolean> continuing, String topic, String all,
                 float[] topicVector, String category, List<float[]> pieceVectors, String lowerSection,
                 List<String> lowerPieces, List<String> sectionedPieces, String shownTitle, String text,
                 int[] lowerFigures, int[] bodyFigures) {

    private static final Map<IndexReader.CacheKey, Map<Integer, ChunkText>> CACHE =
            Collections.synchronizedMap(new WeakHashMap<>());

    /** Per reader, as the texts: a document's chunks by community and document id. */
    private static final Map<IndexReader.CacheKey, Map<String, List<Integer>>> CHUNKS =
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
            List<String> pieces = dev.guanjia.knowledge.chunk.Chunker.pieces(text);
            String section = d.get(ChunkFields.SECTION);
            String lowerSection = section.toLowerCase();
            List<String> lower = pieces.stream().map(String::toLowerCase).toList();
            t = new ChunkText(d.get(ChunkFields.TITLE).toLowerCase(), d.get(ChunkFields.SECTION),
                    pieces, dev.guanjia.knowledge.chunk.Chunker.continuing(text), topic, topic + " " + (d.get(ChunkFields.SECTION) + " " + d.get(ChunkFields.TEXT))
                    .toLowerCase(), ChunkFields.topicVector(searcher, chunk),
                    java.util.Objects.requireNonNullElse(d.get(ChunkFields.CATEGORY), ""),
                    // decoded once per reader: every question's candidates compare the same vectors
                    List.copyOf(ChunkFields.pieceVectors(searcher, chunk)), lowerSection,
                    lower, lower.stream().map(p -> lowerSection + " " + p).toList(),
                    d.get(ChunkFields.TITLE), text,
                    lower.stream().mapToInt(AskedFigure::kindsIn).toArray(),
                    pieces.stream().mapToInt(p -> AskedFigure.kindsIn(PassageCandidate.withoutListNumber(p))).toArray());
            texts.put(chunk, t);
        }
        return t;
    }

    /**
     * Every chunk of a hit's document (Lucene doc numbers), in document order: the community's own
     * document when it has one (it replaces the company-wide one), else the company-wide one.
     */
    static List<Integer> chunksOf(IndexSearcher searcher, String communityId, String docId) throws IOException {
        IndexReader.CacheHelper helper = searcher.getIndexReader().getReaderCacheHelper();
        if (helper == null) {
            return readChunksOf(searcher, communityId, docId);
        }
        Map<String, List<Integer>> known = CHUNKS.computeIfAbsent(helper.getKey(), k -> new ConcurrentHashMap<>());
        String id = (communityId == null ? "\u0001" : communityId) + '\u0000' + docId;
        List<Integer> chunks = known.get(id);
        if (chunks == null) {
            chunks = readChunksOf(searcher, communityId, docId);
            known.put(id, chunks);
        }
        return chunks;
    }

    private static List<Integer> readChunksOf(IndexSearcher searcher, String communityId, String docId)
            throws IOException {
        String key = communityId != null && dev.guanjia.knowledge.index.KnowledgeIndex.ownDocIds(searcher, communityId)
                .contains(docId) ? ChunkFields.docKey(communityId, docId) : ChunkFields.docKey(null, docId);
        var hits = searcher.search(new org.apache.lucene.search.TermQuery(new org.apache.lucene.index.Term(
                ChunkFields.DOC_KEY, key)), 50).scoreDocs;
        java.util.Arrays.sort(hits, Comparator.comparingInt(sd -> sd.doc));
        List<Integer> out = new ArrayList<>();
        for (var sd : hits) {
            out.add(sd.doc);
        }
        return List.copyOf(out);
    }
}
