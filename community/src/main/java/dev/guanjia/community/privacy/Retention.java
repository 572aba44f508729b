package dev.guanjia.community.privacy;

/**
 * How long each kind of residents' data is kept before the daily job ends it. Bills, work orders
 * and the audit log are the company's records and are not on this list (see README).
 *
 * @param conversationDays conversations, their messages, staff notes, callbacks and hand-off summaries,
 *                         counted from the last message
 * @param callDays         phone-call records (caller number, transcript), counted from the call
 * @param loginCodeDays    one-time sign-in codes, counted from issue
 * @param sessionDays      sign-in sessions, counted from their end (expiry or sign-out)
 * @param noticeDays       delivered work-order notices, counted from delivery
 */
public record Retention(int conversationDays, int callDays, int loginCodeDays, int sessionDays, int noticeDays) {

    public Retention {
        if (conversationDays < 1 || callDays < 1 || loginCodeDays < 1 || sessionDays < 1 || noticeDays < 1) {
            throw new IllegalArgumentException("every retention period is at least one day");
        }
    }

    /** The configured conversation period; calls follow it, the shorter periods are fixed. */
    public static Retention of(int conversationDays) {
        return new Retention(conversationDays, conversationDays, 30, 90, 90);
    }
}
