package dev.guanjia.ticketing.complaint;

import java.time.OffsetDateTime;

/**
 * A complaint or suggestion as the supervisor and the resident see it: the work order's code and
 * state, what it is about, the resident's own words, the deadlines and whether they were missed,
 * the latest answer, the first complaint on the same topic it is linked to, and the 回访 answer.
 */
public record Complaint(
        long id,
        String code,
        String communityId,
        String kind,
        Subject subject,
        String words,
        String houseCode,
        String buildingCode,
        Long residentId,
        String status,
        OffsetDateTime createdAt,
        OffsetDateTime firstAnswerDue,
        OffsetDateTime closeDue,
        OffsetDateTime firstAnsweredAt,
        OffsetDateTime closedAt,
        String answer,
        String answeredBy,
        boolean firstAnswerBreached,
        boolean closeBreached,
        String linkedTo,
        int repeats,
        OffsetDateTime followUpAskedAt,
        Boolean followUpResolved,
        Integer followUpScore,
        OffsetDateTime followUpAt) {

    public static final String COMPLAINT = "complaint";
    public static final String SUGGESTION = "suggestion";

    /** Whether a category of work order is a complaint or a suggestion, handled as such. */
    public static boolean isKind(String category) {
        return COMPLAINT.equals(category) || SUGGESTION.equals(category);
    }

    public boolean isSuggestion() {
        return SUGGESTION.equals(kind);
    }

    /** Answered, and the resident not yet said whether it resolved the matter. */
    public boolean awaitsFollowUp() {
        return followUpAskedAt != null && (followUpAt == null || followUpAt.isBefore(followUpAskedAt));
    }
}
