package dev.guanjia.knowledge.editing;

import java.time.LocalDate;
import java.util.List;

/**
 * What an editor saves.
 *
 * @param baseVersion the version the editor started from; a save on top of a newer one is refused
 *                    (null: no check, e.g. a new article)
 */
public record ArticleDraft(String title, String category, List<String> tags, String body, LocalDate validFrom,
                           LocalDate validUntil, Integer baseVersion) {
}
