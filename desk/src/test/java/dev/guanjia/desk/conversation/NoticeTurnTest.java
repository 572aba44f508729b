package dev.guanjia.desk.conversation;

import dev.guanjia.testkit.ScratchDirectory;
import dev.guanjia.bot.agent.ResidentAgent;
import dev.guanjia.bot.local.LocalChatModel;
import dev.guanjia.bot.memory.PostgresChatMemoryStore;
import dev.guanjia.bot.tools.ServiceDeskTools;
import dev.guanjia.bot.turn.Action;
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
import dev.guanjia.notices.notice.Notice;
import dev.guanjia.notices.notice.NoticeCategory;
import dev.guanjia.notices.notice.NoticeDraft;
import dev.guanjia.notices.notice.Notices;
import dev.guanjia.notices.receipt.NoticeReach;
import dev.guanjia.testkit.MutableClock;
import dev.guanjia.testkit.TestDatabase;
import dev.guanjia.testkit.TwoHouseholds;
import dev.guanjia.ticketing.workorder.WorkOrders;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Questions about outages and activities answered from the current notices of the resident's
 * building (the service's clock decides "current"), then from the knowledge base once they end.
 */
class NoticeTurnTest {

    private static final Identity OWNER = new Identity("wechat", "wechat_openid", "wx-owner");
    private static final Identity VISITOR = Identity.anonymous("web");

    private static DataSource db;
    private static KnowledgeBase kb;
    private static MutableClock clock;
    private static Notices notices;
    private static ServiceDesk desk;

    @BeforeAll
    static void build() throws Exception {
        BotEstate.build(); // the intent examples, embedded once per JVM
        db = TestDatabase.fresh("community", "knowledge", "ticketing", "notices", "bookings", "desk", "bot");
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            TwoHouseholds.insert(c);
            s.execute("INSERT INTO buildings (community_id, code, name, units, floors, elevators) "
                    + "VALUES ('c1', '2', '2幢', '{1}', 10, 1)");
            s.execute("""
                    INSERT INTO houses (community_id, code, building_id, unit, room, area_m2, house_type)
                    SELECT 'c1', '2-1-101', id, '1', '101', 90.00, 'residential' FROM buildings WHERE code = '2'""");
            dev.guanjia.community.privacy.Resealing.community(c, BotEstate.personalData);
            dev.guanjia.bookings.facility.Bookables.replaceFromPack(c, "c1", List.of(new dev.guanjia.bookings.facility.Bookables.Entry(
                    "court", "会所羽毛球场", java.time.LocalTime.of(9, 0), java.time.LocalTime.of(21, 0), 60, 1,
                    java.math.BigDecimal.ZERO, 7)));
            KbDocumentStore.replace(c, "c1", List.of(new KbDocument("fac-lift", "电梯维保安排", "facilities",
                    List.of("电梯", "维保"), LocalDate.of(2026, 1, 1),
                    "小区电梯每月由维保单位保养一次，保养期间单台电梯停用约两小时，另一台照常运行。", "kb/fac-lift.md"),
                    new KbDocument("notice-tank", "1幢水箱清洗停水通知", "notices", List.of("停水", "水箱"),
                            LocalDate.of(2026, 12, 1), TANK, "kb/notice-tank.md")));
        }
        kb = new KnowledgeBase(new KbDocumentStore(db), ScratchDirectory.make("notice-kb"),
                BgeSmallZhEmbedder.shared(), Aliases.bundled()).open();
        clock = new MutableClock(ZonedDateTime.of(2026, 12, 3, 10, 0, 0, 0, ZoneId.of("Asia/Shanghai")).toInstant());
        CommunityDirectory communities = new CommunityDirectory(db);
        notices = new Notices(db, clock, communities);
        ConversationLog log = new ConversationLog(db, BotEstate.personalData);
        Callbacks callbacks = new Callbacks(db, BotEstate.personalData);
        ServiceDeskTools tools = new ServiceDeskTools(kb, new Bills(db), new WorkOrders(db, clock), communities,
                new HandoffIntake(log, new Availability(db), callbacks), clock)
                .withNotices(notices, new NoticeReach(db, clock))
                .withBookings(new dev.guanjia.bot.booking.BookingDesk(new dev.guanjia.bookings.booking.Bookings(db, clock,
                        communities::zone), new dev.guanjia.bookings.facility.Bookables(db), clock));
        desk = new ServiceDesk(new ResidentAgent(new LocalChatModel(BotEstate.intents), tools,
                new PostgresChatMemoryStore(db)), log, new dev.guanjia.community.resident.Residents(db,
                BotEstate.personalData), communities, callbacks, BotEstate.intents, BotEstate.personalData);
    }

    private static final String TANK = "物业将清洗1幢屋顶水箱。\n停水时间：12月5日9:00至16:00。\n"
            + "停水范围：1幢10层及以上住户。\n不受影响：1幢9层及以下正常供水。\n请提前储水，来水后先放水几分钟。";

    /** A follow-up on a notice just listed ("my flat is on the 9th, will mine be off too?") is answered from it. */
    @Test
    void aFollowUpOnANoticeJustListedIsAnsweredFromThatNotice() {
        long id = notices.importFromPack("c1", "notice-tank", new NoticeDraft("1幢水箱清洗停水通知", TANK,
                NoticeCategory.WATER, List.of("1"), LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 5)));
        String conv = desk.open("c1", OWNER);
        TurnResult first = desk.turn("c1", conv, OWNER, "最近有停水的通知吗");
        assertEquals(List.of(id), listed(first).orElseThrow(() -> new AssertionError(first.toString())).details().get("ids"));
        TurnResult then = desk.turn("c1", conv, OWNER, "My flat is on 9F. Will my water be off too?");
        assertTrue(then.reply().contains("9层及以下"), then.reply());
        // a follow-up that names nothing of its own is about the notice just given
        String again = desk.open("c1", OWNER);
        desk.turn("c1", again, OWNER, "最近有停水的通知吗");
        TurnResult howLong = desk.turn("c1", again, OWNER, "要停好久嘛");
        assertTrue(howLong.reply().contains("16:00"), howLong.reply());
        notices.withdraw("c1", id, "staff:a1", null);
    }

    private static TurnResult ask(Identity who, String text) {
        return desk.turn("c1", desk.open("c1", who), who, text);
    }

    private static Optional<Action> listed(TurnResult r) {
        return r.actions().stream().filter(a -> a.type().equals("notice.listed")).findFirst();
    }

    @Test
    void aCurrentNoticeForTheBuildingAnswersUntilItEndsThenTheKnowledgeBaseDoes() {
        Notice lift = notices.publish("c1", new NoticeDraft("1幢电梯维保", "12月3日至4日1幢电梯更换钢丝绳，预计4日18:00恢复使用。",
                NoticeCategory.ELEVATOR, List.of("1"), LocalDate.of(2026, 12, 3), LocalDate.of(2026, 12, 4)), "staff:a1");
        Notice water = notices.publish("c1", new NoticeDraft("2幢停水", "12月4日2幢停水。", NoticeCategory.WATER,
                List.of("2"), LocalDate.of(2026, 12, 3), LocalDate.of(2026, 12, 4)), "staff:a1");

        TurnResult r = ask(OWNER, "电梯什么时候修好");
        assertEquals(List.of(lift.id()), listed(r).orElseThrow().details().get("ids"), r.reply());
        assertTrue(r.reply().contains("4日18:00恢复使用"), r.reply());

        // the owner lives in building 1: building 2's water cut is not theirs — the board is read for their
        // building and says nothing is announced for it
        for (String asked : List.of("最近停水吗", "这几天会不会断水啊", "明天要停水不")) {
            TurnResult w = ask(OWNER, asked);
            assertEquals(List.of(), listed(w).orElseThrow(() -> new AssertionError(asked + " → " + w)).details().get("ids"));
            assertFalse(w.reply().contains("2幢停水") || w.reply().contains("12月4日"), w.reply());
        }

        // after the 4th (Shanghai), the lift question is the knowledge base's again
        clock.advance(Duration.ofDays(2));
        TurnResult later = ask(OWNER, "电梯什么时候修好");
        assertTrue(listed(later).isEmpty(), later.reply());
        assertFalse(later.reply().contains("钢丝绳"), later.reply());
        clock.advance(Duration.ofDays(-2));
        notices.withdraw("c1", lift.id(), "staff:a1", null);
        notices.withdraw("c1", water.id(), "staff:a1", null);
    }

    /** A suggestion that names the notices ("post them in English too") is filed as one, no notice listed. */
    @Test
    void aSuggestionAboutNoticesIsFiledNotAnsweredWithThem() {
        Notice water = notices.publish("c1", new NoticeDraft("2幢停水", "12月4日2幢停水。", NoticeCategory.WATER,
                List.of(), LocalDate.of(2026, 12, 3), LocalDate.of(2026, 12, 4)), "staff:a1");
        try {
            for (String said : List.of("A suggestion: could the notices in the lobby also be posted in English?",
                    "建议以后停水通知也在业主群里发一下")) {
                // (the neighbour: the owner's orders here would reach the creation limit other tests meet)
                TurnResult r = ask(BotEstate.NEIGHBOUR, said);
                assertTrue(listed(r).isEmpty(), said + " → " + r);
                assertTrue(r.actions().stream().anyMatch(a -> a.type().equals("work_order.created")
                        && "suggestion".equals(a.details().get("category"))), said + " → " + r);
            }
        } finally {
            notices.withdraw("c1", water.id(), "staff:a1", null);
        }
    }

    /** A lift or supply reported out while a notice for the building explains it: the notice, no technician sent. */
    @Test
    void anOutageReportedWhileANoticeCoversItGetsTheNoticeNotAnOrder() {
        Notice lift = notices.publish("c1", new NoticeDraft("1幢电梯更换主机", "12月1日至12月9日1幢电梯停用更换主机。",
                NoticeCategory.ELEVATOR, List.of("1"), LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 9)), "staff:a1");
        for (String said : List.of("我们楼电梯停了 啥时候能修好", "电梯又不动了", "The lift in our block is out of order")) {
            TurnResult r = ask(OWNER, said);
            assertEquals(List.of(lift.id()), listed(r).orElseThrow(() -> new AssertionError(said + " → " + r)).details().get("ids"));
            assertTrue(r.actions().stream().noneMatch(a -> a.type().equals("work_order.created")), r.toString());
        }
        notices.withdraw("c1", lift.id(), "staff:a1", null);
        // with no notice, the same report is a repair
        TurnResult none = ask(OWNER, "电梯停了 一直不动");
        assertTrue(listed(none).isEmpty(), none.toString());
        // a current notice about work on another day, or on another unit today, does not explain it
        Notice later = notices.publish("c1", new NoticeDraft("1幢电梯年检安排", "1单元电梯12月3日上午检验、2单元电梯12月15日检验。",
                NoticeCategory.ELEVATOR, List.of("1"), LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 20)), "staff:a1");
        try {
            TurnResult otherDay = ask(OWNER, "2单元电梯停了 按了没反应");
            assertTrue(listed(otherDay).isEmpty(), otherDay.toString());
            TurnResult sameUnit = ask(OWNER, "1单元电梯停了 按了没反应");
            assertEquals(List.of(later.id()), listed(sameUnit).orElseThrow(() -> new AssertionError(sameUnit.toString()))
                    .details().get("ids"));
        } finally {
            notices.withdraw("c1", later.id(), "staff:a1", null);
        }
    }

    /** A kind named with another thing beside it: the notice filed under 其他 that the other words name comes too. */
    @Test
    void aKindAndAnotherSubjectAskedTogetherListBoth() {
        Notice pests = notices.publish("c1", new NoticeDraft("冬季灭蟑", "12月5日全小区灭蟑，请收好食物。",
                NoticeCategory.DISINFECTION, List.of(), LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 6)), "staff:a1");
        Notice quake = notices.publish("c1", new NoticeDraft("地震疏散演练安排", "12月8日下午三点地震疏散演练，听到警报请下楼。",
                NoticeCategory.OTHER, List.of(), LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 8)), "staff:a1");
        TurnResult both = ask(OWNER, "这阵子有消杀还是疏散演练吗");
        assertEquals(java.util.Set.of(pests.id(), quake.id()),
                new java.util.HashSet<>((List<?>) listed(both).orElseThrow().details().get("ids")), both.reply());
        // the kind alone names nothing else
        TurnResult kind = ask(OWNER, "这阵子有消杀吗");
        assertEquals(List.of(pests.id()), listed(kind).orElseThrow().details().get("ids"), kind.reply());
        notices.withdraw("c1", pests.id(), "staff:a1", null);
        notices.withdraw("c1", quake.id(), "staff:a1", null);
    }

    /** With nothing on the board, "any notices?" is told so, in either language; a socket without power is a fault. */
    @Test
    void anEmptyBoardIsTheAnswerAndOneDeadSocketIsNoOutage() {
        for (String asked : List.of("物业这阵子发过啥公告没", "有新通知吗", "Any new announcements this month?")) {
            for (Identity who : List.of(OWNER, VISITOR)) {
                TurnResult r = ask(who, asked);
                assertEquals(List.of(), listed(r).orElseThrow(() -> new AssertionError(asked + " → " + r)).details().get("ids"));
                assertTrue(r.reply().contains("目前没有正在发布的通知") || r.reply().startsWith("There are no current notices"),
                        r.reply());
            }
        }
        // "怎么通知物业" uses the word as a verb: no board read
        assertTrue(listed(ask(OWNER, "钥匙落在屋里了该怎么通知物业")).isEmpty());
        TurnResult socket = ask(OWNER, "书房那个插座没电了，别的插座都正常，是不是线路坏了");
        assertTrue(listed(socket).isEmpty(), socket.toString());
        assertFalse(socket.reply().contains("停电通知"), socket.reply());
    }

    /** A message written without stops, a booking beside a notice asked: the notice of the clause that asks it. */
    @Test
    void aNoticeAskedInAMessageWithoutStopsFollowsTheBooking() {
        Notice lift = notices.publish("c1", new NoticeDraft("1幢电梯年检", "12月5日9:00至11:30 1幢电梯年检停运。",
                NoticeCategory.ELEVATOR, List.of("1"), LocalDate.of(2026, 12, 3), LocalDate.of(2026, 12, 5)), "staff:a1");
        try {
            TurnResult run = ask(BotEstate.NEIGHBOUR, "5号1幢电梯年检是伐 停到几点 我那天要搬东西 顺便帮我订周日上午十点羽毛球场");
            assertTrue(run.actions().stream().anyMatch(a -> a.type().startsWith("booking.")), run.toString());
            assertTrue(listed(run).isPresent() && run.reply().contains("11:30"), run.toString());
        } finally {
            notices.withdraw("c1", lift.id(), "staff:a1", null);
        }
    }

    /** A kind with nothing current asked beside any notice at all: said so, then the building's current notices. */
    @Test
    void aKindWithNothingCurrentAndAnyNoticeAskedListsTheCurrentOnes() {
        Notice water = notices.publish("c1", new NoticeDraft("1幢二次供水水箱清洗", "12月5日9:00至15:00 1幢停水。",
                NoticeCategory.WATER, List.of("1"), LocalDate.of(2026, 12, 3), LocalDate.of(2026, 12, 5)), "staff:a1");
        try {
            TurnResult r = ask(OWNER, "1幢电梯还在维修没有？最近我们楼有什么通知没");
            assertTrue(listed(r).isPresent() && r.reply().contains("电梯") && r.reply().contains("15:00"), r.toString());
        } finally {
            notices.withdraw("c1", water.id(), "staff:a1", null);
        }
        TurnResult empty = ask(OWNER, "1幢电梯还在维修没有？最近我们楼有什么通知没");
        assertTrue(listed(empty).isPresent() && empty.reply().contains("没有其他正在发布的通知"), empty.toString());
    }

    /** A lift asked about while telling it is stuck: with no works announced, the fault is reported too. */
    @Test
    void aLiftStuckWithNoWorksAnnouncedIsReportedBesideTheAnswer() {
        TurnResult r = ask(OWNER, "我们楼电梯是不是在检修啊？从早上起就停在九楼一动不动");
        assertTrue(listed(r).isPresent(), r.toString());
        assertTrue(r.actions().stream().anyMatch(a -> a.type().equals("work_order.created")
                && "elevator".equals(String.valueOf(a.details().get("category")))), r.toString());
    }

    /** A fault at home told with its visit time beside a question about the notices: both taken. */
    @Test
    void aFaultWithItsTimeBesideTheNoticesIsRegistered() {
        TurnResult r = ask(OWNER, "最近小区有啥通知没有？另外我家厨房水槽下面的水管在滴水，周六上午家里有人");
        assertTrue(listed(r).isPresent(), r.toString());
        assertTrue(r.actions().stream().anyMatch(a -> a.type().equals("work_order.created")
                && "plumbing".equals(String.valueOf(a.details().get("category")))) && r.reply().contains("单号WO"), r.toString());
    }

    /** A supply reported out that a notice explains, with the bills asked beside it: both answered. */
    @Test
    void anOutageExplainedByANoticeAndTheBillsAskedBesideAreBothAnswered() {
        Notice water = notices.publish("c1", new NoticeDraft("1幢二次供水检修", "12月3日8:00至16:00 1幢停水。", NoticeCategory.WATER,
                List.of("1"), LocalDate.of(2026, 12, 3), LocalDate.of(2026, 12, 3)), "staff:a1");
        try {
            TurnResult r = ask(OWNER, "Is the water off in our block today? When does it come back? Also show me my bills please");
            assertTrue(listed(r).isPresent() && r.actions().stream().anyMatch(a -> a.type().equals("bill.listed")), r.toString());
        } finally {
            notices.withdraw("c1", water.id(), "staff:a1", null);
        }
    }

    /** A booking and what was announced asked in one message: the booking made, and the notice after it. */
    @Test
    void aBookingAndANoticeAskedBesideAreBothAnswered() {
        Notice water = notices.publish("c1", new NoticeDraft("1幢二次供水水箱清洗", "12月5日9:00至15:00 1幢停水。",
                NoticeCategory.WATER, List.of("1"), LocalDate.of(2026, 12, 3), LocalDate.of(2026, 12, 5)), "staff:a1");
        try {
            TurnResult r = ask(OWNER, "周六上午十点帮我订羽毛球场 顺便问下 听说这几天要停水 是哪天");
            assertTrue(r.actions().stream().anyMatch(a -> a.type().equals("booking.created")), r.toString());
            // the notice's own hours (the article on the tank says 16:00)
            assertTrue(listed(r).isPresent() && r.reply().contains("15:00"), r.toString());
            // any notice at all, asked first, with no subject: the building's current ones after the booking
            TurnResult any = ask(OWNER, "最近楼里有什么通知没？另外周日上午十点我想订羽毛球场");
            // (the household holds Saturday's booking already: this one is answered with the house's limit)
            assertTrue(any.actions().stream().anyMatch(a -> a.type().startsWith("booking.")), any.toString());
            assertTrue(listed(any).isPresent() && any.reply().contains("15:00"), any.toString());
        } finally {
            notices.withdraw("c1", water.id(), "staff:a1", null);
        }
    }

    /** The notices and one's own bills asked in one message: both answered. */
    @Test
    void theNoticesAndOnesBillsAskedTogetherAreBothAnswered() {
        TurnResult r = ask(OWNER, "俺们这套房子的管理费还差多少没交？另外这几天小区有啥通知没有");
        assertTrue(listed(r).isPresent(), r.toString());
        assertTrue(r.actions().stream().anyMatch(a -> a.type().equals("bill.listed")), r.toString());
    }

    @Test
    void anAnonymousVisitorHearsTheCommunitysNoticesAndEveryOneOfAKindAsked() {
        Notice event = notices.publish("c1", new NoticeDraft("周六亲子活动", "12月5日上午9点会所亲子手工活动，欢迎报名。",
                NoticeCategory.EVENT, List.of(), LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 5)), "staff:a1");
        Notice lift = notices.publish("c1", new NoticeDraft("1幢电梯维保", "1幢电梯保养。", NoticeCategory.ELEVATOR,
                List.of("1"), LocalDate.of(2026, 12, 3), LocalDate.of(2026, 12, 3)), "staff:a1");
        TurnResult r = ask(VISITOR, "这周有没有活动");
        assertEquals(List.of(event.id()), listed(r).orElseThrow().details().get("ids"), r.reply());
        assertTrue(r.reply().contains("亲子手工活动"), r.reply());

        TurnResult all = ask(VISITOR, "最近有什么通知");
        assertEquals(List.of(event.id()), listed(all).orElseThrow().details().get("ids"), all.reply());
        // the notices of one kind asked for, no building named: every notice of it, with the buildings it concerns
        TurnResult kind = ask(VISITOR, "这两天小区电梯有没有维保的通知");
        assertEquals(List.of(lift.id()), listed(kind).orElseThrow(() -> new AssertionError(kind.toString()))
                .details().get("ids"), kind.reply());
        assertTrue(kind.reply().contains("1幢"), kind.reply());
        notices.withdraw("c1", event.id(), "staff:a1", null);
        notices.withdraw("c1", lift.id(), "staff:a1", null);
    }

    /** A resident asking after another building's lift hears that building's notice, not "nothing announced". */
    @Test
    void aResidentNamingAnotherBuildingHearsItsNotices() {
        Notice lift = notices.publish("c1", new NoticeDraft("2幢电梯维保", "2幢电梯保养，14:00-16:00停用。", NoticeCategory.ELEVATOR,
                List.of("2"), LocalDate.of(2026, 12, 3), LocalDate.of(2026, 12, 3)), "staff:a1");
        TurnResult r = ask(OWNER, "我妈住2幢，那边电梯今天停不停");
        assertEquals(List.of(lift.id()), listed(r).orElseThrow(() -> new AssertionError(r.toString())).details().get("ids"),
                r.reply());
        notices.withdraw("c1", lift.id(), "staff:a1", null);
    }

    /** A visitor naming a building hears that building's notices too: they are posted in its lobby. */
    @Test
    void aVisitorNamingABuildingHearsItsNotices() {
        Notice lift = notices.publish("c1", new NoticeDraft("1幢电梯维保", "1幢电梯保养，9:00-11:00停用。", NoticeCategory.ELEVATOR,
                List.of("1"), LocalDate.of(2026, 12, 3), LocalDate.of(2026, 12, 3)), "staff:a1");
        TurnResult r = ask(VISITOR, "I'm visiting a friend in building 1 today, is the lift under maintenance?");
        assertEquals(List.of(lift.id()), listed(r).orElseThrow(() -> new AssertionError(r.toString())).details().get("ids"),
                r.reply());
        notices.withdraw("c1", lift.id(), "staff:a1", null);
    }

    @Test
    void aNoticeAskedAboutByItsSubjectInRegionalWording() {
        Notice roof = notices.publish("c1", new NoticeDraft("1幢屋面防水翻新施工", "12月3日至12月9日1幢屋面防水层翻新，期间楼顶天台封闭。",
                NoticeCategory.OTHER, List.of("1"), LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 9)), "staff:a1");
        Notice hedge = notices.publish("c1", new NoticeDraft("冬季绿篱修剪", "12月6日、7日修剪小区绿篱，请勿在树下停车。",
                NoticeCategory.OTHER, List.of(), LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 7)), "staff:a1");
        for (String ask : List.of("我们楼屋面在搞么事 防水要搞好久", "屋面防水翻新啥辰光弄完")) {
            TurnResult r = ask(OWNER, ask);
            assertEquals(List.of(roof.id()), listed(r).orElseThrow(() -> new AssertionError(ask + " → " + r)).details().get("ids"), ask);
        }
        TurnResult h = ask(OWNER, "听说要修剪绿篱 是哪几天");
        assertEquals(List.of(hedge.id()), listed(h).orElseThrow(() -> new AssertionError(h.toString())).details().get("ids"));
        // a question the notices do not name stays a knowledge question
        TurnResult other = ask(OWNER, "装修押金什么时候退");
        assertTrue(listed(other).isEmpty(), other.reply());
        notices.withdraw("c1", roof.id(), "staff:a1", null);
        notices.withdraw("c1", hedge.id(), "staff:a1", null);
    }

    @Test
    void aNoticeAskedAboutInOtherWordsThanItsTitleStillAnswers() {
        Notice trees = notices.publish("c1", new NoticeDraft("行道树涂白防冻", "12月8日至10日给主干道两侧树干涂白。",
                NoticeCategory.OTHER, List.of(), LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 10)), "staff:a1");
        Notice court = notices.publish("c1", new NoticeDraft("篮球场闭场翻修", "篮球场12月1日起闭场更换地面，预计12月20日重新开放。",
                NoticeCategory.OTHER, List.of(), LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 20)), "staff:a1");
        TurnResult t = ask(OWNER, "听说要给树干刷白防冻 几号弄");
        assertEquals(List.of(trees.id()), listed(t).orElseThrow(() -> new AssertionError(t.toString())).details().get("ids"));
        // closing said as 关 finds a notice that says 闭
        TurnResult c = ask(OWNER, "打篮球那地方是不是关了 多久能再开放");
        assertEquals(List.of(court.id()), listed(c).orElseThrow(() -> new AssertionError(c.toString())).details().get("ids"));
        TurnResult other = ask(OWNER, "车位月卡什么时候到期");
        assertTrue(listed(other).isEmpty(), other.reply());
        notices.withdraw("c1", trees.id(), "staff:a1", null);
        notices.withdraw("c1", court.id(), "staff:a1", null);
    }
}
