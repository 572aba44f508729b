package dev.guanjia.knowledge.importing;

import dev.guanjia.knowledge.importing.Outline.Block;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDFontDescriptor;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A text PDF as an outline. PDFBox gives lines with their font size and weight; a line clearly larger
 * than the body text, a short bold line, or a numbered line ("第一章", "一、") is a heading, the
 * kinds levelled by the order they first appear in. Lines wrapped by the page are joined back into
 * paragraphs; page numbers and running headers (the same short line on most pages) are dropped.
 * A PDF without text (a scan) is refused, so is one that needs a password.
 */
final class PdfReader {

    private static final Pattern PAGE_NUMBER = Pattern.compile(
            "^[-—–\\s]*(第\\s*\\d+\\s*页(\\s*[/，,]?\\s*共\\s*\\d+\\s*页)?|\\d+(\\s*/\\s*\\d+)?|page\\s*\\d+)[-—–\\s]*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern LIST_ITEM = Pattern.compile("^([-•·*]|\\d{1,2}[.．、)）]|[（(][\\d一二三四五六七八九十]{1,3}[)）]).*");
    /** Text per page below which a page that shows an image counts as scanned. */
    private static final int SCANNED_PAGE_CHARS = 10;

    private PdfReader() {
    }

    private record Line(String text, float size, boolean bold, int page) {
    }

    static Outline read(byte[] bytes, long scratchLimit) throws IOException {
        PDDocument doc;
        try {
            // decoded streams live in a bounded scratch area, so a compressed stream cannot inflate without end
            doc = Loader.loadPDF(new RandomAccessReadBuffer(bytes), "", null, null,
                    MemoryUsageSetting.setupMainMemoryOnly(scratchLimit).streamCache);
        } catch (InvalidPasswordException e) {
            throw new ImportRefusal(ImportRefusal.Reason.ENCRYPTED,
                    "the PDF is protected by a password; open it, save or print it without the password, and upload again");
        } catch (IOException e) {
            throw new ImportRefusal(ImportRefusal.Reason.CORRUPT, "the PDF cannot be read (" + e.getClass().getSimpleName()
                    + "); open it and save it again as PDF, then upload again");
        }
        try (doc) {
            if (doc.isEncrypted() && !doc.getCurrentAccessPermission().canExtractContent()) {
                throw new ImportRefusal(ImportRefusal.Reason.ENCRYPTED,
                        "the PDF is encrypted and forbids copying its text; ask for an unprotected copy");
            }
            inflationWithin(doc, scratchLimit);
            LineStripper stripper = new LineStripper();
            stripper.setSortByPosition(true);
            stripper.getText(doc);
            int pages = doc.getNumberOfPages();
            List<Integer> scanned = new ArrayList<>();
            for (int i = 0; i < pages; i++) {
                if (stripper.charsOnPage.getOrDefault(i + 1, 0) < SCANNED_PAGE_CHARS && hasImage(doc.getPage(i))) {
                    scanned.add(i + 1);
                }
            }
            int text = stripper.charsOnPage.values().stream().mapToInt(Integer::intValue).sum();
            if (text < SCANNED_PAGE_CHARS * Math.max(1, pages / 10)) {
                throw new ImportRefusal(ImportRefusal.Reason.SCANNED, scanned.isEmpty()
                        ? "the PDF has no text to read; export it from the original document as a text PDF"
                        : "the PDF is a scan (pages are pictures without text); export the original document "
                        + "as PDF, or run it through OCR first");
            }
            List<String> warnings = new ArrayList<>();
            if (!scanned.isEmpty()) {
                warnings.add("第" + pagesList(scanned) + "页是扫描图片，没有文字，未导入。");
            }
            return new Outline(null, blocks(dropRunning(stripper.lines, pages)), warnings);
        } catch (IOException e) {
            throw new ImportRefusal(ImportRefusal.Reason.CORRUPT, "the PDF's content cannot be read ("
                    + e.getClass().getSimpleName() + "); open it and save it again as PDF, then upload again");
        }
    }

    /**
     * Refuses a PDF whose page content inflates beyond the limit: a small file of compressed blanks
     * would otherwise keep the text extraction busy for minutes. Reading stops at the limit.
     */
    private static void inflationWithin(PDDocument doc, long limit) throws IOException {
        long total = 0;
        byte[] buf = new byte[64 * 1024];
        for (PDPage page : doc.getPages()) {
            for (java.util.Iterator<org.apache.pdfbox.pdmodel.common.PDStream> it = page.getContentStreams(); it.hasNext(); ) {
                try (java.io.InputStream in = it.next().createInputStream()) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        total += n;
                        if (total > limit) {
                            throw new ImportRefusal(ImportRefusal.Reason.ZIP_BOMB, "the PDF's pages inflate to more than "
                                    + limit / 1024 / 1024 + " MB of drawing instructions (a compression bomb, or a "
                                    + "file made to exhaust the reader); it was not read");
                        }
                    }
                }
            }
        }
    }

    private static String pagesList(List<Integer> pages) {
        List<String> s = new ArrayList<>();
        for (int i = 0; i < Math.min(10, pages.size()); i++) {
            s.add(String.valueOf(pages.get(i)));
        }
        return String.join("、", s) + (pages.size() > 10 ? "等" : "");
    }

    private static boolean hasImage(PDPage page) throws IOException {
        PDResources r = page.getResources();
        if (r == null) {
            return false;
        }
        for (COSName n : r.getXObjectNames()) {
            if (r.isImageXObject(n)) {
                return true;
            }
        }
        return false;
    }

    /** Page numbers, and a short line that repeats on most pages (a running header or footer). */
    private static List<Line> dropRunning(List<Line> lines, int pages) {
        Map<String, Set<Integer>> onPages = new HashMap<>();
        for (Line l : lines) {
            onPages.computeIfAbsent(l.text.replaceAll("\\d+", "#"), k -> new HashSet<>()).add(l.page);
        }
        List<Line> out = new ArrayList<>();
        for (Line l : lines) {
            if (PAGE_NUMBER.matcher(l.text).matches()) {
                continue;
            }
            int seen = onPages.get(l.text.replaceAll("\\d+", "#")).size();
            if (pages >= 3 && seen >= 3 && seen * 2 > pages && l.text.length() <= 40) {
                continue;
            }
            out.add(l);
        }
        return out;
    }

    private static List<Block> blocks(List<Line> lines) {
        Map<Float, Integer> bySize = new HashMap<>();
        for (Line l : lines) {
            bySize.merge(l.size, l.text.length(), Integer::sum);
        }
        float body = bySize.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(10f);
        Headings levels = Headings.forDocument();
        List<Block> out = new ArrayList<>();
        StringBuilder para = new StringBuilder();
        for (Line l : lines) {
            String t = l.text;
            String numbered = Headings.kind(t, false);
            boolean larger = l.size >= body * 1.15f && t.length() <= 40 && !t.endsWith("。");
            boolean boldLine = l.bold && l.size >= body * 0.95f && t.length() <= Headings.MAX_HEADING && !t.endsWith("。");
            if (numbered != null || larger || boldLine) {
                flush(out, para);
                String kind = numbered != null ? numbered
                        : "font-" + Math.round(l.size) + (l.bold ? "-bold" : "");
                out.add(new Outline.Heading(levels.level(kind), t));
                continue;
            }
            boolean startsItem = LIST_ITEM.matcher(t).matches();
            if (para.length() > 0 && (startsItem || endsSentence(para))) {
                flush(out, para);
            }
            if (para.length() > 0 && isAsciiWordEnd(para.charAt(para.length() - 1)) && isAsciiWordEnd(t.charAt(0))) {
                para.append(' ');
            }
            para.append(t);
        }
        flush(out, para);
        return out;
    }

    private static boolean endsSentence(StringBuilder para) {
        char c = para.charAt(para.length() - 1);
        return "。！？；：:!?".indexOf(c) >= 0;
    }

    private static boolean isAsciiWordEnd(char c) {
        return c < 128 && Character.isLetterOrDigit(c);
    }

    private static void flush(List<Block> out, StringBuilder para) {
        if (para.length() > 0) {
            out.add(new Outline.Paragraph(para.toString()));
            para.setLength(0);
        }
    }

    /** Collects each line with the largest font size on it and whether all of it is bold. */
    private static final class LineStripper extends PDFTextStripper {

        final List<Line> lines = new ArrayList<>();
        final Map<Integer, Integer> charsOnPage = new HashMap<>();
        private final StringBuilder text = new StringBuilder();
        private float size;
        private boolean bold = true;

        LineStripper() throws IOException {
        }

        @Override
        protected void writeString(String s, List<TextPosition> positions) {
            text.append(s);
            for (TextPosition p : positions) {
                size = Math.max(size, Math.round(p.getFontSizeInPt() * 2) / 2f);
                if (!p.getUnicode().isBlank()) {
                    bold &= isBold(p.getFont());
                }
            }
        }

        @Override
        protected void writeWordSeparator() {
            text.append(' ');
        }

        @Override
        protected void writeLineSeparator() {
            endLine();
        }

        @Override
        protected void endPage(PDPage page) throws IOException {
            endLine();
            super.endPage(page);
        }

        private void endLine() {
            String t = text.toString().replace('\u00a0', ' ').replaceAll("\\s+", " ").strip();
            if (!t.isEmpty()) {
                int page = getCurrentPageNo();
                lines.add(new Line(t, size, bold, page));
                charsOnPage.merge(page, t.replace(" ", "").length(), Integer::sum);
            }
            text.setLength(0);
            size = 0;
            bold = true;
        }

        private static boolean isBold(PDFont font) {
            if (font == null) {
                return false;
            }
            String name = font.getName() == null ? "" : font.getName().toLowerCase(Locale.ROOT);
            PDFontDescriptor d = font.getFontDescriptor();
            return name.contains("bold") || name.contains("heavy") || name.contains("black")
                    || d != null && (d.isForceBold() || d.getFontWeight() >= 700);
        }
    }
}
