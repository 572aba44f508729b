package dev.guanjia.notices.pack;

import dev.guanjia.community.pack.PackProblem;
import dev.guanjia.community.refusal.Refusal;
import dev.guanjia.notices.notice.NoticeCategory;
import dev.guanjia.notices.notice.NoticeDraft;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The notices a pack carries: knowledge articles of category "notices" with {@code valid_from} and
 * {@code valid_until} (and optionally {@code buildings}) in their front matter become notices, keyed
 * by the article's id so a re-import updates them. A notice article without those dates is a notice
 * on the days and for the buildings its own text names ({@link NoticeDays}), when it names days. The kind
 * (停水, 电梯维保…) is the front matter's {@code notice_category} when given, else read from the title, else 其他.
 */
public final class PackNotices {

    private static final Pattern FRONT_MATTER =
            Pattern.compile("\\A\\uFEFF?---[ \\t]*\\r?\\n(.*?)\\r?\\n---[ \\t]*(?:\\r?\\n(.*))?\\z", Pattern.DOTALL);
    private static final Pattern FIELD = Pattern.compile("^([a-z_]+):\\s*(.*?)\\s*(?:\\s#.*)?$");

    /**
     * A notice read from a pack article.
     *
     * @param dated its days are the front matter's; false when read from its text, and then the
     *              article stays a standing answer of the knowledge base on other days too
     */
    public record Packed(String docId, String file, NoticeDraft draft, boolean dated) {
    }

    private PackNotices() {
    }

    /**
     * The dated notice articles of kb/; what is wrong (a bad date, a building the pack does not
     * have) is added to the problems.
     */
    public static List<Packed> read(Path kb, java.util.Map<String, String> buildingNames, List<PackProblem> problems) {
        Collection<String> buildings = buildingNames.keySet();
        List<Packed> out = new ArrayList<>();
        if (!Files.isDirectory(kb)) {
            return out;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(kb, "*.md")) {
            ds.forEach(files::add);
        } catch (IOException e) {
            problems.add(new PackProblem("kb/", 0, "", "cannot list: " + e.getMessage()));
            return out;
        }
        files.sort(null);
        for (Path f : files) {
            String name = "kb/" + f.getFileName();
            String text;
            try {
                text = Files.readString(f, StandardCharsets.UTF_8);
            } catch (IOException e) {
                continue; // the knowledge reader reports unreadable files
            }
            Matcher m = FRONT_MATTER.matcher(text);
            if (!m.matches()) {
                continue;
            }
            java.util.Map<String, String> fm = new java.util.LinkedHashMap<>();
            for (String line : m.group(1).split("\\r?\\n")) {
                Matcher fl = FIELD.matcher(line);
                if (fl.matches()) {
                    fm.put(fl.group(1), unquote(fl.group(2)));
                }
            }
            if (!"notices".equals(fm.get("category"))) {
                continue;
            }
            String body = m.group(2) == null ? "" : m.group(2).strip();
            boolean dated = fm.containsKey("valid_from") || fm.containsKey("valid_until");
            java.util.Optional<NoticeDays.Reading> read = dated ? java.util.Optional.empty()
                    : NoticeDays.read(body, quietDate(fm.get("updated")), buildingNames);
            if (!dated && read.isEmpty()) {
                continue;
            }
            LocalDate from = dated ? date(fm.get("valid_from"), name, "valid_from", problems) : read.get().from();
            LocalDate until = dated ? date(fm.get("valid_until"), name, "valid_until", problems) : read.get().until();
            List<String> in = fm.containsKey("buildings") || dated ? list(fm.getOrDefault("buildings", ""))
                    : read.get().buildings();
            for (String b : in) {
                if (!buildings.contains(b)) {
                    problems.add(new PackProblem(name, 0, "buildings", "building '" + b
                            + "' is not in community.yaml's buildings"));
                }
            }
            String title = fm.getOrDefault("title", "");
            NoticeCategory category = fm.containsKey("notice_category")
                    ? NoticeCategory.parse(fm.get("notice_category")).orElse(null) : guess(title);
            if (category == null) {
                problems.add(new PackProblem(name, 0, "notice_category", "'" + fm.get("notice_category")
                        + "' must be one of water, power, elevator, disinfection, event, fees, other"));
                continue;
            }
            if (from == null || until == null) {
                continue;
            }
            try {
                out.add(new Packed(fm.getOrDefault("id", ""), name, new NoticeDraft(title, body, category, in, from,
                        until), dated));
            } catch (Refusal r) {
                if (dated) {
                    problems.add(new PackProblem(name, 0, "notice", r.getMessage()));
                }
            }
        }
        return out;
    }

    /** The kind a title names (停水 → water), else 其他. */
    static NoticeCategory guess(String title) {
        for (NoticeCategory c : NoticeCategory.values()) {
            if (c.askedIn(title)) {
                return c;
            }
        }
        return NoticeCategory.OTHER;
    }

    private static LocalDate quietDate(String s) {
        try {
            return s == null || s.isBlank() ? null : LocalDate.parse(s.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static LocalDate date(String s, String file, String field, List<PackProblem> problems) {
        if (s == null || s.isBlank()) {
            problems.add(new PackProblem(file, 0, field, "a dated notice needs both valid_from and valid_until"));
            return null;
        }
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            problems.add(new PackProblem(file, 0, field, "'" + s + "' is not a date (YYYY-MM-DD)"));
            return null;
        }
    }

    /** ["3", "5"], [3, 5] or 3, 5. */
    private static List<String> list(String s) {
        String t = s.strip();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        List<String> out = new ArrayList<>();
        for (String part : t.split(",")) {
            String v = unquote(part.strip());
            if (!v.isEmpty()) {
                out.add(v);
            }
        }
        return out;
    }

    private static String unquote(String s) {
        String t = s.strip();
        if (t.length() >= 2 && (t.startsWith("\"") && t.endsWith("\"") || t.startsWith("'") && t.endsWith("'"))) {
            return t.substring(1, t.length() - 1);
        }
        return t.toLowerCase(Locale.ROOT).equals("null") ? "" : t;
    }
}
