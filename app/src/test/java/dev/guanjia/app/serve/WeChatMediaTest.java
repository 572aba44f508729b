package dev.guanjia.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.app.config.ConfigLoader;
import dev.guanjia.community.session.Caller;
import dev.guanjia.community.session.Sessions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Photos and voice sent in WeChat, against the running server and a fake WeChat API that hands out
 * a real PNG (and AMR voice) from /cgi-bin/media/get the way WeChat does: stored in our database,
 * attached to the right order, served to staff only.
 */
class WeChatMediaTest {

    static final String OPENID = "wx-cuihu-c04";

    @TempDir
    Path workDir;

    private FakeWeChatApi fakeWeChat;
    private GuanjiaServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, AtomicInteger> mediaCalls = new ConcurrentHashMap<>();
    private final byte[] png = png();
    private static final byte[] AMR = "#!AMR\n\u003c\u0001\u0002\u0003".getBytes(StandardCharsets.ISO_8859_1);

    private static byte[] png() {
        try {
            BufferedImage img = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
            img.setRGB(1, 1, 0x2f7d5b);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void fakeApi() throws Exception {
        fakeWeChat = FakeWeChatApi.start(query -> "T1", body -> FakeWeChatApi.OK, Map.of("/cgi-bin/media/get", ex -> {
            String query = ex.getRequestURI().getRawQuery();
            String mediaId = query.replaceAll(".*media_id=([^&]*).*", "$1");
            int call = mediaCalls.computeIfAbsent(mediaId, k -> new AtomicInteger()).incrementAndGet();
            if (!query.contains("access_token=T1")) {
                FakeWeChatApi.respond(ex, 200, "application/json", "{\"errcode\":40001,\"errmsg\":\"invalid credential\"}"
                        .getBytes(StandardCharsets.UTF_8));
            } else if (mediaId.startsWith("FLAKY") && call == 1) {
                // WeChat having a bad moment: the first download fails, a later one works
                FakeWeChatApi.respond(ex, 200, "text/plain", "{\"errcode\":-1,\"errmsg\":\"system error\"}"
                        .getBytes(StandardCharsets.UTF_8));
            } else if (mediaId.startsWith("VOICE")) {
                ex.getResponseHeaders().add("Content-disposition", "attachment; filename=\"" + mediaId + ".amr\"");
                FakeWeChatApi.respond(ex, 200, "audio/amr", AMR);
            } else if (mediaId.startsWith("PHOTO") || mediaId.startsWith("FLAKY")) {
                ex.getResponseHeaders().add("Content-disposition", "attachment; filename=\"" + mediaId + ".png\"");
                FakeWeChatApi.respond(ex, 200, "image/png", png);
            } else {
                FakeWeChatApi.respond(ex, 200, "text/plain", "{\"errcode\":40007,\"errmsg\":\"invalid media_id\"}"
                        .getBytes(StandardCharsets.UTF_8));
            }
        }));
        fakeWeChat.writeConfig(workDir, FakeWeChatApi.Account.cuihu(WeChatCallbackTest.TOKEN), "passive_wait_ms: 4000\n");
        server = GuanjiaServer.start(ClusterTemplate.seed(ConfigLoader.load(Map.of(), workDir)), (phone, text) -> { });
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        fakeWeChat.close();
    }

    // ---------------------------------------------------------------- helpers

    private String wechat(String xml, long n) throws Exception {
        String ts = String.valueOf(java.time.Instant.now().getEpochSecond());
        String nonce = "m" + n;
        String q = "timestamp=" + ts + "&nonce=" + nonce + "&signature="
                + WeChatCallbackTest.sha1(WeChatCallbackTest.TOKEN, ts, nonce) + "&openid=" + OPENID;
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/wechat/cuihu/callback?" + q)).POST(HttpRequest.BodyPublishers.ofString(xml)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private static String image(String mediaId, long msgId) {
        return "<xml><ToUserName><![CDATA[gh_cuihu]]></ToUserName><FromUserName><![CDATA[" + OPENID
                + "]]></FromUserName><CreateTime>1764100000</CreateTime><MsgType><![CDATA[image]]></MsgType>"
                + "<PicUrl><![CDATA[http://127.0.0.1/p.jpg]]></PicUrl><MediaId><![CDATA[" + mediaId
                + "]]></MediaId><MsgId>" + msgId + "</MsgId></xml>";
    }

    private static String voice(String mediaId, long msgId) {
        return "<xml><ToUserName><![CDATA[gh_cuihu]]></ToUserName><FromUserName><![CDATA[" + OPENID
                + "]]></FromUserName><CreateTime>1764100000</CreateTime><MsgType><![CDATA[voice]]></MsgType>"
                + "<MediaId><![CDATA[" + mediaId + "]]></MediaId><Format><![CDATA[amr]]></Format>"
                + "<Recognition><![CDATA[]]></Recognition><MsgId>" + msgId + "</MsgId></xml>";
    }

    private String session(String community, Caller.Kind kind, String code) {
        return new Sessions(server.dataSource(), server.personalData()).open(community, kind, code, Duration.ofHours(1));
    }

    private HttpResponse<byte[]> get(String path, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private JsonNode order(String resident, String description) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/api/v1/work-orders")).header("Authorization", "Bearer " + resident)
                .POST(HttpRequest.BodyPublishers.ofString("{\"house\":\"A1-1-1101\",\"description\":\""
                        + description + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        return json.readTree(r.body());
    }

    private JsonNode orderAsStaff(String code, String staff) throws Exception {
        HttpResponse<byte[]> r = get("/api/v1/work-orders/" + code, staff);
        assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        return json.readTree(r.body());
    }

    /** The stored row of a media id once downloaded (waits for the background download). */
    private Map<String, Object> storedMedia(String mediaId, int seconds) throws Exception {
        for (int i = 0; i < seconds * 10; i++) {
            try (Connection c = server.dataSource().getConnection(); PreparedStatement s = c.prepareStatement("""
                    SELECT id, content, content_type, size_bytes, sha256, attempts, conversation_id, kind,
                           (SELECT code FROM work_orders w WHERE w.id = m.work_order_id)
                    FROM resident_media m WHERE external_id = ? AND content IS NOT NULL""")) {
                s.setString(1, mediaId);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        Map<String, Object> m = new java.util.HashMap<>();
                        m.put("id", rs.getLong(1));
                        m.put("content", rs.getBytes(2));
                        m.put("type", rs.getString(3));
                        m.put("size", rs.getInt(4));
                        m.put("sha256", rs.getString(5));
                        m.put("attempts", rs.getInt(6));
                        m.put("conversation", rs.getString(7));
                        m.put("kind", rs.getString(8));
                        m.put("order", rs.getString(9));
                        return m;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(mediaId + " not downloaded within " + seconds + " s; WeChat was asked "
                + mediaCalls.get(mediaId) + " times");
    }

    private List<String> attachments(String code) throws Exception {
        try (Connection c = server.dataSource().getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT a.reference FROM work_order_attachments a JOIN work_orders w ON w.id = a.work_order_id
                WHERE w.code = ? ORDER BY a.id""")) {
            s.setString(1, code);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    // ---------------------------------------------------------------- tests

    @Test
    void aPhotoIsStoredAttachedToTheOpenOrderAndServedToItsCommunitysStaffOnly() throws Exception {
        String resident = session("cuihu", Caller.Kind.RESIDENT, "c04");
        JsonNode w = order(resident, "卫生间水管漏水，地上都是水");
        String code = w.get("code").asText();

        String reply = wechat(image("PHOTO1", 700001), 1);
        assertTrue(reply.contains("补充到您的工单" + code), reply);
        Map<String, Object> m = storedMedia("PHOTO1", 10);
        assertArrayEquals(png, (byte[]) m.get("content"));
        assertEquals("image/png", m.get("type"));
        assertEquals(png.length, m.get("size"));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(png)), m.get("sha256"));
        assertEquals(code, m.get("order"));
        long id = (Long) m.get("id");
        String url = "/api/v1/media/" + id;

        // the order as staff pages see it lists the photo
        String supervisor = session("cuihu", Caller.Kind.STAFF, "e07");
        JsonNode seen = orderAsStaff(code, supervisor);
        assertEquals(url, seen.get("photos").get(0).asText(), seen.toString());

        HttpResponse<byte[]> served = get(url, supervisor);
        assertEquals(200, served.statusCode());
        assertArrayEquals(png, served.body());
        assertEquals("image/png", served.headers().firstValue("Content-Type").orElse(""));
        assertTrue(served.headers().firstValue("Cache-Control").orElse("").contains("no-store"));
        assertEquals("nosniff", served.headers().firstValue("X-Content-Type-Options").orElse(""));

        assertEquals(401, get(url, null).statusCode(), "no session, no photo");
        assertEquals(403, get(url, resident).statusCode(), "a resident session is not a staff session");
        // the order's technician sees it; a technician of another trade does not (once it is assigned)
        String assignee = seen.path("assignee").asText(null);
        if (assignee != null) {
            assertEquals(200, get(url, session("cuihu", Caller.Kind.STAFF, assignee)).statusCode());
            String other = "e01".equals(assignee) ? "e04" : "e01";
            assertEquals(404, get(url, session("cuihu", Caller.Kind.STAFF, other)).statusCode());
        }
        // staff of another community: as if it did not exist
        try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO communities (id, name, city, address, service_phone, emergency_phone, "
                    + "office_hours) VALUES ('other', '别的小区', '苏州', '某路1号', '0512-1', '0512-2', '9-17')");
            s.executeUpdate("INSERT INTO staff (community_id, code, name, role) VALUES ('other', 'x01', '外人', 'admin')");
        }
        assertEquals(404, get(url, session("other", Caller.Kind.STAFF, "x01")).statusCode());

        // a voice message is kept too, with the conversation, and agents can list and play it
        wechat(voice("VOICE1", 700002), 2);
        Map<String, Object> v = storedMedia("VOICE1", 10);
        assertEquals("voice", v.get("kind"));
        assertEquals("audio/amr", v.get("type"));
        String agent = session("cuihu", Caller.Kind.STAFF, "e05");
        HttpResponse<byte[]> list = get("/api/v1/media?conversation=" + v.get("conversation"), agent);
        assertEquals(200, list.statusCode());
        JsonNode items = json.readTree(list.body()).get("media");
        assertEquals(2, items.size(), items.toString());
        assertEquals("image", items.get(0).get("kind").asText());
        assertEquals("voice", items.get(1).get("kind").asText());
        assertArrayEquals(AMR, get(items.get(1).get("url").asText(), agent).body());
        assertEquals(403, get("/api/v1/media?conversation=" + v.get("conversation"),
                session("cuihu", Caller.Kind.STAFF, "e01")).statusCode(), "technicians do not browse conversations");

        // the resident's export lists what we hold of theirs
        HttpResponse<byte[]> export = get("/api/v1/me/export", resident);
        assertEquals(200, export.statusCode());
        JsonNode held = json.readTree(export.body()).get("media");
        assertEquals(2, held.size(), held.toString());
        assertEquals(code, held.get(0).get("workOrder").asText());
        assertEquals("voice", held.get(1).get("kind").asText());

        // the resident asks for erasure: the voice goes with the conversation, the order's photo stays
        HttpResponse<String> erased = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + server.port() + "/api/v1/me/erasure")).header("Authorization", "Bearer " + resident)
                .POST(HttpRequest.BodyPublishers.ofString("{\"confirm\":true}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, erased.statusCode(), erased.body());
        assertEquals(404, get(items.get(1).get("url").asText(), agent).statusCode());
        assertEquals(200, get(url, supervisor).statusCode());
    }

    @Test
    void withTwoOpenOrdersTheResidentIsAskedWhichAndTheAnswerAttachesIt() throws Exception {
        String resident = session("cuihu", Caller.Kind.RESIDENT, "c04");
        String first = order(resident, "卫生间水管漏水").get("code").asText();
        String second = order(resident, "客厅插座没电了").get("code").asText();

        String question = wechat(image("PHOTO2", 700011), 11);
        assertTrue(question.contains("哪一张") && question.contains(first) && question.contains(second), question);
        // a second photo while the question is open goes with the answer
        String more = wechat(image("PHOTO3", 700012), 12);
        assertTrue(more.contains("回复"), more);
        // the list is newest first: the order at position 2 is the first one reported
        String listed2 = question.indexOf(first) > question.indexOf(second) ? first : second;
        String answer = wechat(WeChatCallbackTest.textXml(OPENID, "2", 700013), 13);
        assertTrue(answer.contains("已把这2张图片补充到您的工单" + listed2), answer);
        long p2 = (Long) storedMedia("PHOTO2", 10).get("id");
        long p3 = (Long) storedMedia("PHOTO3", 10).get("id");
        assertEquals(List.of("media:" + p2, "media:" + p3), attachments(listed2));
        assertEquals(List.of(), attachments(listed2.equals(first) ? second : first));
        // the question is answered: a later "2" is an ordinary message again
        String later = wechat(WeChatCallbackTest.textXml(OPENID, "2", 700014), 14);
        assertTrue(!later.contains("补充到"), later);
    }

    @Test
    void aFailedDownloadIsRetriedAndAPhotoWithoutAnOrderJoinsTheNextOne() throws Exception {
        String reply = wechat(image("FLAKY1", 700021), 21);
        assertTrue(reply.contains("登记工单时会把图片一并附上"), reply);
        // the first download fails; the background retry (after ~10 s) gets it
        Map<String, Object> m = storedMedia("FLAKY1", 40);
        assertArrayEquals(png, (byte[]) m.get("content"));
        assertTrue((Integer) m.get("attempts") >= 2, m.toString());
        assertTrue(mediaCalls.get("FLAKY1").get() >= 2);

        // the resident then describes the problem: the photo goes onto the new order
        String resident = session("cuihu", Caller.Kind.RESIDENT, "c04");
        JsonNode w = order(resident, "阳台地漏堵了，积水");
        assertEquals(List.of("media:" + m.get("id")), attachments(w.get("code").asText()));
        assertNotNull(w.get("photos"));
        assertEquals("/api/v1/media/" + m.get("id"), w.get("photos").get(0).asText(), w.toString());

        // media WeChat no longer has is not retried for ever
        wechat(image("GONE1", 700022), 22);
        for (int i = 0; i < 50; i++) {
            try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT attempts, next_attempt_at IS NULL, failure FROM resident_media "
                         + "WHERE external_id = 'GONE1'")) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    assertTrue(rs.getBoolean(2), "40007 is final");
                    assertTrue(rs.getString(3).startsWith("40007"), rs.getString(3));
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("GONE1 never tried");
    }
}
