package dev.guanjia.knowledge.search;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A sentence, list item or table row inside a found chunk: what an extractive answer quotes. */
public record Passage(String docId, String title, String text, double score) {

    /** A list item's number at the start of a line ("2.", "三、", "4）"), never a figure ("2.5元"). */
    private static final Pattern NUMBERED = Pattern.compile("^\\s*(\\d{1,2}|[一二三四五六七八九十])[.、．)）](?!\\d)");

    /** The number a quoted list item starts with ("2." → 2, "三、" → 3), 0 for text that is no list item. */
    public static int listNumber(String text) {
        Matcher m = NUMBERED.matcher(text);
        if (!m.find()) {
            return 0;
        }
        String n = m.group(1);
        int chinese = "一二三四五六七八九十".indexOf(n);
        return chinese >= 0 ? chinese + 1 : Integer.parseInt(n);
    }

    /** The text without the list item's number it starts with ("4. 关闭总阀。" → "关闭总阀。"). */
    public static String withoutListNumber(String text) {
        Matcher m = NUMBERED.matcher(text);
        return m.find() ? text.substring(m.end()).replaceFirst("^\\s+", "") : text;
    }
}
