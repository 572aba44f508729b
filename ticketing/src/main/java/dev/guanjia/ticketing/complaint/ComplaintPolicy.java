package dev.guanjia.ticketing.complaint;

import dev.guanjia.community.directory.CommunityDirectory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * How long the supervisor has for a complaint: a first answer within 24 hours and the matter closed
 * within 72 by default. A community sets its own in community_settings (whole hours):
 * {@code complaint.first_answer_hours}, {@code complaint.close_hours}; and how many days back a new
 * complaint on the same subject is linked to an earlier one, {@code complaint.repeat_days} (7).
 * Settings rather than sla_policies: that table's three repair stages (response, start, resolve)
 * do not fit a complaint's two, and a community-wide '*' row there must not move complaint deadlines.
 */
public final class ComplaintPolicy {

    public static final String FIRST_ANSWER_HOURS = "complaint.first_answer_hours";
    public static final String CLOSE_HOURS = "complaint.close_hours";
    public static final String REPEAT_DAYS = "complaint.repeat_days";

    /** A community's complaint deadlines and its repeat window. */
    public record Terms(Duration firstAnswer, Duration close, Duration repeatWindow) {
    }

    public static final Terms DEFAULTS = new Terms(Duration.ofHours(24), Duration.ofHours(72), Duration.ofDays(7));

    private ComplaintPolicy() {
    }

    /** The community's terms, on the caller's connection; a missing or malformed setting keeps the default. */
    public static Terms terms(Connection c, String communityId) throws SQLException {
        Duration first = Duration.ofHours(positive(c, communityId, FIRST_ANSWER_HOURS, 24));
        Duration close = Duration.ofHours(positive(c, communityId, CLOSE_HOURS, 72));
        // closing cannot be due before the first answer
        return new Terms(first, close.compareTo(first) < 0 ? first : close,
                Duration.ofDays(positive(c, communityId, REPEAT_DAYS, 7)));
    }

    private static int positive(Connection c, String communityId, String key, int fallback) throws SQLException {
        try {
            int v = Integer.parseInt(CommunityDirectory.setting(c, communityId, key).orElse("").strip());
            return v > 0 ? v : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
