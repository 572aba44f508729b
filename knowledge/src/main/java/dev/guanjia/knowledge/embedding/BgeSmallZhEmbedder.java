package dev.guanjia.knowledge.embedding;

import dev.langchain4j.model.embedding.onnx.bgesmallzhv15q.BgeSmallZhV15QuantizedEmbeddingModel;

/**
 * bge-small-zh-v1.5 (quantized ONNX), run in-process from the model jar: nothing is downloaded.
 * Loading takes about a second and ~170 MB, so one instance serves the whole process.
 */
public final class BgeSmallZhEmbedder implements Embedder {

    // bge-zh's query instruction ("为这个句子生成表示以用于检索相关文章：") was measured here: it doubles
    // the cost of embedding a question and did not improve retrieval, so questions are embedded plain.
    private static volatile BgeSmallZhEmbedder shared;

    private final BgeSmallZhV15QuantizedEmbeddingModel model = new BgeSmallZhV15QuantizedEmbeddingModel();
    // one message is embedded several times in a turn (intent, the model's cues, the search), and a
    // pack imported again (or the index rebuilt) embeds its unchanged articles' pieces again: keep the last
    // few thousand texts up to a chunk's length (at most ~16 MB)
    private static final int CACHED = 4096;
    private static final int CACHED_LENGTH = 1000;
    private final java.util.Map<String, float[]> recent = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(CACHED, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, float[]> eldest) {
                    return size() > CACHED;
                }
            });

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
        if (dev.guanjia.knowledge.search.Question.visible(text).isEmpty()) {
            // the model refuses text without a visible character (a WeChat message of zero-width
            // spaces reached it through the intent classifier): such text is near nothing
            return new float[dimension()];
        }
        if (text.length() > CACHED_LENGTH) {
            return normalize(model.embed(text).content().vector());
        }
        float[] v = recent.get(text);
        if (v == null) {
            v = normalize(model.embed(text).content().vector());
            recent.put(text, v);
        }
        return v.clone();
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
