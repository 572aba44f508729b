package dev.guanjia.notices.notice;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A published notice (公告).
 *
 * @param buildings  the building codes it concerns; empty: the whole community
 * @param validFrom  first day it applies (the community's time zone)
 * @param validUntil last day it applies, included
 * @param withdrawn  when staff withdrew it; null while it stands
 */
public record Notice(long id, String communityId, String title, String body, NoticeCategory category,
                     List<String> buildings, LocalDate validFrom, LocalDate validUntil, String sourceDoc,
                     String createdBy, Instant createdAt, Instant updatedAt, Instant withdrawn) {

    public Notice {
        buildings = List.copyOf(buildings);
    }

    /** Whether it applies on this day (not withdrawn, within its days). */
    public boolean currentOn(LocalDate day) {
        return withdrawn == null && !day.isBefore(validFrom) && !day.isAfter(validUntil);
    }

    /** Whether it concerns the whole community. */
    public boolean communityWide() {
        return buildings.isEmpty();
    }
}
