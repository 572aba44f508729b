package dev.guanjia.notices;

import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.community.resident.Bindings;
import dev.guanjia.notices.delivery.NoticeDelivery;
import dev.guanjia.notices.delivery.NoticeMessenger;
import dev.guanjia.notices.notice.Notice;
import dev.guanjia.notices.notice.NoticeCategory;
import dev.guanjia.notices.notice.NoticeDraft;
import dev.guanjia.notices.notice.Notices;
import dev.guanjia.notices.receipt.NoticeReach;
import dev.guanjia.testkit.MutableClock;
import dev.guanjia.testkit.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Notices to WeChat followers on a real database. The official account is the outside service,
 * recorded here (the app's WeChat tests go through the fake WeChat API's wire format).
 */
class NoticeDeliveryTest {

    private final DataSource db = TestDatabase.fresh("community", "notices");
    private final PersonalData personalData = PersonalData.ephemeral();
    // 2026-12-03 21:30 in Shanghai: the quiet hours
    private final MutableClock clock = new MutableClock(ZonedDateTime.of(2026, 12, 3, 21, 30, 0, 0,
            ZoneId.of("Asia/Shanghai")).toInstant());
    private final Notices notices = new Notices(db, clock, new CommunityDirectory(db));
    private final List<String> sent = Collections.synchronizedList(new ArrayList<>());
    private boolean down;
    private final NoticeMessenger wechat = new NoticeMessenger() {
        @Override
        public boolean reaches(String communityId) {
            return true;
        }

        @Override
        public void send(String communityId, String openid, String text) throws Exception {
            if (down) {
                throw new Exception("errcode 45009: reach max api daily quota limit");
            }
            sent.add(openid + " " + text);
        }
    };
    private final NoticeDelivery delivery = new NoticeDelivery(db, new CommunityDirectory(db), notices,
            new Bindings(db, personalData), wechat);

    @BeforeEach
    void estate() throws Exception {
        Estate.insert(db, personalData);
    }

    @Test
    void aNoticeForTwoBuildingsReachesOnlyTheirBoundResidentsOnceAndNeverInTheQuietHours() throws Exception {
        Notice n = notices.publish("c1", new NoticeDraft("电梯维保通知", "12月4日上午1、2幢电梯维保，请走楼梯。",
                NoticeCategory.ELEVATOR, List.of("1", "2"), LocalDate.of(2026, 12, 3), LocalDate.of(2026, 12, 4)),
                "staff:s9");

        for (int i = 0; i < 21; i++) {           // 21:30 → 07:30 every half hour: quiet
            assertEquals(new NoticeDelivery.Round(0, 0, 0), delivery.run(clock.instant()));
            clock.advance(Duration.ofMinutes(30));
        }
        assertTrue(sent.isEmpty(), sent.toString());

        clock.advance(Duration.ofMinutes(30));  // 08:00: the morning round sends
        NoticeDelivery.Round r = delivery.run(clock.instant());
        assertEquals(new NoticeDelivery.Round(2, 2, 0), r);
        assertEquals(List.of("wx-b2", "wx-owner"), sent.stream().map(s -> s.split(" ")[0]).sorted().toList());
        assertTrue(sent.get(0).contains("【电梯维保公告】电梯维保通知"), sent.get(0));

        clock.advance(Duration.ofMinutes(10));
        assertEquals(new NoticeDelivery.Round(0, 0, 0), delivery.run(clock.instant()), "once per resident");
        assertEquals(2, sent.size());

        NoticeReach.Reach reach = new NoticeReach(db, clock).of(n);
        assertEquals(3, reach.targeted(), "r1, r2 (no WeChat) and r3");
        assertEquals(2, reach.reached());
        assertEquals(2, reach.byChannel().get("wechat"));
        new NoticeReach(db, clock).seen(List.of(n.id()), Estate.resident(db, "r2"), NoticeReach.WEB);
        new NoticeReach(db, clock).seen(List.of(n.id()), Estate.resident(db, "r4"), NoticeReach.WEB);
        reach = new NoticeReach(db, clock).of(n);
        assertEquals(3, reach.reached(), "r4 is not in the notice's buildings: not counted");
        assertEquals(1, reach.byChannel().get("web"));
    }

    @Test
    void aRefusedMessageIsRetriedAndAWithdrawnNoticeIsNotSent() throws Exception {
        clock.advance(Duration.ofHours(12));   // 09:30
        down = true;
        Notice n = notices.publish("c1", new NoticeDraft("停电通知", "3幢明日停电。", NoticeCategory.POWER,
                List.of("3"), LocalDate.of(2026, 12, 4), LocalDate.of(2026, 12, 4)), "staff:s9");
        assertEquals(new NoticeDelivery.Round(1, 0, 0), delivery.run(clock.instant()));
        down = false;
        assertEquals(new NoticeDelivery.Round(0, 0, 0), delivery.run(clock.instant()), "waits for its backoff");
        clock.advance(Duration.ofMinutes(6));
        assertEquals(new NoticeDelivery.Round(0, 1, 0), delivery.run(clock.instant()));
        assertEquals(List.of("wx-b3"), sent.stream().map(s -> s.split(" ")[0]).toList());
        assertEquals(Map.of("sent", 1), new NoticeReach(db, clock).deliveries(n.id()));

        Notice later = notices.publish("c1", new NoticeDraft("消杀通知", "周五全小区消杀。", NoticeCategory.DISINFECTION,
                List.of(), LocalDate.of(2026, 12, 4), LocalDate.of(2026, 12, 5)), "staff:s9");
        notices.withdraw("c1", later.id(), "staff:s9", null);
        delivery.run(clock.instant());
        assertEquals(1, sent.size(), "a withdrawn notice goes to nobody");
    }

    @Test
    void aResidentsNoticeRowsAreExportedAndErased() throws Exception {
        clock.advance(Duration.ofHours(12));   // 09:30
        Notice n = notices.publish("c1", new NoticeDraft("停电通知", "3幢明日停电。", NoticeCategory.POWER,
                List.of("3"), LocalDate.of(2026, 12, 4), LocalDate.of(2026, 12, 4)), "staff:s9");
        delivery.run(clock.instant());
        long r4 = Estate.resident(db, "r4");
        new NoticeReach(db, clock).seen(List.of(n.id()), r4, NoticeReach.VOICE);
        var records = new dev.guanjia.notices.privacy.NoticeRecords();
        var who = new dev.guanjia.community.privacy.DataSubject("c1", r4, "r4", "三幢丁", "r4", List.of(), List.of(),
                List.of("wx-b3"), List.of());
        try (var c = db.getConnection()) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            records.export(c, who, out);
            assertEquals(1, ((List<?>) out.get("noticeDeliveries")).size(), out.toString());
            assertEquals(1, ((List<?>) out.get("noticeReads")).size(), out.toString());
            assertEquals("1 notice deliveries, 1 notice reads", records.erase(c, who, "[erased]"));
            out.clear();
            records.export(c, who, out);
            assertTrue(((List<?>) out.get("noticeDeliveries")).isEmpty());
            assertTrue(((List<?>) out.get("noticeReads")).isEmpty());
        }
    }
}
