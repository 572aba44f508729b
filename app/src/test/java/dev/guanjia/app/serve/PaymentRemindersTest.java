package dev.guanjia.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.app.config.ConfigLoader;
import dev.guanjia.app.config.GuanjiaConfig;
import dev.guanjia.channels.wechat.WeChatAccounts;
import dev.guanjia.channels.wechat.WeChatApi;
import dev.guanjia.channels.wechat.WeChatBillReminders;
import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.community.resident.Bindings;
import dev.guanjia.community.session.Caller;
import dev.guanjia.community.session.Sessions;
import dev.guanjia.community.sms.Sms;
import dev.guanjia.community.sms.SmsSender;
import dev.guanjia.payments.reminder.PaymentLinks;
import dev.guanjia.payments.reminder.ReminderPolicies;
import dev.guanjia.payments.reminder.Reminders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Payment reminders against the running server and a fake WeChat API speaking its wire format (the
 * demo community): a follower's reply "退订催缴" / "恢复催缴", the resident's web setting, the
 * supervisor's policy, and a round delivered through the official account (customer-service message,
 * the notice template outside the 48-hour window) or by SMS to residents without WeChat.
 */
class PaymentRemindersTest {

    static final String TOKEN = "guanjiatesttoken";

    @TempDir
    static Path workDir;

    static FakeWeChatApi fakeWeChat;
    static GuanjiaServer server;
    static GuanjiaConfig config;
    static final List<String> templates = new CopyOnWriteArrayList<>();
    static final List<String> texts = new CopyOnWriteArrayList<>();
    static final HttpClient http = HttpClient.newHttpClient();
    static final ObjectMapper json = new ObjectMapper();
    static final AtomicLong msgIds = new AtomicLong(700000);

    @BeforeAll
    static void start() throws Exception {
        // c01 has not written to the account for 48 hours: customer-service messages to her are refused
        fakeWeChat = FakeWeChatApi.start(q -> "T1", body -> body.contains("wx-cuihu-c01")
                ? "{\"errcode\":45015,\"errmsg\":\"response out of time limit or subscription is canceled\"}"
                : FakeWeChatApi.OK, Map.of("/cgi-bin/message/template/send", ex -> {
                    templates.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                    FakeWeChatApi.json(ex, "{\"errcode\":0,\"errmsg\":\"ok\",\"msgid\":200228332}");
                }));
        fakeWeChat.writeConfig(workDir, FakeWeChatApi.Account.cuihu(TOKEN),
                "passive_wait_ms: 4000\nnotice_template_id: TPL-BILL\nnotice_template_field: remark\n");
        config = ConfigLoader.load(Map.of(), workDir);
        server = GuanjiaServer.start(ClusterTemplate.seed(config), (phone, text) -> texts.add(phone + " " + text));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        fakeWeChat.close();
    }

    private static String say(String openid, String content) throws Exception {
        msgIds.incrementAndGet();
        return WeChatCallbackTest.passiveReply(http, server.port(), "cuihu", TOKEN, openid,
                "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[" + content + "]]></Content><MsgId>"
                        + msgIds.incrementAndGet() + "</MsgId>", "n" + msgIds.get());
    }

    private static long count(String sql, Object... args) throws Exception {
        try (Connection c = server.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long resident(String code) throws Exception {
        return count("SELECT id FROM residents WHERE community_id = 'cuihu' AND code = ?", code);
    }

    private static String session(Caller.Kind kind, String code) {
        return new Sessions(server.dataSource(), server.personalData()).open("cuihu", kind, code, Duration.ofHours(1));
    }

    private static HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aFollowerStopsRemindersByReplyingAndHasThemAgain() throws Exception {
        long c03 = resident("c03");
        String stop = say("wx-cuihu-c03", "退订催缴");
        assertTrue(stop.contains("已为您关闭缴费提醒") && stop.contains("恢复催缴"), stop);
        assertEquals(1, count("SELECT count(*) FROM reminder_opt_outs WHERE resident_id = ? AND via = 'wechat'", c03));
        String resume = say("wx-cuihu-c03", "恢复催缴");
        assertTrue(resume.contains("已为您恢复缴费提醒"), resume);
        assertEquals(0, count("SELECT count(*) FROM reminder_opt_outs WHERE resident_id = ?", c03));
        String stranger = say("wx-not-bound-rem", "退订催缴");
        assertTrue(stranger.contains("还没有绑定"), stranger);
        assertEquals(1, count("SELECT count(*) FROM audit_log WHERE action = 'reminder.opt_out' AND subject = ?",
                "resident:" + c03));
    }

    @Test
    void aResidentTurnsRemindersOffOnTheWebAndOnlyManagersSetThePolicy() throws Exception {
        String c04 = session(Caller.Kind.RESIDENT, "c04");
        assertEquals(401, call("GET", "/api/v1/reminders/me", null, null).statusCode());
        assertTrue(json.readTree(call("GET", "/api/v1/reminders/me", c04, null).body()).get("enabled").asBoolean());
        HttpResponse<String> off = call("PUT", "/api/v1/reminders/me", c04, "{\"enabled\":false}");
        assertEquals(200, off.statusCode(), off.body());
        assertTrue(off.body().contains("已关闭缴费提醒"), off.body());
        assertFalse(json.readTree(call("GET", "/api/v1/reminders/me", c04, null).body()).get("enabled").asBoolean());
        assertEquals(1, count("SELECT count(*) FROM reminder_opt_outs WHERE resident_id = ? AND via = 'web'",
                resident("c04")));
        assertEquals(400, call("PUT", "/api/v1/reminders/me", c04, "{\"enabled\":\"no\"}").statusCode());
        assertEquals(200, call("PUT", "/api/v1/reminders/me", c04, "{\"enabled\":true}").statusCode());
        assertEquals(0, count("SELECT count(*) FROM reminder_opt_outs WHERE resident_id = ?", resident("c04")));

        assertEquals(403, call("GET", "/api/v1/reminders/policy", c04, null).statusCode());
        String agent = session(Caller.Kind.STAFF, "e05");
        assertEquals(403, call("GET", "/api/v1/reminders/policy", agent, null).statusCode());
        assertEquals(403, call("PUT", "/api/v1/reminders/me", agent, "{\"enabled\":false}").statusCode());
        String supervisor = session(Caller.Kind.STAFF, "e07");
        JsonNode policy = json.readTree(call("GET", "/api/v1/reminders/policy", supervisor, null).body());
        assertEquals(3, policy.get("daysBefore").asInt());
        assertEquals("21:00", policy.get("quietStart").asText());
        assertEquals("[\"wechat\",\"sms\"]", policy.get("channels").toString());
        HttpResponse<String> set = call("PUT", "/api/v1/reminders/policy", supervisor,
                "{\"daysBefore\":5,\"overdueRepeatDays\":7,\"overdueLimit\":3,\"quietStart\":\"22:00\"}");
        assertEquals(200, set.statusCode(), set.body());
        assertEquals(5, json.readTree(call("GET", "/api/v1/reminders/policy", supervisor, null).body())
                .get("daysBefore").asInt());
        assertEquals(400, call("PUT", "/api/v1/reminders/policy", supervisor, "{\"channels\":[\"email\"]}").statusCode());
        assertEquals(400, call("PUT", "/api/v1/reminders/policy", supervisor, "{\"quietEnd\":\"8 o'clock\"}").statusCode());
        assertEquals(1, count("SELECT count(*) FROM audit_log WHERE action = 'reminder.policy' AND actor = 'staff:e07'"));
        // back to the defaults the round below expects
        assertEquals(200, call("PUT", "/api/v1/reminders/policy", supervisor,
                "{\"daysBefore\":3,\"overdueRepeatDays\":0,\"overdueLimit\":1,\"quietStart\":\"21:00\"}").statusCode());
    }

    @Test
    void aRoundRemindsThroughTheOfficialAccountOrBySms() throws Exception {
        List<Sms> sms = new CopyOnWriteArrayList<>();
        SmsSender gateway = new SmsSender() {
            @Override
            public void send(String phone, String text) {
                throw new AssertionError("templated messages only");
            }

            @Override
            public void send(Sms message) {
                sms.add(message);
            }
        };
        WeChatAccounts accounts = new WeChatAccounts(List.of(new WeChatApi(GuanjiaServer.weChatAccount(
                config.wechatAccounts().get(0)))));
        Reminders reminders = new Reminders(server.dataSource(), new CommunityDirectory(server.dataSource()),
                new ReminderPolicies(server.dataSource()), new Bindings(server.dataSource(), server.personalData()),
                new Reminders.Delivery(new WeChatBillReminders(accounts), gateway, PaymentLinks.NONE));
        reminders.run(ZonedDateTime.of(2026, 12, 28, 10, 0, 0, 0, ZoneId.of("Asia/Shanghai")).toInstant());
        reminders.run(ZonedDateTime.of(2026, 12, 28, 10, 10, 0, 0, ZoneId.of("Asia/Shanghai")).toInstant());

        // the server's own round (every 10 minutes, real time) may have sent the overdue ones already:
        // what was sent is counted wherever it went, never which round sent it
        List<String> kefu = fakeWeChat.kefu.stream().filter(k -> k.contains("尊敬的住户")).toList();
        List<String> texted = new java.util.ArrayList<>(texts);
        sms.forEach(m -> texted.add(m.phone() + " " + m.text()));
        // c11 (A2-2-601) by customer-service message, once, both of the house's bills in it
        List<String> toC11 = kefu.stream().filter(k -> k.contains("wx-cuihu-c11")).toList();
        assertEquals(1, toC11.size(), kefu::toString);
        assertTrue(toC11.get(0).contains("A2-2-601 物业服务费 2026-Q4 636.24元") && toC11.get(0).contains("合计696.24元"),
                toC11.get(0));
        // c10's parking bill fell due on 30 November: overdue
        assertTrue(kefu.stream().anyMatch(k -> k.contains("wx-cuihu-c10") && k.contains("已逾期未缴")), kefu::toString);
        // c01 is outside the 48-hour window: the notice template carries it
        assertTrue(templates.stream().anyMatch(t -> t.contains("wx-cuihu-c01") && t.contains("TPL-BILL")
                && t.contains("A1-1-201")), templates::toString);
        assertFalse(kefu.stream().anyMatch(k -> k.contains("wx-cuihu-c02")), "family members are not reminded");
        // c05 and c12 have no WeChat: SMS; c05's overdue bill is a message of its own
        assertEquals(1, texted.stream().filter(t -> t.startsWith("13962000105 ") && t.contains("即将到期")).count(), texted::toString);
        assertEquals(1, texted.stream().filter(t -> t.startsWith("13962000105 ") && t.contains("已逾期未缴")).count(), texted::toString);
        assertTrue(sms.stream().anyMatch(m -> m.phone().equals("13962000112") && m.params().get("house").equals("B1-1-101")
                && m.purpose().equals("payment_reminder")), sms::toString);
        assertFalse(texted.stream().anyMatch(t -> t.startsWith("0512")), "a landline takes no text");
        assertEquals(0, count("SELECT count(*) FROM reminder_messages WHERE state = 'queued'"));

        // the reminders are the resident's data: in their export, gone with their erasure
        String c11 = session(Caller.Kind.RESIDENT, "c11");
        JsonNode export = json.readTree(call("GET", "/api/v1/me/export", c11, null).body());
        assertTrue(export.toString().contains("A2-2-601 物业服务费"), export.toString());
        assertEquals(200, call("POST", "/api/v1/me/erasure", c11, "{\"confirm\":true}").statusCode());
        assertEquals(0, count("SELECT count(*) FROM reminder_messages WHERE resident_id = ?", resident("c11")));
    }
}
