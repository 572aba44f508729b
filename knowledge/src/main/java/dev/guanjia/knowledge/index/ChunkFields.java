package dev.guanjia.knowledge.index;

import dev.guanjia.knowledge.analysis.KnowledgeAnalysis;
import dev.guanjia.knowledge.analysis.Pinyin;
import dev.guanjia.knowledge.chunk.Chunk;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.util.BytesRef;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/** What one chunk looks like in Lucene: the fields searched and the fields shown. */
public final class ChunkFields {

    /** "" is the key of company-wide documents, visible from every community. */
    public static final String COMMUNITY = "community";
    public static final String DOC_KEY = "doc_key";
    public static final String DOC_ID = "doc_id";
    public static final String TITLE = "title";
    public static final String SECTION = "section";
    public static final String TEXT = "text";
    public static final String VECTOR = "vec";
    /** The document's topic (title and tags) embedded once, stored on each of its chunks for ranking. */
    public static final String TOPIC_VECTOR = "topic_vec";
    public static final String TAGS = "tags";
    /** The document's category (fees, notices …): a notice in force is what "this time" questions mean. */
    public static final String CATEGORY = "category";
    /** The vectors of the chunk's passages ({@code Chunker.pieces}), in order, for choosing what to quote. */
    public static final String PIECE_VECTORS = "piece_vecs";
    public static final String SHARED = "";

    private ChunkFields() {
    }

    public static String communityKey(String communityId) {
        return communityId == null ? SHARED : communityId;
    }

    /** Identifies a document across communities, for replacing or deleting all its chunks. */
    public static String docKey(String communityId, String docId) {
        return communityKey(communityId) + "\u0000" + docId;
    }

    static Document toDocument(String communityId, Chunk chunk, String category, String tags, float[] vector,
                               float[] topic, List<float[]> pieces) {
        Document d = new Document();
        d.add(new StringField(COMMUNITY, communityKey(communityId), Field.Store.NO));
        d.add(new StringField(DOC_KEY, docKey(communityId, chunk.docId()), Field.Store.NO));
        d.add(new StoredField(DOC_ID, chunk.docId()));
        // doc values: rankings read the document id of many hits, far cheaper than stored fields
        d.add(new SortedDocValuesField(DOC_ID, new BytesRef(chunk.docId())));
        d.add(new StoredField(TITLE, chunk.title()));
        d.add(new StoredField(SECTION, chunk.section()));
        d.add(new StoredField(TEXT, chunk.text()));
        d.add(new StoredField(TAGS, tags));
        d.add(new StoredField(CATEGORY, category == null ? "" : category));
        // doc values, not stored fields: read for a few chunks per search, they must not make every
        // stored-field read decompress kilobytes of floats
        d.add(new BinaryDocValuesField(TOPIC_VECTOR, new BytesRef(toBytes(topic))));
        d.add(new BinaryDocValuesField(PIECE_VECTORS, new BytesRef(toBytes(pieces))));
        String searchable = chunk.title() + "\n" + tags + "\n" + chunk.section() + "\n" + chunk.text();
        d.add(new TextField(KnowledgeAnalysis.WORDS, searchable, Field.Store.NO));
        d.add(new TextField(KnowledgeAnalysis.GRAMS, searchable, Field.Store.NO));
        d.add(new TextField(KnowledgeAnalysis.PINYIN, Pinyin.bigrams(searchable), Field.Store.NO));
        d.add(new TextField(KnowledgeAnalysis.EXACT, String.join(" ", KnowledgeAnalysis.exactTokens(searchable)),
                Field.Store.NO));
        d.add(new KnnFloatVectorField(VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
        return d;
    }

    /** A chunk's document's topic vector (null when absent). */
    public static float[] topicVector(IndexSearcher searcher, int chunk) throws IOException {
        List<float[]> v = vectors(searcher, chunk, TOPIC_VECTOR);
        return v.isEmpty() ? null : v.get(0);
    }

    /** The vectors of a chunk's passages, in passage order (empty when absent). */
    public static List<float[]> pieceVectors(IndexSearcher searcher, int chunk) throws IOException {
        return vectors(searcher, chunk, PIECE_VECTORS);
    }

    private static List<float[]> vectors(IndexSearcher searcher, int chunk, String field) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(chunk, leaves));
        BinaryDocValues values = DocValues.getBinary(leaf.reader(), field);
        if (!values.advanceExact(chunk - leaf.docBase)) {
            return List.of();
        }
        BytesRef b = values.binaryValue();
        if (b == null || b.length == 0) {
            return List.of();
        }
        FloatBuffer f = ByteBuffer.wrap(b.bytes, b.offset, b.length).asFloatBuffer();
        int dim = (int) f.get();
        if (dim <= 0) {
            return List.of();
        }
        List<float[]> out = new ArrayList<>();
        while (f.remaining() >= dim) {
            float[] v = new float[dim];
            f.get(v);
            out.add(v);
        }
        return out;
    }

    private static byte[] toBytes(float[] v) {
        return toBytes(List.of(v));
    }

    /** Vectors of one dimension as bytes: the dimension, then the values one vector after another. */
    private static byte[] toBytes(List<float[]> vectors) {
        int dim = vectors.isEmpty() ? 0 : vectors.get(0).length;
        ByteBuffer b = ByteBuffer.allocate(Float.BYTES * (1 + dim * vectors.size()));
        FloatBuffer f = b.asFloatBuffer();
        f.put(dim);
        vectors.forEach(f::put);
        return b.array();
    }
}
