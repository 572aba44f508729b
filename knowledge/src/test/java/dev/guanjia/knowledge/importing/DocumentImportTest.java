package dev.guanjia.knowledge.importing;

import dev.guanjia.knowledge.KnowledgeBase;
import dev.guanjia.knowledge.analysis.Aliases;
import dev.guanjia.knowledge.document.KbDocumentStore;
import dev.guanjia.knowledge.embedding.BgeSmallZhEmbedder;
import dev.guanjia.knowledge.search.Passage;
import dev.guanjia.knowledge.search.SearchResult;
import dev.guanjia.testkit.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DocumentImportTest {

    @TempDir
    Path dir;
    private KbDocumentStore store;
    private KnowledgeBase kb;
    private final DocumentImport importer = new DocumentImport(DocumentImport.DEFAULT_MAX_BYTES);

    @BeforeEach
    void open() throws IOException {
        store = new KbDocumentStore(TestDatabase.fresh("knowledge"));
        kb = new KnowledgeBase(store, dir.resolve("index"), BgeSmallZhEmbedder.shared(), Aliases.bundled()).open();
    }

    @AfterEach
    void close() throws IOException {
        kb.close();
    }

    private void save(DocumentImport.Preview p) throws IOException {
        for (ProposedArticle a : p.articles()) {
            kb.put("cuihu", a.toDocument(LocalDate.of(2026, 12, 3), p.fileName()));
        }
    }

    private static String quoted(SearchResult r) {
        return String.join("\n", r.passages().stream().map(Passage::text).toList());
    }

    @Test
    void aWordHandbookIsSplitByItsChaptersKeepsItsTableAndTheSearchQuotesItsFacts() throws Exception {
        DocumentImport.Preview p = importer.preview("业主手册.docx", OfficeFiles.handbookDocx());
        assertEquals(FileKind.DOCX, p.kind());
        assertEquals(List.of("物业服务费", "装修管理", "停车管理"), p.articles().stream().map(ProposedArticle::title).toList());
        ProposedArticle fees = p.articles().get(0);
        assertEquals("fees", fees.category());
        assertEquals("chyyzsc-01", fees.docId(), "ids from the handbook's title (翠湖苑业主手册), numbered");
        assertTrue(fees.body().contains("| 项目 | 标准 | 缴费方式 |\n| --- | --- | --- |\n| 住宅物业服务费 | 2.80元/平方米·月 | 按季度预缴 |"),
                fees.body());
        ProposedArticle decoration = p.articles().get(1);
        assertTrue(decoration.body().contains("## 装修申请") && decoration.body().contains("## 施工时间"), decoration.body());
        assertFalse(decoration.body().contains("停车"), "a chapter ends where the next begins");

        save(p);
        SearchResult elevator = kb.search("cuihu", "电梯运行费怎么收", 3);
        assertFalse(elevator.abstained());
        assertEquals("chyyzsc-01", elevator.hits().get(0).docId());
        assertTrue(quoted(elevator).contains("项目：电梯运行费；标准：0.35元/平方米·月"), quoted(elevator));
        SearchResult deposit = kb.search("cuihu", "装修得先交多少押金", 3);
        assertEquals("chyyzsc-02", deposit.hits().get(0).docId());
        assertTrue(quoted(deposit).contains("3000元"), quoted(deposit));
    }

    @Test
    void aTextPdfIsSplitByItsLargerNumberedHeadingsAndPageNumbersAreDropped() throws Exception {
        Path font = OfficeFiles.cjkFont();
        assumeTrue(font != null, "no Chinese font on this machine (Debian: apt-get install fonts-wqy-microhei)");
        DocumentImport.Preview p = importer.preview("收费公示.pdf", OfficeFiles.feeNoticePdf(font));
        assertEquals(List.of("公共水电分摊", "二次供水加压费", "装修垃圾清运费"),
                p.articles().stream().map(ProposedArticle::title).toList());
        assertTrue(p.articles().stream().noneMatch(a -> a.body().contains("- 1 -")), "page numbers are not text");
        assertTrue(p.articles().get(1).body().startsWith("高层住户二次供水加压费为每立方米0.30元，按实际用水量计算。"),
                "lines wrapped by the page are joined again: " + p.articles().get(1).body());
        save(p);
        SearchResult water = kb.search("cuihu", "二次供水加压费怎么收", 3);
        assertFalse(water.abstained());
        assertTrue(quoted(water).contains("每立方米0.30元"), quoted(water));
    }

    @Test
    void anExcelPriceTableBecomesATableWhoseRowsTheSearchQuotes() throws Exception {
        DocumentImport.Preview p = importer.preview("价目表.xlsx", OfficeFiles.priceXlsx());
        assertEquals(1, p.articles().size());
        ProposedArticle prices = p.articles().get(0);
        assertEquals("收费价目表", prices.title());
        assertTrue(prices.body().contains("| 项目 | 单价 | 单位 |"), "the empty column is left out: " + prices.body());
        assertTrue(prices.body().contains("| 车位管理费合计 | 230 |  |"), "a formula reads as its value: " + prices.body());
        save(p);
        SearchResult parking = kb.search("cuihu", "地下车位管理费多少钱一个月", 3);
        assertFalse(parking.abstained());
        assertTrue(quoted(parking).contains("项目：地下车位管理费；单价：150；单位：元/月"), quoted(parking));
    }

    @Test
    void csvMarkdownAndTextAreReadToo() {
        DocumentImport.Preview csv = importer.preview("停车.csv",
                "项目,收费\n\"临时停车,首小时\",免费\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(csv.articles().get(0).body().contains("| 临时停车,首小时 | 免费 |"), csv.articles().get(0).body());
        DocumentImport.Preview gbk = importer.preview("停车.csv", "项目,收费\n月卡,300元\n".getBytes(java.nio.charset.Charset.forName("GB18030")));
        assertTrue(gbk.articles().get(0).body().contains("| 月卡 | 300元 |"), "Excel's CSV on Chinese Windows is GB18030");
        DocumentImport.Preview md = importer.preview("notice-pool.md", """
                ---
                id: notice-pool
                title: 游泳池开放
                category: facilities
                tags: [游泳池]
                updated: 2026-06-01
                ---
                游泳池每年6月至9月开放。
                """.getBytes(StandardCharsets.UTF_8));
        assertEquals("notice-pool", md.articles().get(0).docId());
        DocumentImport.Preview txt = importer.preview("快递.txt", "一、快递柜\n快递柜在3号门岗旁。\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(txt.articles().get(0).body().contains("快递柜在3号门岗旁。"));
    }

    private ImportRefusal.Reason refused(String name, byte[] content) {
        return assertThrows(ImportRefusal.class, () -> importer.preview(name, content)).reason();
    }

    @Test
    void encryptedOversizeScannedBombedMislabelledAndBrokenFilesAreRefusedWithNothingStored() throws Exception {
        assertEquals(ImportRefusal.Reason.ENCRYPTED, refused("手册.docx", OfficeFiles.encryptedDocx()));
        byte[] big = new byte[(int) DocumentImport.DEFAULT_MAX_BYTES + 1];
        Arrays.fill(big, (byte) 'a');
        ImportRefusal tooLarge = assertThrows(ImportRefusal.class, () -> importer.preview("大.txt", big));
        assertEquals(ImportRefusal.Reason.TOO_LARGE, tooLarge.reason());
        assertTrue(tooLarge.getMessage().contains("knowledge.import_max_mb"), "says which setting to change");
        ImportRefusal scanned = assertThrows(ImportRefusal.class, () -> importer.preview("扫描件.pdf", OfficeFiles.scannedPdf()));
        assertEquals(ImportRefusal.Reason.SCANNED, scanned.reason());
        assertTrue(scanned.getMessage().contains("OCR"), scanned.getMessage());
        assertEquals(ImportRefusal.Reason.ZIP_BOMB, refused("手册.docx", OfficeFiles.zipBombDocx()));
        assertEquals(ImportRefusal.Reason.WRONG_TYPE, refused("手册.docx", OfficeFiles.scannedPdf()));
        assertEquals(ImportRefusal.Reason.WRONG_TYPE, refused("价目表.xlsx", OfficeFiles.handbookDocx()));
        assertEquals(ImportRefusal.Reason.WRONG_TYPE, refused("手册.exe", "MZ".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(ImportRefusal.Reason.WRONG_TYPE, refused("手册.doc", new byte[]{1, 2, 3}));
        byte[] docx = OfficeFiles.handbookDocx();
        assertEquals(ImportRefusal.Reason.CORRUPT, refused("手册.docx", Arrays.copyOf(docx, docx.length / 2)));
        Path font = OfficeFiles.cjkFont();
        if (font != null) {
            assertEquals(ImportRefusal.Reason.ENCRYPTED, refused("收费公示.pdf", OfficeFiles.encryptedPdf(font)));
        }
        assertTrue(store.all().isEmpty(), "nothing stored");
    }

    @Test
    void aPdfWhoseContentInflatesBeyondTheScratchLimitIsRefusedNotReadIntoMemory() throws Exception {
        // one page whose content stream is 400 MB of spaces compressed to a few hundred KB
        java.io.ByteArrayOutputStream deflated = new java.io.ByteArrayOutputStream();
        try (java.util.zip.DeflaterOutputStream z = new java.util.zip.DeflaterOutputStream(deflated,
                new java.util.zip.Deflater(9))) {
            byte[] spaces = new byte[1024 * 1024];
            Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 400; i++) {
                z.write(spaces);
            }
        }
        byte[] pdf;
        try (org.apache.pdfbox.pdmodel.PDDocument doc = new org.apache.pdfbox.pdmodel.PDDocument()) {
            org.apache.pdfbox.pdmodel.PDPage page = new org.apache.pdfbox.pdmodel.PDPage();
            doc.addPage(page);
            org.apache.pdfbox.cos.COSStream content = doc.getDocument().createCOSStream();
            content.setItem(org.apache.pdfbox.cos.COSName.FILTER, org.apache.pdfbox.cos.COSName.FLATE_DECODE);
            try (java.io.OutputStream raw = content.createRawOutputStream()) {
                raw.write(deflated.toByteArray());
            }
            page.getCOSObject().setItem(org.apache.pdfbox.cos.COSName.CONTENTS, content);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            doc.save(out);
            pdf = out.toByteArray();
        }
        assertTrue(pdf.length < 2 * 1024 * 1024, "small on disk: " + pdf.length);
        ImportRefusal r = assertThrows(ImportRefusal.class, () -> new DocumentImport(4 * 1024 * 1024).preview("炸弹.pdf", pdf));
        assertEquals(ImportRefusal.Reason.ZIP_BOMB, r.reason(), r.getMessage());
    }
}
