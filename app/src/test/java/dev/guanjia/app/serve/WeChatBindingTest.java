package dev.guanjia.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.app.config.ConfigLoader;
import dev.guanjia.community.session.Caller;
import dev.guanjia.community.session.Sessions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Binding in the WeChat chat against the running server (real signatures, real HTTP, real
 * PostgreSQL, the demo community's residents): by phone in residents' own wordings, by name and
 * house with the service centre confirming, the same answers for registered and unknown numbers
 * (chat and /api/v1/auth/code), no phone or code in the stored messages, and a person asked for
 * by a follower nobody can call.
 */
class WeChatBindingTest {

    static final String TOKEN = "guanjiatesttoken";

    @TempDir
    static Path workDir;

    static FakeWeChatApi fakeWeChat;
    static GuanjiaServer server;
    static List<String> kefu;
    static final Map<String, List<String>> sms = new ConcurrentHashMap<>();
    static final HttpClient http = HttpClient.newHttpClient();
    static final ObjectMapper json = new ObjectMapper();
    static final AtomicLong msgIds = new AtomicLong(900000);

    @BeforeAll
    static void start() throws Exception {
        fakeWeChat = FakeWeChatApi.start();
        kefu = fakeWeChat.kefu;
        fakeWeChat.writeConfig(workDir, FakeWeChatApi.Account.cuihu(TOKEN), "passive_wait_ms: 4000\n");
        server = GuanjiaServer.start(ClusterTemplate.seed(ConfigLoader.load(Map.of(), workDir)),
                (phone, text) -> sms.computeIfAbsent(phone, p -> new CopyOnWriteArrayList<>()).add(text));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        fakeWeChat.close();
    }

    /** What the bot answered passively to one text message. */
    private static String say(String openid, String content) throws Exception {
        return reply(openid, "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[" + content + "]]></Content>"
                + "<MsgId>" + msgIds.incrementAndGet() + "</MsgId>");
    }

    private static String event(String openid, String event, String key) throws Exception {
        return reply(openid, "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[" + event + "]]></Event>"
                + (key == null ? "" : "<EventKey><![CDATA[" + key + "]]></EventKey>"));
    }

    private static String reply(String openid, String inner) throws Exception {
        msgIds.incrementAndGet();
        return WeChatCallbackTest.passiveReply(http, server.port(), "cuihu", TOKEN, openid, inner, "n" + msgIds.get());
    }

    private static String lastCode(String phone) {
        List<String> texts = sms.getOrDefault(phone, List.of());
        assertFalse(texts.isEmpty(), "no SMS to " + phone);
        Matcher m = Pattern.compile("(\\d{6})").matcher(texts.get(texts.size() - 1));
        assertTrue(m.find());
        return m.group(1);
    }

    private static long count(String sql, String... args) throws Exception {
        try (Connection c = server.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setString(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long messagesContaining(String text) throws Exception {
        return count("SELECT count(*) FROM messages WHERE body LIKE ? OR payload LIKE ?", "%" + text + "%",
                "%" + text + "%");
    }

    @Test
    void aFollowerLearnsHowAndBindsByPhoneInTheirOwnWords() throws Exception {
        String openid = "wx-binding-words";
        String welcome = event(openid, "subscribe", null);
        assertTrue(welcome.contains("发送您在物业登记的手机号") && welcome.contains("验证码"), welcome);
        for (String ask : List.of("怎么绑定", "绑定", "我想绑定一下微信", "如何绑定手机号？")) {
            String how = say(openid, ask);
            assertTrue(how.contains("发送您在物业登记的手机号，我们会发验证码给您"), ask + " → " + how);
        }
        assertTrue(say(openid, "解绑").contains("还没有绑定"));
        // the bills refusal says exactly how, too
        String refused = say(openid, "我家还欠多少钱");
        assertTrue(refused.contains("发送您在物业登记的手机号"), refused);
        // c05 钱卫东 (A1-2-302) has no WeChat yet
        String sent = say(openid, "绑定手机号13962000105");
        assertTrue(sent.contains("验证码已发送"), sent);
        String code = lastCode("13962000105");
        assertTrue(say(openid, "验证码是" + code).contains("绑定成功"));
        String bills = say(openid, "我家还欠多少钱");
        assertTrue(bills.contains("741.18"), bills);
        assertTrue(say(openid, "绑定").contains("已经绑定（A1-2-302）"));
        // nothing typed while binding is kept in the clear
        assertEquals(0, messagesContaining("13962000105"));
        assertEquals(0, messagesContaining(code));
        assertTrue(messagesContaining("绑定手机号[手机号已加密]") == 1, "the message is kept with a mark");

        // 换绑 to another number, written with spaces: c12 范淑珍
        String rebind = say(openid, "换绑 139 6200 0112");
        assertTrue(rebind.contains("已解除原来的绑定") && rebind.contains("验证码已发送"), rebind);
        String code2 = lastCode("13962000112");
        assertTrue(say(openid, code2).contains("绑定成功"));
        String hers = say(openid, "我家还欠多少钱");
        assertTrue(hers.contains("949.08"), hers);
        assertEquals(0, messagesContaining("0112"));
        assertEquals(0, messagesContaining(code2));
        assertTrue(say(openid, "解除绑定").contains("已解除绑定"));
        assertTrue(say(openid, "我家还欠多少钱").contains("发送您在物业登记的手机号"));

        // a phone number alone, in a sentence about it, is a binding step too (c05 again)
        String alone = say("wx-binding-alone", "我的手机号是13962000105");
        assertTrue(alone.contains("验证码"), alone);
        // a repair with a number in it is still a repair for the agent, and no SMS goes out for it
        int before = sms.getOrDefault("13962000106", List.of()).size();
        String repair = say("wx-binding-repair", "怎么绑定门禁卡");
        assertFalse(repair.contains("发送您在物业登记的手机号，我们会发验证码给您，回复验证码即可完成绑定"), repair);
        assertEquals(before, sms.getOrDefault("13962000106", List.of()).size());
    }

    @Test
    void registeredAndUnknownNumbersGetTheSameAnswersInChatAndOverHttp() throws Exception {
        // c10 彭丽华 is registered; 13900000000 is nobody in the demo community
        String known = "13962000110";
        String unknown = "13900000000";
        String k1 = say("wx-probe-1", "绑定" + known);
        String u1 = say("wx-probe-2", "绑定" + unknown);
        assertEquals(k1, u1);
        String k2 = say("wx-probe-1", "绑定" + known);
        String u2 = say("wx-probe-2", "绑定" + unknown);
        assertEquals(k2, u2);
        assertTrue(k2.contains("1分钟内不能重复获取"), k2);
        assertEquals(1, sms.getOrDefault(known, List.of()).size(), "a second request within a minute sends nothing");
        assertFalse(sms.containsKey(unknown));

        // the web sign-in: same status and body for both, first and second request
        String knownWeb = "13962000111";
        String unknownWeb = "13900000001";
        HttpResponse<String> kw1 = code(knownWeb);
        HttpResponse<String> uw1 = code(unknownWeb);
        assertEquals(kw1.statusCode(), uw1.statusCode());
        assertEquals(json.readTree(kw1.body()), json.readTree(uw1.body()));
        assertEquals(200, kw1.statusCode());
        HttpResponse<String> kw2 = code(knownWeb);
        HttpResponse<String> uw2 = code(unknownWeb);
        assertEquals(kw2.statusCode(), uw2.statusCode());
        assertEquals(json.readTree(kw2.body()), json.readTree(uw2.body()));
        assertEquals(429, kw2.statusCode(), kw2.body());
        assertEquals(1, sms.getOrDefault(knownWeb, List.of()).size());
        // and about as fast: an unknown number is limited and recorded like a registered one
        long knownNanos = 0;
        long unknownNanos = 0;
        for (String[] pair : List.of(new String[]{"13962000113", "13900000002"},
                new String[]{"13962000114", "13900000003"})) {
            long t0 = System.nanoTime();
            HttpResponse<String> k = code(pair[0]);
            long t1 = System.nanoTime();
            HttpResponse<String> u = code(pair[1]);
            knownNanos += t1 - t0;
            unknownNanos += System.nanoTime() - t1;
            assertEquals(k.body(), u.body());
        }
        assertTrue(Math.abs(knownNanos - unknownNanos) < Duration.ofMillis(200).toNanos(),
                "known " + knownNanos / 1_000_000 + " ms vs unknown " + unknownNanos / 1_000_000 + " ms");
    }

    private static HttpResponse<String> code(String phone) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/auth/code"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"community\":\"cuihu\",\"phone\":\"" + phone + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aLandlineResidentBindsByNameAndHouseOnceTheServiceCentreConfirms() throws Exception {
        // c09 朱建平 (A2-1-702) has only a landline on record
        String openid = "wx-landline";
        String landline = say(openid, "绑定0512-66010901");
        assertTrue(landline.contains("座机收不到") && landline.contains("房号和姓名"), landline);
        assertFalse(sms.containsKey("051266010901"));
        String filed = say(openid, "我是A2栋1单元702的朱建平");
        assertTrue(filed.contains("已收到您的绑定申请（A2栋1单元702室）") && filed.contains("核实"), filed);
        // a claim that fits nobody gets the very same words
        String other = say("wx-landline-wrong", "我是A2栋1单元702的王五");
        assertEquals(filed, other);
        assertEquals(2, count("SELECT count(*) FROM messages WHERE direction = 'out' AND body LIKE '已收到您的绑定申请%'"),
                "binding replies are in the transcript staff read");
        assertEquals(0, messagesContaining("051266010901"));
        assertEquals(0, messagesContaining("66010901"));
        assertEquals(1, count("SELECT count(*) FROM conversations WHERE channel_user = ? AND state = 'queued'"
                + " AND handoff_summary LIKE '%绑定申请%'", openid));
        assertEquals(0, count("SELECT count(*) FROM binding_requests WHERE claimed_name LIKE '%朱建平%'"),
                "the claimed name is sealed");
        assertTrue(say(openid, "我家还欠多少钱").contains("发送您在物业登记的手机号"), "not bound before staff confirm");

        String agent = new Sessions(server.dataSource(), server.personalData()).open("cuihu", Caller.Kind.STAFF, "e05", Duration.ofHours(1));
        assertEquals(401, staff("GET", "/api/v1/binding-requests", null, null).statusCode());
        String resident = new Sessions(server.dataSource(), server.personalData()).open("cuihu", Caller.Kind.RESIDENT, "c01", Duration.ofHours(1));
        assertEquals(403, staff("GET", "/api/v1/binding-requests", resident, null).statusCode());
        JsonNode list = json.readTree(staff("GET", "/api/v1/binding-requests", agent, null).body()).get("requests");
        JsonNode mine = null;
        JsonNode wrong = null;
        for (JsonNode r : list) {
            if ("朱建平".equals(r.path("claimedName").asText())) {
                mine = r;
            } else if ("王五".equals(r.path("claimedName").asText())) {
                wrong = r;
            }
        }
        assertTrue(mine != null && wrong != null, list.toString());
        assertEquals("c09", mine.path("matchedResident").asText());
        assertEquals("A2-1-702", mine.path("houseCode").asText());
        assertTrue(wrong.path("matchedResident").isNull(), wrong.toString());
        HttpResponse<String> unmatched = staff("POST", "/api/v1/binding-requests/" + wrong.get("id").asLong()
                + "/confirm", agent, "{}");
        assertEquals(409, unmatched.statusCode(), unmatched.body());
        assertEquals(200, staff("POST", "/api/v1/binding-requests/" + wrong.get("id").asLong() + "/reject", agent,
                "{}").statusCode());

        HttpResponse<String> ok = staff("POST", "/api/v1/binding-requests/" + mine.get("id").asLong() + "/confirm",
                agent, "{}");
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(404, staff("POST", "/api/v1/binding-requests/" + mine.get("id").asLong() + "/confirm", agent,
                "{}").statusCode(), "decided once");
        assertTrue(kefu.stream().anyMatch(k -> k.contains(openid) && k.contains("绑定成功")), kefu::toString);
        String bills = say(openid, "我家还欠多少钱");
        assertTrue(bills.contains("845.79"), bills);
    }

    private static HttpResponse<String> staff(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anUnboundFollowerAskingForAPersonIsNotPromisedACallWithoutANumber() throws Exception {
        try (Connection c = server.dataSource().getConnection(); var s = c.createStatement()) {
            s.execute("DELETE FROM staff_presence");
        }
        String openid = "wx-human-unbound";
        String human = event(openid, "CLICK", "HUMAN");
        assertTrue(human.contains("在这里回复您"), human);
        assertFalse(human.contains("回电") || human.contains("联系您"), human);
        String callback = say(openid, "那给我回电吧");
        assertTrue(callback.contains("没法给您回电") && callback.contains("在这里回复您"), callback);
        // a bound resident has a number on record: the call back is promised
        String bound = event("wx-cuihu-c04", "CLICK", "HUMAN");
        assertTrue(bound.contains("回电"), bound);
    }
}
