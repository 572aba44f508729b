package dev.guanjia.app.eval;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * The day an evaluation runs as: cases that depend on the date (current notices, "明天" in a
 * booking or a repair visit, what is overdue) are written for one day, so the service under eval
 * reads its time from a clock set to that day instead of the machine's.
 */
public final class ServiceDay {

    /** Office hours have begun, so "今天下午" is still ahead and "明天" is the next calendar day. */
    public static final LocalTime START = LocalTime.of(10, 0);

    private ServiceDay() {
    }

    /**
     * A clock that reads {@link #START} on {@code day} in the community's zone when made, and then
     * runs on at the machine's pace (orders created one after another still get increasing times).
     */
    public static Clock clock(LocalDate day, ZoneId zone, Clock machine) {
        Duration shift = Duration.between(machine.instant(), day.atTime(START).atZone(zone).toInstant());
        return Clock.offset(machine, shift);
    }

    /** {@code --today YYYY-MM-DD}, or the machine's own day in the community's zone when absent. */
    public static LocalDate parse(String arg, ZoneId zone, Clock machine) {
        if (arg == null) {
            return LocalDate.now(machine.withZone(zone));
        }
        try {
            return LocalDate.parse(arg.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw new dev.guanjia.app.Args.UsageException("--today " + arg + " is not a date: use YYYY-MM-DD, e.g. 2026-12-03");
        }
    }
}
