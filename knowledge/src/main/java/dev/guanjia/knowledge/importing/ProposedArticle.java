package dev.guanjia.knowledge.importing;

import dev.guanjia.knowledge.document.KbDocument;

import java.time.LocalDate;
import java.util.List;

/**
 * One article an import proposes: the staff see it in the preview, may rename or untick it, and
 * only then is it stored. The body is Markdown the chunker reads (sub-headings, tables).
 */
public record ProposedArticle(int index, String docId, String title, String category, List<String> tags,
                              String body) {

    public ProposedArticle withTitle(String newTitle) {
        return new ProposedArticle(index, docId, newTitle, category, tags, body);
    }

    public ProposedArticle withCategory(String newCategory) {
        return new ProposedArticle(index, docId, title, newCategory, tags, body);
    }

    public KbDocument toDocument(LocalDate today, String fileName) {
        return new KbDocument(docId, title, category, tags, today, body, "import:" + fileName);
    }
}
