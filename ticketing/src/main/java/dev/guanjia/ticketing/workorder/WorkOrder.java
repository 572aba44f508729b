package dev.guanjia.ticketing.workorder;

import java.time.OffsetDateTime;
import java.util.List;

/** A work order as residents and staff see it. */
public record WorkOrder(
        long id,
        String communityId,
        String code,
        String houseCode,
        String location,
        Long reporterResidentId,
        String channel,
        String category,
        Priority priority,
        String title,
        String description,
        OffsetDateTime appointmentFrom,
        OffsetDateTime appointmentTo,
        Long assigneeId,
        String assigneeCode,
        String assigneeName,
        Status status,
        String waitingFor,
        String dispatchMode,
        Integer rating,
        String ratingComment,
        String completionNote,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        OffsetDateTime closedAt,
        OffsetDateTime responseDue,
        OffsetDateTime startDue,
        OffsetDateTime resolveDue,
        List<String> overdue,
        List<String> attachments,
        int version) {
}
