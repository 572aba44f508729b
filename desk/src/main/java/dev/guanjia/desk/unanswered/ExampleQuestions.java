package dev.guanjia.desk.unanswered;

import dev.guanjia.knowledge.document.KbDocument;

import java.time.LocalDate;

/**
 * Residents' wordings added to an article so the search finds it by them: articles have no
 * questions field in their front matter, so the wordings go into a "常见问法" section of the body,
 * which the index reads like the rest of the article.
 */
public final class ExampleQuestions {

    public static final String SECTION = "## 常见问法";

    private ExampleQuestions() {
    }

    /** The article with the question listed under its 常见问法 section (made at the end if missing). */
    public static KbDocument add(KbDocument d, String question, LocalDate today) {
        String q = question.strip().replaceAll("\\s+", " ");
        String body = d.body();
        if (q.isEmpty() || body.lines().anyMatch(l -> l.strip().equals("- " + q))) {
            return d;
        }
        String line = "- " + q;
        int at = body.indexOf(SECTION);
        String updated;
        if (at < 0) {
            updated = body.stripTrailing() + "\n\n" + SECTION + "\n" + line;
        } else {
            // the section ends at the next heading of any level
            int end = body.indexOf("\n#", at + SECTION.length());
            String head = end < 0 ? body : body.substring(0, end);
            String tail = end < 0 ? "" : body.substring(end);
            updated = head.stripTrailing() + "\n" + line + (tail.isEmpty() ? "" : "\n" + tail);
        }
        return new KbDocument(d.id(), d.title(), d.category(), d.tags(), today, updated, d.sourceFile());
    }
}
