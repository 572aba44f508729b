package dev.guanjia.knowledge.document;

import java.time.LocalDate;
import java.util.List;

/** One knowledge-base article: front matter plus its Markdown body. */
public record KbDocument(String id, String title, String category, List<String> tags, LocalDate updated,
                         String body, String sourceFile) {

    public static final List<String> CATEGORIES =
            List.of("fees", "procedures", "facilities", "rules", "contacts", "emergencies", "notices");
}
