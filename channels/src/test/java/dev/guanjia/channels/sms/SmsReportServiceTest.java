package dev.guanjia.channels.sms;

import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.community.sms.AliyunSms;
import dev.guanjia.community.sms.Sms;
import dev.guanjia.community.sms.SmsMessages;
import dev.guanjia.testkit.FakeAliyunSms;
import dev.guanjia.testkit.TestDatabase;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway's delivery-report push over real HTTP, into messages sent through the fake gateway. */
class SmsReportServiceTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private FakeAliyunSms gateway;
    private WebServer server;
    private SmsMessages messages;
    private FakeAliyunSms.Sent first;
    private FakeAliyunSms.Sent second;

    @BeforeEach
    void start() {
        DataSource db = TestDatabase.fresh("community");
        PersonalData personalData = PersonalData.ephemeral();
        messages = new SmsMessages(db, Clock.systemUTC(), personalData);
        gateway = new FakeAliyunSms("id", "secret", "翠湖物业", Set.of("SMS_1", "SMS_2"));
        AliyunSms sms = new AliyunSms(new AliyunSms.Settings("id", "secret", "翠湖物业",
                Map.of("login_code", "SMS_1", "payment_reminder", "SMS_2"), gateway.endpoint()), messages, Clock.systemUTC());
        sms.send(new Sms("13800138000", "login_code", Map.of("code", "123456"), "验证码123456"));
        sms.send(new Sms("13900139000", "payment_reminder", Map.of("amount", "12.00"), "待缴12.00元"));
        first = gateway.sent().get(0);
        second = gateway.sent().get(1);
        server = WebServer.builder().host("127.0.0.1").port(0)
                .routing(r -> r.register("/sms", new SmsReportService(messages))).build().start();
    }

    @AfterEach
    void stop() {
        server.stop();
        gateway.close();
    }

    private HttpResponse<String> push(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/sms/report"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String report(FakeAliyunSms.Sent s, boolean success, String code, String reportTime) {
        return "{\"phone_number\":\"" + s.phone() + "\",\"send_time\":\"2026-03-01 10:00:00\",\"report_time\":\""
                + reportTime + "\",\"success\":" + success + ",\"err_code\":\"" + code + "\",\"err_msg\":\"用户接收成功\","
                + "\"sms_size\":\"1\",\"biz_id\":\"" + s.bizId() + "\",\"out_id\":\"" + s.outId() + "\"}";
    }

    @Test
    void aPushMarksTheMessageDeliveredOnceAndARepeatChangesNothing() throws Exception {
        HttpResponse<String> r = push("[" + report(first, true, "DELIVERED", "2026-03-01 10:00:05") + "]");
        assertEquals(200, r.statusCode(), r.body());
        com.fasterxml.jackson.databind.JsonNode answer = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
        assertEquals(0, answer.get("code").intValue(), "a number, as the gateway checks it");
        assertTrue(answer.get("code").isInt());
        assertEquals("接收成功", answer.get("msg").asText());
        SmsMessages.SmsMessage delivered = messages.byOutId(first.outId()).orElseThrow();
        assertEquals("delivered", delivered.state());
        assertEquals(java.time.Instant.parse("2026-03-01T02:00:05Z"), delivered.reportedAt(), "Beijing time");

        // the gateway pushes again (a lost answer): same answer, nothing changes
        HttpResponse<String> again = push("[" + report(first, false, "MK:0001", "2026-03-01 10:09:00") + "]");
        assertEquals(200, again.statusCode());
        assertEquals(delivered, messages.byOutId(first.outId()).orElseThrow());

        // a failed delivery keeps the carrier's code; a report of a message not sent from here is ignored
        String unknown = "{\"phone_number\":\"13700137000\",\"success\":true,\"biz_id\":\"1^0\",\"err_code\":\"DELIVERED\"}";
        assertEquals(200, push("[" + report(second, false, "MK:0001", "2026-03-01 10:00:07") + "," + unknown + "]").statusCode());
        SmsMessages.SmsMessage undelivered = messages.byOutId(second.outId()).orElseThrow();
        assertEquals("undelivered", undelivered.state());
        assertEquals("MK:0001", undelivered.errorCode());
    }

    @Test
    void aBadBodyIsRefusedAndChangesNothing() throws Exception {
        String good = report(first, true, "DELIVERED", "2026-03-01 10:00:05");
        for (String bad : List.of("not json", "{}", "{\"biz_id\":\"" + first.bizId() + "\"}",
                "[" + good + ",{\"phone_number\":\"13900139000\",\"success\":true}]",
                "[" + good + ",{\"phone_number\":\"13900139000\",\"biz_id\":\"" + second.bizId() + "\",\"success\":\"yes\"}]",
                "[" + good + ",42]", "[" + good + ",{\"biz_id\":\"" + second.bizId() + "\",\"success\":true}]")) {
            HttpResponse<String> r = push(bad);
            assertEquals(400, r.statusCode(), bad + " → " + r.body());
            assertTrue(r.body().contains("\"code\":1"), r.body());
        }
        for (FakeAliyunSms.Sent s : List.of(first, second)) {
            SmsMessages.SmsMessage m = messages.byOutId(s.outId()).orElseThrow();
            assertEquals("sent", m.state());
            assertNull(m.reportedAt());
        }
    }
}
