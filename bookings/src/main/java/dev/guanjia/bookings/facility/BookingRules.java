package dev.guanjia.bookings.facility;

/**
 * A community's booking rules.
 *
 * @param activePerHouse      how many bookings not yet over one house may hold at once
 * @param cancelBeforeMinutes a resident may cancel up to this long before the start
 */
public record BookingRules(int activePerHouse, int cancelBeforeMinutes) {

    /** Where a community set nothing: one booking per house, cancel up to two hours before. */
    public static final BookingRules DEFAULTS = new BookingRules(1, 120);
}
