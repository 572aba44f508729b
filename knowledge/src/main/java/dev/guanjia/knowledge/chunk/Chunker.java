package dev.guanjia.knowledge.chunk;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Cuts a Markdown body into section chunks. A heading ("## x", or a Chinese outline line such as
 * "一、缴费时间") starts a section; a table becomes its own chunk with its header; a section longer
 * than the limit is split between paragraphs or list items, never inside one.
 */
public final class Chunker {

    private static final Pattern MD_HEADING = Pattern.compile("^(#{1,6})\\s+(.+?)\\s*#*$");
    private static final Pattern CN_OUTLINE = Pattern.compile("^[一二三四五六七八九十]{1,3}[、.．]\\s*(.{1,30})$");
    private static final Pattern TABLE_ROW = Pattern.compile("^\\s*\\|.*\\|\\s*$");
    private static final Pattern TABLE_RULE = Pattern.compile("^\\s*\\|?\\s*:?-{2,}.*$");

    private final int maxChars;

    public Chunker(int maxChars) {
        this.maxChars = maxChars;
    }

    public Chunker() {
        this(360);
    }

    public List<Chunk> chunk(String docId, String title, String body) {
        List<Chunk> out = new ArrayList<>();
        String[] headings = new String[7];
        int level = 0;
        List<String> block = new ArrayList<>();
        String[] lines = body.replace("\r\n", "\n").split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            var md = MD_HEADING.matcher(line.strip());
            var cn = CN_OUTLINE.matcher(line.strip());
            if (md.matches() || cn.matches()) {
                flush(out, docId, title, section(headings, level), block);
                if (md.matches()) {
                    int l = md.group(1).length();
                    // an outline line belongs to the Markdown section it was in: a new heading ends it
                    for (int k = 1; k < headings.length; k++) {
                        if (k > l || headings[k] != null && CN_OUTLINE.matcher(headings[k]).matches()) {
                            headings[k] = null;
                        }
                    }
                    headings[l] = md.group(2).strip();
                    level = l;
                } else {
                    // an outline line sits under the deepest Markdown heading seen so far
                    int l = Math.min(6, deepestMarkdown(headings) + 1);
                    headings[l] = line.strip();
                    level = l;
                }
            } else if (TABLE_ROW.matcher(line).matches()) {
                flush(out, docId, title, section(headings, level), block);
                List<String> table = new ArrayList<>();
                while (i < lines.length && TABLE_ROW.matcher(lines[i]).matches()) {
                    table.add(lines[i].strip());
                    i++;
                }
                i--;
                addTable(out, docId, title, section(headings, level), table);
            } else {
                block.add(line);
            }
        }
        flush(out, docId, title, section(headings, level), block);
        if (out.isEmpty()) {
            out.add(new Chunk(docId, title, "", title, 0));
        }
        return out;
    }

    private static int deepestMarkdown(String[] headings) {
        int deepest = 0;
        for (int l = 1; l < headings.length; l++) {
            if (headings[l] != null && !CN_OUTLINE.matcher(headings[l]).matches()) {
                deepest = l;
            }
        }
        return deepest;
    }

    private static String section(String[] headings, int level) {
        List<String> path = new ArrayList<>();
        for (int l = 1; l <= level; l++) {
            if (headings[l] != null) {
                path.add(headings[l]);
            }
        }
        return String.join(" > ", path);
    }

    /** Paragraph-sized pieces (list items and blank-line paragraphs), packed up to the limit. */
    private void flush(List<Chunk> out, String docId, String title, String section, List<String> block) {
        List<String> pieces = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : block) {
            String t = line.strip();
            boolean newItem = t.isEmpty() || t.matches("^([-*+]|\\d+[.、)）]|[（(]\\d+[)）]).*");
            if (newItem && cur.length() > 0) {
                pieces.add(cur.toString());
                cur.setLength(0);
            }
            if (!t.isEmpty()) {
                if (cur.length() > 0) {
                    cur.append('\n');
                }
                cur.append(t);
            }
        }
        if (cur.length() > 0) {
            pieces.add(cur.toString());
        }
        block.clear();
        StringBuilder chunk = new StringBuilder();
        for (String p : pieces) {
            if (chunk.length() > 0 && chunk.length() + p.length() > maxChars) {
                out.add(new Chunk(docId, title, section, chunk.toString(), out.size()));
                chunk.setLength(0);
            }
            if (chunk.length() > 0) {
                chunk.append('\n');
            }
            chunk.append(p);
        }
        if (chunk.length() > 0) {
            out.add(new Chunk(docId, title, section, chunk.toString(), out.size()));
        }
    }

    /** A table stays whole when it fits; otherwise rows are grouped, each group under the header. */
    private void addTable(List<Chunk> out, String docId, String title, String section, List<String> table) {
        List<String> header = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        for (String row : table) {
            if (TABLE_RULE.matcher(row.replace("|", " | ")).matches() && row.replaceAll("[|:\\-\\s]", "").isEmpty()) {
                continue;
            }
            if (header.isEmpty() && rows.isEmpty()) {
                header.add(row);
            } else {
                rows.add(row);
            }
        }
        String head = header.isEmpty() ? "" : header.get(0);
        StringBuilder chunk = new StringBuilder(head);
        int inChunk = 0;
        for (String row : rows) {
            if (inChunk > 0 && chunk.length() + row.length() > maxChars) {
                out.add(new Chunk(docId, title, section, chunk.toString(), out.size()));
                chunk = new StringBuilder(head);
                inChunk = 0;
            }
            chunk.append('\n').append(row);
            inChunk++;
        }
        if (inChunk > 0 || rows.isEmpty()) {
            out.add(new Chunk(docId, title, section, chunk.toString(), out.size()));
        }
    }

    /** Table rows as readable sentences ("项目：物业服务费；标准：2.80元"), for passages and answers. */
    public static List<String> tableRowsAsText(String chunkText) {
        List<String> lines = chunkText.lines().toList();
        if (lines.isEmpty() || !TABLE_ROW.matcher(lines.get(0)).matches()) {
            return List.of();
        }
        String[] head = cells(lines.get(0));
        List<String> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = cells(lines.get(i));
            StringBuilder s = new StringBuilder();
            for (int c = 0; c < cells.length; c++) {
                if (s.length() > 0) {
                    s.append("；");
                }
                if (c < head.length && !head[c].isEmpty()) {
                    s.append(head[c]).append("：");
                }
                s.append(cells[c]);
            }
            out.add(s.toString());
        }
        return out;
    }

    private static String[] cells(String row) {
        String t = row.strip();
        if (t.startsWith("|")) {
            t = t.substring(1);
        }
        if (t.endsWith("|")) {
            t = t.substring(0, t.length() - 1);
        }
        String[] cells = t.split("\\|", -1);
        for (int i = 0; i < cells.length; i++) {
            cells[i] = cells[i].strip();
        }
        return cells;
    }

    /**
     * What a piece is embedded as: with the innermost heading above it, because a list item such as
     * "1. 周一至周五8:30-18:00" means little without "施工时间" over it.
     */
    public static String inContext(String section, String piece) {
        int cut = section.lastIndexOf(" > ");
        String heading = (cut < 0 ? section : section.substring(cut + 3)).replaceFirst("^[一二三四五六七八九十]{1,3}[、.．]\\s*", "");
        return heading.isBlank() ? piece : heading + "：" + piece;
    }

    /**
     * The passages of a chunk an answer can quote: its table rows as "header: cell" text, else its
     * sentences and list items.
     */
    public static List<String> pieces(String chunkText) {
        return split(chunkText).stream().map(Piece::text).toList();
    }

    /**
     * For each of {@link #pieces}, whether it continues the line of the piece before it (a second
     * sentence of the same paragraph or list item) rather than starting a line of its own.
     */
    public static List<Boolean> continuing(String chunkText) {
        return split(chunkText).stream().map(Piece::continues).toList();
    }

    private record Piece(String text, boolean continues) {
    }

    private static List<Piece> split(String chunkText) {
        List<String> rows = tableRowsAsText(chunkText);
        if (!rows.isEmpty()) {
            return rows.stream().map(r -> new Piece(r, false)).toList();
        }
        List<Piece> out = new ArrayList<>();
        for (String line : chunkText.split("\n")) {
            boolean continues = false;
            for (String s : line.split("(?<=[。！？；])")) {
                if (!s.isBlank()) {
                    out.add(new Piece(s.strip(), continues));
                    continues = true;
                }
            }
        }
        return out;
    }
}
