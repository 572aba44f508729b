package dev.guanjia.ticketing.appointment;

import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.time.ZonedDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VisitWindowTest {

    /** A Thursday morning in Beijing time. */
    private static final ZonedDateTime NOW = ZonedDateTime.of(2030, 5, 9, 9, 30, 0, 0, ZoneId.of("Asia/Shanghai"));

    private static String window(String text) {
        return VisitWindow.parse(text, NOW).map(w -> w.from().toLocalDateTime() + "/" + w.to().toLocalDateTime())
                .orElse("none");
    }

    @Test
    void partsOfDayAndDays() {
        assertEquals("2030-05-10T08:00/2030-05-10T12:00", window("明天上午家里有人"));
        // Wu 上半日 / 下半日 and Cantonese 上昼 / 下昼 are the morning and the afternoon
        assertEquals("2030-05-10T08:00/2030-05-10T12:00", window("明朝上半日有人"));
        assertEquals("2030-05-10T13:00/2030-05-10T18:00", window("明朝下半日都在屋里"));
        assertEquals("2030-05-10T08:00/2030-05-10T12:00", window("听日上昼得闲"));
        assertEquals("2030-05-11T15:00/2030-05-11T18:00", window("周六下午三点以后都行"));
        assertEquals("2030-05-09T18:00/2030-05-09T20:00", window("after 6 pm today"));
        assertEquals("2030-05-13T14:00/2030-05-13T18:00", window("下周一下午两点"));
        assertEquals("2030-05-10T09:00/2030-05-10T11:00", window("明天9点到11点"));
        assertEquals("2030-05-10T18:00/2030-05-10T21:00", window("tomorrow evening"));
        // northern 头午 / 下晌: morning / afternoon
        assertEquals("2030-05-10T08:00/2030-05-10T12:00", window("明天头午来人吧，我一直在家"));
        assertEquals("2030-05-10T13:00/2030-05-10T18:00", window("明儿下晌都在家"));
        // a flat named right after the hour is no minutes ("两点806" is two o'clock at flat 806)
        assertEquals("2030-05-11T14:00/2030-05-11T18:00", window("周六下午两点806屋里有人"));
    }

    /** "next Tue 10-12", "on Sat 2-4": a short day name and a bare hour range; a house number is no range. */
    @Test
    void aShortEnglishDayAndABareHourRange() {
        assertEquals("2030-05-14T10:00/2030-05-14T12:00", window("Home next Tue 10-12."));
        assertEquals("2030-05-11T14:00/2030-05-11T16:00", window("on Sat 2-4 someone is in"));
        assertEquals("none", window("flat A1-2-502, the sun is out"));
        assertEquals("2030-05-11T08:00/2030-05-11T12:00", window("it has dripped for 2-3 days, come on Sat morning"));
        assertEquals("2030-05-11T08:00/2030-05-11T12:00", window("师傅来看一下周六上午行不行"));
    }

    @Test
    void aTimeAloneIsTheNextOneAhead() {
        assertEquals("2030-05-09T15:00/2030-05-09T17:00", window("3点"));
        assertEquals("2030-05-09T13:00/2030-05-09T16:00", window("下午4点前"));
        assertEquals("2030-05-09T09:30/2030-05-09T11:30", window("现在就来"));
    }

    @Test
    void anEnglishHourWithoutAmOrPmIsDaytimeAndCantonesesDayAfterTomorrowIsRead() {
        assertEquals("2030-05-09T18:00/2030-05-09T20:00", window("after 6"));
        assertEquals("2030-05-09T09:30/2030-05-09T10:00", window("before 10"), "today's window starts now");
        assertEquals("2030-05-11T13:00/2030-05-11T18:00", window("后日下昼"));
        assertEquals("none", window("after 3 months of waiting it still leaks"), "a count of months is no hour");
    }

    @Test
    void hasteIsNotATimeButNowIs() {
        // "come quickly" says how soon, not when someone is in; "a bit earlier" is no one o'clock
        assertEquals("none", window("赶紧派人来"));
        assertEquals("none", window("快一点好不好"));
        assertEquals("none", window("暖气片一点儿都不热"));
        assertEquals("2030-05-09T13:00/2030-05-09T18:00", window("下午一点"));
        assertEquals("2030-05-09T11:00/2030-05-09T13:00", window("十一点"));
        assertEquals("none", window("please fix it asap"));
        assertEquals("2030-05-09T09:30/2030-05-09T11:30", window("我现在就在家"));
    }

    @Test
    void whetherATimeOrSomeoneInIsSaidIsReadAsTheWindowIs() {
        assertTrue(VisitWindow.namesATime("明早八点后"));
        assertTrue(VisitWindow.namesATime("周六下午"));
        assertTrue(VisitWindow.namesATime("tomorrow after 7pm"));
        assertTrue(!VisitWindow.namesATime("师傅快一点来"));
        assertTrue(!VisitWindow.namesATime("3号楼2单元的门关不上"));
        assertTrue(VisitWindow.saysSomeoneIn("下午家里有人"));
        assertTrue(!VisitWindow.saysSomeoneIn("进水阀拧紧了"));
        // "都在" says who is in, not that a fault goes on ("一宿都在响", "天天都在漏")
        assertTrue(VisitWindow.saysSomeoneIn("下午我们都在，来吧"));
        assertTrue(!VisitWindow.saysSomeoneIn("马桶水箱一宿都在响"));
        assertTrue(!VisitWindow.saysSomeoneIn("这毛病一直都在的"));
        assertTrue(!VisitWindow.saysSomeoneIn("我们都在楼下等"));
        assertEquals("none", window("天花板天天都在漏水"));
    }

    /** A part of the day alone says when a fault shows; a day or a clock time says when someone can be in. */
    @Test
    void aDayOrAClockIsToldFromAPartOfTheDayAlone() {
        for (String when : new String[]{"明朝上半天", "礼拜六一早", "今晚八点后", "tomorrow after 5", "后儿个后晌", "3点"}) {
            assertTrue(VisitWindow.namesADayOrClock(when), when);
        }
        for (String shows : new String[]{"水龙头滴了一晚上", "每天早上都这样", "晚上吵得睡不着", "every morning", "昨天晚上开始的",
                "以后儿子来弄"}) {
            assertTrue(!VisitWindow.namesADayOrClock(shows), shows);
        }
        assertEquals("2030-05-11T13:00/2030-05-11T18:00", window("后儿个后晌"));
        // bare "后儿" before a part of the day is the day after tomorrow too
        assertEquals("2030-05-11T08:00/2030-05-11T12:00", window("后儿上午 我跟老伴儿都在家"));
        assertEquals("none", window("门后儿那根管子漏了"));
        assertEquals("none", window("马桶后儿 那个角阀漏水"));
        assertEquals("2030-05-09T17:00/2030-05-09T20:00", window("下班后儿 我在家"));
        // "后儿子", "最后个" are no day after tomorrow
        assertEquals("2030-05-09T17:00/2030-05-09T20:00", window("下午五点后儿子在家"));
        assertEquals("2030-05-10T08:00/2030-05-10T12:00", window("最后个问题，明天上午有人吗"));
    }

    @Test
    void noTimeNoWindow() {
        assertEquals("none", window("阳台那根水管一直滴"));
        assertEquals("none", window("3号楼2单元"));
        // an address's number is no day of the month
        assertEquals("none", window("我是B区三单元十六号的 烧暖气的炉子打不着火"));
        assertEquals("none", window("5栋12号 门口的灯坏了"));
        assertEquals("2030-05-16T08:00/2030-05-16T20:00", window("16号家里有人"));
        assertEquals("2030-05-16T08:00/2030-05-16T12:00", window("那就安排16号上午来"));
        assertTrue(VisitWindow.parse("", NOW).isEmpty());
    }

    /** When the fault began is no time someone is in: the order is not booked for a morning gone, and they are asked. */
    @Test
    void whenTheFaultBeganIsNoVisitTime() {
        assertEquals("none", window("昨天晚上开始就没热水了"));
        assertEquals("none", window("从早上起来就没电"));
        assertEquals("none", window("今天早上就停水了到现在还没来"));
        assertEquals("none", window("none of the sockets have worked since this morning"));
        assertEquals("none", window("the heating has been off since Monday"));
        assertFalse(VisitWindow.namesATime("上周六开始暖气就不热"));
        // what happened this morning, how long it has gone on
        assertEquals("none", window("门锁好涩，今天早上差点出不去门"));
        assertEquals("none", window("马桶一晚上都在流水 吵得睡不着"));
        // how often it happened today
        assertEquals("none", window("今天第三回了！插座一插电饭煲就跳闸"));
        assertEquals("none", window("今天都跳了两次闸"));
        assertEquals("2030-05-09T13:00/2030-05-09T18:00", window("师傅今天下午来一趟吧"));
        assertEquals("2030-05-09T18:30/2030-05-09T20:00", window("今天第三回了 下午六点半以后屋里有人"));
        assertEquals("2030-05-10T08:00/2030-05-10T12:00", window("明天早上出门前来吧"));
        assertEquals("2030-05-10T08:00/2030-05-10T12:00", window("明天 早上出门前来吧"));
        assertEquals("2030-05-10T08:00/2030-05-10T12:00", window("明天一上午都可以"));
        assertEquals("2030-05-09T13:00/2030-05-09T18:00", window("下午的时候过来吧"));
        // the visit time beside the onset is still read
        assertEquals("2030-05-11T08:00/2030-05-11T20:00", window("上周六开始暖气就不热，周六全天都在家"));
        assertEquals("2030-05-09T18:00/2030-05-09T20:00", window("since yesterday the toilet leaks, I'm home after 6 pm"));
        assertEquals("2030-05-09T18:00/2030-05-09T21:00", window("今晚一直在家"));
        assertEquals("2030-05-09T13:00/2030-05-09T18:00", window("下午就来修吧"));
        // a time followed by when someone is free is the visit time
        assertEquals("2030-05-09T13:00/2030-05-09T18:00", window("下午就有空"));
        assertEquals("2030-05-09T18:00/2030-05-09T21:00", window("晚上一直有空"));
        assertEquals("2030-05-09T14:00/2030-05-09T18:00", window("下午2点就回来了"));
        // "since" giving a reason, or a day ahead, is no onset
        assertEquals("2030-05-10T10:00/2030-05-10T12:00", window("since tomorrow is Saturday, come at 10am"));
    }

    /** "back by 6:30, any time after" is from then on; "有人" in "楼下有人按门铃" is someone else, not someone in. */
    @Test
    void backByIsFromThenAndSomeoneAtTheDoorIsNoOneIn() {
        assertEquals("2030-05-09T18:30/2030-05-09T21:00", window("I'll be back by 6:30 tonight, anytime after that is fine."));
        assertEquals("none", window("楼下有人按我家门铃，可视对讲机不响也不亮"));
        assertEquals("none", window("有人占了我的车位"));
        assertEquals("2030-05-09T09:30/2030-05-09T20:00", window("家里平时都有人"));
        assertEquals("2030-05-09T09:30/2030-05-09T20:00", window("有人，来吧"));
        assertEquals("2030-05-10T08:00/2030-05-10T09:00", window("I have to leave home by 9am tomorrow, please come before that"));
        assertEquals("2030-05-09T09:30/2030-05-09T20:00", window("有人"));
        assertEquals("2030-05-09T09:30/2030-05-09T20:00", window("一直有人"));
    }
}
