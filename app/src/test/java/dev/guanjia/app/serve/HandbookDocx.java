package dev.guanjia.app.serve;

import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFTable;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** A small property handbook as a Word file, made with POI in the test (no fixture from outside). */
final class HandbookDocx {

    private HandbookDocx() {
    }

    static byte[] make() throws IOException {
        try (XWPFDocument doc = new XWPFDocument()) {
            style(doc, "Title", "锦绣园业主手册");
            style(doc, "Heading1", "第一章 快递与包裹");
            text(doc, "小区快递柜设在东门岗亭北侧，共有三组柜体，二十四小时可以取件。");
            text(doc, "大件包裹由门岗代收，业主凭取件短信在门岗登记领取，代收包裹最多保管七天。");
            prose(doc, "快递");
            style(doc, "Heading1", "第二章 宠物管理");
            text(doc, "饲养犬只须到社区办理犬只登记，外出时必须拴绳，并及时清理宠物粪便。");
            text(doc, "小区内禁止饲养烈性犬，电梯里请抱起宠物或者使用短牵引绳。");
            prose(doc, "宠物");
            style(doc, "Heading1", "第三章 收费标准");
            text(doc, "以下收费标准经物价部门备案。");
            XWPFTable t = doc.createTable(3, 2);
            String[][] cells = {{"项目", "标准"}, {"游泳池季卡", "360元/人"}, {"会所场地租用", "100元/小时"}};
            for (int r = 0; r < cells.length; r++) {
                for (int c = 0; c < 2; c++) {
                    t.getRow(r).getCell(c).setText(cells[r][c]);
                }
            }
            prose(doc, "收费");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.write(out);
            return out.toByteArray();
        }
    }

    private static void prose(XWPFDocument doc, String topic) {
        text(doc, "关于" + topic + "的具体问题，业主可以拨打物业服务中心电话咨询，工作人员会耐心解答。");
        text(doc, "如对" + topic + "事项有意见或建议，欢迎通过意见箱或者微信公众号留言反馈。");
        text(doc, "本章内容如与业主大会通过的管理规约不一致的，以管理规约为准，由物业服务中心负责解释。");
        text(doc, "物业服务中心的办公时间为每天上午九点至下午六点，节假日安排值班人员。");
        text(doc, "请各位业主相互理解、相互配合，共同维护小区良好的居住环境和公共秩序。");
    }

    private static void style(XWPFDocument doc, String style, String text) {
        var p = doc.createParagraph();
        p.setStyle(style);
        p.createRun().setText(text);
    }

    private static void text(XWPFDocument doc, String text) {
        doc.createParagraph().createRun().setText(text);
    }

    /** The same file encrypted with a password, as Word's "Encrypt with Password" writes it. */
    static byte[] encrypted() throws Exception {
        try (POIFSFileSystem fs = new POIFSFileSystem()) {
            Encryptor enc = new EncryptionInfo(EncryptionMode.agile).getEncryptor();
            enc.confirmPassword("secret");
            try (OPCPackage opc = OPCPackage.open(new ByteArrayInputStream(make())); OutputStream os = enc.getDataStream(fs)) {
                opc.save(os);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            fs.writeFilesystem(out);
            return out.toByteArray();
        }
    }
}
