package dev.guanjia.knowledge.editing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A knowledge article as it stands now.
 *
 * @param communityId null for a company-wide article
 * @param version     the number of its newest version (0: never saved in the console, e.g. from a pack)
 * @param validFrom   first day it is answered (null: from the start)
 * @param validUntil  last day it is answered (null: open)
 * @param retiredAt   when it was retired (null: in service)
 */
public record Article(String communityId, String docId, String title, String category, List<String> tags,
                      String body, LocalDate validFrom, LocalDate validUntil, Instant retiredAt, int version,
                      Instant savedAt, String sourceFile) {

    public boolean retired() {
        return retiredAt != null;
    }

    /** Whether the bot answers from it on this day. */
    public boolean answeredOn(LocalDate day) {
        return !retired() && (validFrom == null || !day.isBefore(validFrom))
                && (validUntil == null || !day.isAfter(validUntil));
    }
}
