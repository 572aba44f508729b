package dev.guanjia.ticketing.appointment;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a resident can receive a technician, read from their own words ("明天上午", "周六下午三点以后",
 * "after 6 pm today") into a window of time, so the order carries an appointment a dispatcher can
 * plan with instead of a phrase in its title.
 */
public record VisitWindow(OffsetDateTime from, OffsetDateTime to) {

    private static final LocalTime DAY_START = LocalTime.of(8, 0);
    private static final LocalTime DAY_END = LocalTime.of(20, 0);

    private static final String NUM = "(\\d{1,2}|[零一二两三四五六七八九十]{1,3})";
    /**
     * An hour in figures or words. "一点" alone is "a little" ("一点儿都不热", "快一点") far more often than one
     * o'clock, which is said with its part of the day ("下午一点", "中午一点").
     */
    private static final String HOUR = "((?<!\\d)\\d{1,2}|(?<![快慢早晚有差好])(?!一点)[零一二两三四五六七八九十]{1,3}|(?<=[午上晚晨])一(?=点))";
    private static final Pattern CLOCK = Pattern.compile(
            HOUR + "\\s*(?:[点:：时]\\s*(半|\\d{1,2}(?!\\d)分?|[一二三四五]刻)?)|(\\d{1,2})(?::(\\d{2}))?\\s*(am|pm|a\\.m\\.|p\\.m\\.|o'?clock)",
            Pattern.CASE_INSENSITIVE);
    /** "after 6", "before 10": an English hour without am/pm, read as daytime like a bare Chinese one. */
    private static final Pattern EN_BARE = Pattern.compile("\\b(after|from|before)\\s+(\\d{1,2})\\b(?!\\s*(?:st|nd|rd|th|floors?|months?|days?|weeks?|years?|hours?|minutes?|mins?|times?|people|[/.:-]\\d))",
            Pattern.CASE_INSENSITIVE);
    /** Someone said to be in, without a time: the visit can be today. */
    private static final Pattern SOMEONE_IN = Pattern.compile(
            "在家|在屋|喺屋|屋头有人|有人在|家里有人|屋里有人|(我们|咱们|俺们|我|家里人|全家|一家人|老伴儿?|大人|人|俩|大家|他们|她们|家里|屋里)都在(?!楼下|外面|外头|小区|单位|公司|上班|医院|路上)|人在家|\\b(at home|is home|home (all day|after|from))\\b",
            Pattern.CASE_INSENSITIVE);
    /** Any time suits: the visit can be today. */
    private static final Pattern ANY_TIME = Pattern.compile(
            // "有人", "家里平时都有人", "有人，来吧" — not "楼下有人按门铃", "有人占了车位": someone else doing something
            "(?<![楼下上外口边道面里])有人(?![按占敲偷扔停放砸打撬翻跑闹吵骂拿往说讲找问进出来去在报投反])|都行|都可以|随时|"
                    + "\\b(any ?time|whenever)\\b", Pattern.CASE_INSENSITIVE);
    /** Now: someone is there at once. Haste alone ("赶紧", "尽快", "asap") says how soon, not when someone is in. */
    private static final Pattern NOW = Pattern.compile("(?<![到至])现在(?!还|也还|都还|仍|一直)|而家|马上|立刻|立即|\\b(right now|immediately)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern AFTER = Pattern.compile("以后|之后|后|过后|起|开始|往后|after|from|later than", Pattern.CASE_INSENSITIVE);
    private static final Pattern BEFORE = Pattern.compile("以前|之前|前|before|by|until", Pattern.CASE_INSENSITIVE);
    private static final Pattern RANGE = Pattern.compile(
            NUM + "\\s*[点:：时]?\\s*(?:半)?\\s*(?:到|至|-|~|－|—)\\s*" + NUM + "\\s*[点:：时]");
    private static final Pattern EN_RANGE = Pattern.compile(
            "(\\d{1,2})(?::\\d{2})?\\s*(am|pm)?\\s*(?:-|to|and)\\s*(\\d{1,2})(?::\\d{2})?\\s*(am|pm)", Pattern.CASE_INSENSITIVE);
    private static final Pattern MONTH_DAY = Pattern.compile(NUM + "\\s*月\\s*" + NUM + "\\s*[日号]");
    /** A day of the month ("16号来"), not an address's number ("三单元十六号", "B区16号", "3栋5号"). */
    private static final Pattern DAY_OF_MONTH = Pattern.compile("(?<![月\\d零一二两三四五六七八九十])(?<!单元|[栋幢区座楼层室巷街路A-Za-z])"
            + NUM + "\\s*[日号](?!楼|单元|房|院|铺|门)");
    private static final Pattern WEEKDAY = Pattern.compile("((?<!一)下+)?(?:周|星期|礼拜)([一二三四五六日天末])");
    private static final Pattern EN_WEEKDAY = Pattern.compile(
            "(next\\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend"
                    // "next Tue", "on Sat": a short day name, only where a day is meant ("sun" alone is the sun)
                    + "|(?<=(?:next|this|on)\\s)(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\\b)", Pattern.CASE_INSENSITIVE);
    /** "Tue 10-12", "Sat 2-4": an hour range without am/pm, read as daytime (not a house number's "1-2-502"). */
    private static final Pattern EN_BARE_RANGE = Pattern.compile("(?<![\\w-])(\\d{1,2})\\s*-\\s*(\\d{1,2})(?![\\w-])"
            + "(?!\\s*(?:st|nd|rd|th|floors?|months?|days?|weeks?|years?|hours?|minutes?|mins?|times?|people))");

    private static final String ZH_PART = "(?:早上|早晨|早起|一早|一大早|上午|中午|下午|傍晚|晚上|夜里|夜间|半夜|凌晨|清早|今早|今晚)";
    private static final String ZH_CLOCK = "(?:[零一二两三四五六七八九十\\d]{1,3}\\s*[点:：时](?:半|\\d{1,2}分?)?)";
    /**
     * When a fault began, not when someone is in: a past day ("昨天晚上开始就没热水", "上周六起"), a time of today
     * followed by what has gone on since ("早上起来就没电", "今天上午就停水了到现在", "since this morning", "since
     * Monday"). Left out before the visit time is read, so the order is not booked for a morning already gone
     * and the resident is still asked when they are in.
     */
    private static final Pattern ONSET = Pattern.compile(
            "(?:从|自从|打从|打)?(?:昨天|昨日|昨晚|昨夜|昨儿个?|昨个|琴日|寻日|前天|前晚|前日|前两天|前几天|大前天|上个?(?:周|星期|礼拜)[一二三四五六日天末]?)"
                    + ZH_PART + "?" + ZH_CLOCK + "?(?:多|左右)?(?:开始|起来|起)?"
                    // (not a day ahead's: "明天早上出门前来")
                    + "|(?<!明天\\s?|后天\\s?|明儿\\s?|周[一二三四五六日天]\\s?|星期[一二三四五六日天]\\s?|礼拜[一二三四五六日天]\\s?)(?:从|自从|打从|打)?(?:今天|今儿个?|今日|今个)?" + ZH_PART + ZH_CLOCK + "?(?:多|左右)?(?:起来|开始|起)?"
                    // (a time followed by what went wrong since, not by when someone is free: "下午就有空", "晚上一直在家")
                    + "(?=(?:就|一直|都)?(?:没|停|坏|漏|不|断|冒|响|滴|堵|跳|闪|黑|灭|渗|臭)|到现在|至今|发现|一看"
                    // or by what happened then ("今天早上差点出不到门", "早上出门的时候")
                    + "|差点|差一点|(?:出门|上班|起床)(?:的?时候)?(?:就|都)?(?:发现|差点|迟到))"
                    // how often it happened today ("今天第三回了", "今天都跳了两次"): a count, not when anyone is in
                    // (第N回, 了N次, N次了 — not "今天下午来一趟", a visit asked for)
                    + "|(?:今天|今儿个?|今日|今个|今早|今晚|这两天|这几天)(?:都|已经|都已经)?(?:是)?[^，,。？?！!\\s来去跑到门]{0,4}?"
                    + "(?:第[一二三两四五六七八九十几\\d]+(?:回|次|遍|趟)|[了过][一二三两四五六七八九十几\\d]+(?:回|次|遍|趟)|[一二三两四五六七八九十几\\d]+(?:回|次|遍|趟)了)"
                    // how long it has gone on ("一晚上都在流水", "滴了一整夜"): no time of day anyone is in
                    // (not "周一下午": a day's name)
                    + "|(?<![周期拜第])(?:一|整|一整|大半|半)个?(?:晚上|夜|宿|上午|下午|早上|天)"
                    + "(?!(?:都|一直)?(?:在家|在屋|有人|方便|得闲|有空|可以|行|能来|来|ok))(?:都|了)?"
                    // "since this morning", "since Monday", "since 7 am yesterday": a past time, not "since tomorrow is …"
                    + "|\\bsince\\s+(?:this (?:morning|afternoon)|last \\w+|yesterday(?: \\w+)?|the weekend|"
                    + "(?:mon|tues|wednes|thurs|fri|satur|sun)day|\\d{1,2}(?::\\d{2})?\\s*(?:am|pm|a\\.m\\.|p\\.m\\.)?"
                    + "(?= (?:this morning|today|yesterday|last)))",
            Pattern.CASE_INSENSITIVE);

    /** "back by 6:30, any time after": home from then on, not until then. */
    private static final Pattern BACK_BY = Pattern.compile(
            "(?<!leave |leaving |left |out of the |out of )\\b(back|home|free|off work|out of work) by\\b");

    /** The text with the fault's onset ({@link #ONSET}) left out; lower-cased. */
    private static String withoutOnset(String text) {
        String t = ONSET.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" ");
        return BACK_BY.matcher(t).replaceAll("$1 after");
    }

    /**
     * True when the text names a day, a part of a day or a clock time ("明天上午", "周六", "三点以后",
     * "after 6 pm") — the reading {@link #parse} makes its window from, so whoever asks whether a time was
     * said and whoever books it read the same words.
     */
    public static boolean namesATime(String text) {
        if (text == null || text.isBlank()) {
            return false;
        }
        String t = withoutOnset(text);
        LocalTime[] part = partOfDay(t);
        return part != null || day(t, LocalDate.of(2000, 1, 1)) != null || clockSpan(t, part) != null;
    }

    /**
     * True when the text names a day or a clock time ("明朝", "周六", "三点以后", "tomorrow", "after 6 pm"), not only
     * a part of the day: "晚上吵得睡不着", "every morning" say when a fault shows rather than when someone is in.
     */
    public static boolean namesADayOrClock(String text) {
        if (text == null || text.isBlank()) {
            return false;
        }
        String t = withoutOnset(text);
        return day(t, LocalDate.of(2000, 1, 1)) != null || clockSpan(t, partOfDay(t)) != null;
    }

    /** True when the text says someone is in ("在家", "家里有人", "at home"), with or without a time. */
    public static boolean saysSomeoneIn(String text) {
        return text != null && SOMEONE_IN.matcher(text).find();
    }

    /** The window the text names, as of now in the community's zone; empty when it names no time. */
    public static Optional<VisitWindow> parse(String text, ZonedDateTime now) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String t = withoutOnset(text);
        if (NOW.matcher(t).find()) {
            return Optional.of(of(now, now.plusHours(2)));
        }
        LocalDate day = day(t, now.toLocalDate());
        LocalTime[] part = partOfDay(t);
        LocalTime[] span = clockSpan(t, part);
        if (day == null && part == null && span == null) {
            if (SOMEONE_IN.matcher(t).find() || ANY_TIME.matcher(t).find()) {
                LocalDate d = now.toLocalTime().isBefore(LocalTime.of(17, 0)) ? now.toLocalDate() : now.toLocalDate().plusDays(1);
                LocalTime from = d.equals(now.toLocalDate()) ? now.toLocalTime().withSecond(0).withNano(0) : DAY_START;
                return Optional.of(of(now.with(d).with(from), now.with(d).with(DAY_END)));
            }
            return Optional.empty();
        }
        LocalTime from = DAY_START;
        LocalTime to = DAY_END;
        if (part != null) {
            from = part[0];
            to = part[1];
        }
        if (span != null) {
            from = span[0];
            to = span[1];
        }
        if (day == null) {
            // a time alone: today while it is still ahead, else tomorrow
            day = now.toLocalTime().isBefore(to) ? now.toLocalDate() : now.toLocalDate().plusDays(1);
        }
        ZonedDateTime start = now.with(day).with(from).withSecond(0).withNano(0);
        ZonedDateTime end = now.with(day).with(to).withSecond(0).withNano(0);
        if (day.equals(now.toLocalDate()) && start.isBefore(now)) {
            start = now.withSecond(0).withNano(0);
        }
        if (!end.isAfter(start)) {
            end = start.plusHours(2);
        }
        return Optional.of(of(start, end));
    }

    private static VisitWindow of(ZonedDateTime from, ZonedDateTime to) {
        return new VisitWindow(from.toOffsetDateTime(), to.toOffsetDateTime());
    }

    private static LocalDate day(String t, LocalDate today) {
        if (t.contains("大后天")) {
            return today.plusDays(3);
        }
        // "后儿个" (northern speech) and "后个" are the day after tomorrow as well, and "后儿" where a clause begins
        // ("后儿上午都在") — not "下班后儿", "马桶后儿" (after, behind)
        if (t.contains("后天") || t.matches(".*(?<![以之过])后日.*")
                || t.matches(".*(?<![以之过然最饭])后(儿个|个(?=上午|下午|中午|早|晚|后晌)).*")
                || t.matches("(?s)(.*[\\s，,。.!！?？、；;那就等到])?后儿(?![子童女孙]).*")
                || t.contains("day after tomorrow")) {
            return today.plusDays(2);
        }
        if (t.matches(".*(明天|明早|明晚|明儿|明日|明个|听日|听朝|明朝|tomorrow).*")) {
            return today.plusDays(1);
        }
        if (t.matches(".*(今天|今晚|今早|今儿|今日|今个|今朝|而家|today|tonight|this (morning|afternoon|evening)).*")) {
            return today;
        }
        Matcher md = MONTH_DAY.matcher(t);
        if (md.find()) {
            int m = number(md.group(1));
            int d = number(md.group(2));
            if (m >= 1 && m <= 12 && d >= 1 && d <= 31) {
                try {
                    LocalDate date = LocalDate.of(today.getYear(), m, d);
                    return date.isBefore(today) ? date.plusYears(1) : date;
                } catch (java.time.DateTimeException e) {
                    return null;
                }
            }
        }
        Matcher w = WEEKDAY.matcher(t);
        if (w.find()) {
            String c = w.group(2);
            DayOfWeek dow = switch (c) {
                case "一" -> DayOfWeek.MONDAY;
                case "二" -> DayOfWeek.TUESDAY;
                case "三" -> DayOfWeek.WEDNESDAY;
                case "四" -> DayOfWeek.THURSDAY;
                case "五" -> DayOfWeek.FRIDAY;
                case "六", "末" -> DayOfWeek.SATURDAY;
                default -> DayOfWeek.SUNDAY;
            };
            return weekday(today, dow, w.group(1) != null);
        }
        Matcher e = EN_WEEKDAY.matcher(t);
        if (e.find()) {
            String name = e.group(2).toLowerCase(Locale.ROOT);
            DayOfWeek dow = name.equals("weekend") ? DayOfWeek.SATURDAY : java.util.Arrays.stream(DayOfWeek.values())
                    .filter(d -> d.name().toLowerCase(Locale.ROOT).startsWith(name)).findFirst().orElseThrow();
            return weekday(today, dow, e.group(1) != null);
        }
        Matcher dm = DAY_OF_MONTH.matcher(t);
        if (dm.find()) {
            int d = number(dm.group(1));
            if (d >= 1 && d <= 31) {
                LocalDate date = today.withDayOfMonth(Math.min(d, today.lengthOfMonth()));
                return date.isBefore(today) ? today.plusMonths(1).withDayOfMonth(Math.min(d, today.plusMonths(1).lengthOfMonth())) : date;
            }
        }
        return null;
    }

    /** This week's day (or the coming one when it has passed); "下周" the one in the next week. */
    private static LocalDate weekday(LocalDate today, DayOfWeek dow, boolean nextWeek) {
        if (nextWeek) {
            LocalDate monday = today.minusDays(today.getDayOfWeek().getValue() - 1L).plusWeeks(1);
            return monday.plusDays(dow.getValue() - 1L);
        }
        int ahead = (dow.getValue() - today.getDayOfWeek().getValue() + 7) % 7;
        return today.plusDays(ahead);
    }

    private static LocalTime[] partOfDay(String t) {
        if (t.matches(".*(上午|早上|早晨|早些|一早|明早|今早|清早|朝早|上半天|上半日|上昼|上晝|头午|头晌|前晌|上晌|morning).*")) {
            return span(8, 12);
        }
        if (t.matches(".*(中午|午饭|noon|lunch).*")) {
            return span(11, 14);
        }
        if (t.matches(".*(下午|午后|下半天|下半日|晏昼|下昼|下晝|后晌|过晌|下晌|过午|afternoon).*")) {
            return span(13, 18);
        }
        if (t.matches(".*(傍晚|下班后|下班以后|after work).*")) {
            return span(17, 20);
        }
        if (t.matches(".*(晚上|今晚|明晚|夜里|晚些|evening|tonight).*")) {
            return span(18, 21);
        }
        if (t.matches(".*(全天|一整天|整天|都在家|一天都在|all day).*")) {
            return span(8, 20);
        }
        return null;
    }

    /** A clock time or range in the text, read in the part of day it sits in ("下午三点" is 15:00). */
    private static LocalTime[] clockSpan(String t, LocalTime[] part) {
        Matcher r = RANGE.matcher(t);
        if (r.find()) {
            int a = hour(number(r.group(1)), part);
            int b = hour(number(r.group(2)), part);
            if (a >= 0 && b > a && b <= 23) {
                return span(a, b);
            }
        }
        Matcher er = EN_RANGE.matcher(t);
        if (er.find()) {
            int a = english(Integer.parseInt(er.group(1)), er.group(2) == null ? er.group(4) : er.group(2));
            int b = english(Integer.parseInt(er.group(3)), er.group(4));
            if (b > a) {
                return span(a, b);
            }
        }
        // read only beside a day name ("Tue 10-12"): the first range that is a span of daytime hours
        if (EN_WEEKDAY.matcher(t).find()) {
            Matcher br = EN_BARE_RANGE.matcher(t);
            while (br.find()) {
                int a = english(Integer.parseInt(br.group(1)), null);
                int b = english(Integer.parseInt(br.group(2)), null);
                if (a >= 0 && b > a && b <= 23) {
                    return span(a, b);
                }
            }
        }
        Matcher bare = EN_BARE.matcher(t);
        if (bare.find() && !CLOCK.matcher(t).find()) {
            int h = english(Integer.parseInt(bare.group(2)), null);
            if (h >= 0 && h <= 23) {
                LocalTime at = LocalTime.of(h, 0);
                boolean after = !bare.group(1).equalsIgnoreCase("before");
                return after ? new LocalTime[]{at, LocalTime.of(Math.min(23, Math.max(20, h + 2)), 0)}
                        : new LocalTime[]{at.minusHours(2).isBefore(DAY_START) ? DAY_START : at.minusHours(2), at};
            }
        }
        Matcher c = CLOCK.matcher(t);
        while (c.find()) {
            int h;
            int minute = 0;
            if (c.group(1) != null) {
                h = hour(number(c.group(1)), part);
                String m = c.group(2);
                if (m != null) {
                    minute = m.equals("半") ? 30 : m.endsWith("刻") ? 15 * number(m.substring(0, 1)) : number(m.replace("分", ""));
                }
            } else {
                h = english(Integer.parseInt(c.group(3)), c.group(5));
                minute = c.group(4) == null ? 0 : Integer.parseInt(c.group(4));
            }
            if (h < 0 || h > 23 || minute < 0 || minute > 59) {
                continue;
            }
            LocalTime at = LocalTime.of(h, minute);
            String after = t.substring(c.end(), Math.min(t.length(), c.end() + 4));
            String before = t.substring(Math.max(0, c.start() - 12), c.start());
            LocalTime end = part != null && part[1].isAfter(at) ? part[1] : at.plusHours(2).isBefore(at) ? LocalTime.MAX : at.plusHours(2);
            if (AFTER.matcher(after).lookingAt() || after.startsWith("以后") || before.matches(".*(after|from|later than)\\s*$")) {
                LocalTime late = part != null && part[1].isAfter(at.plusHours(1)) ? part[1]
                        : at.isBefore(LocalTime.of(19, 0)) ? LocalTime.of(Math.max(20, at.getHour() + 2) > 23 ? 23 : Math.max(20, at.getHour() + 2), 0) : LocalTime.of(23, 0);
                return new LocalTime[]{at, late};
            }
            if (BEFORE.matcher(after).lookingAt() || before.matches(".*(before|by|until)\\s*$")) {
                LocalTime early = part != null && part[0].isBefore(at) ? part[0] : at.minusHours(2).isBefore(DAY_START) ? DAY_START : at.minusHours(2);
                return new LocalTime[]{early.isBefore(at) ? early : at.minusHours(1), at};
            }
            return new LocalTime[]{at, end};
        }
        return null;
    }

    /** "三点" in the afternoon or evening is 15:00; a bare small hour is read as daytime (3 → 15). */
    private static int hour(int h, LocalTime[] part) {
        if (h < 0) {
            return -1;
        }
        if (part != null && part[0].getHour() >= 12 && h < 12) {
            return h + 12;
        }
        if (part == null && h >= 1 && h <= 6) {
            return h + 12;
        }
        return h;
    }

    private static int english(int h, String ampm) {
        if (ampm == null) {
            return h >= 1 && h <= 6 ? h + 12 : h;
        }
        boolean pm = ampm.toLowerCase(Locale.ROOT).startsWith("p");
        if (h == 12) {
            return pm ? 12 : 0;
        }
        return pm ? h + 12 : h;
    }

    private static LocalTime[] span(int from, int to) {
        return new LocalTime[]{LocalTime.of(from, 0), LocalTime.of(to, 0)};
    }

    /** 3, "三", "十一", "两" → the number; -1 when it is not one. */
    static int number(String s) {
        if (s == null || s.isEmpty()) {
            return -1;
        }
        if (s.chars().allMatch(Character::isDigit)) {
            return Integer.parseInt(s);
        }
        String digits = "零一二三四五六七八九";
        if (s.equals("十")) {
            return 10;
        }
        int ten = s.indexOf('十');
        if (ten >= 0) {
            int tens = ten == 0 ? 1 : digit(digits, s.charAt(0));
            int ones = ten == s.length() - 1 ? 0 : digit(digits, s.charAt(ten + 1));
            return tens < 0 || ones < 0 ? -1 : tens * 10 + ones;
        }
        if (s.length() == 1) {
            return digit(digits, s.charAt(0));
        }
        return -1;
    }

    private static int digit(String digits, char c) {
        return c == '两' ? 2 : digits.indexOf(c);
    }
}
