package dev.guanjia.knowledge.chunk;

/**
 * A searchable piece of a document: one section (or part of a long one, or one table), carrying
 * the document's title and the headings above it so it reads on its own.
 *
 * @param section headings above the text, outermost first, joined by " > " ("" for the lead text)
 */
public record Chunk(String docId, String title, String section, String text, int ordinal) {

    /** Title, section and text as one passage: what is indexed and embedded. */
    public String fullText() {
        return section.isEmpty() ? title + "\n" + text : title + " > " + section + "\n" + text;
    }
}
