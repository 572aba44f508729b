package dev.guanjia.bookings.facility;

import java.math.BigDecimal;
import java.time.LocalTime;

/**
 * Something residents book by the slot: a court, the moving lift, a meeting room.
 *
 * @param code        the pack id ("court"), stable across imports
 * @param capacity    how many bookings one slot takes (1 for a court, more for a gym)
 * @param fee         per slot, in yuan; 0 when free
 * @param advanceDays how many days ahead a slot may be booked (0: today only)
 */
public record Bookable(long id, String communityId, String code, String name, LocalTime opens, LocalTime closes,
                       int slotMinutes, int capacity, BigDecimal fee, int advanceDays, String source,
                       boolean active) {

    public boolean free() {
        return fee.signum() == 0;
    }
}
