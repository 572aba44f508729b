package dev.guanjia.notices.pack;

import dev.guanjia.testkit.ScratchDirectory;
import dev.guanjia.community.pack.PackProblem;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A notice written without valid_from / valid_until is a notice on the days and for the buildings its text names. */
class NoticeDaysTest {

    private static final Map<String, String> BUILDINGS = new LinkedHashMap<>(Map.of(
            "5", "5号楼", "6", "6号楼", "7", "7号楼", "S", "临街商铺（一层）"));

    @Test
    void theDaysAndTheBuildingsItNames() {
        var r = NoticeDays.read("因管网改造，5号楼、6号楼将于2027年1月12日8:00至1月13日18:00暂停供气。\n"
                + "7号楼和临街商铺不受影响。", LocalDate.of(2027, 1, 6), BUILDINGS).orElseThrow();
        assertEquals(LocalDate.of(2027, 1, 6), r.from(), "posted on its own date");
        assertEquals(LocalDate.of(2027, 1, 13), r.until());
        assertEquals(List.of("5", "6"), r.buildings(), "the buildings spared are not the notice's");
    }

    @Test
    void aRangeInOneMonthAndNoBuildingIsTheWholeEstate() {
        var r = NoticeDays.read("定于3月20日至22日对小区绿化带喷洒药物，请看管好儿童和宠物。", LocalDate.of(2027, 3, 15),
                BUILDINGS).orElseThrow();
        assertEquals(LocalDate.of(2027, 3, 15), r.from());
        assertEquals(LocalDate.of(2027, 3, 22), r.until());
        assertTrue(r.buildings().isEmpty());
        // no posting date: a week ahead of its first day
        var early = NoticeDays.read("定于3月20日停电检修。", null, BUILDINGS);
        assertTrue(early.isEmpty(), "a month and day with no year to place them is not read");
        var dated = NoticeDays.read("定于2027年3月20日停电检修。", null, BUILDINGS).orElseThrow();
        assertEquals(LocalDate.of(2027, 3, 13), dated.from());
    }

    @Test
    void aRuleInForceFromADayOrASpreadOfDatesIsNoOneNotice() {
        assertTrue(NoticeDays.read("本规定自2027年1月1日起执行。", LocalDate.of(2026, 12, 20), BUILDINGS).isEmpty());
        assertTrue(NoticeDays.read("2027年1月5日、2027年6月5日各检测一次。", LocalDate.of(2026, 12, 20), BUILDINGS).isEmpty());
        assertTrue(NoticeDays.read("请大家注意用水安全。", LocalDate.of(2026, 12, 20), BUILDINGS).isEmpty());
    }

    @Test
    void listsRangesAndBuildingsSparedInTheSameSentence() {
        Map<String, String> eight = new LinkedHashMap<>();
        for (int i = 1; i <= 12; i++) {
            eight.put(String.valueOf(i), i + "号楼");
        }
        assertEquals(List.of("2", "3"), NoticeDays.buildingsNamed("定于12月8日对2号楼、3号楼进行停水检修。", eight));
        assertEquals(List.of("5", "6"), NoticeDays.buildingsNamed("5、6栋将于12月8日停水", eight));
        assertEquals(List.of("1", "2", "3"), NoticeDays.buildingsNamed("1号楼至3号楼停电", eight));
        assertEquals(List.of("1", "2"), NoticeDays.buildingsNamed("1栋、2栋停水，3栋不受影响。", eight));
        assertEquals(List.of("11", "12"), NoticeDays.buildingsNamed("| 12月2日 | 11幢、12幢 |", eight),
                "building 1 is not in 11 or 12, nor in a date");
        Map<String, String> named = new LinkedHashMap<>();
        named.put("A1", "A1栋");
        named.put("B1", "B1栋（洋房）");
        assertEquals(List.of("A1"), NoticeDays.buildingsNamed("影响A1栋；B1栋洋房由市政直供，不受影响。", named));
        assertTrue(NoticeDays.buildingsNamed("水泵不停机，请储水。", named).isEmpty());
    }

    @Test
    void theYearTurnsWithTheMonths() {
        var r = NoticeDays.read("2026年12月30日至1月2日暂停供水。", LocalDate.of(2026, 12, 20), BUILDINGS).orElseThrow();
        assertEquals(LocalDate.of(2027, 1, 2), r.until());
        // posted in January about late December: last year's
        var late = NoticeDays.read("定于12月28日停水检修。", LocalDate.of(2027, 1, 3), BUILDINGS).orElseThrow();
        assertEquals(LocalDate.of(2026, 12, 28), late.until());
    }

    @Test
    void aPackNoticeWithoutDatesIsReadFromItsText() throws Exception {
        Path kb = ScratchDirectory.make("notice-days");
        Files.writeString(kb.resolve("gas.md"), """
                ---
                id: notice-gas
                title: 燃气管网改造停气通知
                category: notices
                updated: 2027-01-06
                ---
                5号楼、6号楼将于2027年1月12日暂停供气。
                """);
        Files.writeString(kb.resolve("dated.md"), """
                ---
                id: notice-lift
                title: 电梯年检通知
                category: notices
                valid_from: 2027-01-01
                valid_until: 2027-01-03
                ---
                电梯年检，7号楼电梯停运半天。
                """);
        List<PackProblem> problems = new ArrayList<>();
        var read = PackNotices.read(kb, BUILDINGS, problems);
        assertTrue(problems.isEmpty(), problems.toString());
        var gas = read.stream().filter(p -> p.docId().equals("notice-gas")).findFirst().orElseThrow();
        assertFalse(gas.dated());
        assertEquals(LocalDate.of(2027, 1, 12), gas.draft().validUntil());
        assertEquals(List.of("5", "6"), gas.draft().buildings());
        var lift = read.stream().filter(p -> p.docId().equals("notice-lift")).findFirst().orElseThrow();
        assertTrue(lift.dated());
        assertTrue(lift.draft().buildings().isEmpty(), "a dated notice's buildings are its front matter's");
    }
}
