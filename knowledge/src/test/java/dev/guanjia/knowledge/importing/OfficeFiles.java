package dev.guanjia.knowledge.importing;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFTable;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Office files made in the test with POI and PDFBox, so no binary fixture comes from outside. */
final class OfficeFiles {

    private OfficeFiles() {
    }

    /** A handbook: a title, chapters as Word headings (a style, an outline level), a fee table. */
    static byte[] handbookDocx() throws IOException {
        try (XWPFDocument doc = new XWPFDocument()) {
            para(doc, "Title", "翠湖苑业主手册");
            para(doc, "Heading1", "第一章 物业服务费");
            text(doc, "物业服务费按月计收，业主可在物业服务中心或微信公众号缴纳。");
            text(doc, "逾期未缴的，物业服务中心会以短信和上门的方式提醒，请业主按时缴费。");
            filler(doc, "缴费");
            XWPFTable t = doc.createTable(4, 3);
            String[][] cells = {{"项目", "标准", "缴费方式"}, {"住宅物业服务费", "2.80元/平方米·月", "按季度预缴"},
                    {"电梯运行费", "0.35元/平方米·月", "随物业费缴纳"}, {"生活垃圾清运费", "15元/户·月", "按年缴纳"}};
            for (int r = 0; r < cells.length; r++) {
                for (int c = 0; c < 3; c++) {
                    t.getRow(r).getCell(c).setText(cells[r][c]);
                }
            }
            // a chapter heading by its outline level alone, as Word writes for a custom style
            XWPFParagraph p = doc.createParagraph();
            p.getCTP().addNewPPr().addNewOutlineLvl().setVal(BigInteger.ZERO);
            p.createRun().setText("第二章 装修管理");
            para(doc, "Heading2", "装修申请");
            text(doc, "装修前须到物业服务中心办理装修登记，提交装修方案和施工单位资质。");
            text(doc, "装修押金为3000元，验收合格后无息退还。");
            para(doc, "Heading2", "施工时间");
            text(doc, "工作日上午8:30至12:00、下午14:00至18:00可以施工，周末和法定节假日禁止产生噪音的施工。");
            filler(doc, "装修");
            para(doc, "Heading1", "第三章 停车管理");
            text(doc, "小区地下车库实行月卡管理，月卡在物业服务中心办理，临时停车首小时免费。");
            text(doc, "访客车辆须由业主登记后方可进入，夜间22点后禁止鸣笛。");
            filler(doc, "停车");
            return bytes(doc);
        }
    }

    private static void filler(XWPFDocument doc, String topic) {
        for (String s : fillerSentences(topic)) {
            text(doc, s);
        }
    }

    /** Ordinary handbook prose, enough that the document is long enough to be split. */
    static List<String> fillerSentences(String topic) {
        return List.of(
                "关于" + topic + "的具体问题，业主可以拨打物业服务中心电话咨询，工作人员会耐心解答。",
                "物业服务中心的办公时间为每天上午九点至下午六点，节假日安排值班人员。",
                "如对" + topic + "事项有意见或建议，欢迎通过意见箱或者微信公众号留言反馈。",
                "本章内容如与业主大会通过的管理规约不一致的，以管理规约为准，由物业服务中心负责解释。",
                "请各位业主相互理解、相互配合，共同维护小区良好的居住环境和公共秩序。");
    }

    private static void para(XWPFDocument doc, String style, String text) {
        XWPFParagraph p = doc.createParagraph();
        p.setStyle(style);
        p.createRun().setText(text);
    }

    private static void text(XWPFDocument doc, String text) {
        doc.createParagraph().createRun().setText(text);
    }

    static byte[] bytes(XWPFDocument doc) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        doc.write(out);
        return out.toByteArray();
    }

    /** A price table with a title row gap, an empty column and a formula. */
    static byte[] priceXlsx() throws IOException {
        try (XSSFWorkbook book = new XSSFWorkbook()) {
            XSSFSheet sheet = book.createSheet("收费价目表");
            String[][] rows = {{"项目", "", "单价", "单位"}, {"地下车位管理费", "", "150", "元/月"},
                    {"地面车位管理费", "", "80", "元/月"}, {"门禁卡补办", "", "20", "元/张"}};
            for (int r = 0; r < rows.length; r++) {
                XSSFRow row = sheet.createRow(r + 1);
                for (int c = 0; c < rows[r].length; c++) {
                    if (r > 0 && c == 2) {
                        row.createCell(c).setCellValue(Double.parseDouble(rows[r][c]));
                    } else if (!rows[r][c].isEmpty()) {
                        row.createCell(c).setCellValue(rows[r][c]);
                    }
                }
            }
            XSSFRow total = sheet.createRow(6);
            total.createCell(0).setCellValue("车位管理费合计");
            total.createCell(2).setCellFormula("C3+C4");
            book.getCreationHelper().createFormulaEvaluator().evaluateAll();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            book.write(out);
            return out.toByteArray();
        }
    }

    /** A file with Chinese glyphs on this machine (Debian's fonts-wqy-microhei, fonts-noto-cjk…), or null. */
    static Path cjkFont() {
        for (String p : List.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
                "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/truetype/arphic/uming.ttc")) {
            if (Files.isRegularFile(Path.of(p))) {
                return Path.of(p);
            }
        }
        return null;
    }

    /** One line of a generated PDF: its text and its font size. */
    record PdfLine(String text, float size) {
    }

    /** A text PDF of these lines, wrapped at the page width and broken into pages. */
    static byte[] pdf(Path font, List<PdfLine> lines) throws IOException {
        try (PDDocument doc = new PDDocument(); TrueTypeCollection ttc = new TrueTypeCollection(font.toFile())) {
            AtomicReference<TrueTypeFont> first = new AtomicReference<>();
            ttc.processAllFonts(f -> first.compareAndSet(null, f));
            PDFont cjk = PDType0Font.load(doc, first.get(), true);
            float margin = 56;
            float width = PDRectangle.A4.getWidth() - 2 * margin;
            PDPageContentStream cs = null;
            float y = 0;
            int page = 0;
            for (PdfLine line : lines) {
                for (String part : wrap(line.text(), cjk, line.size(), width)) {
                    float lead = line.size() * 1.6f;
                    if (cs == null || y - lead < margin) {
                        if (cs != null) {
                            footer(cs, cjk, ++page);
                            cs.close();
                        }
                        PDPage p = new PDPage(PDRectangle.A4);
                        doc.addPage(p);
                        cs = new PDPageContentStream(doc, p);
                        y = PDRectangle.A4.getHeight() - margin;
                    }
                    y -= lead;
                    cs.beginText();
                    cs.setFont(cjk, line.size());
                    cs.newLineAtOffset(margin, y);
                    cs.showText(part);
                    cs.endText();
                }
            }
            if (cs != null) {
                footer(cs, cjk, ++page);
                cs.close();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    private static void footer(PDPageContentStream cs, PDFont font, int page) throws IOException {
        cs.beginText();
        cs.setFont(font, 9);
        cs.newLineAtOffset(280, 30);
        cs.showText("- " + page + " -");
        cs.endText();
    }

    private static List<String> wrap(String text, PDFont font, float size, float width) throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            String ch = new String(Character.toChars(cp));
            if (font.getStringWidth(cur + ch) / 1000 * size > width) {
                out.add(cur.toString());
                cur.setLength(0);
            }
            cur.append(ch);
            i += ch.length();
        }
        out.add(cur.toString());
        return out;
    }

    /** A fee notice as a text PDF: headings larger than the body, numbered "一、". */
    static byte[] feeNoticePdf(Path font) throws IOException {
        List<PdfLine> lines = new ArrayList<>();
        lines.add(new PdfLine("翠湖苑2027年收费标准公示", 18));
        String[][] chapters = {
                {"一、公共水电分摊", "公共区域水电费按户分摊，2027年每户每月分摊12.60元，随物业费一并收取。"},
                {"二、二次供水加压费", "高层住户二次供水加压费为每立方米0.30元，按实际用水量计算。"},
                {"三、装修垃圾清运费", "装修垃圾清运费按套内面积收取，每平方米5元，装修登记时一次缴清。"}};
        for (String[] c : chapters) {
            lines.add(new PdfLine(c[0], 15));
            lines.add(new PdfLine(c[1], 11));
            for (String s : fillerSentences(Headings.withoutNumbering(c[0]))) {
                lines.add(new PdfLine(s, 11));
            }
        }
        return pdf(font, lines);
    }

    /** A scanned page: a picture of text, no text in the PDF. */
    static byte[] scannedPdf() throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            BufferedImage img = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
            for (int x = 0; x < 200; x++) {
                for (int y = 0; y < 100; y++) {
                    img.setRGB(x, y, (x / 10 + y / 10) % 2 == 0 ? 0xFFFFFF : 0x333333);
                }
            }
            PDImageXObject image = LosslessFactory.createFromImage(doc, img);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.drawImage(image, 50, 500, 400, 200);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    /** A PDF that opens only with a password. */
    static byte[] encryptedPdf(Path font) throws IOException {
        try (PDDocument doc = org.apache.pdfbox.Loader.loadPDF(feeNoticePdf(font))) {
            StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-secret", "user-secret", new AccessPermission());
            policy.setEncryptionKeyLength(128);
            doc.protect(policy);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    /** A .docx encrypted with a password, as Word's "Encrypt with Password" writes it. */
    static byte[] encryptedDocx() throws Exception {
        byte[] plain = handbookDocx();
        try (POIFSFileSystem fs = new POIFSFileSystem()) {
            EncryptionInfo info = new EncryptionInfo(EncryptionMode.agile);
            Encryptor enc = info.getEncryptor();
            enc.confirmPassword("secret");
            try (OPCPackage opc = OPCPackage.open(new ByteArrayInputStream(plain));
                 OutputStream os = enc.getDataStream(fs)) {
                opc.save(os);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            fs.writeFilesystem(out);
            return out.toByteArray();
        }
    }

    /** A real .docx with one more entry that inflates a thousandfold: a zip bomb in small. */
    static byte[] zipBombDocx() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new ByteArrayInputStream(handbookDocx()));
             java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
            for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null; ) {
                zip.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                in.transferTo(zip);
                zip.closeEntry();
            }
            zip.putNextEntry(new java.util.zip.ZipEntry("word/media/padding.bin"));
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 30; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        return out.toByteArray();
    }
}
