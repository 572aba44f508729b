package dev.guanjia.knowledge.embedding;

/** Turns text into a unit-length vector whose dot product with another measures closeness of meaning. */
public interface Embedder {

    float[] embed(String text);

    /** For a short question: models trained with a query instruction want it here. */
    default float[] embedQuery(String question) {
        return embed(question);
    }

    int dimension();

    /** Changes when vectors are no longer comparable: the index is rebuilt. */
    String modelId();
}
