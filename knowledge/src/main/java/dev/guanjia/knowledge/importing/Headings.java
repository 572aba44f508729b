package dev.guanjia.knowledge.importing;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Headings told by their numbering, as Chinese handbooks number them: "第一章 总则", "第二节",
 * "一、缴费时间", "（一）收费标准", and — only in a text with no other kind — "1. 装修申请". Which
 * kind is which level is learnt from the order the kinds first appear in, because one handbook puts
 * "一、" under "第一章" and another uses "一、" at the top.
 */
final class Headings {

    private static final String CN_NUM = "[一二三四五六七八九十百零〇两\\d]{1,4}";
    private static final Pattern CHAPTER = Pattern.compile("^第" + CN_NUM + "[章篇部编]\\s*(\\S.*)?$");
    private static final Pattern SECTION = Pattern.compile("^第" + CN_NUM + "节\\s*(\\S.*)?$");
    private static final Pattern CN = Pattern.compile("^[一二三四五六七八九十]{1,3}[、．.]\\s*\\S.*$");
    private static final Pattern CN_PAREN = Pattern.compile("^[（(][一二三四五六七八九十]{1,3}[)）]\\s*\\S.*$");
    private static final Pattern ARABIC = Pattern.compile("^\\d{1,2}[.．、]\\s*\\S.*$");
    private static final Pattern ARABIC_TWO = Pattern.compile("^\\d{1,2}\\.\\d{1,2}(?![\\d.])\\s*\\S.*$");
    private static final Pattern SENTENCE = Pattern.compile("[，。；：,;:！？!?]");
    /** A leading number of any of these kinds, for a title without it. */
    private static final Pattern NUMBERING = Pattern.compile(
            "^(第" + CN_NUM + "[章篇部编节]|[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十]{1,3}[)）]"
                    + "|\\d{1,2}(\\.\\d{1,2})?[.．、]?)\\s*");

    static final int MAX_HEADING = 30;

    private final Map<String, Integer> levels = new HashMap<>();

    private Headings() {
    }

    /** A fresh level order for one document. */
    static Headings forDocument() {
        return new Headings();
    }

    /**
     * The numbering kind of a line that reads as a heading, or null. Arabic numbers ("1.") count
     * only when asked, because in most handbooks they number list items, not sections.
     */
    static String kind(String line, boolean arabic) {
        String t = line.strip();
        if (t.isEmpty() || t.length() > MAX_HEADING || t.endsWith("。")) {
            return null;
        }
        if (CHAPTER.matcher(t).matches()) {
            return "chapter";
        }
        if (SECTION.matcher(t).matches()) {
            return "section";
        }
        if (SENTENCE.matcher(t).find()) {
            return null;
        }
        if (CN.matcher(t).matches()) {
            return "cn";
        }
        if (CN_PAREN.matcher(t).matches()) {
            return "cn-paren";
        }
        if (arabic && ARABIC_TWO.matcher(t).matches()) {
            return "arabic-2";
        }
        if (arabic && t.length() <= 20 && ARABIC.matcher(t).matches()) {
            return "arabic";
        }
        return null;
    }

    /** The level of a kind: the order in which kinds first appear in this document. */
    int level(String kind) {
        return levels.computeIfAbsent(kind, k -> levels.size() + 1);
    }

    /** "一、物业服务费" → "物业服务费"; the line itself when nothing is left. */
    static String withoutNumbering(String heading) {
        String t = NUMBERING.matcher(heading.strip()).replaceFirst("").strip();
        return t.isEmpty() ? heading.strip() : t;
    }
}
