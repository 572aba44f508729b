package dev.guanjia.notices.pack;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private static final Pattern SPARED = Pattern.compile("不受影响|不影响|除外|不在[^。；;，,]{0,8}范围|正常供|照常|不停");
    private static final Pattern CLAUSE = Pattern.compile("[。；;\\n]");
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
        TreeSet<LocalDate> days = new TreeSet<>();
        Matcher f = FULL.matcher(body);
        Integer year = null;
        while (f.find()) {
            date(Integer.parseInt(f.group(1)), f.group(2), f.group(3)).ifPresent(days::add);
            year = Integer.parseInt(f.group(1));
        }
        Matcher md = MONTH_DAY.matcher(body);
        while (md.find()) {
            int month = Integer.parseInt(md.group(1));
            Integer y = year != null ? Integer.valueOf(year) : updated == null ? null
                    : Integer.valueOf(updated.getYear() + (month < updated.getMonthValue() - 6 ? 1 : 0));
            if (y == null) {
                continue;
            }
            date(y, md.group(1), md.group(2)).ifPresent(days::add);
            Matcher end = DAY_AFTER.matcher(body.substring(md.end()));
            if (end.find()) {
                date(y, md.group(1), end.group(1)).ifPresent(days::add);
            }
        }
        if (days.isEmpty() || days.first().plusDays(LONGEST_DAYS).isBefore(days.last())) {
            return Optional.empty();
        }
        LocalDate from = updated != null && !updated.isAfter(days.first()) && !updated.isBefore(days.first().minusDays(60))
                ? updated : days.first().minusDays(POSTED_BEFORE_DAYS);
        return Optional.of(new Reading(from, days.last(), buildingsNamed(body, buildings)));
    }

    /** The buildings named in clauses that do not spare them; none named, none listed (every building). */
    static List<String> buildingsNamed(String body, Map<String, String> buildings) {
        List<String> out = new ArrayList<>();
        for (String clause : CLAUSE.split(body)) {
            if (SPARED.matcher(clause).find()) {
                continue;
            }
            for (Map.Entry<String, String> b : buildings.entrySet()) {
                if (!out.contains(b.getKey()) && names(clause, b.getKey(), b.getValue())) {
                    out.add(b.getKey());
                }
            }
        }
        out.sort(null);
        return out;
    }

    private static boolean names(String clause, String id, String name) {
        List<String> forms = new ArrayList<>();
        String plain = name == null ? "" : name.replaceAll("[（(][^）)]*[）)]", "").strip();
        if (!plain.isEmpty() && !plain.equals(id)) {
            forms.add(plain);
        }
        for (String suffix : List.of("栋", "幢", "号楼", "座")) {
            forms.add(id + suffix);
        }
        for (String form : forms) {
            for (int i = clause.indexOf(form); i >= 0; i = clause.indexOf(form, i + 1)) {
                boolean digitBefore = i > 0 && Character.isLetterOrDigit(clause.charAt(i - 1))
                        && Character.isDigit(form.charAt(0));
                if (!digitBefore) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Optional<LocalDate> date(int year, String month, String day) {
        try {
            return Optional.of(LocalDate.of(year, Integer.parseInt(month), Integer.parseInt(day)));
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
