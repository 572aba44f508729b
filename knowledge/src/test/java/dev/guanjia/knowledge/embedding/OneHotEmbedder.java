package dev.guanjia.knowledge.embedding;

/**
 * For tests that need an index, not meaning: each text is a unit vector on one of eight axes chosen
 * by its hash, so vectors are valid for the dot product and cost nothing to make.
 */
public class OneHotEmbedder implements Embedder {

    private final String modelId;

    public OneHotEmbedder(String modelId) {
        this.modelId = modelId;
    }

    @Override
    public float[] embed(String text) {
        float[] v = new float[dimension()];
        v[Math.abs(text.hashCode()) % v.length] = 1;
        return v;
    }

    @Override
    public int dimension() {
        return 8;
    }

    @Override
    public String modelId() {
        return modelId;
    }
}
