package dev.guanjia.ticketing.classify;

import dev.guanjia.community.category.ServiceCategory;
import dev.guanjia.ticketing.workorder.Priority;

/** What a description is about and how urgent it is, with why (shown on the timeline, in Chinese). */
public record Classification(ServiceCategory category, Priority priority, String reason) {
}
