package dev.guanjia.bot.booking;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** English booking words read as the Chinese the facilities are named in. */
class BookingCuesTest {

    /** What residents call a facility may stand in its name's brackets; a qualifier there names nothing. */
    @Test
    void aFacilityIsFoundByTheNameInItsBrackets() {
        java.util.List<String> names = java.util.List.of("滨江会客厅（社区活动室）", "搬家预约（货梯保护）", "网球场（限本小区业主）");
        assertTrue(BookingCues.facility("这周六下午想约一下活动室", names, n -> n).orElseThrow().startsWith("滨江"));
        assertTrue(BookingCues.facility("明天上午搬家", names, n -> n).orElseThrow().startsWith("搬家"));
        assertFalse(BookingCues.facility("我是本小区业主，想问下停车", names, n -> n).isPresent());
        assertFalse(BookingCues.facility("货梯保护膜什么时候拆", names.subList(2, 3), n -> n).isPresent());
        assertFalse(BookingCues.facility("锅炉房是不是坏了 暖气不热", java.util.List.of("乒乓球室（原锅炉房）"), n -> n).isPresent());
        // a centre's square is no centre's room
        assertFalse(BookingCues.facility("中心广场放几条长椅", java.util.List.of("活动中心乒乓球室"), n -> n).isPresent());
        assertTrue(BookingCues.facility("订活动中心乒乓球室", java.util.List.of("活动中心乒乓球室"), n -> n).isPresent());
    }

    /** A booking moved to another day or hour, in several regions' words. */
    @Test
    void aBookingMovedInRegionalWords() {
        for (String said : new String[]{"改做五点嗰场得唔得", "换到礼拜日", "不行 改到后天上午九点吧", "can we move it to 4pm"}) {
            org.junit.jupiter.api.Assertions.assertTrue(BookingCues.MOVE.matcher(said).find(), said);
        }
        org.junit.jupiter.api.Assertions.assertFalse(BookingCues.MOVE.matcher("改天再说吧").find());
    }

    /** Wu 退脱 / 退忒 and Cantonese 退咗: undo it. */
    @Test
    void aBookingUndoneInRegionalWords() {
        assertTrue(BookingCues.cancelsBare("礼拜六那个帮我退脱"));
        assertTrue(BookingCues.cancelsBare("帮我退咗佢啦"));
    }

    /** Renovation materials carried up (装修) are no repair: the goods lift is still asked for. */
    @Test
    void renovationIsNoRepair() {
        assertTrue(BookingCues.wantsToBook("下礼拜二想运点装修材料上去，货梯哪几个时段还能约？"));
        // a tenant (租客) is no hire
        assertFalse(BookingCues.wantsToBook("那部电梯关门又弹开 我屋里租客天天跟我诉苦"));
        assertFalse(BookingCues.ordersASlot("那部电梯关门又弹开 我屋里租客天天跟我诉苦"));
        assertTrue(BookingCues.wantsToBook("想租一下乒乓球室"));
        assertFalse(BookingCues.wantsToBook("我是租的房子 电梯又坏了"));
        assertFalse(BookingCues.wantsToBook("房租里含物业费吗"));
        assertTrue(BookingCues.aboutRepair("货梯按钮坏了，能约人来修吗"));
    }

    @Test
    void movingThingsInIsAMove() {
        assertTrue(BookingCues.mandarin("We are moving two wardrobes in on Saturday morning").contains("搬家"));
        assertTrue(BookingCues.mandarin("I'm moving my boxes out next Monday, can I have the lift?").contains("搬家"));
        assertTrue(BookingCues.mandarin("could I reserve a slot for the removal van on Friday at 2pm").contains("搬家车辆"));
    }

    @Test
    void somethingMovedAboutInAPlaceIsNoMove() {
        assertFalse(BookingCues.mandarin("the neighbours keep moving furniture in the hallway at night").contains("搬家"));
        assertFalse(BookingCues.mandarin("he is moving his car out of my space").contains("搬家"));
        assertFalse(BookingCues.mandarin("A moving vehicle scraped my car in the car park yesterday").contains("搬家"));
    }

    /** The part of the day said before the hours: "Saturday afternoon, 3 to 5". */
    @Test
    void thePartOfTheDayBeforeTheHours() {
        String read = BookingCues.mandarin("Can I have the tennis court on Saturday afternoon, 3 to 5?");
        assertTrue(read.contains("下午3点到5点"), read);
        assertTrue(BookingCues.mandarin("Sunday morning from 9 to 10 please").contains("上午9点到10点"));
        String noon = BookingCues.mandarin("Sunday morning 11 to 1");
        assertTrue(noon.contains("上午11点到下午1点"), noon);
    }

    /** Hours without am/pm beside a day: the working day's reading; 7 and counts of people are left alone. */
    @Test
    void bareHoursBesideADay() {
        String lift = BookingCues.mandarin("I need the goods lift to move in next Monday 10 to 12");
        assertTrue(lift.contains("上午10点到中午12点"), lift);
        assertTrue(BookingCues.mandarin("badminton tomorrow 3 to 4").contains("下午3点到4点"));
        assertTrue(BookingCues.mandarin("Saturday 7 to 9").contains("7 to 9"));
        assertTrue(BookingCues.mandarin("tomorrow, 2 to 3 people").contains("2 to 3 people"));
        assertTrue(BookingCues.mandarin("it costs 10 to 20 yuan").contains("10 to 20"));
        for (String kept : new String[]{"Can I book the gym 8 to 10 tonight", "Saturday night 9 to 11 please",
                "Saturday, 5 to 6 friends", "bring it tomorrow to 5-1-302", "maybe 10 to 12 friends"}) {
            assertFalse(BookingCues.mandarin(kept).contains("上午"), kept);
        }
    }

    /** A facility's hours, fee, notice and slot length asked about are its terms, not a slot wanted. */
    @Test
    void asksTheFacilitysTerms() {
        for (String asked : new String[]{"羽毛球场几点开门 几点关", "预约货梯搬家要交钱吗", "最多能提前几天订", "一次能用多长时间",
                "how much does the court cost?"}) {
            assertTrue(BookingCues.asksAboutRules(asked) && BookingCues.asksTerms(asked), asked);
        }
        assertFalse(BookingCues.asksTerms("帮我订周六上午十点的羽毛球场"));
        // "free" in a booking is a slot open, not a price
        assertFalse(BookingCues.asksTerms("is the court free on Saturday afternoon?"));
    }

    @Test
    void theTermsLeadWithWhatWasAsked() {
        var court = new dev.guanjia.bookings.facility.Bookable(1, "c1", "court", "会所羽毛球场", java.time.LocalTime.of(9, 0),
                java.time.LocalTime.of(21, 0), 60, 1, new java.math.BigDecimal("20.00"), 7, "pack", true);
        String fee = BookingDesk.terms(dev.guanjia.bot.policy.Language.of("要交钱吗"), court, "要交钱吗");
        assertTrue(fee.startsWith("会所羽毛球场：收费20元/时段"), fee);
        assertTrue(BookingCues.ordersASlot("帮我订明天晚上的羽毛球场，多少钱"));
        assertFalse(BookingCues.ordersASlot("最多能提前几天订"));
        assertTrue(fee.contains("09:00-21:00") && fee.contains("提前7天"), fee);
        String ahead = BookingDesk.terms(dev.guanjia.bot.policy.Language.of("最多提前几天订"), court, "最多提前几天订");
        assertTrue(ahead.startsWith("会所羽毛球场：最多可提前7天预约"), ahead);
        var lift = new dev.guanjia.bookings.facility.Bookable(2, "c1", "move-in", "搬家预约（货梯保护）", java.time.LocalTime.of(8, 0),
                java.time.LocalTime.of(18, 0), 120, 1, java.math.BigDecimal.ZERO, 14, "pack", true);
        String english = BookingDesk.terms(dev.guanjia.bot.policy.Language.of("how long is one slot?"), lift, "how long is one slot?");
        assertTrue(english.contains("each slot 120 minutes") && english.contains("free of charge"), english);
    }
}
