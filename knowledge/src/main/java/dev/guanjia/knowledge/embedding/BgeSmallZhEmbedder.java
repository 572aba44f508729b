package dev.guanjia.knowledge.embedding;

import dev.langchain4j.model.embedding.onnx.bgesmallzhv15q.BgeSmallZhV15QuantizedEmbeddingModel;

/**
 * bge-small-zh-v1.5 (quantized ONNX), run in-process from the model jar: nothing is downloaded.
 * Loading takes about a second and ~170 MB, so one instance serves the whole process.
 */
public final class BgeSmallZhEmbedder implements Embedder {

    /** The retrieval instruction bge-zh was trained with for short queries. */
    private static final String QUERY_INSTRUCTION = "为这个句子生成表示以用于检索相关文章：";
    private static volatile BgeSmallZhEmbedder shared;

    private final BgeSmallZhV15QuantizedEmbeddingModel model = new BgeSmallZhV15QuantizedEmbeddingModel();

    private BgeSmallZhEmbedder() {
    }

    public static BgeSmallZhEmbedder shared() {
        BgeSmallZhEmbedder e = shared;
        if (e == null) {
            synchronized (BgeSmallZhEmbedder.class) {
                e = shared;
                if (e == null) {
                    e = new BgeSmallZhEmbedder();
                    shared = e;
                }
            }
        }
        return e;
    }

    @Override
    public float[] embed(String text) {
        return normalize(model.embed(text).content().vector());
    }

    @Override
    public float[] embedQuery(String question) {
        return normalize(model.embed(QUERY_INSTRUCTION + question).content().vector());
    }

    @Override
    public int dimension() {
        return 512;
    }

    @Override
    public String modelId() {
        return "bge-small-zh-v1.5-q";
    }

    static float[] normalize(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        n = Math.sqrt(n);
        if (n == 0) {
            return v;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / n);
        }
        return out;
    }
}
