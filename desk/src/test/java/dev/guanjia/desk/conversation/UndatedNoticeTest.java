package dev.guanjia.desk.conversation;

import dev.guanjia.testkit.ScratchDirectory;
import dev.guanjia.bot.agent.ResidentAgent;
import dev.guanjia.bot.local.LocalChatModel;
import dev.guanjia.bot.memory.PostgresChatMemoryStore;
import dev.guanjia.bot.tools.ServiceDeskTools;
import dev.guanjia.bot.turn.Identity;
import dev.guanjia.bot.turn.TurnResult;
import dev.guanjia.community.billing.Bills;
import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.desk.handoff.Availability;
import dev.guanjia.desk.handoff.Callbacks;
import dev.guanjia.desk.handoff.HandoffIntake;
import dev.guanjia.knowledge.KnowledgeBase;
import dev.guanjia.knowledge.analysis.Aliases;
import dev.guanjia.knowledge.document.KbDocument;
import dev.guanjia.knowledge.document.KbDocumentStore;
import dev.guanjia.knowledge.embedding.BgeSmallZhEmbedder;
import dev.guanjia.notices.notice.Notices;
import dev.guanjia.notices.receipt.NoticeReach;
import dev.guanjia.testkit.MutableClock;
import dev.guanjia.testkit.TestDatabase;
import dev.guanjia.testkit.TwoHouseholds;
import dev.guanjia.ticketing.workorder.WorkOrders;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A notice the community wrote as an article without dates or buildings is not on the board, yet it is the
 * answer to "is the water off today?" — never "nothing is announced for your building" beside it.
 */
class UndatedNoticeTest {

    private static final Identity OWNER = new Identity("wechat", "wechat_openid", "wx-owner");
    private static ServiceDesk desk;

    @BeforeAll
    static void build() throws Exception {
        BotEstate.build(); // the intent examples, embedded once per JVM
        var db = TestDatabase.fresh("community", "knowledge", "ticketing", "notices", "desk", "bot");
        try (Connection c = db.getConnection()) {
            TwoHouseholds.insert(c);
            dev.guanjia.community.privacy.Resealing.community(c, BotEstate.personalData);
            KbDocumentStore.replace(c, "c1", List.of(new KbDocument("notice-pipes", "二次供水管道更换停水通知", "notices",
                    List.of("停水", "通知"), LocalDate.of(2026, 11, 20),
                    "因更换二次供水管道，全小区12月3日（周四）8:30至17:00暂停供水，请提前储水。恢复供水后请先放水两分钟。",
                    "kb/notice-pipes.md"), new KbDocument("repairs-home", "户内报修怎么办理", "repair",
                    List.of("报修", "维修"), LocalDate.of(2026, 1, 5),
                    "户内的灯具、开关插座、排风扇、浴霸、水龙头、下水管道坏了，可在公众号或服务中心前台报修，"
                            + "维修师傅按约定时间上门，材料费按公示价格收取。", "kb/repairs-home.md")));
        }
        KnowledgeBase kb = new KnowledgeBase(new KbDocumentStore(db), ScratchDirectory.make("undated-kb"),
                BgeSmallZhEmbedder.shared(), Aliases.bundled()).open();
        MutableClock clock = new MutableClock(ZonedDateTime.of(2026, 12, 3, 10, 0, 0, 0, ZoneId.of("Asia/Shanghai")).toInstant());
        CommunityDirectory communities = new CommunityDirectory(db);
        ConversationLog log = new ConversationLog(db, BotEstate.personalData);
        Callbacks callbacks = new Callbacks(db, BotEstate.personalData);
        ServiceDeskTools tools = new ServiceDeskTools(kb, new Bills(db), new WorkOrders(db, clock), communities,
                new HandoffIntake(log, new Availability(db), callbacks), clock)
                .withNotices(new Notices(db, clock, communities), new NoticeReach(db, clock));
        desk = new ServiceDesk(new ResidentAgent(new LocalChatModel(BotEstate.intents), tools,
                new PostgresChatMemoryStore(db)), log, new dev.guanjia.community.resident.Residents(db,
                BotEstate.personalData), communities, callbacks, BotEstate.intents, BotEstate.personalData);
    }

    @Test
    void theArticleAnswersWhenTheBoardIsEmpty() {
        TurnResult r = desk.turn("c1", desk.open("c1", OWNER), OWNER, "今天是不是要停水？几点能恢复");
        assertTrue(r.reply().contains("17:00") && r.actions().stream().anyMatch(a -> a.type().equals("notice.listed")),
                r.toString());
        assertFalse(r.reply().contains("目前没有"), r.toString());
    }

    @Test
    void theOutageSentenceIsSearchedAloneBesideAFault() {
        // the fault told beside it must not pull the search to the repair article
        TurnResult r = desk.turn("c1", desk.open("c1", OWNER), OWNER,
                "今天是不是要停水？另外厨房的排风扇不转了，浴霸也不亮，想约师傅上门修一下");
        assertTrue(r.reply().contains("17:00"), r.toString());
        assertFalse(r.reply().contains("目前没有"), r.toString());
    }
}
