package dev.guanjia.bookings.day;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Days and times as residents say them: 今天/明天/后天/大后天, 周六/星期天/礼拜三, 下周一, 12月5日/5号;
 * 上午/下午/晚上, 10点/下午三点半/14:00. Relative words are read against the day the caller passes
 * in (the service's clock in the community's time zone), never the machine's.
 */
public final class DayPhrases {

    private static final Pattern RELATIVE = Pattern.compile("大后天|后天|明天|明日|明早|明晚|明儿|今天|今日|今晚|今早|today|tomorrow");
    private static final Pattern WEEKDAY = Pattern.compile("((?<!一)下个?|这个?|本)?(周|星期|礼拜)([一二三四五六日天1-7])");
    /** "5号" is a day, "5号楼" / "3号门" / "2号线" a place. */
    private static final Pattern DATE = Pattern.compile(
            "(?:(\\d{1,2})月)?(\\d{1,2})(?:日|号)(?![楼栋幢座门线院库位区房室单厅口岗车号])");
    // a number right after the hour is minutes only when it is one or two digits alone ("一点806那套" is
    // one o'clock and a flat); an hour inside a longer number is none
    private static final Pattern CLOCK = Pattern.compile(
            "(凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜里)?\\s*(?<!\\d)(\\d{1,2}|[零一二两三四五六七八九十]{1,3})\\s*(?:(点|時|时)(半|一刻|(\\d{1,2})(?!\\d)分?)?|[:：](\\d{2})(?!\\d))");
    private static final Pattern PART = Pattern.compile("上午|早上|早晨|中午|下午|傍晚|晚上|夜里");
    /** "next Saturday", "this fri", "on Sunday". */
    private static final Pattern WEEKDAY_EN = Pattern.compile(
            "\\b((?i:next|this|coming) )?(?:((?i:mon|tue|wed|thu|fri|sat|sun))(?i:day|sday|nesday|rsday|urday)|"
                    // short names only capitalised: "sat" and "sun" are words too
                    + "(Mon|Tue|Wed|Thu|Fri|Sat|Sun)(?:s|rs)?\\.?)\\b");
    private static final List<String> WEEKDAYS_EN = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    /** A month's name, whole or cut short ("Dec", "Sept", "December"), captured as its first three letters. */
    private static final String MONTH = "(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)(?:uary|ruary|ch|il|e|y|ust|t|tember|ober|ember)?\\.?";
    /** "the 8th", "December 8", "8 Dec", "the 8th of December". */
    private static final Pattern DATE_EN = Pattern.compile(
            "(?i)\\b(?:" + MONTH + " (\\d{1,2})(?:st|nd|rd|th)?\\b|"
                    // a bare ordinal only as a day: "on the 8th", "the 8th at 4", not "the 2nd court" or "the 3rd time"
                    + "(?:on )?the (\\d{1,2})(?:st|nd|rd|th)(?=\\s*(?:$|[,.!?;]|at\\b|from\\b|for\\b|in the\\b|morning|afternoon|evening|night|\\d|between\\b|to\\b|and\\b|of\\b))(?: of)?(?: " + MONTH + ")?|"
                    + "(\\d{1,2}) " + MONTH + "\\b)");
    private static final List<String> MONTHS_EN = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
            "oct", "nov", "dec");

    private DayPhrases() {
    }

    /** The day the text names, read from {@code today}; empty when it names none. */
    public static Optional<LocalDate> day(String text, LocalDate today) {
        Matcher r = RELATIVE.matcher(text);
        if (r.find()) {
            return Optional.of(switch (r.group()) {
                case "大后天" -> today.plusDays(3);
                case "后天" -> today.plusDays(2);
                case "明天", "明日", "明早", "明晚", "明儿", "tomorrow" -> today.plusDays(1);
                default -> today;
            });
        }
        Matcher de = DATE_EN.matcher(text);
        if (de.find()) {
            String month = de.group(1) != null ? de.group(1) : de.group(4) != null ? de.group(4) : de.group(6);
            String dayText = de.group(2) != null ? de.group(2) : de.group(3) != null ? de.group(3) : de.group(5);
            return onDay(today, month == null ? null : MONTHS_EN.indexOf(month.toLowerCase(java.util.Locale.ROOT)) + 1,
                    Integer.parseInt(dayText));
        }
        Matcher d = DATE.matcher(text);
        if (d.find()) {
            return onDay(today, d.group(1) == null ? null : Integer.parseInt(d.group(1)), Integer.parseInt(d.group(2)));
        }
        // a date said wins over the weekday said beside it ("12号礼拜六": the 12th, which is a Saturday)
        Matcher w = WEEKDAY.matcher(text);
        if (w.find()) {
            DayOfWeek dow = DayOfWeek.of("一二三四五六日".indexOf(w.group(3).replace("天", "日").replace("7", "日")) >= 0
                    ? "一二三四五六日".indexOf(w.group(3).replace("天", "日").replace("7", "日")) + 1
                    : Integer.parseInt(w.group(3)));
            String which = w.group(1) == null ? "" : w.group(1);
            if (which.startsWith("下")) {
                LocalDate nextMonday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).plusWeeks(1);
                return Optional.of(nextMonday.with(TemporalAdjusters.nextOrSame(dow)));
            }
            // "周六" is the coming one: today if today is Saturday
            return Optional.of(today.with(TemporalAdjusters.nextOrSame(dow)));
        }
        Matcher we = WEEKDAY_EN.matcher(text);
        if (we.find()) {
            String name = we.group(2) != null ? we.group(2) : we.group(3);
            DayOfWeek dow = DayOfWeek.of(WEEKDAYS_EN.indexOf(name.toLowerCase(java.util.Locale.ROOT)) + 1);
            if (we.group(1) != null && we.group(1).strip().equalsIgnoreCase("next")) {
                LocalDate nextMonday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).plusWeeks(1);
                return Optional.of(nextMonday.with(TemporalAdjusters.nextOrSame(dow)));
            }
            return Optional.of(today.with(TemporalAdjusters.nextOrSame(dow)));
        }
        return Optional.empty();
    }

    /** A day of a month (the coming one when no month is named), never in the past. */
    private static Optional<LocalDate> onDay(LocalDate today, Integer month, int dayOfMonth) {
        try {
            if (month != null) {
                LocalDate x = LocalDate.of(today.getYear(), month, dayOfMonth);
                return Optional.of(x.isBefore(today) ? x.plusYears(1) : x);
            }
            LocalDate x = today.withDayOfMonth(Math.min(dayOfMonth, today.lengthOfMonth()));
            return Optional.of(x.isBefore(today) ? today.plusMonths(1).withDayOfMonth(dayOfMonth) : x);
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    /** A clock time the text names ("下午3点", "10点半", "14:00"); empty when it names none. */
    public static Optional<LocalTime> time(String text) {
        Matcher m = CLOCK.matcher(text);
        while (m.find()) {
            int hour = number(m.group(2));
            if (hour < 0 || hour > 24) {
                continue;
            }
            int minute = 0;
            if (m.group(6) != null) {
                minute = Integer.parseInt(m.group(6));
            } else if ("半".equals(m.group(4))) {
                minute = 30;
            } else if ("一刻".equals(m.group(4))) {
                minute = 15;
            } else if (m.group(5) != null) {
                minute = Integer.parseInt(m.group(5));
            }
            if (minute > 59) {
                continue;
            }
            String part = m.group(1) == null ? partOf(text) : m.group(1);
            if (part != null && hour < 12 && (part.equals("下午") || part.equals("傍晚") || part.equals("晚上")
                    || part.equals("夜里") || part.equals("中午") && hour < 3)) {
                hour += 12;
            }
            return Optional.of(hour == 24 ? LocalTime.MIDNIGHT : LocalTime.of(hour, minute));
        }
        return Optional.empty();
    }

    /** The part of the day named (上午, 下午, 晚上…) as [from, to); empty when none. */
    public static Optional<LocalTime[]> partOfDay(String text) {
        String p = partOf(text);
        if (p == null) {
            return Optional.empty();
        }
        return Optional.of(switch (p) {
            case "上午", "早上", "早晨" -> new LocalTime[]{LocalTime.of(6, 0), LocalTime.of(12, 0)};
            case "中午" -> new LocalTime[]{LocalTime.of(11, 0), LocalTime.of(14, 0)};
            case "下午" -> new LocalTime[]{LocalTime.of(12, 0), LocalTime.of(18, 0)};
            default -> new LocalTime[]{LocalTime.of(17, 0), LocalTime.of(23, 59)};
        });
    }

    private static String partOf(String text) {
        Matcher m = PART.matcher(text);
        if (m.find()) {
            return m.group();
        }
        if (text.contains("明早") || text.contains("今早")) {
            return "上午";
        }
        if (text.contains("今晚") || text.contains("明晚")) {
            return "晚上";
        }
        return null;
    }

    /** 0–99 in digits or Chinese numerals (十, 十二, 二十一, 两); -1 when not a number. */
    static int number(String s) {
        if (s.chars().allMatch(Character::isDigit)) {
            return Integer.parseInt(s);
        }
        String digits = "零一二三四五六七八九";
        int ten = s.indexOf('十');
        if (ten < 0) {
            return s.length() == 1 ? (s.equals("两") ? 2 : digits.indexOf(s)) : -1;
        }
        int high = ten == 0 ? 1 : digits.indexOf(s.charAt(0));
        int low = ten == s.length() - 1 ? 0 : digits.indexOf(s.charAt(ten + 1));
        return high < 0 || low < 0 ? -1 : high * 10 + low;
    }
}
