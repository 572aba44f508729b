package dev.guanjia.notices;

import dev.guanjia.community.audit.AuditLog;
import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.community.refusal.Refusal;
import dev.guanjia.notices.notice.Notice;
import dev.guanjia.notices.notice.NoticeCategory;
import dev.guanjia.notices.notice.NoticeDraft;
import dev.guanjia.notices.notice.Notices;
import dev.guanjia.testkit.MutableClock;
import dev.guanjia.testkit.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Publishing, editing and withdrawing notices, and which are current for whom, on a real database. */
class NoticesTest {

    private final DataSource db = TestDatabase.fresh("community", "notices");
    private final PersonalData personalData = PersonalData.ephemeral();
    // 2026-12-03 10:00 in Shanghai
    private final MutableClock clock = new MutableClock(ZonedDateTime.of(2026, 12, 3, 10, 0, 0, 0,
            ZoneId.of("Asia/Shanghai")).toInstant());
    private final Notices notices = new Notices(db, clock, new CommunityDirectory(db));

    @BeforeEach
    void estate() throws Exception {
        Estate.insert(db, personalData);
    }

    private static NoticeDraft water(List<String> buildings) {
        return new NoticeDraft("12月4日停水通知", "因管道检修，12月4日9:00-17:00停水，请提前储水。", NoticeCategory.WATER,
                buildings, LocalDate.of(2026, 12, 3), LocalDate.of(2026, 12, 4));
    }

    @Test
    void aBuildingsNoticeIsCurrentForItsBuildingsAndEndsAtTheCommunitysMidnight() {
        Notice n = notices.publish("c1", water(List.of("1", "2")), "staff:a1");
        Notice all = notices.publish("c1", new NoticeDraft("周六亲子活动", "本周六上午会所亲子手工活动。",
                NoticeCategory.EVENT, List.of(), LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 6)), "staff:a1");

        assertEquals(List.of(n.id(), all.id()), ids(notices.current("c1", List.of("2"))));
        assertEquals(List.of(all.id()), ids(notices.current("c1", List.of("3"))));
        assertEquals(List.of(all.id()), ids(notices.current("c1", null)), "anonymous: the community's only");

        // 12-04 23:59 Shanghai is still the 4th; a minute later the water notice has ended
        clock.advance(Duration.ofHours(37).plusMinutes(59));
        assertEquals(List.of(n.id(), all.id()), ids(notices.current("c1", List.of("1"))));
        clock.advance(Duration.ofMinutes(1));
        assertEquals(List.of(all.id()), ids(notices.current("c1", List.of("1"))));
    }

    @Test
    void editsAndWithdrawalsAreAuditedAndAWithdrawnNoticeIsNoLongerCurrent() {
        Notice n = notices.publish("c1", water(List.of("1")), "staff:s9");
        Notice edited = notices.edit("c1", n.id(), new NoticeDraft("停水时间调整", "改为12月4日13:00-17:00停水。",
                NoticeCategory.WATER, List.of("1", "2"), LocalDate.of(2026, 12, 3), LocalDate.of(2026, 12, 4)), "staff:s9");
        assertEquals(List.of("1", "2"), edited.buildings());
        assertEquals("停水时间调整", notices.current("c1", List.of("2")).get(0).title());

        notices.withdraw("c1", n.id(), "staff:s9", "发错了");
        assertTrue(notices.current("c1", List.of("1")).isEmpty());
        Refusal r = assertThrows(Refusal.class, () -> notices.edit("c1", n.id(), water(List.of()), "staff:s9"));
        assertEquals("notice_withdrawn", r.code());

        List<AuditLog.Entry> audit = AuditLog.search(db, "c1", "notice:" + n.id(), 10);
        assertEquals(List.of("notice.withdrawn", "notice.edited", "notice.published"),
                audit.stream().map(AuditLog.Entry::action).toList());
        assertTrue(audit.get(1).details().contains("before: water \"12月4日停水通知\" buildings 1"),
                audit.get(1).details());
        assertTrue(audit.get(0).details().contains("reason: 发错了"), audit.get(0).details());
    }

    @Test
    void aBuildingTheCommunityDoesNotHaveOrBadDatesAreRefused() {
        assertEquals("notice_building", assertThrows(Refusal.class,
                () -> notices.publish("c1", water(List.of("9")), "staff:a1")).code());
        assertEquals("notice_dates", assertThrows(Refusal.class, () -> new NoticeDraft("t", "b",
                NoticeCategory.OTHER, List.of(), LocalDate.of(2026, 12, 5), LocalDate.of(2026, 12, 4))).code());
        assertTrue(notices.list("c1").isEmpty());
    }

    @Test
    void reImportingAPackArticleUpdatesItsNoticeInsteadOfAddingOne() {
        long id = notices.importFromPack("c1", "notice-water", water(List.of("1")));
        assertEquals(id, notices.importFromPack("c1", "notice-water", water(List.of("1"))));
        assertEquals(1, AuditLog.search(db, "c1", "notice:" + id, 10).size(), "unchanged: no new entry");
        assertEquals(id, notices.importFromPack("c1", "notice-water", water(List.of("1", "3"))));
        assertEquals(List.of("1", "3"), notices.find("c1", id).orElseThrow().buildings());
        assertEquals(1, notices.list("c1").size());
    }

    private static List<Long> ids(List<Notice> list) {
        return list.stream().map(Notice::id).toList();
    }
}
