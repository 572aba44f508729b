package dev.guanjia.desk.conversation;

import dev.guanjia.bookings.booking.Bookings;
import dev.guanjia.bookings.facility.Bookables;
import dev.guanjia.bot.booking.BookingDesk;
import dev.guanjia.bot.local.LocalChatModel;
import dev.guanjia.bot.tools.ServiceDeskTools;
import dev.guanjia.bot.turn.Action;
import dev.guanjia.bot.turn.Identity;
import dev.guanjia.bot.turn.TurnResult;
import dev.guanjia.community.billing.Bills;
import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.testkit.MutableClock;
import dev.guanjia.ticketing.workorder.WorkOrders;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Booking in the conversation on the offline model, with the service's clock set to Thursday
 * 3 December 2026 (the machine's date plays no part): a named free time is booked in one turn,
 * a named taken one is answered with the next free ones, cancelling and listing work, and an
 * anonymous visitor is asked who they are.
 */
class BookingTurnTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Identity OWNER = new Identity("wechat", "wechat_openid", "wx-owner");
    private static final Identity NEIGHBOUR = new Identity("web", "phone", "13700000002");
    private static final Identity VISITOR = Identity.anonymous("web");

    private MutableClock clock;
    private DataSource db;
    private ServiceDesk desk;
    private Bookings bookings;

    @BeforeAll
    static void estate() throws Exception {
        BotEstate.build(); // the intent examples and a knowledge base, once per JVM
    }

    @BeforeEach
    void community() throws Exception {
        clock = new MutableClock(LocalDateTime.of(2026, 12, 3, 10, 0).atZone(SHANGHAI).toInstant());
        db = ProbeEstate.twoHouseholdsAndACourt();
        CommunityDirectory communities = new CommunityDirectory(db);
        bookings = new Bookings(db, clock, communities::zone);
        desk = BotEstate.desk(db, new LocalChatModel(BotEstate.intents), communities, intake -> new ServiceDeskTools(
                BotEstate.kb, new Bills(db), new WorkOrders(db, clock), communities, intake, clock)
                .withBookings(new BookingDesk(bookings, new Bookables(db), clock)));
    }

    private TurnResult say(String conversation, Identity who, String text) {
        return desk.turn("c1", conversation, who, text);
    }

    private static Optional<Action> action(TurnResult r, String type) {
        return r.actions().stream().filter(a -> a.type().equals(type)).findFirst();
    }

    @Test
    void aNamedFreeTimeIsBookedInOneTurn() {
        TurnResult r = say(desk.open("c1", OWNER), OWNER, "周六上午10点想订羽毛球场");
        Action created = action(r, "booking.created").orElseThrow(() -> new AssertionError(r.reply()));
        assertEquals("2026-12-05T10:00", created.details().get("start"), "周六 is read on the service's clock");
        assertTrue(r.reply().contains("12月5日（周六）10:00-11:00"), r.reply());
        assertTrue(r.reply().contains("20元"), "the fee is said: " + r.reply());
        assertEquals(1, bookings.ofDay("c1", "court", java.time.LocalDate.of(2026, 12, 5)).size());
    }

    /** "用交钱吗" right after a booking asks the fee of the facility just booked. */
    @Test
    void whetherItCostsRightAfterABookingIsItsFee() {
        String conv = desk.open("c1", OWNER);
        TurnResult r = say(conv, OWNER, "周日上午十点帮我约一下羽毛球场");
        assertTrue(action(r, "booking.created").isPresent(), r.toString());
        TurnResult fee = say(conv, OWNER, "用交钱吗");
        assertTrue(fee.reply().contains("20元"), fee.toString());
    }

    /** The resident's own fee asked beside a booking is answered with the booking; the booking's price is no bill. */
    @Test
    void aHomeFeeAskedBesideABookingListsTheBills() {
        TurnResult both = say(desk.open("c1", OWNER), OWNER, "周六上午10点订羽毛球场 另外我们家管理费还差多少没交");
        assertTrue(action(both, "booking.created").isPresent(), both.toString());
        assertTrue(action(both, "bill.listed").isPresent(), both.toString());
        assertTrue(both.reply().contains("600"), both.reply());
        // (one booking a household: the neighbour books the next)
        TurnResult price = say(desk.open("c1", NEIGHBOUR), NEIGHBOUR, "周日上午10点帮我订羽毛球场 一场好多钱");
        assertTrue(action(price, "booking.created").isPresent(), price.toString());
        assertTrue(action(price, "bill.listed").isEmpty(), price.toString());
    }

    /** The home named in a clause of its own beside the booking's is the one booked for. */
    @Test
    void aHomeNamedInAnotherClauseIsTheOneBookedFor() throws Exception {
        DataSource own = ProbeEstate.twoHouseholdsAndACourt();
        try (java.sql.Connection c = own.getConnection(); java.sql.Statement s = c.createStatement()) {
            // the owner also owns 1-1-102; the moving lift is booked for one home
            s.execute("INSERT INTO resident_houses (resident_id, house_id, role) SELECT r.id, h.id, 'owner' "
                    + "FROM residents r, houses h WHERE r.code = 'r1' AND h.code = '1-1-102'");
            Bookables.replaceFromPack(c, "c1", List.of(new Bookables.Entry("lift", "搬家电梯（装保护板）",
                    LocalTime.of(8, 0), LocalTime.of(18, 0), 120, 1, BigDecimal.ZERO, 14)));
        }
        CommunityDirectory communities = new CommunityDirectory(own);
        ServiceDesk two = BotEstate.desk(own, new LocalChatModel(BotEstate.intents), communities, intake -> new ServiceDeskTools(
                BotEstate.kb, new Bills(own), new WorkOrders(own, clock), communities, intake, clock)
                .withBookings(new BookingDesk(new Bookings(own, clock, communities::zone), new Bookables(own), clock)));
        TurnResult r = two.turn("c1", two.open("c1", OWNER), OWNER, "102那套 后天上午十点 搬家电梯帮我订一个");
        Action created = action(r, "booking.created").orElseThrow(() -> new AssertionError(r.reply()));
        assertEquals("1-1-102", created.details().get("house"));
        assertEquals("2026-12-05T10:00", created.details().get("start"));
    }

    /** Chat shorthand for the day ("tmr") is the day meant. */
    @Test
    void chatShorthandForTheDayBooksThatDay() {
        TurnResult r = say(desk.open("c1", OWNER), OWNER, "pls book the badminton court tmr 6pm");
        assertEquals("2026-12-04T18:00", action(r, "booking.created").orElseThrow(() -> new AssertionError(r.reply()))
                .details().get("start"));
    }

    /** A fault or a nuisance told beside the facility's name and a time is a report, not a booking. */
    @Test
    void aFaultOrANuisanceAtTheFacilityWithATimeIsNoBooking() {
        for (String report : List.of("羽毛球场边上的围网破了个大洞，今早还有小孩从那钻出去",
                "羽毛球场那边九点多了音响还开得震天响，老人觉都睡不成")) {
            TurnResult r = say(desk.open("c1", OWNER), OWNER, report);
            assertTrue(action(r, "booking.created").isEmpty() && action(r, "booking.offered").isEmpty(), r.reply());
            assertTrue(action(r, "work_order.created").isPresent(), report + " → " + r.reply());
        }
        assertTrue(bookings.ofDay("c1", "court", java.time.LocalDate.of(2026, 12, 3)).isEmpty());
        // a slot asked for beside a fault told is still a booking
        TurnResult free = say(desk.open("c1", OWNER), OWNER, "周六上午10点羽毛球场还有空吗？家里停电了想出去活动活动");
        assertTrue(action(free, "booking.created").isPresent() || action(free, "booking.offered").isPresent(), free.toString());
        assertTrue(action(free, "work_order.created").isEmpty(), free.toString());
    }

    @Test
    void aMorningIsOfferedAsItsFreeSlotsAndOneIsPickedByNumberOrTime() {
        String conversation = desk.open("c1", OWNER);
        TurnResult offered = say(conversation, OWNER, "周六上午想订羽毛球场");
        assertTrue(action(offered, "booking.created").isEmpty());
        assertEquals(List.of("2026-12-05T09:00", "2026-12-05T10:00", "2026-12-05T11:00"),
                action(offered, "booking.offered").orElseThrow().details().get("slots"), offered.reply());
        TurnResult picked = say(conversation, OWNER, "第二个");
        assertEquals("2026-12-05T10:00", action(picked, "booking.created")
                .orElseThrow(() -> new AssertionError(picked.reply())).details().get("start"));

        String other = desk.open("c1", NEIGHBOUR);
        say(other, NEIGHBOUR, "明天下午羽毛球场还有空吗");
        TurnResult byTime = say(other, NEIGHBOUR, "3点");
        assertEquals("2026-12-04T15:00", action(byTime, "booking.created")
                .orElseThrow(() -> new AssertionError(byTime.reply())).details().get("start"));
    }

    @Test
    void aTakenSlotIsAnsweredWithTheNextFreeOnesAndYesBooksTheFirst() {
        String owners = desk.open("c1", OWNER);
        action(say(owners, OWNER, "周六上午10点想订羽毛球场"), "booking.created").orElseThrow();
        String conversation = desk.open("c1", NEIGHBOUR);
        TurnResult full = say(conversation, NEIGHBOUR, "我想订周六上午10点的羽毛球场");
        assertTrue(action(full, "booking.created").isEmpty(), full.reply());
        assertTrue(full.reply().contains("约满"), full.reply());
        assertEquals("2026-12-05T11:00", ((List<?>) action(full, "booking.offered").orElseThrow()
                .details().get("slots")).get(0));
        TurnResult yes = say(conversation, NEIGHBOUR, "好的");
        assertEquals("2026-12-05T11:00", action(yes, "booking.created")
                .orElseThrow(() -> new AssertionError(yes.reply())).details().get("start"));
    }

    @Test
    void cancellingWorksBeforeTheDeadlineAndMyBookingsListsWhatIsLeft() {
        String conversation = desk.open("c1", OWNER);
        String code = (String) action(say(conversation, OWNER, "今天下午2点订羽毛球场"), "booking.created")
                .orElseThrow().details().get("id");
        TurnResult mine = say(conversation, OWNER, "我的预约");
        assertTrue(action(mine, "booking.listed").isPresent());
        assertTrue(mine.reply().contains(code) && mine.reply().contains("14:00-15:00"), mine.reply());

        clock.advance(Duration.ofHours(3)); // 13:00: within two hours of the start
        TurnResult late = say(conversation, OWNER, "取消预约");
        assertTrue(action(late, "booking.cancelled").isEmpty());
        assertTrue(late.reply().contains("已过取消时间"), late.reply());

        String tomorrow = (String) action(say(conversation, OWNER, "明天晚上8点订羽毛球场"), "booking.created")
                .map(a -> a.details().get("id")).orElse(null);
        assertEquals(null, tomorrow, "the house still holds today's booking");
        clock.advance(Duration.ofHours(2)); // 15:00: today's is over
        tomorrow = (String) action(say(conversation, OWNER, "明天晚上8点订羽毛球场"), "booking.created")
                .orElseThrow().details().get("id");
        TurnResult cancelled = say(conversation, OWNER, "明天的羽毛球场不去了，取消吧");
        assertEquals(tomorrow, action(cancelled, "booking.cancelled")
                .orElseThrow(() -> new AssertionError(cancelled.reply())).details().get("id"));
        assertTrue(say(conversation, OWNER, "我的预约").reply().contains("没有预约"));
    }

    /** A booking just made moves to the day and hour said after "改到"; the day given up before it is no booking. */
    @Test
    void aBookingJustMadeMovesAndTheOldOneIsCancelledOnlyOnceTheNewOneIsBooked() {
        String conversation = desk.open("c1", OWNER);
        String first = (String) action(say(conversation, OWNER, "明天下午三点订羽毛球场，约几个老邻居打打球"), "booking.created")
                .orElseThrow().details().get("id");
        TurnResult moved = say(conversation, OWNER, "不行不行，明天下午我得去医院，改到后天上午九点吧");
        Action created = action(moved, "booking.created").orElseThrow(() -> new AssertionError(moved.reply()));
        assertEquals("2026-12-05T09:00", created.details().get("start"));
        assertEquals(first, action(moved, "booking.cancelled").orElseThrow(() -> new AssertionError(moved.toString()))
                .details().get("id"));
        // a day alone keeps the hour
        TurnResult again = say(conversation, OWNER, "还是换到周日吧");
        assertEquals("2026-12-06T09:00", action(again, "booking.created")
                .orElseThrow(() -> new AssertionError(again.reply())).details().get("start"));
        String kept = (String) action(again, "booking.created").get().details().get("id");
        // too far ahead: refused, and the booking held stays
        TurnResult far = say(conversation, OWNER, "能不能改到12月20号上午十点");
        assertTrue(action(far, "booking.created").isEmpty() && action(far, "booking.cancelled").isEmpty(), far.toString());
        assertTrue(far.reply().contains(kept) && far.reply().contains("保留"), far.reply());
        TurnResult mine = say(conversation, OWNER, "我的预约");
        assertTrue(mine.reply().contains(kept) && !mine.reply().contains(first), mine.reply());
    }

    /** Cancelled first, then "改成四点": the same facility on the same day at the hour said. */
    @Test
    void anotherHourRightAfterCancellingIsTheSameFacilityBookedAnew() {
        String conversation = desk.open("c1", OWNER);
        assertTrue(action(say(conversation, OWNER, "明天下午两点订羽毛球场"), "booking.created").isPresent());
        TurnResult cancelled = say(conversation, OWNER, "朋友说两点赶不到 两点那个羽毛球场先取消掉");
        assertTrue(action(cancelled, "booking.cancelled").isPresent(), cancelled.toString());
        TurnResult again = say(conversation, OWNER, "改成四点 还是一个钟头");
        assertEquals("2026-12-04T16:00", action(again, "booking.created")
                .orElseThrow(() -> new AssertionError(again.toString())).details().get("start"));
    }

    /** A slot refused, then only another time: the same facility asked again. */
    @Test
    void anotherTimeRightAfterARefusalIsTheSameFacility() {
        String conversation = desk.open("c1", OWNER);
        TurnResult no = say(conversation, OWNER, "12月20号下午三点羽毛球场帮我订一个");
        assertTrue(action(no, "booking.created").isEmpty(), no.toString());
        TurnResult then = say(conversation, OWNER, "那这周六下午三点嘛");
        assertEquals("2026-12-05T15:00", action(then, "booking.created")
                .orElseThrow(() -> new AssertionError(then.reply())).details().get("start"));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"明天能订羽毛球场吗", "想约下周一上午的羽毛球",
            "帮我订个后天晚上7点的羽毛球场", "羽毛球场周六还有空吗", "我想预约一下羽毛球场"})
    void anyPhrasingOfABookingGetsSlotsOrABooking(String text) {
        TurnResult r = say(desk.open("c1", OWNER), OWNER, text);
        assertTrue(action(r, "booking.offered").isPresent() || action(r, "booking.created").isPresent(),
                text + " → " + r.reply());
    }

    @Test
    void anEnglishRequestIsBookedAndABareCancelNextUndoesIt() {
        String conversation = desk.open("c1", OWNER);
        TurnResult r = say(conversation, OWNER, "could you book the badminton court for me tomorrow at 6pm");
        Action created = action(r, "booking.created").orElseThrow(() -> new AssertionError(r.reply()));
        assertEquals("2026-12-04T18:00", created.details().get("start"));
        TurnResult undone = say(conversation, OWNER, "哎 临时有事 还是帮我退掉吧");
        assertEquals(created.details().get("id"), action(undone, "booking.cancelled")
                .orElseThrow(() -> new AssertionError(undone.reply())).details().get("id"));
    }

    @Test
    void anEnglishWeekdayIsTheComingOneNotTomorrow() {
        // Thursday 3 December: "Sunday" is the 6th, "next Tuesday" the 8th
        TurnResult r = say(desk.open("c1", OWNER), OWNER, "I'd like the badminton court on Sunday at 4pm please");
        assertEquals("2026-12-06T16:00", action(r, "booking.created")
                .orElseThrow(() -> new AssertionError(r.reply())).details().get("start"));
        TurnResult next = say(desk.open("c1", NEIGHBOUR), NEIGHBOUR, "please reserve badminton for next Tuesday, 7pm");
        assertEquals("2026-12-08T19:00", action(next, "booking.created")
                .orElseThrow(() -> new AssertionError(next.reply())).details().get("start"));
    }

    /** "Dec 9", "the 9th of December": an English date is the day booked, not today. */
    @Test
    void anEnglishDateIsTheDayBooked() {
        TurnResult r = say(desk.open("c1", OWNER), OWNER, "please book the badminton court on Dec 9 at 7pm");
        assertEquals("2026-12-09T19:00", action(r, "booking.created")
                .orElseThrow(() -> new AssertionError(r.reply())).details().get("start"));
        TurnResult other = say(desk.open("c1", NEIGHBOUR), NEIGHBOUR, "can I reserve badminton for the 8th of December, 3pm");
        assertEquals("2026-12-08T15:00", action(other, "booking.created")
                .orElseThrow(() -> new AssertionError(other.reply())).details().get("start"));
    }

    /** "8 to 9 in the morning", "from 2 to 3pm": an English hour range books the slot it names. */
    @Test
    void anEnglishHourRangeIsTheSlotBooked() {
        TurnResult r = say(desk.open("c1", OWNER), OWNER, "can we get the badminton court on Dec 10 from 9 to 10 in the morning?");
        assertEquals("2026-12-10T09:00", action(r, "booking.created")
                .orElseThrow(() -> new AssertionError(r.reply())).details().get("start"));
        TurnResult pm = say(desk.open("c1", NEIGHBOUR), NEIGHBOUR, "book badminton on Dec 7, 2-3 pm");
        assertEquals("2026-12-07T14:00", action(pm, "booking.created")
                .orElseThrow(() -> new AssertionError(pm.reply())).details().get("start"));
        // the desk's own sentences are English too; the court's name stays as the estate writes it
        for (TurnResult booked : List.of(r, pm)) {
            assertTrue(booked.reply().startsWith("Booked") || booked.reply().startsWith("The slot is held"), booked.reply());
            assertFalse(booked.reply().contains("预约号"), booked.reply());
            assertTrue(booked.reply().contains("Dec 1") || booked.reply().contains("Dec 7"), booked.reply());
        }
        TurnResult cancelled = say(desk.open("c1", NEIGHBOUR), NEIGHBOUR, "please cancel my badminton booking on Dec 7");
        assertTrue(action(cancelled, "booking.cancelled").isPresent() && cancelled.reply().startsWith("Cancelled"),
                cancelled.reply());
    }

    /** The court asked about in one message, booked in the next without naming it again. */
    @Test
    void theFacilityJustAskedAboutIsTheOneBooked() {
        String conv = desk.open("c1", NEIGHBOUR);
        say(conv, NEIGHBOUR, "羽毛球场晚上开到几点");
        TurnResult r = say(conv, NEIGHBOUR, "那帮我订12月9号晚上七点");
        assertEquals("2026-12-09T19:00", action(r, "booking.created")
                .orElseThrow(() -> new AssertionError(r.reply())).details().get("start"));
    }

    /** The day and hour of a booking are read from its own sentence, not from another need beside it. */
    @Test
    void theDayIsTheBookingSentencesNotAnotherNeeds() {
        TurnResult r = say(desk.open("c1", NEIGHBOUR), NEIGHBOUR, "今天是不是要停电来着？还有12月9号下午两点羽毛球场帮我订一下");
        assertEquals("2026-12-09T14:00", action(r, "booking.created")
                .orElseThrow(() -> new AssertionError(r.reply())).details().get("start"));
        // written without stops: the clause that books
        TurnResult spaced = say(desk.open("c1", OWNER), OWNER, "8号是不是停电 停到几点 干脆羽毛球场帮我订10号上午十点");
        assertEquals("2026-12-10T10:00", action(spaced, "booking.created")
                .orElseThrow(() -> new AssertionError(spaced.reply())).details().get("start"));
    }

    @Test
    void aPinyinRequestIsBookedButANuisanceNamingTheGameIsNot() {
        TurnResult r = say(desk.open("c1", OWNER), OWNER, "houtian shangwu 10 dian yuyue yumaoqiu");
        assertEquals("2026-12-05T10:00", action(r, "booking.created")
                .orElseThrow(() -> new AssertionError(r.reply())).details().get("start"));
        TurnResult noise = say(desk.open("c1", NEIGHBOUR), NEIGHBOUR, "楼上11点了还在打羽毛球 咚咚的吵得睡不着");
        assertTrue(noise.actions().stream().noneMatch(a -> a.type().startsWith("booking.")), noise.actions().toString());
    }

    @Test
    void aRepairAtTheCourtOrAnAppointmentForATechnicianIsNotABooking() {
        for (String text : List.of("羽毛球场的灯坏了，明天上午来修一下", "我想预约明天上午师傅上门修水管", "门口那堆纸箱今天能叫人搬走吗",
                "The lift is moving really slowly today")) {
            TurnResult r = say(desk.open("c1", OWNER), OWNER, text);
            assertTrue(r.actions().stream().noneMatch(a -> a.type().startsWith("booking.")), text + ": " + r.actions());
        }
    }

    @Test
    void anAnonymousVisitorIsAskedWhoTheyAre() throws Exception {
        TurnResult r = say(desk.open("c1", VISITOR), VISITOR, "明天下午想订羽毛球场");
        assertTrue(action(r, "identity.required").isPresent(), r.reply());
        assertTrue(action(r, "booking.created").isEmpty());
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT count(*) FROM bookings")) {
            rows.next();
            assertEquals(0, rows.getInt(1));
        }
        assertTrue(action(say(desk.open("c1", VISITOR), VISITOR, "我的预约"), "identity.required").isPresent());
    }

    /** The same desk with online payment: a booking's fee is offered in the conversation. */
    private ServiceDesk payingDesk() {
        CommunityDirectory communities = new CommunityDirectory(db);
        bookings.withFees(new dev.guanjia.bookings.fee.BookingFees(
                new dev.guanjia.payments.refund.Refunds(db, null, clock), Duration.ofMinutes(20)));
        return BotEstate.desk(db, new LocalChatModel(BotEstate.intents), communities, intake -> new ServiceDeskTools(
                BotEstate.kb, new Bills(db), new WorkOrders(db, clock), communities, intake, clock,
                new dev.guanjia.payments.offer.StoredOffers(db, clock, Duration.ofMinutes(30)), "https://wy.example.com")
                .withBookings(new BookingDesk(bookings, new Bookables(db), clock)));
    }

    @Test
    void aBookingWithAFeeHoldsTheSlotAndOffersThePaymentInTheSameReply() throws Exception {
        ServiceDesk paying = payingDesk();
        TurnResult r = paying.turn("c1", paying.open("c1", OWNER), OWNER, "周六上午10点想订羽毛球场");
        Action created = action(r, "booking.created").orElseThrow(() -> new AssertionError(r.reply()));
        assertEquals("awaiting_payment", created.details().get("status"));
        Action offered = action(r, "payment.offered").orElseThrow(() -> new AssertionError(r.reply()));
        assertEquals("20.00", offered.details().get("total"));
        assertEquals(List.of(created.details().get("id")), offered.details().get("bills"));
        assertTrue(r.reply().contains("20分钟内支付") && r.reply().contains("场地预约费"), r.reply());
        assertTrue(r.reply().contains("https://wy.example.com/pay/o/" + offered.details().get("token")),
                "WeChat gets the payment link: " + r.reply());
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT amount FROM bills WHERE code = '" + created.details().get("id") + "'")) {
            assertTrue(rows.next());
            assertEquals(0, new BigDecimal("20.00").compareTo(rows.getBigDecimal(1)));
        }
        TurnResult cancelled = paying.turn("c1", paying.open("c1", OWNER), OWNER, "取消预约");
        assertTrue(action(cancelled, "booking.cancelled").isPresent(), "unpaid: cancelled at once: " + cancelled.reply());
    }

    /** r1 owns a second flat, and the estate lets a move's lift slot be booked beside the court. */
    private void withTwoHomesAndAMoveSlot() throws Exception {
        r1AlsoOwns("1-1-103", "1", "103", "90.00", "residential");
        withTheLift();
    }

    /** r1 becomes the owner of one more house of the estate. */
    private void r1AlsoOwns(String code, String unit, String room, String area, String type) throws Exception {
        try (Connection c = db.getConnection();
             java.sql.PreparedStatement house = c.prepareStatement("""
                     INSERT INTO houses (community_id, code, building_id, unit, room, area_m2, house_type)
                     SELECT 'c1', ?, id, ?, ?, ?, ? FROM buildings""");
             java.sql.PreparedStatement owner = c.prepareStatement("""
                     INSERT INTO resident_houses (resident_id, house_id, role) SELECT r.id, h.id, 'owner'
                     FROM residents r, houses h WHERE r.code = 'r1' AND h.code = ?""")) {
            house.setString(1, code);
            house.setString(2, unit);
            house.setString(3, room);
            house.setBigDecimal(4, new BigDecimal(area));
            house.setString(5, type);
            house.executeUpdate();
            owner.setString(1, code);
            owner.executeUpdate();
        }
    }

    @Test
    void aResidentWithTwoHomesIsAskedWhichOneAMoveIsFor() throws Exception {
        withTwoHomesAndAMoveSlot();
        String conversation = desk.open("c1", OWNER);
        TurnResult asked = say(conversation, OWNER, "周六上午10点搬家，帮我约一下货梯");
        assertTrue(action(asked, "booking.created").isEmpty(), asked.reply());
        assertEquals(List.of("1-1-101", "1-1-103"), action(asked, "booking.house_asked")
                .orElseThrow(() -> new AssertionError(asked.reply())).details().get("houses"));
        TurnResult booked = say(conversation, OWNER, "2");
        Action created = action(booked, "booking.created").orElseThrow(() -> new AssertionError(booked.reply()));
        assertEquals("1-1-103", created.details().get("house"));
        assertEquals("lift", created.details().get("bookable"));
        assertEquals("2026-12-05T10:00", created.details().get("start"));
    }

    @Test
    void aCourtIsBookedForAResidentWithTwoHomesWithoutAskingWhichHome() throws Exception {
        withTwoHomesAndAMoveSlot();
        TurnResult booked = courtBookedUnderTheFlatWithoutAsking();
        assertTrue(booked.reply().contains("1-1-101"), "the reply names the home it is booked under: " + booked.reply());
    }

    /** r1 books the court on Saturday morning: booked at once under the flat 1-1-101, no home asked for. */
    private TurnResult courtBookedUnderTheFlatWithoutAsking() {
        TurnResult booked = say(desk.open("c1", OWNER), OWNER, "周六上午10点想订羽毛球场");
        assertTrue(action(booked, "booking.house_asked").isEmpty(), booked.reply());
        assertEquals("1-1-101", action(booked, "booking.created")
                .orElseThrow(() -> new AssertionError(booked.reply())).details().get("house"));
        return booked;
    }

    /** r1 also owns a parking space (and nothing else new): a household matter can only be the flat's. */
    private void withAParkingSpace() throws Exception {
        r1AlsoOwns("P-B1-066", "B1", "066", "12.50", "parking space");
    }

    @Test
    void aFlatBesideAParkingSpaceTakesTheBookingWithoutAsking() throws Exception {
        withAParkingSpace();
        courtBookedUnderTheFlatWithoutAsking();
    }

    @Test
    void aRepairInsideTheHomeOfSomeoneWithAFlatAndAParkingSpaceIsTheFlats() throws Exception {
        withAParkingSpace();
        String conversation = desk.open("c1", OWNER);
        say(conversation, OWNER, "卫生间马桶水箱一直哗哗流水");
        TurnResult created = say(conversation, OWNER, "明天下午三点以后家里有人");
        assertEquals("1-1-101", action(created, "work_order.created")
                .orElseThrow(() -> new AssertionError(created.reply())).details().get("house"));
        // the parking space's own fault is the parking space's
        String other = desk.open("c1", OWNER);
        TurnResult charger = say(other, OWNER, "我车位上的充电桩插座没电了，明天上午过来看看");
        action(charger, "work_order.created").ifPresent(a -> assertEquals("P-B1-066", a.details().get("house")));
    }

    /** A second facility whose name carries a building number, as estates name their lifts. */
    private void withTheLift() throws Exception {
        try (Connection c = db.getConnection()) {
            Bookables.replaceFromPack(c, "c1", List.of(
                    new Bookables.Entry("court", "会所羽毛球场", LocalTime.of(9, 0), LocalTime.of(21, 0), 60, 1,
                            new BigDecimal("20.00"), 7),
                    new Bookables.Entry("lift", "2号楼搬家电梯（铺保护毯）", LocalTime.of(8, 0), LocalTime.of(18, 0), 120, 1,
                            BigDecimal.ZERO, 7)));
        }
    }

    @Test
    void movingHouseInOtherWordsBooksTheMovingLift() throws Exception {
        withTheLift();
        TurnResult r = say(desk.open("c1", OWNER), OWNER, "后天上午10点我要搬屋 帮我约一下货梯");
        Action created = action(r, "booking.created").orElseThrow(() -> new AssertionError(r.reply()));
        assertEquals("lift", created.details().get("bookable"), r.reply());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"羽毛球场晚上几点关门", "羽毛球场最多能提前几天订",
            "订了羽毛球场去不成 钱能退吗", "8号楼那边的电梯费怎么算", "我是3号楼1单元的，后天上午10点以后家里有人",
            "搬家用电梯要不要提前说", "怎么预约搬家电梯"})
    void questionsAboutAFacilityAndAddressesAreNotBookings(String text) throws Exception {
        withTheLift();
        TurnResult r = say(desk.open("c1", OWNER), OWNER, text);
        assertTrue(r.actions().stream().noneMatch(a -> a.type().startsWith("booking.")), text + " → " + r.actions()
                + " " + r.reply());
    }

    @Test
    void theLiftIsBookedAndGivenUpInTheResidentsWords() throws Exception {
        withTheLift();
        String conversation = desk.open("c1", OWNER);
        TurnResult booked = say(conversation, OWNER, "后天上午10点订搬家电梯");
        assertEquals("lift", action(booked, "booking.created").orElseThrow(() -> new AssertionError(booked.reply()))
                .details().get("bookable"));
        TurnResult dropped = say(conversation, OWNER, "搬家推迟了，电梯不要了");
        assertTrue(action(dropped, "booking.cancelled").isPresent(), dropped.reply());
    }
}
