package dev.guanjia.app.serve;

import dev.guanjia.app.config.ConfigLoader;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replayed, stale, forged-body and malformed WeChat callbacks against the running server (real
 * signatures, real AES, real PostgreSQL): refused without storing or reading anything, never a 500;
 * WeChat's genuine retries still answered once. Every log record at every level is captured and must
 * hold neither the token, the AES key, the access_token nor any message text.
 */
class WeChatReplayTest {

    static final String TOKEN = "replaytesttoken7Q2";
    static final String AES_KEY = "Zyxwvutsrqponmlkjihgfedcba9876543210ABCDEFG";
    static final String APP_ID = "wxreplayappid";
    static final String SECRET = "replaysecret5Kd0";
    static final String ACCESS_TOKEN = "ACCESS-fake-4c1e9b7d";
    static final String RESIDENT = "wx-cuihu-c04";
    static final String ATTACKER = "wx-attacker-01";

    @TempDir
    Path workDir;

    private FakeWeChatApi fakeWeChat;
    private List<String> kefu;
    private GuanjiaServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> logs = new CopyOnWriteArrayList<>();
    /** Every message text the test sends: none may reach a log. */
    private final List<String> texts = new CopyOnWriteArrayList<>();
    private final Logger root = Logger.getLogger("");
    private Level rootLevel;
    private final Handler capture = new Handler() {
        private final SimpleFormatter format = new SimpleFormatter();

        @Override
        public void publish(LogRecord r) {
            // the fake WeChat API's own server (the JDK's) is WeChat's side, not Guanjia's
            if (r.getLoggerName() != null && r.getLoggerName().startsWith("com.sun.net.httpserver")) {
                return;
            }
            logs.add(format.format(r));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void fakeApiAndLogCapture() throws Exception {
        fakeWeChat = FakeWeChatApi.start(query -> ACCESS_TOKEN,
                // every customer-service message fails: outside the 48-hour window, or an unknown openid
                body -> body.contains(RESIDENT) ? "{\"errcode\":45015,\"errmsg\":\"response out of time limit\"}"
                        : "{\"errcode\":40003,\"errmsg\":\"invalid openid\"}", Map.of());
        kefu = fakeWeChat.kefu;
    }

    @AfterEach
    void stopAndCheckLogs() throws Exception {
        try {
            if (server != null) {
                server.close();
            }
            fakeWeChat.close();
        } finally {
            root.removeHandler(capture);
            if (rootLevel != null) {
                root.setLevel(rootLevel);
            }
        }
        assertTrue(logs.size() > 10, "log records were captured");
        for (String line : logs) {
            assertFalse(line.contains(TOKEN), () -> "the token is logged: " + line);
            assertFalse(line.contains(AES_KEY), () -> "the AES key is logged: " + line);
            assertFalse(line.contains(SECRET), () -> "the AppSecret is logged: " + line);
            assertFalse(line.contains(ACCESS_TOKEN), () -> "the access_token is logged: " + line);
            for (String text : texts) {
                assertFalse(line.contains(text), () -> "message text is logged: " + line);
            }
        }
    }

    private void start(boolean safeMode, long passiveWaitMillis) throws Exception {
        fakeWeChat.writeConfig(workDir, new FakeWeChatApi.Account(List.of("cuihu"), APP_ID, SECRET, TOKEN), """
                aes_key: %s
                passive_wait_ms: %d
                max_clock_skew_seconds: 300
                """.formatted(safeMode ? AES_KEY : "", passiveWaitMillis));
        server = GuanjiaServer.start(ClusterTemplate.seed(ConfigLoader.load(Map.of(), workDir)), (phone, text) -> { });
        // from here on every record at every level is kept (the demo import before is not under test)
        rootLevel = root.getLevel();
        root.setLevel(Level.ALL);
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
    }

    private String xml(String openid, String content, long msgId) {
        texts.add(content);
        return "<xml><ToUserName><![CDATA[gh_cuihu]]></ToUserName><FromUserName><![CDATA[" + openid
                + "]]></FromUserName><CreateTime>" + now() + "</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                + "<Content><![CDATA[" + content + "]]></Content><MsgId>" + msgId + "</MsgId></xml>";
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    private static String signed(long timestamp, String nonce) throws Exception {
        return "timestamp=" + timestamp + "&nonce=" + nonce + "&signature="
                + WeChatCallbackTest.sha1(TOKEN, String.valueOf(timestamp), nonce);
    }

    /** A safe-mode request for {@code plainXml}, encrypted for {@code appId} with the given timestamp and nonce. */
    private static String[] encrypted(String plainXml, String appId, long timestamp, String nonce, String random)
            throws Exception {
        String cipher = new WxCryptUtil(TOKEN, AES_KEY, appId).encrypt(random, plainXml);
        String query = signed(timestamp, nonce) + "&encrypt_type=aes&msg_signature="
                + WeChatCallbackTest.sha1(TOKEN, String.valueOf(timestamp), nonce, cipher);
        String body = "<xml><ToUserName><![CDATA[gh_cuihu]]></ToUserName><Encrypt><![CDATA[" + cipher
                + "]]></Encrypt></xml>";
        return new String[] {query, body};
    }

    /** 0 for "success"; 1 for the stored answer carried passively, encrypted for this account, to the resident. */
    private static int passiveOrSuccess(String body) throws Exception {
        if ("success".equals(body)) {
            return 0;
        }
        String reply = new WxCryptUtil(TOKEN, AES_KEY, APP_ID).decrypt(cipherOf(body));
        assertTrue(reply.contains("<ToUserName><![CDATA[" + RESIDENT + "]]>"), reply);
        return 1;
    }

    private static String cipherOf(String xml) {
        return xml.replaceAll("(?s).*<Encrypt><!\\[CDATA\\[(.*?)]]>.*", "$1");
    }

    private HttpResponse<String> post(String query, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/wechat/cuihu/callback?" + query)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String query) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/wechat/cuihu/callback" + query)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private long stored(String text) throws Exception {
        try (Connection c = server.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT count(*) FROM messages WHERE direction = 'in' AND body = ?")) {
            ps.setString(1, text);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void assertRefused(int status, HttpResponse<String> r, String text) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.body().chars().allMatch(ch -> ch < 128), "an English reason: " + r.body());
        assertFalse(r.body().isBlank());
        assertEquals(0, stored(text), "nothing stored");
    }

    @Test
    void plainModeRefusesStaleFutureReplayedAndMalformedCallbacksAndAnswersRetriesOnce() throws Exception {
        start(false, 4000);
        // the URL check: unsigned, stale or wrongly signed is refused (and the token never logged)
        assertEquals(403, get("").statusCode());
        assertEquals(403, get("?signature=&timestamp=&nonce=&echostr=x").statusCode());
        assertEquals(403, get("?" + signed(now() - 600, "g1") + "&echostr=x").statusCode());
        assertEquals("hello", get("?" + signed(now(), "g2") + "&echostr=hello").body());

        // a genuine message, then WeChat's retries: the same request again, and one newly signed
        String question = "门禁卡遗失了怎么补办";
        String first = signed(now(), "100001");
        String message = xml(ATTACKER, question, 700001);
        HttpResponse<String> answered = post(first, message);
        assertEquals(200, answered.statusCode());
        assertTrue(answered.body().contains("<Content>"), answered.body());
        // a retry means WeChat did not get the first reply: it gets the stored answer again, made once
        assertTrue(post(first, message).body().contains("<Content>"));
        assertTrue(post(signed(now(), "100002"), message).body().contains("<Content>"));
        assertEquals(1, stored(question));

        // the captured signature carries another resident's bill question: refused, no bill read
        String forged = "帮我查一下我家的账单，还欠多少";
        HttpResponse<String> replay = post(first, xml(RESIDENT, forged, 700002));
        assertRefused(403, replay, forged);
        assertFalse(replay.body().contains("元"), replay.body());

        // stale and future timestamps, though correctly signed (a minute past the 300 s skew, so a slow
        // machine's seconds between signing and checking cannot bring them back inside it)
        String stale = "旧消息重放：电梯坏了";
        assertRefused(403, post(signed(now() - 360, "100003"), xml(RESIDENT, stale, 700003)), stale);
        assertRefused(403, post(signed(now() + 360, "100004"), xml(RESIDENT, stale, 700004)), stale);
        assertRefused(403, post("timestamp=abc&nonce=100005&signature="
                + WeChatCallbackTest.sha1(TOKEN, "abc", "100005"), xml(RESIDENT, stale, 700005)), stale);
        // within the allowed skew a delayed message is still read
        String late = "楼道灯不亮了";
        assertEquals(200, post(signed(now() - 200, "100006"), xml(ATTACKER, late, 700006)).statusCode());
        assertEquals(1, stored(late));

        // malformed, empty, or without sender or type: 400, never 500
        String broken = "坏掉的消息";
        texts.add(broken);
        assertRefused(400, post(signed(now(), "100007"), "<xml><FromUserName>" + broken), broken);
        assertRefused(400, post(signed(now(), "100008"), "not xml at all " + broken), broken);
        assertRefused(400, post(signed(now(), "100009"), ""), broken);
        assertRefused(400, post(signed(now(), "100010"), "<xml><ToUserName>gh</ToUserName><MsgType>text</MsgType>"
                + "<Content>" + broken + "</Content><MsgId>1</MsgId></xml>"), broken);
        assertRefused(400, post(signed(now(), "100011"), "<xml><FromUserName>" + ATTACKER + "</FromUserName>"
                + "<Content>" + broken + "</Content><MsgId>2</MsgId></xml>"), broken);
        assertRefused(400, post(signed(now(), "100012"), "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<xml><FromUserName>&e;</FromUserName><MsgType>text</MsgType><Content>" + broken
                + "</Content></xml>"), broken);
    }

    @Test
    void safeModeRefusesPlaintextAndForeignAppIdsAndAcceptsARetryEncryptedAfresh() throws Exception {
        start(true, 1); // every answer goes as a customer-service message, which the fake WeChat refuses
        // plaintext, though correctly signed, is not read once an AES key is configured
        String plain = "明文消息：我家还欠多少钱";
        assertRefused(403, post(signed(now(), "200001"), xml(RESIDENT, plain, 800001)), plain);
        assertRefused(403, post(signed(now(), "200002") + "&encrypt_type=aes&msg_signature=00",
                xml(RESIDENT, plain, 800002)), plain);

        // encrypted with this account's key but for another AppId: refused
        String foreign = "别的公众号的消息";
        String foreignXml = xml(RESIDENT, foreign, 800003);
        String[] other = encrypted(foreignXml, "wxsomeoneelse", now(), "200003", "abcdefghijklmnop");
        assertRefused(403, post(other[0], other[1]), foreign);
        // WxJava's own decryption would have accepted it: that is why the AppId is checked here
        assertEquals(foreignXml, new WxCryptUtil(TOKEN, AES_KEY, APP_ID).decrypt(cipherOf(other[1])));

        // a wrong msg_signature
        String tampered = "被篡改的消息";
        String[] t = encrypted(xml(RESIDENT, tampered, 800004), APP_ID, now(), "200004", "abcdefghijklmnop");
        assertRefused(403, post(t[0].replaceAll("msg_signature=[0-9a-f]+", "msg_signature="
                + "0".repeat(40)), t[1]), tampered);

        // a genuine message; WeChat's retry (same nonce, encrypted afresh) and a replay: answered once
        String question = "物业费能用手机付吗";
        String genuineXml = xml(RESIDENT, question, 800005);
        long ts = now();
        String[] genuine = encrypted(genuineXml, APP_ID, ts, "200005", "abcdefghijklmnop");
        assertEquals("success", post(genuine[0], genuine[1]).body());
        String[] retry = encrypted(genuineXml, APP_ID, ts, "200005", "ponmlkjihgfedcba");
        // a retry finding the answer made (and its push refused) may carry it passively: both are right
        int passive = passiveOrSuccess(post(retry[0], retry[1]).body());
        passive += passiveOrSuccess(post(genuine[0], genuine[1]).body());
        assertEquals(1, stored(question));
        // the same nonce with another message, even correctly encrypted and signed: refused
        String other2 = "同一个 nonce 的另一条消息";
        String[] swapped = encrypted(xml(ATTACKER, other2, 800006), APP_ID, ts, "200005", "abcdefghijklmnop");
        assertRefused(403, post(swapped[0], swapped[1]), other2);

        // a second resident's message; its customer-service answer is refused by WeChat (40003)
        String second = "楼下装修太吵了";
        String[] m2 = encrypted(xml(ATTACKER, second, 800007), APP_ID, now(), "200007", "qrstuvwxyzabcdef");
        assertEquals("success", post(m2[0], m2[1]).body());
        for (int i = 0; i < 150 && (kefu.stream().noneMatch(k -> k.contains(RESIDENT))
                || kefu.stream().noneMatch(k -> k.contains(ATTACKER))); i++) {
            Thread.sleep(100);
        }
        Thread.sleep(500);
        long pushed = kefu.stream().filter(k -> k.contains(RESIDENT)).count();
        assertTrue(pushed <= 1, kefu::toString);
        assertTrue(pushed == 1 || passive > 0, "the resident's answer went out one way or the other");
        assertEquals(1, kefu.stream().filter(k -> k.contains(ATTACKER)).count(), kefu::toString);
        // failures are logged for the operator: openid and errcode
        assertTrue(pushed == 0 || logs.stream().anyMatch(l -> l.contains(RESIDENT) && l.contains("45015")),
                logs::toString);
        assertTrue(logs.stream().anyMatch(l -> l.contains(ATTACKER) && l.contains("40003")), logs::toString);
        // the answers' text must not be logged either
        for (String k : kefu) {
            String content = k.replaceAll("(?s).*\"content\":\"(.*?)\".*", "$1").split("\\\\")[0];
            if (content.length() >= 6) {
                texts.add(content.substring(0, Math.min(20, content.length())));
            }
        }
    }
}
