package dev.guanjia.knowledge.importing;

import dev.guanjia.knowledge.importing.Outline.Block;
import org.apache.poi.xwpf.usermodel.IBodyElement;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFStyles;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTPPrBase;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Word (.docx) file as an outline. A paragraph is a heading by its outline level (set on it or on
 * its style) or by a heading style ("heading 2", "标题 2", style id "Heading2" or Chinese Word's "2");
 * a document without any such heading is read for numbered headings ("第一章", "一、") and short
 * all-bold lines. Tables stay tables.
 */
final class DocxReader {

    private static final Pattern HEADING_STYLE = Pattern.compile("^(?:heading|标题)\\s*([1-9])$");
    private static final Pattern HEADING_ID = Pattern.compile("^(?:Heading|heading|标题)?([1-9])$");
    /** Level 0: the document's title (the "Title" style). */
    private static final int TITLE = 0;

    private DocxReader() {
    }

    static Outline read(byte[] bytes) throws IOException {
        try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(bytes))) {
            XWPFStyles styles = doc.getStyles();
            List<Element> elements = new ArrayList<>();
            boolean styled = false;
            for (IBodyElement e : doc.getBodyElements()) {
                if (e instanceof XWPFParagraph p) {
                    String text = p.getText().replaceAll("\\s+", " ").strip();
                    if (text.isEmpty()) {
                        continue;
                    }
                    Integer level = level(p, styles);
                    styled |= level != null && level != TITLE;
                    elements.add(new Element(text, level, bold(p), p.getNumID() != null, null));
                } else if (e instanceof XWPFTable t) {
                    elements.add(new Element(null, null, false, false, table(t)));
                }
            }
            String title = null;
            List<Block> blocks = new ArrayList<>();
            Headings numbered = Headings.forDocument();
            for (Element el : elements) {
                if (el.table != null) {
                    if (!el.table.isEmpty()) {
                        blocks.add(new Outline.Table(el.table));
                    }
                } else if (el.level != null && el.level == TITLE) {
                    if (title == null) {
                        title = el.text;
                    }
                } else if (el.level != null) {
                    blocks.add(new Outline.Heading(el.level, el.text));
                } else if (!styled && !el.listItem && Headings.kind(el.text, false) != null) {
                    blocks.add(new Outline.Heading(numbered.level(Headings.kind(el.text, false)), el.text));
                } else if (!styled && !el.listItem && el.bold && el.text.length() <= Headings.MAX_HEADING
                        && !el.text.endsWith("。")) {
                    blocks.add(new Outline.Heading(numbered.level("bold"), el.text));
                } else {
                    blocks.add(new Outline.Paragraph(el.listItem ? "- " + el.text : el.text));
                }
            }
            return new Outline(title, blocks, List.of());
        }
    }

    private record Element(String text, Integer level, boolean bold, boolean listItem, List<List<String>> table) {
    }

    /** The heading level of a paragraph, TITLE for the document title, null for body text. */
    static Integer level(XWPFParagraph p, XWPFStyles styles) {
        Integer own = outlineLevel(p.getCTP().getPPr());
        if (own != null) {
            return own < 0 ? null : own;
        }
        String id = p.getStyleID();
        for (int depth = 0; id != null && depth < 10; depth++) {
            XWPFStyle s = styles == null ? null : styles.getStyle(id);
            String name = s == null || s.getName() == null ? "" : s.getName().strip().toLowerCase(Locale.ROOT);
            Matcher byName = HEADING_STYLE.matcher(name);
            if (byName.matches()) {
                return Integer.parseInt(byName.group(1));
            }
            if (name.equals("title") || name.equals("标题") || s == null && id.equalsIgnoreCase("title")) {
                return TITLE;
            }
            if (s != null) {
                Integer fromStyle = outlineLevel(s.getCTStyle().getPPr());
                if (fromStyle != null) {
                    return fromStyle < 0 ? null : fromStyle;
                }
            }
            if (s == null || name.isEmpty()) {
                Matcher byId = HEADING_ID.matcher(id);
                if (byId.matches()) {
                    return Integer.parseInt(byId.group(1));
                }
            }
            id = s == null ? null : s.getBasisStyleID();
        }
        return null;
    }

    /** Word's outline level 0–8 as heading level 1–9; 9 ("body text") as -1; null when unset. */
    private static Integer outlineLevel(CTPPrBase ppr) {
        if (ppr == null || !ppr.isSetOutlineLvl() || ppr.getOutlineLvl().getVal() == null) {
            return null;
        }
        int v = ppr.getOutlineLvl().getVal().intValue();
        return v >= 0 && v < 9 ? v + 1 : -1;
    }

    private static boolean bold(XWPFParagraph p) {
        boolean any = false;
        for (XWPFRun r : p.getRuns()) {
            String t = r.text();
            if (t == null || t.isBlank()) {
                continue;
            }
            if (!r.isBold()) {
                return false;
            }
            any = true;
        }
        return any;
    }

    private static List<List<String>> table(XWPFTable t) {
        List<List<String>> rows = new ArrayList<>();
        for (XWPFTableRow row : t.getRows()) {
            List<String> cells = new ArrayList<>();
            for (XWPFTableCell c : row.getTableCells()) {
                cells.add(c.getText().replaceAll("\\s+", " ").strip());
            }
            if (cells.stream().anyMatch(c -> !c.isEmpty())) {
                rows.add(cells);
            }
        }
        return rows;
    }
}
