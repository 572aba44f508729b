package dev.guanjia.community.sms;

import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.testkit.FakeAliyunSms;
import dev.guanjia.testkit.MutableClock;
import dev.guanjia.testkit.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Alibaba Cloud SMS against a fake gateway that checks every signature, over a real PostgreSQL. */
class AliyunSmsTest {

    private static final String SIGN = "翠湖物业";
    private static final Map<String, String> TEMPLATES = Map.of("login_code", "SMS_100001",
            "payment_reminder", "SMS_100002", "payment_link", "SMS_100003");

    private FakeAliyunSms gateway;
    private DataSource db;
    private PersonalData personalData;
    private MutableClock clock;
    private SmsMessages messages;
    private AliyunSms sms;

    @BeforeEach
    void start() {
        gateway = new FakeAliyunSms("LTAI5tTestKeyId", "test-secret", SIGN, Set.copyOf(TEMPLATES.values()));
        db = TestDatabase.fresh("community");
        personalData = PersonalData.ephemeral();
        clock = new MutableClock(Instant.parse("2026-03-01T02:00:00Z"));
        messages = new SmsMessages(db, clock, personalData);
        sms = gateway("test-secret");
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private AliyunSms gateway(String secret) {
        return new AliyunSms(new AliyunSms.Settings("LTAI5tTestKeyId", secret, SIGN, TEMPLATES, gateway.endpoint()),
                new SmsMessages(db, clock, personalData), clock);
    }

    private static Sms code(String phone, String code) {
        return new Sms(phone, "login_code", Map.of("code", code), "您的验证码是" + code);
    }

    private static Sms reminder(String phone) {
        return new Sms(phone, "payment_reminder", Map.of("house", "1-1-101", "amount", "1280.50", "month", "3"),
                "您家1-1-101有物业费1280.50元待缴");
    }

    private String column(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void aCodeGoesOutSignedWithItsTemplateAndIsRecordedAsSent() throws Exception {
        sms.send(code("+86 138-0013-8000", "123456"));

        FakeAliyunSms.Sent sent = gateway.sent().get(0);
        assertEquals("13800138000", sent.phone(), "the +86 prefix is removed");
        assertEquals(SIGN, sent.signName());
        assertEquals("SMS_100001", sent.templateCode());
        assertEquals("{\"code\":\"123456\"}", sent.templateParam());
        SmsMessages.SmsMessage stored = messages.byOutId(sent.outId()).orElseThrow();
        assertEquals("sent", stored.state());
        assertEquals(sent.bizId(), stored.bizId());
        assertEquals("login_code", stored.purpose());
        assertNotNull(stored.sentAt());
        // the phone is sealed, found by the residents' phone lookup hash; the text (the code) is not kept
        assertTrue(column("SELECT phone FROM sms_messages").startsWith("pd1:"));
        assertEquals(personalData.lookup("phone", "13800138000"), column("SELECT phone_hash FROM sms_messages"));
        assertEquals(0, Integer.parseInt(column("SELECT count(*) FROM sms_messages WHERE phone LIKE '%138%'"
                + " OR error_message LIKE '%123456%'")));

        // 0086 and 86 spellings are the same number
        clock.advance(Duration.ofHours(2));
        sms.send(reminder("008613800138000"));
        sms.send(new Sms("8613800138000", "payment_link", Map.of("url", "https://pay.example.cn/o/1?a=b&c=d"), "x"));
        assertEquals(List.of("13800138000", "13800138000"), gateway.sent().subList(1, 3).stream()
                .map(FakeAliyunSms.Sent::phone).toList());
        assertEquals("{\"amount\":\"1280.50\",\"house\":\"1-1-101\",\"month\":\"3\"}", gateway.sent().get(1).templateParam());
        assertEquals(3, messages.to("13800138000").size());
        assertEquals(0, gateway.refusedSignatures());
    }

    @Test
    void aWrongSecretIsRefusedByTheGatewayAndRecordedAsFailed() {
        SmsNotSent e = assertThrows(SmsNotSent.class, () -> gateway("not-the-secret").send(code("13800138000", "111111")));
        assertEquals("SignatureDoesNotMatch", e.code());
        assertEquals(1, gateway.refusedSignatures());
        assertTrue(gateway.sent().isEmpty());
        SmsMessages.SmsMessage stored = messages.to("13800138000").get(0);
        assertEquals("failed", stored.state());
        assertEquals("SignatureDoesNotMatch", stored.errorCode());
    }

    @Test
    void aRefusalOfTheGatewayIsAFailureWithItsCodeKept() {
        gateway.failNext("isv.BUSINESS_LIMIT_CONTROL", "触发天级流控Permits:10");
        SmsNotSent e = assertThrows(SmsNotSent.class, () -> sms.send(reminder("13800138000")));
        assertEquals("isv.BUSINESS_LIMIT_CONTROL", e.code());
        SmsMessages.SmsMessage stored = messages.to("13800138000").get(0);
        assertEquals("failed", stored.state());
        assertEquals("isv.BUSINESS_LIMIT_CONTROL", stored.errorCode());
        assertEquals(null, stored.bizId());
        assertTrue(gateway.sent().isEmpty());
    }

    @Test
    void anUnreachableGatewayIsAFailureToo() {
        AliyunSms nowhere = new AliyunSms(new AliyunSms.Settings("id", "secret", SIGN, TEMPLATES,
                URI.create("http://127.0.0.1:1")), messages, clock);
        SmsNotSent e = assertThrows(SmsNotSent.class, () -> nowhere.send(code("13800138000", "222222")));
        assertEquals(SmsNotSent.NO_ANSWER, e.code());
        assertEquals("failed", messages.to("13800138000").get(0).state());
    }

    @Test
    void aPurposeWithoutTemplateOrANumberThatIsNoMobileIsNotSentAndSaysWhy() {
        SmsNotSent e = assertThrows(SmsNotSent.class,
                () -> sms.send(new Sms("13800138000", "meter_reading", Map.of(), "抄表")));
        assertEquals(SmsNotSent.NO_TEMPLATE, e.code());
        assertTrue(e.getMessage().contains("sms.templates.meter_reading"), e.getMessage());
        assertEquals(SmsNotSent.NO_TEMPLATE, assertThrows(SmsNotSent.class,
                () -> sms.send("13800138000", "free text")).code());
        assertEquals(SmsNotSent.NOT_A_MOBILE, assertThrows(SmsNotSent.class,
                () -> sms.send(code("051266010901", "333333"))).code());
        assertTrue(gateway.sent().isEmpty());
        assertTrue(messages.to("13800138000").isEmpty());
    }

    @Test
    void codesAreLimitedPerMinuteHourAndDayAcrossRestarts() {
        sms.send(code("13800138000", "000001"));
        SmsLimitReached minute = assertThrows(SmsLimitReached.class, () -> sms.send(code("13800138000", "000002")));
        assertEquals(SmsLimitReached.MINUTE, minute.code());
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofSeconds(61));
            sms.send(code("13800138000", "00001" + i));
        }
        clock.advance(Duration.ofSeconds(61));
        // a new gateway over the same database (a restart) still counts the five
        SmsLimitReached hour = assertThrows(SmsLimitReached.class, () -> gateway("test-secret").send(code("+8613800138000", "000020")));
        assertEquals(SmsLimitReached.HOUR, hour.code());
        assertTrue(hour.retryAfter().compareTo(Duration.ofMinutes(55)) < 0, hour.retryAfter().toString());
        assertEquals(5, gateway.sent().size());
        // another number is not affected; notifications to this one are not either
        sms.send(code("13900139000", "000030"));
        sms.send(reminder("13800138000"));

        clock.advance(Duration.ofHours(1));
        for (int i = 0; i < 5; i++) {
            sms.send(code("13800138000", "00004" + i));
            clock.advance(Duration.ofSeconds(61));
        }
        clock.advance(Duration.ofHours(1));
        SmsLimitReached day = assertThrows(SmsLimitReached.class, () -> sms.send(code("13800138000", "000050")));
        assertEquals(SmsLimitReached.DAY, day.code());
        assertEquals(12, gateway.sent().size());
        clock.advance(Duration.ofDays(1));
        sms.send(code("13800138000", "000060"));
    }

    @Test
    void notificationsAreLimitedToFiftyADayPerTemplateAndNumber() {
        for (int i = 0; i < SmsMessages.NOTIFICATIONS_PER_DAY; i++) {
            sms.send(reminder("13800138000"));
        }
        assertEquals(SmsLimitReached.DAY, assertThrows(SmsLimitReached.class, () -> sms.send(reminder("13800138000"))).code());
        sms.send(new Sms("13800138000", "payment_link", Map.of("url", "u"), "链接"));
        sms.send(reminder("13900139000"));
        assertEquals(52, gateway.sent().size());
    }

    @Test
    void aDeliveryReportAppliesOnceAndOnlyToItsNumber() {
        sms.send(code("13800138000", "444444"));
        FakeAliyunSms.Sent sent = gateway.sent().get(0);
        Instant at = Instant.parse("2026-03-01T02:00:05Z");
        assertEquals(0, messages.report(List.of(new SmsReport(sent.bizId(), "13900139000", true, "DELIVERED", "用户接收成功",
                sent.outId(), at))), "another number's report does not touch it");
        assertEquals(1, messages.report(List.of(new SmsReport(sent.bizId(), "13800138000", true, "DELIVERED", "用户接收成功",
                sent.outId(), at))));
        assertEquals(0, messages.report(List.of(new SmsReport(sent.bizId(), "13800138000", false, "MK:0001", "x",
                sent.outId(), at))), "a repeated push changes nothing");
        SmsMessages.SmsMessage stored = messages.byOutId(sent.outId()).orElseThrow();
        assertEquals("delivered", stored.state());
        assertEquals(at, stored.reportedAt());
        assertEquals(null, stored.errorCode());
        assertEquals(0, messages.report(List.of(new SmsReport("999^0", "13800138000", true, "DELIVERED", "", null, at))));
    }

    @Test
    void messagesWithoutReportAreAskedAboutUntilTheirStateIsKnown() {
        sms.send(code("13800138000", "555555"));
        sms.send(reminder("13800138000"));
        sms.send(reminder("13900139000"));
        List<FakeAliyunSms.Sent> sent = gateway.sent();
        assertEquals(0, sms.checkDeliveries(10), "not asked within the first minute");
        clock.advance(Duration.ofMinutes(2));
        gateway.deliver(sent.get(0).bizId(), true);
        gateway.deliver(sent.get(1).bizId(), false);
        assertEquals(2, sms.checkDeliveries(10));
        assertEquals("delivered", messages.byOutId(sent.get(0).outId()).orElseThrow().state());
        SmsMessages.SmsMessage failed = messages.byOutId(sent.get(1).outId()).orElseThrow();
        assertEquals("undelivered", failed.state());
        assertEquals("MK:0001", failed.errorCode());
        assertEquals("sent", messages.byOutId(sent.get(2).outId()).orElseThrow().state(), "still waiting at the carrier");
        assertEquals(0, sms.checkDeliveries(10), "the waiting one is asked again only after five minutes");
        clock.advance(Duration.ofMinutes(6));
        gateway.deliver(sent.get(2).bizId(), true);
        assertEquals(1, sms.checkDeliveries(10));
        assertFalse(messages.waiting(Duration.ofDays(3), 10).iterator().hasNext());
        assertEquals(0, gateway.refusedSignatures());
    }

    @Test
    void aMessageLeftSendingByAStopIsSettledByItsOutIdOrFailedAnHourOn() throws Exception {
        sms.send(reminder("13800138000"));
        FakeAliyunSms.Sent sent = gateway.sent().get(0);
        // the gateway took it, but the process stopped before its answer was stored
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE sms_messages SET state = 'sending', biz_id = NULL, sent_at = NULL");
        }
        // and one recorded but never handed over
        SmsMessages.SmsMessage lost = messages.begin("payment_link", "SMS_100003", "13800138000");
        clock.advance(Duration.ofMinutes(2));
        gateway.deliver(sent.bizId(), true);
        assertEquals(1, sms.checkDeliveries(10));
        assertEquals("delivered", messages.byOutId(sent.outId()).orElseThrow().state());
        assertEquals("sending", messages.byOutId(lost.outId()).orElseThrow().state(), "maybe still under way");
        clock.advance(Duration.ofHours(1));
        assertEquals(0, sms.checkDeliveries(10));
        SmsMessages.SmsMessage failed = messages.byOutId(lost.outId()).orElseThrow();
        assertEquals("failed", failed.state());
        assertEquals(SmsNotSent.NO_ANSWER, failed.errorCode());
    }

    @Test
    void afterAKeyRotationTheNumberIsStillFoundForLimitsAndReports() throws Exception {
        PersonalData.Key oldKey = PersonalData.Key.random();
        PersonalData before = new PersonalData(List.of(oldKey));
        new AliyunSms(new AliyunSms.Settings("LTAI5tTestKeyId", "test-secret", SIGN, TEMPLATES, gateway.endpoint()),
                new SmsMessages(db, clock, before), clock).send(code("13800138000", "777777"));
        PersonalData.Key newKey = new PersonalData.Key("rotated", PersonalData.Key.random().secret());
        PersonalData after = new PersonalData(List.of(newKey, oldKey));
        try (Connection c = db.getConnection()) {
            assertTrue(dev.guanjia.community.privacy.Resealing.community(c, after) >= 2, "phone and its hash");
        }
        assertTrue(column("SELECT phone FROM sms_messages").startsWith("pd1:rotated:"));
        SmsMessages rotated = new SmsMessages(db, clock, after);
        assertEquals(1, rotated.to("13800138000").size());
        assertEquals(SmsLimitReached.MINUTE, assertThrows(SmsLimitReached.class, () -> new AliyunSms(
                new AliyunSms.Settings("LTAI5tTestKeyId", "test-secret", SIGN, TEMPLATES, gateway.endpoint()),
                rotated, clock).send(code("13800138000", "888888"))).code());
    }
}
