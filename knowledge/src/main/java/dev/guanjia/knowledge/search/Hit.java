package dev.guanjia.knowledge.search;

/**
 * A document found for a question.
 *
 * @param snippet the best-matching part of the chunk, HTML-escaped, matched words in &lt;em&gt;
 */
public record Hit(String docId, String title, String section, double score, String snippet, String text) {
}
