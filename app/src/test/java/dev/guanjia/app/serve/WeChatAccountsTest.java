package dev.guanjia.app.serve;

import dev.guanjia.app.config.ConfigLoader;
import dev.guanjia.app.pack.DemoPack;
import dev.guanjia.app.pack.PackImport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two official accounts on one server, each serving its own community and keeping its own local
 * time: each account's callback answers only its own signature, and what is pushed to a follower
 * goes out through the account of the conversation's community. The second community runs on
 * Tokyo time (an hour ahead of China), so its residents' "tomorrow morning" is its own.
 */
class WeChatAccountsTest {

    static final String OPENID = "wx-cuihu-c04";
    static final String LEAK = "厨房水管漏水了，明天上午家里有人";

    @TempDir
    Path workDir;

    private FakeWeChatApi fakeWeChat;
    /** Customer-service messages as "access token | body". */
    private List<String> kefu;
    private GuanjiaServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (fakeWeChat != null) {
            fakeWeChat.close();
        }
    }

    private void start() throws Exception {
        // each account gets its own access token, so a push shows which account sent it
        fakeWeChat = FakeWeChatApi.start(query -> query.contains("appid=wxhilltop") ? "T-HILLTOP" : "T-CUIHU",
                body -> FakeWeChatApi.OK, Map.of());
        kefu = fakeWeChat.kefuByToken;
        fakeWeChat.writeConfig(workDir, new FakeWeChatApi.Account(List.of("cuihu"), "wxcuihu", "secret-a", "token-cuihu"), """
                passive_wait_ms: 1
                accounts:
                  - community: hilltop
                    app_id: wxhilltop
                    secret: secret-b
                    token: token-hilltop
                """);
        server = GuanjiaServer.start(ClusterTemplate.seed(ConfigLoader.load(Map.of(), workDir)), (phone, text) -> { });
        // a second estate, the demo one again under another id, on Tokyo time
        importHilltop(server, workDir, yaml -> yaml.replaceFirst("(?m)^office_hours:.*$", "$0\ntime_zone: Asia/Tokyo"));
    }

    /** A second estate, hilltop: the demo one again under another id, its community.yaml edited first. */
    static void importHilltop(GuanjiaServer server, Path workDir, java.util.function.UnaryOperator<String> edit)
            throws Exception {
        Path pack = workDir.resolve("hilltop-pack");
        DemoPack.copyTo(pack);
        Path yaml = pack.resolve("community.yaml");
        Files.writeString(yaml, edit.apply(Files.readString(yaml)));
        new PackImport(server.dataSource(), server.personalData()).importPack(pack, "hilltop", "test");
    }

    private HttpResponse<String> post(String community, String token, String content, long msgId) throws Exception {
        String timestamp = String.valueOf(java.time.Instant.now().getEpochSecond());
        String nonce = "n" + msgId;
        String xml = "<xml><ToUserName><![CDATA[gh_" + community + "]]></ToUserName><FromUserName><![CDATA[" + OPENID
                + "]]></FromUserName><CreateTime>1764000000</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                + "<Content><![CDATA[" + content + "]]></Content><MsgId>" + msgId + "</MsgId></xml>";
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/wechat/" + community
                        + "/callback?timestamp=" + timestamp + "&nonce=" + nonce + "&signature="
                        + WeChatCallbackTest.sha1(token, timestamp, nonce) + "&openid=" + OPENID))
                .POST(HttpRequest.BodyPublishers.ofString(xml)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The order the follower reported in a community: its code and its visit's start as local date and hour. */
    private String[] order(String community) throws Exception {
        try (Connection c = server.dataSource().getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT w.code, (w.appointment_from AT TIME ZONE k.time_zone)::date::text,
                       extract(hour FROM w.appointment_from AT TIME ZONE k.time_zone)::int, k.time_zone
                FROM work_orders w JOIN communities k ON k.id = w.community_id
                WHERE w.community_id = ? AND w.channel = 'wechat'""")) {
            s.setString(1, community);
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next(), "an order in " + community);
                return new String[]{rs.getString(1), rs.getString(2), String.valueOf(rs.getInt(3)), rs.getString(4)};
            }
        }
    }

    @Test
    void eachAccountServesItsCommunityInItsOwnTime() throws Exception {
        start();
        HttpResponse<String> wrongAccount = post("hilltop", "token-cuihu", LEAK, 700001);
        assertEquals(403, wrongAccount.statusCode(), "the other account's signature is refused");
        assertEquals(200, post("hilltop", "token-hilltop", LEAK, 700002).statusCode());
        assertEquals(200, post("cuihu", "token-cuihu", LEAK, 700003).statusCode());

        String[] hilltop = null;
        String[] cuihu = null;
        for (int i = 0; i < 200 && (hilltop == null || cuihu == null); i++) {
            Thread.sleep(100);
            try {
                hilltop = order("hilltop");
                cuihu = order("cuihu");
            } catch (AssertionError notYet) {
                // the answers are still being made
            }
        }
        assertTrue(hilltop != null && cuihu != null, "both orders were made");
        assertEquals("Asia/Tokyo", hilltop[3]);
        assertEquals("Asia/Shanghai", cuihu[3]);
        // "tomorrow morning" is tomorrow where each estate is, at the same hour of its own clock
        assertEquals(LocalDate.now(ZoneId.of("Asia/Tokyo")).plusDays(1).toString(), hilltop[1]);
        assertEquals(LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(1).toString(), cuihu[1]);
        assertEquals(cuihu[2], hilltop[2]);
        // the supervisor's week is made of the estate's own days
        for (String id : List.of("hilltop", "cuihu")) {
            ZoneId zone = ZoneId.of(id.equals("hilltop") ? "Asia/Tokyo" : "Asia/Shanghai");
            String token = new dev.guanjia.community.session.Sessions(server.dataSource(), server.personalData()).open(id,
                    dev.guanjia.community.session.Caller.Kind.STAFF, "e07", java.time.Duration.ofHours(1));
            HttpResponse<String> kpis = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.port() + "/api/v1/dashboard/kpis")).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, kpis.statusCode(), kpis.body());
            assertEquals(LocalDate.now(zone).minusDays(6).atStartOfDay(zone).toInstant(), java.time.Instant.parse(
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(kpis.body()).path("kpis").path("from")
                            .asText()), kpis.body());
        }

        // each answer (it names the order) is pushed by the account of its own community
        String hilltopCode = hilltop[0];
        String cuihuCode = cuihu[0];
        for (int i = 0; i < 200 && !(kefu.stream().anyMatch(k -> k.contains(hilltopCode))
                && kefu.stream().anyMatch(k -> k.contains(cuihuCode))); i++) {
            Thread.sleep(100);
        }
        assertTrue(kefu.stream().anyMatch(k -> k.startsWith("T-HILLTOP | ") && k.contains(hilltopCode)), kefu::toString);
        assertTrue(kefu.stream().anyMatch(k -> k.startsWith("T-CUIHU | ") && k.contains(cuihuCode)), kefu::toString);
        assertTrue(kefu.stream().filter(k -> k.contains(hilltopCode)).allMatch(k -> k.startsWith("T-HILLTOP | "))
                && kefu.stream().filter(k -> k.contains(cuihuCode)).allMatch(k -> k.startsWith("T-CUIHU | ")),
                kefu::toString);
    }
}
