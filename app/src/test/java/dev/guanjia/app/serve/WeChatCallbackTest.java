package dev.guanjia.app.serve;

import dev.guanjia.app.config.ConfigLoader;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;
import me.chanjar.weixin.mp.config.impl.WxMpDefaultConfigImpl;
import me.chanjar.weixin.mp.util.crypto.WxMpCryptUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The WeChat callback against the running server with real signatures, real XML and real AES,
 * and a fake WeChat API server (WxJava's API host pointed at it) receiving customer-service messages.
 */
class WeChatCallbackTest {

    static final String TOKEN = "guanjiatesttoken";
    static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String OPENID = "wx-cuihu-c04";

    @TempDir
    Path workDir;

    private FakeWeChatApi fakeWeChat;
    private List<String> kefu;
    private final List<String> templates = new CopyOnWriteArrayList<>();
    private final Map<String, String> sms = new java.util.concurrent.ConcurrentHashMap<>();
    private GuanjiaServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void fakeApi() throws Exception {
        fakeWeChat = FakeWeChatApi.start(query -> "T1",
                // a follower silent for two days: WeChat refuses customer-service messages
                body -> body.contains("wx-cuihu-c02") ? "{\"errcode\":45015,\"errmsg\":\"response out of time limit\"}"
                        : FakeWeChatApi.OK,
                Map.of("/cgi-bin/message/template/send", ex -> {
                    templates.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                    FakeWeChatApi.json(ex, "{\"errcode\":0,\"errmsg\":\"ok\",\"msgid\":1}");
                }));
        kefu = fakeWeChat.kefu;
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        fakeWeChat.close();
    }

    /** Plain mode (no AES key): signed plaintext messages are read. */
    private void start(long passiveWaitMillis) throws Exception {
        start(passiveWaitMillis, false);
    }

    /** With {@code safeMode} the AES key is configured and only encrypted messages are read. */
    private void start(long passiveWaitMillis, boolean safeMode) throws Exception {
        fakeWeChat.writeConfig(workDir, FakeWeChatApi.Account.cuihu(TOKEN), """
                aes_key: %s
                passive_wait_ms: %d
                notice_template_id: TPL_NOTICE
                notice_template_field: thing1
                """.formatted(safeMode ? AES_KEY : "", passiveWaitMillis));
        server = GuanjiaServer.start(ClusterTemplate.seed(ConfigLoader.load(Map.of(), workDir)), (phone, text) -> sms.put(phone, text));
    }

    static String sha1(String... parts) throws Exception {
        String[] sorted = parts.clone();
        Arrays.sort(sorted);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                .digest(String.join("", sorted).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * What the callback of {@code community} answered passively to a signed plain-mode message from
     * {@code openid} ({@code inner}: the XML after CreateTime); the whole body when not a text reply.
     */
    static String passiveReply(HttpClient http, int port, String community, String token, String openid,
                               String inner, String nonce) throws Exception {
        String ts = String.valueOf(java.time.Instant.now().getEpochSecond());
        String xml = "<xml><ToUserName><![CDATA[gh_" + community + "]]></ToUserName><FromUserName><![CDATA[" + openid
                + "]]></FromUserName><CreateTime>" + ts + "</CreateTime>" + inner + "</xml>";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/wechat/"
                        + community + "/callback?timestamp=" + ts + "&nonce=" + nonce + "&signature="
                        + sha1(token, ts, nonce) + "&openid=" + openid))
                .POST(HttpRequest.BodyPublishers.ofString(xml)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<Content><!\\[CDATA\\[(.*?)]]></Content>",
                java.util.regex.Pattern.DOTALL).matcher(r.body());
        return m.find() ? m.group(1) : r.body();
    }

    static String textXml(String content, long msgId) {
        return textXml(OPENID, content, msgId);
    }

    static String textXml(String openid, String content, long msgId) {
        return "<xml><ToUserName><![CDATA[gh_cuihu]]></ToUserName><FromUserName><![CDATA[" + openid
                + "]]></FromUserName><CreateTime>1764000000</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                + "<Content><![CDATA[" + content + "]]></Content><MsgId>" + msgId + "</MsgId></xml>";
    }

    private HttpResponse<String> post(String query, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/wechat/cuihu/callback?" + query)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Signed with the current time, as WeChat does: older timestamps are refused as replays. */
    private String signed(String nonce) throws Exception {
        return signed(String.valueOf(java.time.Instant.now().getEpochSecond()), nonce);
    }

    private String signed(String timestamp, String nonce) throws Exception {
        return "timestamp=" + timestamp + "&nonce=" + nonce + "&signature=" + sha1(TOKEN, timestamp, nonce)
                + "&openid=" + OPENID;
    }

    private long stored(String text) throws Exception {
        try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM messages WHERE direction = 'in' AND body = '" + text
                     + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void urlCheckForgedCallsRetriesAndAPassiveAnswer() throws Exception {
        start(4000);
        HttpResponse<String> check = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/wechat/cuihu/callback?" + signed("n1") + "&echostr=hello123")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("hello123", check.body());

        HttpResponse<String> forged = post("timestamp=1&nonce=2&signature=0000", textXml("伪造的消息", 1));
        assertEquals(403, forged.statusCode());
        assertEquals(0, stored("伪造的消息"));

        String question = "门禁卡遗失了怎么补办";
        HttpResponse<String> first = post(signed("n2"), textXml(question, 500001));
        assertEquals(200, first.statusCode());
        assertTrue(first.body().contains("<ToUserName><![CDATA[" + OPENID + "]]></ToUserName>"), first.body());
        assertTrue(first.body().contains("20"), first.body());
        // WeChat retries the same MsgId (it may not have had the first reply): stored once, answered once,
        // and the retry gets the stored answer as its passive reply
        for (String nonce : new String[]{"n3", "n4"}) {
            String again = post(signed(nonce), textXml(question, 500001)).body();
            assertTrue(again.contains("<ToUserName><![CDATA[" + OPENID + "]]></ToUserName>") && again.contains("20"), again);
        }
        assertEquals(1, stored(question));
        try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM messages WHERE reply_to = (SELECT id FROM messages"
                     + " WHERE channel_msg_id = 'msg:500001')")) {
            rs.next();
            assertEquals(1, rs.getInt(1), "one stored answer");
        }
        assertTrue(kefu.isEmpty(), "answered passively, nothing pushed: " + kefu);
    }

    @Test
    void locationsAndLinksAreStoredAndAnswered() throws Exception {
        start(4000);
        String location = "<xml><ToUserName><![CDATA[gh_cuihu]]></ToUserName><FromUserName><![CDATA[" + OPENID
                + "]]></FromUserName><CreateTime>1764000000</CreateTime><MsgType><![CDATA[location]]></MsgType>"
                + "<Location_X>31.2304</Location_X><Location_Y>121.4737</Location_Y><Scale>15</Scale>"
                + "<Label><![CDATA[翠湖苑东门]]></Label><MsgId>600001</MsgId></xml>";
        HttpResponse<String> r = post(signed("l1"), location);
        assertTrue(r.body().contains("收到您发送的位置"), r.body());
        try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT body FROM messages WHERE channel_msg_id = 'msg:600001'")) {
            assertTrue(rs.next());
            assertTrue(rs.getString(1).startsWith("[位置] 翠湖苑东门 (31.2304"), rs.getString(1));
        }
        String link = "<xml><ToUserName><![CDATA[gh_cuihu]]></ToUserName><FromUserName><![CDATA[" + OPENID
                + "]]></FromUserName><CreateTime>1764000000</CreateTime><MsgType><![CDATA[link]]></MsgType>"
                + "<Title><![CDATA[停车新规]]></Title><Description><![CDATA[说明]]></Description>"
                + "<Url><![CDATA[https://example.org/p]]></Url><MsgId>600002</MsgId></xml>";
        assertTrue(post(signed("l2"), link).body().contains("打不开链接"));
    }

    @Test
    void safeModeMessagesAreDecryptedAndAnsweredEncrypted() throws Exception {
        start(4000, true);
        WxMpDefaultConfigImpl config = new WxMpDefaultConfigImpl();
        config.setAppId("wxtestappid");
        config.setToken(TOKEN);
        config.setAesKey(AES_KEY);
        // a first message warms the agent up, so the measured one is answered within the passive wait
        WxCryptUtil.EncryptContext warm = new WxMpCryptUtil(config).encryptContext(textXml("你好", 500003));
        post("timestamp=" + warm.getTimeStamp() + "&nonce=" + warm.getNonce() + "&signature="
                + sha1(TOKEN, warm.getTimeStamp(), warm.getNonce()) + "&encrypt_type=aes&msg_signature="
                + warm.getSignature() + "&openid=" + OPENID, "<xml><ToUserName><![CDATA[gh_cuihu]]></ToUserName><Encrypt><![CDATA["
                + warm.getEncrypt() + "]]></Encrypt></xml>");
        WxCryptUtil.EncryptContext enc = new WxMpCryptUtil(config).encryptContext(textXml("物业费能用手机付吗", 500002));
        String body = "<xml><ToUserName><![CDATA[gh_cuihu]]></ToUserName><Encrypt><![CDATA[" + enc.getEncrypt()
                + "]]></Encrypt></xml>";
        String query = "timestamp=" + enc.getTimeStamp() + "&nonce=" + enc.getNonce() + "&signature="
                + sha1(TOKEN, enc.getTimeStamp(), enc.getNonce()) + "&encrypt_type=aes&msg_signature="
                + enc.getSignature() + "&openid=" + OPENID;
        HttpResponse<String> r = post(query, body);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("<Encrypt>") && !r.body().contains("公众号"), "the reply is encrypted too: " + r.body());
        String plain = new WxMpCryptUtil(config).decrypt(r.body().replaceAll("(?s).*<Encrypt><!\\[CDATA\\[(.*?)]]>.*", "$1"));
        assertTrue(plain.contains(OPENID), plain);
        assertEquals(1, stored("物业费能用手机付吗"));
    }

    @Test
    void aNewFollowerBindsWithAPhoneCodeAndGetsWorkOrderNotices() throws Exception {
        start(4000);
        String openid = "wx-new-follower";
        HttpResponse<String> bills = post(signed("b1"), textXml(openid, "我家还欠多少钱", 600001));
        assertTrue(bills.body().contains("验证"), bills.body());
        HttpResponse<String> phone = post(signed("b2"), textXml(openid, "绑定 13962000102", 600002));
        assertTrue(phone.body().contains("验证码已发送"), phone.body());
        java.util.regex.Matcher code = java.util.regex.Pattern.compile("(\\d{6})").matcher(sms.get("13962000102"));
        assertTrue(code.find());
        HttpResponse<String> bound = post(signed("b3"), textXml(openid, code.group(1), 600003));
        assertTrue(bound.body().contains("绑定成功"), bound.body());
        HttpResponse<String> mine = post(signed("b4"), textXml(openid, "我家还欠多少钱", 600004));
        assertTrue(mine.body().contains("578.76"), mine.body());

        HttpResponse<String> repair = post(signed("b5"),
                textXml(openid, "厨房水管漏水了，明天上午家里有人", 600005));
        assertTrue(repair.body().contains("单号"), repair.body());
        java.util.function.Predicate<String> notice = k -> k.contains("\"touser\":\"" + openid + "\"")
                && k.contains("单号");
        for (int i = 0; i < 150 && kefu.stream().noneMatch(notice); i++) {
            Thread.sleep(100);
        }
        assertTrue(kefu.stream().anyMatch(notice), kefu::toString);
        // the same resident's older openid is outside the 48-hour window: a template message instead
        for (int i = 0; i < 100 && templates.isEmpty(); i++) {
            Thread.sleep(100);
        }
        assertTrue(templates.stream().anyMatch(t -> t.contains("wx-cuihu-c02") && t.contains("TPL_NOTICE")
                && t.contains("thing1")), templates::toString);

        String image = "<xml><ToUserName><![CDATA[gh_cuihu]]></ToUserName><FromUserName><![CDATA[" + openid
                + "]]></FromUserName><CreateTime>1764000029</CreateTime><MsgType><![CDATA[image]]></MsgType>"
                + "<PicUrl><![CDATA[http://127.0.0.1/p.jpg]]></PicUrl><MediaId><![CDATA[MEDIA42]]></MediaId>"
                + "<MsgId>600007</MsgId></xml>";
        HttpResponse<String> photo = post(signed("b8"), image);
        assertTrue(photo.body().contains("补充到您的工单"), photo.body());
        try (Connection c = server.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM work_order_attachments a JOIN resident_media m "
                     + "ON a.reference = 'media:' || m.id WHERE m.external_id = 'MEDIA42'")) {
            rs.next();
            assertEquals(1, rs.getInt(1));
        }

        String unsubscribe = "<xml><ToUserName><![CDATA[gh_cuihu]]></ToUserName><FromUserName><![CDATA[" + openid
                + "]]></FromUserName><CreateTime>1764000030</CreateTime><MsgType><![CDATA[event]]></MsgType>"
                + "<Event><![CDATA[unsubscribe]]></Event></xml>";
        assertEquals("success", post(signed("b6"), unsubscribe).body());
        HttpResponse<String> after = post(signed("b7"), textXml(openid, "我家还欠多少钱", 600006));
        assertTrue(!after.body().contains("578.76") && after.body().contains("验证"), after.body());
    }

    @Test
    void aSlowAnswerIsAcknowledgedAndSentAsACustomerServiceMessage() throws Exception {
        start(1);
        long start = System.nanoTime();
        HttpResponse<String> r = post(signed("n9"), textXml("门禁卡遗失了怎么补办", 500003));
        assertEquals("success", r.body());
        assertTrue((System.nanoTime() - start) / 1_000_000 < 5000);
        for (int i = 0; i < 100 && kefu.isEmpty(); i++) {
            Thread.sleep(100);
        }
        assertEquals(1, kefu.size(), kefu::toString);
        assertTrue(kefu.get(0).contains("\"touser\":\"" + OPENID + "\""), kefu.get(0));
        assertTrue(kefu.get(0).contains("20"), kefu.get(0));
    }
}
