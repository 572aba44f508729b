package dev.guanjia.knowledge.editing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One saved state of an article.
 *
 * @param action      imported (its state before its first console save), created, edited, retired,
 *                    restored or rolled_back
 * @param author      "staff:CODE", "admin:token" or "pack"
 * @param fromVersion the version a roll-back copied (else null)
 */
public record ArticleVersion(int version, String action, String author, Instant savedAt, String title,
                             String category, List<String> tags, String body, LocalDate validFrom,
                             LocalDate validUntil, boolean retired, Integer fromVersion) {
}
