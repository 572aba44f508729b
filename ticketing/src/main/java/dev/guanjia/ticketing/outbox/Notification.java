package dev.guanjia.ticketing.outbox;

/**
 * A notice to deliver. The id is stable across retries: a sender that passes it on as an
 * idempotency key makes a retry after a lost acknowledgement harmless.
 */
public record Notification(long id, String communityId, String targetKind, long targetId, String message,
                           int attempt, String workOrderCode) {
}
