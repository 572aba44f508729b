package dev.guanjia.payments.reminder;

import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.community.privacy.Resealing;
import dev.guanjia.community.resident.Bindings;
import dev.guanjia.community.sms.Sms;
import dev.guanjia.community.sms.SmsSender;
import dev.guanjia.payments.offer.Offer;
import dev.guanjia.payments.offer.PaymentOffers;
import dev.guanjia.testkit.MutableClock;
import dev.guanjia.testkit.TestDatabase;
import dev.guanjia.testkit.TwoHouseholds;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reminders against a real database: 测试苑 with r1 (WeChat wx-owner and a phone; owner of 1-1-101
 * and 1-1-103) and r2 (phone only; owner of 1-1-102), all three bills unpaid and due 2026-12-31.
 * WeChat and the SMS gateway are the outside services, recorded here.
 */
class RemindersTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private final DataSource db = TestDatabase.fresh("community", "payments");
    private final PersonalData personalData = PersonalData.ephemeral();
    private final MutableClock clock = new MutableClock(local(2026, 12, 28, 10, 0));
    private final List<String> wechat = Collections.synchronizedList(new ArrayList<>());
    private final List<Sms> sms = Collections.synchronizedList(new ArrayList<>());
    private boolean wechatDown;
    private final WeChatReminders account = new WeChatReminders() {
        @Override
        public boolean reaches(String communityId) {
            return "c1".equals(communityId);
        }

        @Override
        public void send(String communityId, String openid, String text) throws Exception {
            if (wechatDown) {
                throw new Exception("errcode 43004: require subscribe");
            }
            wechat.add(openid + " " + text);
        }
    };
    private final SmsSender gateway = new SmsSender() {
        @Override
        public void send(String phone, String text) {
            throw new AssertionError("reminders go as templated messages");
        }

        @Override
        public void send(Sms message) {
            sms.add(message);
        }
    };
    private final ReminderPolicies policies = new ReminderPolicies(db);
    private final ReminderOptOuts optOuts = new ReminderOptOuts(db, clock);
    private long r1;
    private long r2;

    @BeforeEach
    void estate() throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            TwoHouseholds.insert(c);
            s.execute("""
                    INSERT INTO houses (community_id, code, building_id, unit, room, area_m2, house_type)
                    SELECT 'c1', '1-1-103', id, '1', '103', 50.00, 'residential' FROM buildings""");
            s.execute("""
                    INSERT INTO resident_houses (resident_id, house_id, role)
                    SELECT r.id, h.id, 'owner' FROM residents r, houses h WHERE r.code = 'r1' AND h.code = '1-1-103'""");
            s.execute("""
                    INSERT INTO bills (community_id, code, house_id, fee_item_id, period, amount, due, status)
                    SELECT 'c1', 'b3', h.id, f.id, '2026-Q4', 300.00, DATE '2026-12-31', 'unpaid'
                    FROM houses h, fee_items f WHERE h.code = '1-1-103'""");
            Resealing.community(c, personalData);
            try (ResultSet rs = s.executeQuery("SELECT id FROM residents ORDER BY code")) {
                rs.next();
                r1 = rs.getLong(1);
                rs.next();
                r2 = rs.getLong(1);
            }
        }
    }

    private Reminders reminders(PaymentLinks links) {
        return new Reminders(db, new CommunityDirectory(db), policies, new Bindings(db, personalData),
                new Reminders.Delivery(account, gateway, links));
    }

    private Reminders.Round run() {
        return reminders(PaymentLinks.NONE).run(clock.instant());
    }

    private static Instant local(int y, int m, int d, int h, int min) {
        return ZonedDateTime.of(y, m, d, h, min, 0, 0, SHANGHAI).toInstant();
    }

    private void at(Instant t) {
        clock.advance(java.time.Duration.between(clock.instant(), t));
    }

    @Test
    void aBillDueInThreeDaysIsRemindedOnceAndAResidentsTwoHousesMakeOneMessage() throws SQLException {
        Reminders.Round first = run();
        assertEquals(new Reminders.Round(2, 2, 0), first);
        assertEquals(1, wechat.size(), "r1 is bound to the official account: WeChat, one message");
        String toOwner = wechat.get(0);
        assertTrue(toOwner.startsWith("wx-owner 【测试苑】尊敬的住户，您有2笔费用即将到期："), toOwner);
        assertTrue(toOwner.contains("1-1-101 物业服务费 2026-Q4 600.00元（2026年12月31日到期）"), toOwner);
        assertTrue(toOwner.contains("1-1-103 物业服务费 2026-Q4 300.00元"), toOwner);
        assertTrue(toOwner.contains("合计900.00元"), toOwner);
        assertTrue(toOwner.contains("可通过公众号或物业服务中心缴纳"), "no online payment: where to pay");
        assertTrue(toOwner.endsWith(ReminderTexts.HOW_TO_STOP), toOwner);

        assertEquals(1, sms.size(), "r2 has no WeChat binding: SMS");
        Sms text = sms.get(0);
        assertEquals(TwoHouseholds.NEIGHBOUR_PHONE, text.phone());
        assertEquals("payment_reminder", text.purpose());
        assertEquals("测试苑", text.params().get("community"));
        assertEquals("1-1-102", text.params().get("house"));
        assertEquals("480.00", text.params().get("amount"));
        assertEquals("2026-12-31", text.params().get("due"));
        assertEquals("", text.params().get("link"));
        assertFalse(text.text().contains("退订催缴"), "an SMS reply does not reach us: no such promise");

        // the job runs again, and the next day: the stage was reminded
        assertEquals(new Reminders.Round(0, 0, 0), run());
        at(local(2026, 12, 29, 10, 0));
        assertEquals(new Reminders.Round(0, 0, 0), run());
        assertEquals(1, wechat.size());
        assertEquals(1, sms.size());
        assertEquals(List.of("sent:wechat:" + r1, "sent:sms:" + r2), states());
    }

    @Test
    void theOverdueStageIsSentSeparatelyOnceAndRepeatsOnlyAsThePolicySays() {
        run();
        at(local(2026, 12, 31, 10, 0));
        assertEquals(0, run().queued(), "due today: still the first stage, already reminded");
        at(local(2027, 1, 1, 10, 0));
        assertEquals(new Reminders.Round(2, 2, 0), run());
        assertEquals(2, wechat.size());
        assertTrue(wechat.get(1).contains("您有2笔费用已逾期未缴：1-1-101 物业服务费 2026-Q4 600.00元（已于2026年12月31日到期）"),
                wechat.get(1));
        assertEquals("overdue", sms.get(1).params().get("stage"));
        assertEquals(0, run().queued());
        at(local(2027, 1, 20, 10, 0));
        assertEquals(0, run().queued(), "by default the overdue reminder goes once");

        policies.save(new ReminderPolicy("c1", true, 3, true, 7, 2, List.of("wechat", "sms"),
                LocalTime.of(21, 0), LocalTime.of(8, 0)), "staff:m1");
        assertEquals(2, run().queued(), "a week after the first overdue reminder: the repeat");
        at(local(2027, 1, 26, 10, 0));
        assertEquals(0, run().queued(), "a week has not passed since the repeat");
        at(local(2027, 2, 10, 10, 0));
        assertEquals(0, run().queued(), "two overdue reminders at most");
        assertEquals(3, wechat.size());
        assertEquals(3, sms.size());
    }

    @Test
    void nothingGoesInTheQuietHoursAndWhatWasDueGoesWhenTheyEnd() {
        at(local(2026, 12, 28, 22, 30));
        assertEquals(new Reminders.Round(0, 0, 0), run());
        at(local(2026, 12, 29, 7, 59));
        assertEquals(new Reminders.Round(0, 0, 0), run());
        assertTrue(wechat.isEmpty() && sms.isEmpty());
        at(local(2026, 12, 29, 8, 5));
        assertEquals(new Reminders.Round(2, 2, 0), run());

        // a failed send retried later waits for the quiet hours to end as well
        policies.save(new ReminderPolicy("c1", true, 3, true, 0, 1, List.of("wechat"),
                LocalTime.of(21, 0), LocalTime.of(8, 0)), "staff:m1");
        wechatDown = true;
        at(local(2027, 1, 1, 20, 50));
        assertEquals(new Reminders.Round(1, 0, 0), run(), "r1's overdue reminder queued, WeChat refused it");
        wechatDown = false;
        at(local(2027, 1, 1, 21, 30));
        assertEquals(new Reminders.Round(0, 0, 0), run());
        at(local(2027, 1, 2, 8, 0));
        assertEquals(new Reminders.Round(0, 1, 0), run());
        assertTrue(wechat.get(1).contains("已逾期未缴"));
        assertEquals(1, sms.size(), "the policy allows WeChat only; r2 has no binding and is not reminded");
    }

    @Test
    void anOptedOutResidentGetsNothingUntilTheyOptInAgain() {
        assertTrue(optOuts.optOut("c1", r1, "wechat"));
        assertFalse(optOuts.optOut("c1", r1, "wechat"), "already off");
        assertTrue(optOuts.optedOut("c1", r1));
        assertEquals(new Reminders.Round(1, 1, 0), run());
        assertTrue(wechat.isEmpty());
        assertEquals(TwoHouseholds.NEIGHBOUR_PHONE, sms.get(0).phone());

        assertTrue(optOuts.optIn("c1", r1, "web"));
        assertFalse(optOuts.optedOut("c1", r1));
        assertEquals(new Reminders.Round(1, 1, 0), run(), "the bills were not claimed while nobody could be told");
        assertEquals(1, wechat.size());
    }

    @Test
    void anOptOutAfterTheMessageWasQueuedCancelsIt() throws SQLException {
        wechatDown = true;
        policies.save(new ReminderPolicy("c1", true, 3, true, 0, 1, List.of("wechat"),
                LocalTime.of(21, 0), LocalTime.of(8, 0)), "staff:m1");
        assertEquals(new Reminders.Round(1, 0, 0), run());
        optOuts.optOut("c1", r1, "wechat");
        wechatDown = false;
        at(local(2026, 12, 28, 12, 0));
        run();
        assertTrue(wechat.isEmpty());
        assertEquals(List.of("cancelled:null:" + r1), states());
    }

    @Test
    void aPaidBillIsNotReminded() throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE bills SET status = 'paid', paid_at = DATE '2026-12-20' WHERE code IN ('b2', 'b3')");
        }
        assertEquals(new Reminders.Round(1, 1, 0), run());
        assertTrue(sms.isEmpty(), "r2's only bill is paid");
        assertTrue(wechat.get(0).contains("您有1笔费用即将到期：1-1-101"), wechat.get(0));
        assertFalse(wechat.get(0).contains("1-1-103"));
    }

    @Test
    void whenWeChatRefusesTheReminderGoesBySmsAndAfterFiveFailuresItIsGivenUp() throws SQLException {
        wechatDown = true;
        assertEquals(new Reminders.Round(2, 2, 0), run());
        assertTrue(wechat.isEmpty());
        assertEquals(List.of(TwoHouseholds.OWNER_PHONE, TwoHouseholds.NEIGHBOUR_PHONE),
                sms.stream().map(Sms::phone).sorted().toList());
        assertEquals("1-1-101、1-1-103", sms.stream().filter(m -> m.phone().equals(TwoHouseholds.OWNER_PHONE))
                .findFirst().orElseThrow().params().get("house"));

        policies.save(new ReminderPolicy("c1", true, 3, true, 0, 1, List.of("wechat"),
                LocalTime.of(21, 0), LocalTime.of(8, 0)), "staff:m1");
        at(local(2027, 1, 1, 9, 0));
        Reminders.Round round = run();
        for (int i = 0; i < 10; i++) { // 3-hourly over a day: four rounds fall in the quiet hours
            clock.advance(java.time.Duration.ofHours(3));
            round = run();
        }
        assertEquals(0, round.sent());
        assertEquals(List.of("sent:sms:" + r1, "sent:sms:" + r2, "failed:null:" + r1), states());
    }

    @Test
    void theReminderCarriesThePaymentLinkWhenOffersAreAvailable() {
        List<List<String>> offered = new ArrayList<>();
        PaymentOffers offers = new PaymentOffers() {
            @Override
            public Optional<Offer> offer(String communityId, long residentId, List<Long> houseIds, List<String> billCodes,
                                         String channel, String openid, String conversationId) {
                offered.add(List.of(communityId, String.valueOf(residentId), String.join(",", billCodes), channel));
                return Optional.of(new Offer("tok-" + residentId, communityId, residentId, channel, openid,
                        conversationId, List.of(), 0, java.time.OffsetDateTime.now().plusDays(7)));
            }

            @Override
            public Optional<Offer> find(String token) {
                return Optional.empty();
            }
        };
        reminders(PaymentLinks.of(offers, "https://wy.example.com/")).run(clock.instant());
        assertEquals(List.of(List.of("c1", String.valueOf(r1), "b1,b3", "wechat"),
                List.of("c1", String.valueOf(r2), "b2", "sms")), offered);
        assertTrue(wechat.get(0).contains("在线缴费：https://wy.example.com/pay/o/tok-" + r1), wechat.get(0));
        assertFalse(wechat.get(0).contains("物业服务中心缴纳"));
        assertEquals("https://wy.example.com/pay/o/tok-" + r2, sms.get(0).params().get("link"));
    }

    @Test
    void twoNodesRunningAtOnceSendEachReminderOnce() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Reminders.Round> rounds = Collections.synchronizedList(new ArrayList<>());
        List<Thread> nodes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Reminders node = reminders(PaymentLinks.NONE);
            nodes.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                rounds.add(node.run(clock.instant()));
            }));
        }
        start.countDown();
        for (Thread t : nodes) {
            t.join();
        }
        assertEquals(2, rounds.stream().mapToInt(Reminders.Round::queued).sum());
        assertEquals(2, rounds.stream().mapToInt(Reminders.Round::sent).sum());
        assertEquals(1, wechat.size());
        assertEquals(1, sms.size());
    }

    @Test
    void aSwitchedOffCommunityIsNotRemindedAndPoliciesAreChecked() {
        policies.save(new ReminderPolicy("c1", false, 3, true, 0, 1, List.of("sms"),
                LocalTime.of(22, 0), LocalTime.of(7, 0)), "staff:m1");
        assertEquals(new Reminders.Round(0, 0, 0), run());
        assertTrue(wechat.isEmpty() && sms.isEmpty());
        ReminderPolicy read = policies.of("c1");
        assertFalse(read.enabled());
        assertEquals(List.of("sms"), read.channels());
        assertEquals(LocalTime.of(22, 0), read.quietStart());
        assertEquals(ReminderPolicy.defaults("c2"), policies.of("c2"));
        assertThrows(IllegalArgumentException.class, () -> new ReminderPolicy("c1", true, 3, true, 0, 1,
                List.of("email"), LocalTime.of(21, 0), LocalTime.of(8, 0)));
        assertTrue(ReminderPolicy.defaults("c1").quiet(LocalTime.of(23, 0)));
        assertTrue(ReminderPolicy.defaults("c1").quiet(LocalTime.of(7, 59)));
        assertFalse(ReminderPolicy.defaults("c1").quiet(LocalTime.of(8, 0)));
    }

    /** Each message as state:channel:resident, in the order made. */
    private List<String> states() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT state, channel, resident_id FROM reminder_messages ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getString(1) + ":" + rs.getString(2) + ":" + rs.getLong(3));
            }
        }
        return out;
    }

}
