package dev.guanjia.desk.conversation;

import dev.guanjia.testkit.ScratchDirectory;
import dev.guanjia.bot.local.LocalChatModel;
import dev.guanjia.bot.tools.ServiceDeskTools;
import dev.guanjia.community.billing.Bills;
import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.knowledge.KnowledgeBase;
import dev.guanjia.knowledge.analysis.Aliases;
import dev.guanjia.knowledge.document.KbDocument;
import dev.guanjia.knowledge.document.KbDocumentStore;
import dev.guanjia.knowledge.embedding.BgeSmallZhEmbedder;
import dev.guanjia.notices.notice.NoticeCategory;
import dev.guanjia.notices.notice.NoticeDraft;
import dev.guanjia.notices.notice.Notices;
import dev.guanjia.notices.receipt.NoticeReach;
import dev.guanjia.payments.offer.StoredOffers;
import dev.guanjia.testkit.MutableClock;
import dev.guanjia.testkit.TestDatabase;
import dev.guanjia.testkit.TwoHouseholds;
import dev.guanjia.ticketing.workorder.WorkOrders;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * The community the money probes run in (BillWordingTest, FeeWordingTest): the two households with their
 * unpaid quarter, the fee standard, how to pay and a water emergency as articles, and six notices current on
 * 3 December; built once per test JVM.
 */
final class MoneyEstate {

    static DataSource db;
    /** The desk on 3 December, with a notice of each kind current. */
    static ServiceDesk withNotices;
    /** The same desk half a year later, when every notice has ended. */
    static ServiceDesk later;

    private MoneyEstate() {
    }

    static synchronized void build() throws Exception {
        if (db != null) {
            return;
        }
        BotEstate.build(); // the intent examples, embedded once per JVM
        db = TestDatabase.fresh("community", "knowledge", "ticketing", "notices", "payments", "desk", "bot");
        try (Connection c = db.getConnection()) {
            TwoHouseholds.insert(c);
            dev.guanjia.community.privacy.Resealing.community(c, BotEstate.personalData);
            KbDocumentStore.replace(c, "c1", List.of(
                    new KbDocument("fee-standard", "物业服务费收费标准", "fees", List.of("物业费", "收费标准"),
                            LocalDate.of(2026, 1, 1), "住宅物业服务费按建筑面积每月每平方米2元计收，按季度预交；"
                            + "地面停车位管理费每月150元。", "kb/fee-standard.md"),
                    new KbDocument("fee-payment", "物业费缴纳方式", "fees", List.of("缴费", "物业费", "发票"),
                            LocalDate.of(2026, 1, 1), "物业费可以在公众号“生活缴费”在线缴纳，也可以到服务中心刷卡缴纳；"
                            + "电子发票在缴费后三个工作日内开具。", "kb/fee-payment.md"),
                    new KbDocument("emg-water", "突发停水怎么办", "emergencies", List.of("停水", "应急"),
                            LocalDate.of(2026, 1, 1), "突然停水请先确认是否欠费或总阀关闭，再致电服务中心；"
                            + "计划停水会提前张贴公告。", "kb/emg-water.md")));
        }
        KnowledgeBase kb = new KnowledgeBase(new KbDocumentStore(db), ScratchDirectory.make("money-kb"),
                BgeSmallZhEmbedder.shared(), Aliases.bundled()).open();
        MutableClock now = new MutableClock(ZonedDateTime.of(2026, 12, 3, 10, 0, 0, 0, ZoneId.of("Asia/Shanghai")).toInstant());
        MutableClock june = new MutableClock(ZonedDateTime.of(2027, 6, 1, 10, 0, 0, 0, ZoneId.of("Asia/Shanghai")).toInstant());
        CommunityDirectory communities = new CommunityDirectory(db);
        Notices board = new Notices(db, now, communities);
        LocalDate from = LocalDate.of(2026, 12, 1);
        LocalDate to = LocalDate.of(2026, 12, 12);
        board.publish("c1", new NoticeDraft("1幢水箱清洗停水", "12月5日9:00至15:00清洗1幢二次供水水箱，期间停水。",
                NoticeCategory.WATER, List.of("1"), from, to), "staff:a1");
        board.publish("c1", new NoticeDraft("配电房检修停电", "12月6日8:00至12:00配电房检修，全小区停电。",
                NoticeCategory.POWER, List.of(), from, to), "staff:a1");
        board.publish("c1", new NoticeDraft("1幢电梯年度检验", "12月8日1幢电梯年度检验，停用半天。",
                NoticeCategory.ELEVATOR, List.of("1"), from, to), "staff:a1");
        board.publish("c1", new NoticeDraft("东门路面修补施工", "12月1日至12日东门内道路破损路面修补施工，车辆请绕行北门。",
                NoticeCategory.OTHER, List.of(), from, to), "staff:a1");
        board.publish("c1", new NoticeDraft("冬季灭鼠投药", "12月9日全小区投放灭鼠药，请看管好宠物和儿童。",
                NoticeCategory.DISINFECTION, List.of(), from, to), "staff:a1");
        board.publish("c1", new NoticeDraft("周末健康讲座与义诊", "12月6日上午会所健康讲座和义诊。",
                NoticeCategory.EVENT, List.of(), from, to), "staff:a1");
        withNotices = desk(kb, communities, board, now);
        later = desk(kb, communities, new Notices(db, june, communities), june);
    }

    private static ServiceDesk desk(KnowledgeBase kb, CommunityDirectory communities, Notices notices, MutableClock clock) {
        return BotEstate.desk(db, new LocalChatModel(BotEstate.intents), communities, intake -> new ServiceDeskTools(kb,
                new Bills(db), new WorkOrders(db, clock).withoutCreationLimit(), communities, intake, clock,
                new StoredOffers(db), "https://wy.example.com").withNotices(notices, new NoticeReach(db, clock)));
    }
}
