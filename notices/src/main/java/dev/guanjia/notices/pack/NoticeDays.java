package dev.guanjia.notices.pack;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The days and buildings a notice written without {@code valid_from}/{@code valid_until} names in its
 * own text ("停水时间：2026年12月3日9:00至15:00", "影响范围：A1栋、A2栋"). Staff often post a notice
 * that way; read like this it is still a notice in force on its days, so "家里没水了" that day is
 * answered with it rather than with a plumber sent to planned work.
 */
public final class NoticeDays {

    /** A window and the buildings it names (empty: the whole estate). */
    public record Reading(LocalDate from, LocalDate until, List<String> buildings) {
    }

    private static final Pattern FULL = Pattern.compile(
            "(20\\d{2})\\s*[年\\-/.]\\s*(\\d{1,2})\\s*[月\\-/.]\\s*(\\d{1,2})(?!\\d)");
    private static final Pattern MONTH_DAY = Pattern.compile("(?<![\\d年/.\\-])(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*[日号]");
    /** "12月3日至5日": the end of a range in the same month. */
    private static final Pattern DAY_AFTER = Pattern.compile("^\\s*[至到~～\\-—]\\s*(\\d{1,2})\\s*[日号]");
    /** A rule in force from a day on, not a one-off event: no end to read. */
    private static final Pattern STANDING = Pattern.compile("起(执行|施行|实行|生效|实施)|之日起|长期有效");
    /** A clause that names buildings as not affected. */
    private static final Pattern SPARED = Pattern.compile(
            "不受影响|不影响|除外|不在[^。；;，,]{0,8}范围|正常供|照常|不停(水|电|气|梯|运)");
    private static final Pattern SENTENCE = Pattern.compile("[。；;\\n]");
    private static final Pattern CLAUSE = Pattern.compile("[，,]");
    private static final String BUILDING_WORD = "(?:栋|幢|号楼|座)";
    /** "5、6栋", "1号楼和2号楼": several ids before one building word. */
    private static final Pattern LIST = Pattern.compile(
            "(?<![0-9A-Za-z])([0-9A-Za-z]{1,4})" + BUILDING_WORD + "?((?:\\s*[、,，/和及与]\\s*[0-9A-Za-z]{1,4}" + BUILDING_WORD
                    + "?)+)\\s*" + BUILDING_WORD);
    /** "1号楼至3号楼", "1-3栋": a range of numbered buildings. */
    private static final Pattern RANGE = Pattern.compile(
            "(?<![0-9A-Za-z])(\\d{1,3})\\s*" + BUILDING_WORD + "?\\s*[-至到~～—]\\s*(\\d{1,3})\\s*" + BUILDING_WORD);
    /** Dates further apart than this are a schedule or a policy, not one notice's days. */
    private static final int LONGEST_DAYS = 62;
    /** Read ahead: residents ask about a posted outage before its day. */
    private static final int POSTED_BEFORE_DAYS = 7;

    private NoticeDays() {
    }

    /**
     * @param updated   the article's own date (when it was posted), or null
     * @param buildings building id → its name in the pack
     */
    public static Optional<Reading> read(String body, LocalDate updated, Map<String, String> buildings) {
        if (body == null || body.isBlank() || STANDING.matcher(body).find()) {
            return Optional.empty();
        }
        TreeSet<LocalDate> days = days(body, updated);
        if (days.isEmpty() || days.first().plusDays(LONGEST_DAYS).isBefore(days.last())) {
            return Optional.empty();
        }
        LocalDate from = updated != null && !updated.isAfter(days.first()) && !updated.isBefore(days.first().minusDays(60))
                ? updated : days.first().minusDays(POSTED_BEFORE_DAYS);
        return Optional.of(new Reading(from, days.last(), buildingsNamed(body, buildings)));
    }

    /**
     * The dates in text order: a full date sets the year; a month and day without one takes the year of the date
     * before it (the next year when the month goes back: "12月30日至1月2日"), else the year putting it nearest the
     * posting date; no year to place it by, none.
     */
    private static TreeSet<LocalDate> days(String body, LocalDate updated) {
        TreeMap<Integer, int[]> found = new TreeMap<>();
        Matcher f = FULL.matcher(body);
        while (f.find()) {
            found.put(f.start(), new int[] {Integer.parseInt(f.group(1)), Integer.parseInt(f.group(2)),
                    Integer.parseInt(f.group(3)), f.end()});
        }
        Matcher md = MONTH_DAY.matcher(body);
        while (md.find()) {
            found.putIfAbsent(md.start(), new int[] {0, Integer.parseInt(md.group(1)), Integer.parseInt(md.group(2)),
                    md.end()});
        }
        TreeSet<LocalDate> days = new TreeSet<>();
        LocalDate previous = null;
        for (int[] d : found.values()) {
            LocalDate day;
            if (d[0] > 0) {
                day = date(d[0], d[1], d[2]).orElse(null);
            } else if (previous != null) {
                int year = previous.getYear() + (previous.getMonthValue() - d[1] >= 6 ? 1 : 0);
                day = date(year, d[1], d[2]).orElse(null);
            } else if (updated != null) {
                day = nearest(updated, d[1], d[2]);
            } else {
                continue;
            }
            if (day == null) {
                continue;
            }
            days.add(day);
            previous = day;
            Matcher end = DAY_AFTER.matcher(body.substring(d[3]));
            if (end.find()) {
                date(day.getYear(), day.getMonthValue(), Integer.parseInt(end.group(1))).ifPresent(days::add);
            }
        }
        return days;
    }

    private static LocalDate nearest(LocalDate around, int month, int day) {
        LocalDate best = null;
        for (int y = around.getYear() - 1; y <= around.getYear() + 1; y++) {
            LocalDate d = date(y, month, day).orElse(null);
            if (d != null && (best == null || Math.abs(ChronoUnit.DAYS.between(around, d))
                    < Math.abs(ChronoUnit.DAYS.between(around, best)))) {
                best = d;
            }
        }
        return best;
    }

    /**
     * The buildings named in clauses that do not spare them ("1栋、2栋停水，3栋不受影响": 1 and 2; "B1栋由市政直供，
     * 不受影响": not B1); none named, none listed (every building).
     */
    static List<String> buildingsNamed(String body, Map<String, String> buildings) {
        List<String> out = new ArrayList<>();
        for (String sentence : SENTENCE.split(body)) {
            String[] clauses = CLAUSE.split(sentence);
            for (int i = 0; i < clauses.length; i++) {
                String clause = clauses[i];
                List<String> named = new ArrayList<>();
                for (Map.Entry<String, String> b : buildings.entrySet()) {
                    if (names(clause, b.getKey(), b.getValue())) {
                        named.add(b.getKey());
                    }
                }
                if (named.isEmpty()) {
                    continue;
                }
                // "…由市政直供，不受影响": the spared word may come in the clause after, which names no building
                String next = i + 1 < clauses.length ? clauses[i + 1] : "";
                boolean spared = SPARED.matcher(clause).find() || SPARED.matcher(next).find()
                        && buildings.entrySet().stream().noneMatch(b -> names(next, b.getKey(), b.getValue()));
                if (!spared) {
                    named.stream().filter(b -> !out.contains(b)).forEach(out::add);
                }
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * Whether the text names this building: by its name without a bracketed note ("B1栋"), by its id with
     * 栋/幢/号楼/座, or within a list or range of them ("5、6栋", "1至3号楼").
     */
    public static boolean namesBuilding(String text, String id, String name) {
        return text != null && id != null && names(text, id, name);
    }

    private static boolean names(String clause, String id, String name) {
        String plain = name == null ? "" : name.replaceAll("[（(][^）)]*[）)]", "").strip();
        if (!plain.isEmpty() && !plain.equals(id)
                && Pattern.compile("(?<![0-9A-Za-z])" + Pattern.quote(plain)).matcher(clause).find()) {
            return true;
        }
        if (Pattern.compile("(?<![0-9A-Za-z])" + Pattern.quote(id) + "\\s*" + BUILDING_WORD).matcher(clause).find()) {
            return true;
        }
        Matcher list = LIST.matcher(clause);
        while (list.find()) {
            if (list.group(1).equals(id)) {
                return true;
            }
            for (String other : list.group(2).split("[、,，/和及与]")) {
                if (other.strip().replaceAll(BUILDING_WORD + "$", "").equals(id)) {
                    return true;
                }
            }
        }
        Matcher range = RANGE.matcher(clause);
        while (range.find()) {
            if (id.matches("\\d{1,3}")) {
                int n = Integer.parseInt(id);
                if (n >= Integer.parseInt(range.group(1)) && n <= Integer.parseInt(range.group(2))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Optional<LocalDate> date(int year, int month, int day) {
        try {
            return Optional.of(LocalDate.of(year, month, day));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
