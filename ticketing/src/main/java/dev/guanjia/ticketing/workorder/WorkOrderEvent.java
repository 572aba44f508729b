package dev.guanjia.ticketing.workorder;

import java.time.OffsetDateTime;

/** One step of a work order's timeline: who did what, when, from which state to which. */
public record WorkOrderEvent(long id, OffsetDateTime at, String actor, String fromStatus, String toStatus,
                             String note) {
}
