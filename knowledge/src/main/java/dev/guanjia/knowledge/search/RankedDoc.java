package dev.guanjia.knowledge.search;

/**
 * One document in a retriever's ranking, represented by its best chunk.
 *
 * @param chunk  the Lucene doc number of the best chunk
 * @param score  the retriever's own score (BM25, cosine or fused); comparable only within one list
 */
public record RankedDoc(String docId, int chunk, double score) {
}
