package dev.guanjia.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.app.Args;
import dev.guanjia.app.files.TemporaryDirectory;
import dev.guanjia.knowledge.analysis.KnowledgeAnalysis;
import dev.guanjia.knowledge.embedding.BgeSmallZhEmbedder;
import dev.guanjia.knowledge.importing.DocumentImport;
import dev.guanjia.knowledge.importing.ProposedArticle;
import dev.guanjia.knowledge.index.KnowledgeIndex;
import dev.guanjia.knowledge.index.SourceDocument;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * {@code bench documents [--pages 200]}: writes a handbook of that many pages as a text PDF (a
 * Chinese font of this machine embedded), then times what the console's import does with it —
 * reading and splitting it into articles — and indexing those articles with their embeddings.
 * Prints one JSON line.
 */
public final class DocumentImportBenchmark {

    public static final String HELP = """
            Usage: java -jar guanjia.jar bench documents [--pages 200] [--font FILE]

            Generates a Chinese property handbook of --pages A4 pages as a text PDF (chapters "第N章",
            sections "一、", fee tables as "项目：…" lines), imports it as the console does (read, split
            into articles) and indexes the articles with embeddings in a temporary directory. Prints the
            milliseconds of each step and the number of articles. Needs a Chinese TrueType font:
            --font, else one found under /usr/share/fonts (Debian: apt-get install fonts-wqy-microhei).
            """;

    private static final String[] TOPICS = {"物业服务费", "装修管理", "停车管理", "门禁与访客", "快递收发", "宠物饲养",
            "垃圾分类", "电梯使用", "消防安全", "水电维修", "公共区域", "绿化养护", "房屋租赁", "会所设施", "泳池开放",
            "噪音管理", "防汛防台", "车位租售", "入住手续", "投诉建议"};
    private static final String[] CN = {"一", "二", "三", "四", "五", "六"};

    private DocumentImportBenchmark() {
    }

    public static int run(Args args, PrintStream out) throws IOException {
        int pages = args.optionalInt("--pages", 200);
        String fontArg = args.optional("--font");
        args.requireNoneLeft();
        Path font = fontArg != null ? Path.of(fontArg) : findFont();
        if (font == null || !Files.isRegularFile(font)) {
            throw new Args.UsageException("no Chinese font found: pass --font FILE (a .ttf/.ttc with Chinese glyphs), "
                    + "or install one (Debian: apt-get install fonts-wqy-microhei)");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        byte[] pdf = handbook(font, pages);
        result.put("pages", pages);
        result.put("pdf_bytes", pdf.length);
        result.put("generate_ms", (System.nanoTime() - t0) / 1_000_000);
        result.put("font", font.getFileName().toString());

        DocumentImport importer = new DocumentImport(Math.max(DocumentImport.DEFAULT_MAX_BYTES, pdf.length));
        long t1 = System.nanoTime();
        DocumentImport.Preview preview = importer.preview("业主手册.pdf", pdf);
        result.put("read_and_split_ms", (System.nanoTime() - t1) / 1_000_000);
        result.put("articles", preview.articles().size());
        result.put("body_chars", preview.articles().stream().mapToInt(a -> a.body().length()).sum());

        try (TemporaryDirectory tmp = new TemporaryDirectory("guanjia-bench-documents");
             KnowledgeIndex index = new KnowledgeIndex(tmp.path(), BgeSmallZhEmbedder.shared(), new KnowledgeAnalysis())) {
            List<SourceDocument> docs = new ArrayList<>();
            for (ProposedArticle a : preview.articles()) {
                docs.add(new SourceDocument("bench", a.toDocument(LocalDate.now(), preview.fileName())));
            }
            long t2 = System.nanoTime();
            index.open(() -> docs);
            result.put("index_ms", (System.nanoTime() - t2) / 1_000_000);
        }
        result.put("cores", Runtime.getRuntime().availableProcessors());
        out.println(new ObjectMapper().writeValueAsString(result));
        return 0;
    }

    static Path findFont() throws IOException {
        Path root = Path.of("/usr/share/fonts");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().toLowerCase().matches(
                            ".*(wqy|notosanscjk|notoserifcjk|uming|ukai|droidsansfallback|sourcehansans).*\\.tt[cf]"))
                    .sorted().findFirst().orElse(null);
        }
    }

    /** A handbook: a chapter per topic in turn, sections with prose and fee lines, until the pages are full. */
    static byte[] handbook(Path fontFile, int pages) throws IOException {
        try (PDDocument doc = new PDDocument(); TrueTypeCollection ttc = fontFile.toString().endsWith(".ttc")
                ? new TrueTypeCollection(fontFile.toFile()) : null) {
            AtomicReference<TrueTypeFont> first = new AtomicReference<>();
            PDFont font;
            if (ttc != null) {
                ttc.processAllFonts(f -> first.compareAndSet(null, f));
                font = PDType0Font.load(doc, first.get(), true);
            } else {
                font = PDType0Font.load(doc, fontFile.toFile());
            }
            Writer w = new Writer(doc, font);
            w.line("翠湖苑业主手册", 20);
            for (int chapter = 1; w.pages() <= pages; chapter++) {
                String topic = TOPICS[(chapter - 1) % TOPICS.length];
                String name = topic + (chapter > TOPICS.length ? "（续" + (chapter - 1) / TOPICS.length + "）" : "");
                w.line("第" + chapter + "章 " + name, 16);
                for (int s = 0; s < CN.length && w.pages() <= pages; s++) {
                    w.line(CN[s] + "、" + topic + "第" + (s + 1) + "项规定", 13);
                    for (int p = 0; p < 4; p++) {
                        w.line("业主办理" + topic + "相关事项时，请携带身份证和房产证明到物业服务中心一楼大厅，"
                                + "工作人员将在" + (p + 2) + "个工作日内答复；如需上门核实，服务中心会提前电话预约时间，"
                                + "第" + chapter + "章第" + (s + 1) + "项的办理费用为" + (chapter * 10 + s) + "元。", 11);
                    }
                    w.line("项目：" + topic + "服务" + (s + 1) + "；标准：" + (chapter + s) + ".50元/月；缴费方式：按季度预缴", 11);
                }
            }
            w.finish(pages);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    /** Lays lines out on A4 pages, wrapping at the margin, with a page number at the foot. */
    private static final class Writer {
        private static final float MARGIN = 56;
        private final PDDocument doc;
        private final PDFont font;
        private PDPageContentStream cs;
        private float y;
        private int page;

        Writer(PDDocument doc, PDFont font) {
            this.doc = doc;
            this.font = font;
        }

        int pages() {
            return page;
        }

        void line(String text, float size) throws IOException {
            float width = PDRectangle.A4.getWidth() - 2 * MARGIN;
            StringBuilder cur = new StringBuilder();
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < text.length(); i++) {
                if (font.getStringWidth(cur.toString() + text.charAt(i)) / 1000 * size > width) {
                    parts.add(cur.toString());
                    cur.setLength(0);
                }
                cur.append(text.charAt(i));
            }
            parts.add(cur.toString());
            for (String part : parts) {
                float lead = size * 1.6f;
                if (cs == null || y - lead < MARGIN) {
                    newPage();
                }
                y -= lead;
                cs.beginText();
                cs.setFont(font, size);
                cs.newLineAtOffset(MARGIN, y);
                cs.showText(part);
                cs.endText();
            }
        }

        private void newPage() throws IOException {
            endPage();
            PDPage p = new PDPage(PDRectangle.A4);
            doc.addPage(p);
            cs = new PDPageContentStream(doc, p);
            y = PDRectangle.A4.getHeight() - MARGIN;
            page++;
        }

        private void endPage() throws IOException {
            if (cs != null) {
                cs.beginText();
                cs.setFont(font, 9);
                cs.newLineAtOffset(280, 30);
                cs.showText("- " + page + " -");
                cs.endText();
                cs.close();
                cs = null;
            }
        }

        /** Closes the last page and drops any page past the count (the last line may have opened one). */
        void finish(int pages) throws IOException {
            endPage();
            while (doc.getNumberOfPages() > pages) {
                doc.removePage(doc.getNumberOfPages() - 1);
            }
        }
    }
}
