package dev.guanjia.community.audit;

import java.util.Optional;

/**
 * Where the audit log's length and newest hash are kept outside the database, so that emptying
 * the table or cutting off its newest entries shows: the database cannot rewrite what it does not
 * hold. The service records a new mark after entries are appended; {@code audit verify} compares.
 */
public interface AuditAnchor {

    /** The log as it stood: how many entries, and the hash of the newest (entry number count). */
    record Mark(long count, String head) {
        public Mark {
            if (count < 0 || head == null || head.isBlank()) {
                throw new IllegalArgumentException("an anchor mark is a count >= 0 and the newest hash");
            }
        }
    }

    /** The last mark recorded; empty when none was ever written. */
    Optional<Mark> read();

    /** Replaces the mark durably: after a crash the old mark or the new one is read, never a mix. */
    void record(Mark mark);

    /** Where the mark is kept, for messages. */
    String describe();
}
