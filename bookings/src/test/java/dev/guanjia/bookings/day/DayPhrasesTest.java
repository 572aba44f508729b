package dev.guanjia.bookings.day;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DayPhrasesTest {

    /** A Thursday. */
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 3);

    @Test
    void relativeDaysAreReadFromTheGivenDay() {
        assertEquals(Optional.of(TODAY), DayPhrases.day("今天下午还有场吗", TODAY));
        // a building, a gate or a line is not a day of the month
        assertEquals(Optional.empty(), DayPhrases.day("我是8号楼的，门口那盏灯坏了", TODAY));
        assertEquals(Optional.empty(), DayPhrases.day("2号门晚上几点关", TODAY));
        assertEquals(Optional.of(LocalDate.of(2026, 12, 8)), DayPhrases.day("8号下午有空吗", TODAY));
        assertEquals(Optional.of(LocalDate.of(2026, 12, 4)), DayPhrases.day("明天上午想订羽毛球场", TODAY));
        assertEquals(Optional.of(LocalDate.of(2026, 12, 5)), DayPhrases.day("后天", TODAY));
        assertEquals(Optional.of(LocalDate.of(2026, 12, 5)), DayPhrases.day("周六上午想订羽毛球场", TODAY));
        assertEquals(Optional.of(LocalDate.of(2026, 12, 6)), DayPhrases.day("星期天", TODAY));
        assertEquals(Optional.of(LocalDate.of(2026, 12, 3)), DayPhrases.day("礼拜四", TODAY));
        assertEquals(Optional.of(LocalDate.of(2026, 12, 7)), DayPhrases.day("下周一", TODAY));
        assertEquals(Optional.of(LocalDate.of(2026, 12, 11)), DayPhrases.day("下星期五晚上", TODAY));
        assertEquals(Optional.of(LocalDate.of(2026, 12, 8)), DayPhrases.day("12月8日", TODAY));
        assertEquals(Optional.of(LocalDate.of(2027, 1, 2)), DayPhrases.day("2号", TODAY));
        assertEquals(Optional.empty(), DayPhrases.day("想订羽毛球场", TODAY));
        // "一下" is "a moment", not "next": "帮我订一下周六" is this Saturday
        assertEquals(Optional.of(LocalDate.of(2026, 12, 5)), DayPhrases.day("帮我订一下周六上午的乒乓球台", TODAY));
        assertEquals(Optional.of(LocalDate.of(2026, 12, 12)), DayPhrases.day("这周没空，等下周六再订", TODAY));
        // a date with its weekday beside it is that date (not the coming Saturday)
        assertEquals(Optional.of(LocalDate.of(2026, 12, 12)), DayPhrases.day("12号礼拜六下午订多功能厅", TODAY));
        assertEquals(Optional.of(LocalDate.of(2026, 12, 19)), DayPhrases.day("周六19号有场吗", TODAY));
    }

    @Test
    void englishDaysAndDatesAreRead() {
        assertEquals(Optional.of(LocalDate.of(2026, 12, 8)), DayPhrases.day("we're moving in on the 8th, can we have the lift", TODAY));
        assertEquals(Optional.of(LocalDate.of(2027, 1, 2)), DayPhrases.day("the 2nd at 10am", TODAY));
        assertEquals(Optional.of(LocalDate.of(2026, 12, 20)), DayPhrases.day("December 20, morning", TODAY));
        assertEquals(Optional.of(LocalDate.of(2026, 12, 20)), DayPhrases.day("20 Dec from 2 to 4 pm", TODAY));
        assertEquals(Optional.of(LocalDate.of(2026, 12, 5)), DayPhrases.day("Saturday morning please", TODAY));
        assertEquals(Optional.of(LocalDate.of(2026, 12, 12)), DayPhrases.day("next saturday 9-11", TODAY));
        assertEquals(Optional.of(LocalDate.of(2026, 12, 8)), DayPhrases.day("Tue 3pm", TODAY));
        // a floor is no date, and "sat" / "sun" in lower case are words
        assertEquals(Optional.empty(), DayPhrases.day("the badminton court on the 5th floor", TODAY));
        assertEquals(Optional.empty(), DayPhrases.day("I sat in the sun for an hour", TODAY));
        assertEquals(Optional.empty(), DayPhrases.day("book the 2nd court please", TODAY));
        assertEquals(Optional.empty(), DayPhrases.day("this is the 3rd time I am asking", TODAY));
        assertEquals(Optional.empty(), DayPhrases.day("can we book 2 separate slots", TODAY));
        // a date beats the weekday named with it
        assertEquals(Optional.of(LocalDate.of(2026, 12, 19)), DayPhrases.day("Sat 19 Dec, 9 to 11", TODAY));
    }

    @Test
    void clockTimesInDigitsAndChineseNumerals() {
        assertEquals(Optional.of(LocalTime.of(10, 0)), DayPhrases.time("周六上午10点"));
        assertEquals(Optional.of(LocalTime.of(15, 30)), DayPhrases.time("下午三点半"));
        assertEquals(Optional.of(LocalTime.of(14, 0)), DayPhrases.time("14:00可以吗"));
        assertEquals(Optional.of(LocalTime.of(20, 0)), DayPhrases.time("晚上八点"));
        assertEquals(Optional.of(LocalTime.of(12, 0)), DayPhrases.time("十二点"));
        // a flat named right after the hour is no minutes
        assertEquals(Optional.of(LocalTime.of(13, 0)), DayPhrases.time("后天下午一点806那套往里搬东西"));
        assertEquals(Optional.of(LocalTime.of(9, 5)), DayPhrases.time("九点05分"));
        assertEquals(Optional.empty(), DayPhrases.time("周六上午"));
        assertEquals(LocalTime.of(12, 0), DayPhrases.partOfDay("周六上午").orElseThrow()[1]);
    }
}
