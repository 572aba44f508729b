package dev.guanjia.payments.reminder;

import java.time.LocalTime;
import java.util.List;
import java.util.Objects;

/**
 * How a community reminds residents of their bills (催缴).
 *
 * @param daysBefore        the "due soon" reminder goes this many days before the due date (0: none)
 * @param overdue           whether an overdue reminder goes, from the day after the due date
 * @param overdueRepeatDays repeat the overdue reminder every this many days while unpaid (0: once)
 * @param overdueLimit      overdue reminders per bill at most, the first included
 * @param channels          in order of preference: "wechat" (official account), "sms"
 * @param quietStart        no reminder goes from this local time…
 * @param quietEnd          …until this one (the community's time zone); one due then waits
 */
public record ReminderPolicy(String communityId, boolean enabled, int daysBefore, boolean overdue,
                             int overdueRepeatDays, int overdueLimit, List<String> channels,
                             LocalTime quietStart, LocalTime quietEnd) {

    public static final String WECHAT = "wechat";
    public static final String SMS = "sms";

    public ReminderPolicy {
        Objects.requireNonNull(communityId, "communityId");
        if (daysBefore < 0 || daysBefore > 60) {
            throw new IllegalArgumentException("daysBefore must be between 0 and 60");
        }
        if (overdueRepeatDays < 0 || overdueRepeatDays > 365) {
            throw new IllegalArgumentException("overdueRepeatDays must be between 0 (no repeat) and 365");
        }
        if (overdueLimit < 1 || overdueLimit > 12) {
            throw new IllegalArgumentException("overdueLimit must be between 1 and 12");
        }
        channels = List.copyOf(channels);
        if (channels.isEmpty() || channels.stream().anyMatch(ch -> !WECHAT.equals(ch) && !SMS.equals(ch))
                || channels.stream().distinct().count() != channels.size()) {
            throw new IllegalArgumentException("channels must list wechat and/or sms, each once");
        }
        Objects.requireNonNull(quietStart, "quietStart");
        Objects.requireNonNull(quietEnd, "quietEnd");
    }

    /**
     * What a community without its own policy gets: 3 days before the due date and once the day
     * after it, WeChat first then SMS, nothing between 21:00 and 08:00.
     */
    public static ReminderPolicy defaults(String communityId) {
        return new ReminderPolicy(communityId, true, 3, true, 0, 1, List.of(WECHAT, SMS),
                LocalTime.of(21, 0), LocalTime.of(8, 0));
    }

    /** True when a reminder must not go at this local time; the window may span midnight. */
    public boolean quiet(LocalTime t) {
        if (quietStart.equals(quietEnd)) {
            return false;
        }
        return quietStart.isBefore(quietEnd)
                ? !t.isBefore(quietStart) && t.isBefore(quietEnd)
                : !t.isBefore(quietStart) || t.isBefore(quietEnd);
    }
}
