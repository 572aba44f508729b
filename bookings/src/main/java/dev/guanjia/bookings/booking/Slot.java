package dev.guanjia.bookings.booking;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** One slot of a facility in the community's local time, with how many bookings it still takes. */
public record Slot(String bookableCode, String bookableName, LocalDateTime start, LocalDateTime end, int left) {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("M月d日");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final String[] WEEKDAYS = {"周一", "周二", "周三", "周四", "周五", "周六", "周日"};

    /** "12月5日（周六）10:00-11:00", as residents read it. */
    public String label() {
        return DAY.format(start) + "（" + WEEKDAYS[start.getDayOfWeek().getValue() - 1] + "）" + TIME.format(start)
                + "-" + TIME.format(end);
    }
}
