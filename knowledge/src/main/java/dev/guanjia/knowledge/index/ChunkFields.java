package dev.guanjia.knowledge.index;

import dev.guanjia.knowledge.analysis.KnowledgeAnalysis;
import dev.guanjia.knowledge.analysis.Pinyin;
import dev.guanjia.knowledge.chunk.Chunk;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.BytesRef;

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

    static Document toDocument(String communityId, Chunk chunk, String tags, float[] vector, float[] topic) {
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
        d.add(new StoredField(TOPIC_VECTOR, toBytes(topic)));
        String searchable = chunk.title() + "\n" + tags + "\n" + chunk.section() + "\n" + chunk.text();
        d.add(new TextField(KnowledgeAnalysis.WORDS, searchable, Field.Store.NO));
        d.add(new TextField(KnowledgeAnalysis.GRAMS, searchable, Field.Store.NO));
        d.add(new TextField(KnowledgeAnalysis.PINYIN, Pinyin.bigrams(searchable), Field.Store.NO));
        d.add(new TextField(KnowledgeAnalysis.EXACT, String.join(" ", KnowledgeAnalysis.exactTokens(searchable)),
                Field.Store.NO));
        d.add(new KnnFloatVectorField(VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
        return d;
    }

    /** A stored topic vector back as floats. */
    public static float[] topicVector(Document d) {
        BytesRef b = d.getBinaryValue(TOPIC_VECTOR);
        if (b == null) {
            return null;
        }
        java.nio.FloatBuffer f = java.nio.ByteBuffer.wrap(b.bytes, b.offset, b.length).asFloatBuffer();
        float[] out = new float[f.remaining()];
        f.get(out);
        return out;
    }

    private static byte[] toBytes(float[] v) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(v.length * Float.BYTES);
        b.asFloatBuffer().put(v);
        return b.array();
    }
}
