package dev.guanjia.knowledge.search;

/** A sentence, list item or table row inside a found chunk: what an extractive answer quotes. */
public record Passage(String docId, String title, String text, double score) {
}
