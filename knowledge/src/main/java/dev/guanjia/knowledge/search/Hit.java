package dev.guanjia.knowledge.search;

/**
 * A document found for a question.
 *
 * @param snippet  the best-matching part of the chunk, HTML-escaped, matched words in &lt;em&gt;
 * @param category the article's category as stored ("notices", "fees", …; empty when it has none)
 */
public record Hit(String docId, String title, String section, double score, String snippet, String text,
                  String category) {
}
