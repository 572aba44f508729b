package dev.guanjia.knowledge.importing;

import dev.guanjia.knowledge.importing.Outline.Block;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plain text and Markdown without front matter. In text every non-empty line is a paragraph and a
 * numbered line ("第一章", "一、", and "1." when nothing else numbers the text) a heading; in
 * Markdown the "#" lines are the headings and "|" rows tables.
 */
final class TextReader {

    private static final Pattern MD_HEADING = Pattern.compile("^(#{1,6})\\s+(.+?)\\s*#*$");
    private static final Pattern TABLE_ROW = Pattern.compile("^\\s*\\|.*\\|\\s*$");
    private static final Pattern TABLE_RULE = Pattern.compile("^[|:\\-\\s]+$");

    private TextReader() {
    }

    static Outline text(String text) {
        List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        boolean otherKinds = lines.stream().anyMatch(l -> Headings.kind(l, false) != null);
        Headings levels = Headings.forDocument();
        List<Block> blocks = new ArrayList<>();
        for (String l : lines) {
            String kind = Headings.kind(l, !otherKinds);
            blocks.add(kind == null ? new Outline.Paragraph(l) : new Outline.Heading(levels.level(kind), l));
        }
        return new Outline(null, blocks, List.of());
    }

    static Outline markdown(String text) {
        List<Block> blocks = new ArrayList<>();
        List<List<String>> table = new ArrayList<>();
        StringBuilder para = new StringBuilder();
        for (String raw : text.split("\\R")) {
            String l = raw.strip();
            if (TABLE_ROW.matcher(l).matches()) {
                flush(blocks, para);
                if (!TABLE_RULE.matcher(l).matches()) {
                    table.add(cells(l));
                }
                continue;
            }
            if (!table.isEmpty()) {
                blocks.add(new Outline.Table(new ArrayList<>(table)));
                table.clear();
            }
            Matcher h = MD_HEADING.matcher(l);
            if (h.matches()) {
                flush(blocks, para);
                blocks.add(new Outline.Heading(h.group(1).length(), h.group(2)));
            } else if (l.isEmpty() || l.matches("^([-*+]|\\d+[.、)）]).*")) {
                flush(blocks, para);
                para.append(l);
            } else {
                para.append(para.length() > 0 ? "\n" : "").append(l);
            }
        }
        if (!table.isEmpty()) {
            blocks.add(new Outline.Table(table));
        }
        flush(blocks, para);
        return new Outline(null, blocks, List.of());
    }

    private static void flush(List<Block> blocks, StringBuilder para) {
        if (!para.isEmpty() && !para.toString().isBlank()) {
            blocks.add(new Outline.Paragraph(para.toString().strip()));
        }
        para.setLength(0);
    }

    private static List<String> cells(String row) {
        String t = row.strip();
        t = t.substring(1, t.length() - 1);
        List<String> out = new ArrayList<>();
        for (String c : t.split("\\|", -1)) {
            out.add(c.strip());
        }
        return out;
    }
}
