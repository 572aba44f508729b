package dev.guanjia.app.pack;

import dev.guanjia.app.database.Database;
import dev.guanjia.community.pack.PackException;
import dev.guanjia.community.pack.PackProblem;
import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.testkit.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PackImportTest {

    @TempDir
    Path tmp;

    private DataSource db;
    private PackImport importer;
    private Path pack;

    @BeforeEach
    void setUp() throws IOException {
        db = TestDatabase.fresh(Database.MODULES.toArray(String[]::new));
        importer = new PackImport(db, PersonalData.ephemeral());
        pack = tmp.resolve("pack");
        DemoPack.copyTo(pack);
    }

    private String snapshot() throws SQLException {
        StringBuilder s = new StringBuilder();
        for (String table : List.of("communities", "buildings", "houses", "residents", "resident_houses",
                "resident_identities", "staff", "fee_items", "bills", "work_orders", "work_order_events",
                "kb_documents", "bookables", "audit_log")) {
            s.append(table).append('=').append(count("SELECT count(*) FROM " + table)).append(' ');
        }
        return s.toString();
    }

    private long count(String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void edit(String file, String from, String to) throws IOException {
        Path f = pack.resolve(file);
        String text = Files.readString(f);
        assertTrue(text.contains(from), "pack has no " + from);
        Files.writeString(f, text.replace(from, to));
    }

    @Test
    void importsTheDemoPackWhole() throws SQLException {
        PackImport.Report r = importer.importPack(pack, null, "test");
        assertEquals("cuihu", r.communityId());
        assertEquals(r.houses(), count("SELECT count(*) FROM houses"));
        assertEquals(r.bills(), count("SELECT count(*) FROM bills"));
        assertEquals(r.documents(), count("SELECT count(*) FROM kb_documents WHERE community_id = 'cuihu'"));
        assertEquals(r.workOrders(), count("SELECT count(*) FROM work_orders"));
        assertEquals(1, count("SELECT count(*) FROM audit_log WHERE action = 'pack.imported'"));
        assertTrue(r.houses() > 10 && r.documents() > 10);
    }

    @Test
    void reimportChangesNothingButTheAuditLog() throws SQLException {
        importer.importPack(pack, null, "test");
        String first = snapshot();
        importer.importPack(pack, null, "test");
        // one audit row more (the import itself); the notices read from the pack are updated in place, unaudited
        java.util.regex.Matcher audit = java.util.regex.Pattern.compile("audit_log=(\\d+)").matcher(first);
        assertTrue(audit.find(), first);
        assertEquals(first.replace(audit.group(), "audit_log=" + (Integer.parseInt(audit.group(1)) + 1)), snapshot());
    }

    @Test
    void aReimportKeepsTheArticlesStaffWroteOrImportedButDropsPackArticlesItNoLongerHas() throws Exception {
        importer.importPack(pack, null, "test");
        var store = new dev.guanjia.knowledge.document.KbDocumentStore(db);
        store.put("cuihu", new dev.guanjia.knowledge.document.KbDocument("parcel-lockers", "快递柜使用说明", "facilities",
                java.util.List.of(), java.time.LocalDate.of(2026, 12, 3), "快递柜在2号门岗旁，取件码24小时有效。",
                "console:parcel-lockers"));
        store.put("cuihu", new dev.guanjia.knowledge.document.KbDocument("handbook-01", "业主手册 第一章", "procedures",
                java.util.List.of(), java.time.LocalDate.of(2026, 12, 3), "入住须知。", "import:业主手册.docx"));
        store.put("cuihu", new dev.guanjia.knowledge.document.KbDocument("old-pack-article", "旧文章", "procedures",
                java.util.List.of(), java.time.LocalDate.of(2026, 12, 3), "早已删掉的内容。", "kb/old-pack-article.md"));
        importer.importPack(pack, null, "test");
        assertEquals(2, count("SELECT count(*) FROM kb_documents WHERE doc_id IN ('parcel-lockers', 'handbook-01')"));
        assertEquals(0, count("SELECT count(*) FROM kb_documents WHERE doc_id = 'old-pack-article'"));
    }

    @Test
    void aReimportLeavesTheBillsGuanjiaChargedItselfAndAnEvalResetRemovesThem() throws Exception {
        importer.importPack(pack, null, "test");
        long house = count("SELECT min(id) FROM houses WHERE community_id = 'cuihu'");
        try (Connection c = db.getConnection()) {
            dev.guanjia.community.billing.Bills.charge(c, "cuihu", house, "BKFEE123", "场地预约费",
                    "会所羽毛球场 12月5日 10:00-11:00", new java.math.BigDecimal("20.00"), java.time.LocalDate.of(2026, 12, 3));
        }
        long bills = count("SELECT count(*) FROM bills");
        importer.importPack(pack, null, "test");
        assertEquals(bills, count("SELECT count(*) FROM bills"), "the booking fee's bill is not the pack's to remove");
        assertEquals(1, count("SELECT count(*) FROM bills WHERE code = 'BKFEE123' AND status = 'unpaid'"));
        importer.resetRuntime(pack);
        assertEquals(0, count("SELECT count(*) FROM bills WHERE code = 'BKFEE123'"), "eval cases start from the pack");
        assertEquals(bills - 1, count("SELECT count(*) FROM bills"));
    }

    @Test
    void bookablesComeFromThePackAndAReimportUpdatesThem() throws Exception {
        importer.importPack(pack, null, "test");
        var bookables = new dev.guanjia.bookings.facility.Bookables(db);
        var court = bookables.find("cuihu", "court").orElseThrow();
        assertEquals("会所羽毛球场", court.name());
        assertEquals(java.time.LocalTime.of(9, 0), court.opens());
        assertEquals(java.time.LocalTime.of(21, 0), court.closes());
        assertEquals(60, court.slotMinutes());
        assertEquals(0, new java.math.BigDecimal("20.00").compareTo(court.fee()));
        assertEquals(7, court.advanceDays());
        edit("community.yaml", "open: \"09:00-21:00\", slot_minutes: 60, capacity: 1, fee: 20.00",
                "open: \"08:00-22:00\", slot_minutes: 120, capacity: 2, fee: 25.00");
        edit("community.yaml", "  - {id: move-in,", "  - {id: gone, name: x, open: \"08:00-09:00\", slot_minutes: 60, "
                + "capacity: 1, fee: 0, advance_days: 1}\n  - {id: move-in,");
        importer.importPack(pack, null, "test");
        court = bookables.find("cuihu", "court").orElseThrow();
        assertEquals(java.time.LocalTime.of(22, 0), court.closes());
        assertEquals(120, court.slotMinutes());
        assertEquals(2, court.capacity());
        assertEquals(3, bookables.active("cuihu").size());
        edit("community.yaml", "  - {id: gone, name: x, open: \"08:00-09:00\", slot_minutes: 60, "
                + "capacity: 1, fee: 0, advance_days: 1}\n", "");
        importer.importPack(pack, null, "test");
        assertEquals(List.of("court", "move-in"), bookables.active("cuihu").stream().map(b -> b.code()).toList());
        edit("community.yaml", "open: \"08:00-22:00\"", "open: \"22:00-08:00\"");
        PackException e = assertThrows(PackException.class, () -> importer.importPack(pack, null, "test"));
        assertTrue(e.getMessage().contains("bookable court.open"), e.getMessage());
    }

    @Test
    void aBrokenPackImportsNothingAndListsEveryProblem() throws Exception {
        importer.importPack(pack, null, "test");
        String before = snapshot();
        edit("community.yaml", "amount: 120.00", "amount: -120.00");
        edit("kb/rules-pets.md", "updated: 2026-02-10", "updated: 2026-02-30");
        Files.writeString(pack.resolve("kb/no-front-matter.md"), "没有元数据的文件。\n");
        PackException e = assertThrows(PackException.class, () -> importer.importPack(pack, null, "test"));
        List<String> files = e.problems().stream().map(PackProblem::file).distinct().sorted().toList();
        assertEquals(List.of("community.yaml", "kb/no-front-matter.md", "kb/rules-pets.md"), files, e::getMessage);
        assertTrue(e.problems().stream().filter(p -> p.file().equals("community.yaml")).allMatch(p -> p.line() > 0));
        assertTrue(e.getMessage().contains("nothing was imported"));
        assertEquals(before, snapshot());
    }

    @Test
    void datedNoticeArticlesImportAsNoticesAndDatedArticlesAndAReImportUpdatesThem() throws Exception {
        Files.writeString(pack.resolve("kb/notice-water-a1.md"), """
                ---
                id: notice-water-a1
                title: A1栋12月4日停水通知
                category: notices
                tags: [停水, 通知]
                updated: 2026-12-01
                valid_from: 2026-12-03
                valid_until: 2026-12-04   # both days included
                buildings: ["A1"]
                ---
                因二次供水设备检修，A1栋12月4日9:00-17:00停水，请提前储水。
                """);
        importer.importPack(pack, null, "test");
        assertEquals(1, count("""
                SELECT count(*) FROM notices WHERE community_id = 'cuihu' AND source_doc = 'notice-water-a1'
                  AND category = 'water' AND buildings = '{A1}' AND valid_from = DATE '2026-12-03'
                  AND valid_until = DATE '2026-12-04' AND withdrawn_at IS NULL"""));
        assertEquals(1, count("""
                SELECT count(*) FROM kb_documents WHERE doc_id = 'notice-water-a1' AND category = 'notices'
                  AND valid_from = DATE '2026-12-03' AND valid_until = DATE '2026-12-04'"""),
                "a dated notice is also an article, answered on its valid days only");
        long id = count("SELECT id FROM notices WHERE source_doc = 'notice-water-a1'");
        // the demo's water cut is posted without dates: a notice on the day and for the buildings its text names,
        // and a standing article as written
        assertEquals(1, count("""
                SELECT count(*) FROM notices WHERE source_doc = 'notice-water-cut' AND buildings = '{A1,A2}'
                  AND valid_until = DATE '2026-12-03' AND category = 'water'"""));
        assertEquals(1, count("""
                SELECT count(*) FROM kb_documents WHERE doc_id = 'notice-water-cut' AND valid_from IS NULL
                  AND valid_until IS NULL"""));

        edit("kb/notice-water-a1.md", "9:00-17:00", "13:00-17:00");
        edit("kb/notice-water-a1.md", "buildings: [\"A1\"]", "buildings: [\"A1\", \"A2\"]");
        importer.importPack(pack, null, "test");
        assertEquals(1, count("SELECT count(*) FROM notices WHERE source_doc = 'notice-water-a1'"));
        assertEquals(1, count("SELECT count(*) FROM notices WHERE id = " + id
                + " AND body LIKE '%13:00-17:00%' AND buildings = '{A1,A2}'"));
        assertEquals(1, count("SELECT count(*) FROM audit_log WHERE action = 'notice.edited' AND subject = 'notice:"
                + id + "'"));

        edit("kb/notice-water-a1.md", "buildings: [\"A1\", \"A2\"]", "buildings: [\"Z9\"]");
        PackException e = assertThrows(PackException.class, () -> importer.importPack(pack, null, "test"));
        assertTrue(e.getMessage().contains("building 'Z9'"), e.getMessage());

        Files.delete(pack.resolve("kb/notice-water-a1.md"));
        importer.importPack(pack, null, "test");
        assertEquals(1, count("SELECT count(*) FROM notices WHERE id = " + id + " AND withdrawn_at IS NOT NULL"));
        assertEquals(0, count("SELECT count(*) FROM kb_documents WHERE doc_id = 'notice-water-a1'"));
    }

    @Test
    void whenTheDatabaseRefusesMidwayEverythingRollsBack() throws Exception {
        importer.importPack(pack, null, "test");
        // A resident opened a work order at run time on a house the next pack version drops.
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO work_orders (community_id, code, source, house_id, category, title, status) "
                    + "SELECT community_id, 'RT-1', 'runtime', id, 'plumbing', '新报修', 'submitted' FROM houses "
                    + "WHERE code = 'S-1-01'");
        }
        String before = snapshot();
        String yaml = Files.readString(pack.resolve("community.yaml"));
        yaml = yaml.lines().filter(l -> !l.contains("\"S-1-01\"") && !l.contains("c14,")).reduce("", (a, b) -> a + b + "\n");
        Files.writeString(pack.resolve("community.yaml"), yaml);
        edit("community.yaml", "name: 翠湖苑", "name: 翠湖苑（新）");
        PackException e = assertThrows(PackException.class, () -> importer.importPack(pack, null, "test"));
        assertTrue(e.getMessage().contains("the database refused the pack"), e.getMessage());
        assertEquals(before, snapshot());
        assertEquals(1, count("SELECT count(*) FROM communities WHERE name = '翠湖苑'"));
    }

    @Test
    void communityIdCanBeChosenByTheOperator() throws SQLException {
        importer.importPack(pack, "cuihu-east", "test");
        importer.importPack(pack, null, "test");
        assertEquals(2, count("SELECT count(*) FROM communities"));
        assertEquals(count("SELECT count(*) FROM houses WHERE community_id = 'cuihu'"),
                count("SELECT count(*) FROM houses WHERE community_id = 'cuihu-east'"));
        PackException bad = assertThrows(PackException.class, () -> importer.importPack(pack, "Bad Id", "test"));
        assertTrue(bad.getMessage().contains("must use only a-z"));
    }

    @Test
    void aDirectoryWithoutThePackFilesIsRefused() throws IOException {
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        PackException e = assertThrows(PackException.class, () -> importer.importPack(empty, null, "test"));
        assertEquals(2, e.problems().size(), e::getMessage);
        assertTrue(e.getMessage().contains("community.yaml: missing"));
        assertTrue(e.getMessage().contains("kb/: missing"));
    }
}
