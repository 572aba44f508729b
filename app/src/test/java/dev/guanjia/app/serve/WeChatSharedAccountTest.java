package dev.guanjia.app.serve;

import dev.guanjia.app.config.ConfigLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One official account shared by two estates (a property company's one 公众号): a follower bound to
 * a resident of the second estate is served there at once; a follower bound nowhere is asked which
 * estate they live in, gets a hint on a number not in the list, and once they pick is served in the
 * estate they picked; what is pushed goes out through the shared account.
 */
class WeChatSharedAccountTest {

    static final String TOKEN = "token-shared";
    /** Bound to a resident of hilltop only. */
    static final String HILLTOP_RESIDENT = "wx-hilltop-h04";
    static final String NEWCOMER = "wx-newcomer-01";
    static final String LEAK = "厨房水管漏水了，明天上午家里有人";

    @TempDir
    Path workDir;

    private FakeWeChatApi fakeWeChat;
    private GuanjiaServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicLong msgIds = new AtomicLong(800000);

    @BeforeEach
    void start() throws Exception {
        fakeWeChat = FakeWeChatApi.start(query -> query.contains("appid=wxshared") ? "T-SHARED" : "T-OTHER",
                body -> FakeWeChatApi.OK, Map.of());
        fakeWeChat.writeConfig(workDir, new FakeWeChatApi.Account(List.of("cuihu", "hilltop"), "wxshared",
                "secret-shared", TOKEN), "passive_wait_ms: 4000\n");
        server = GuanjiaServer.start(ClusterTemplate.seed(ConfigLoader.load(Map.of(), workDir)), (phone, text) -> { });
        // a second estate, the demo one again under another id and name, its follower bound there only
        WeChatAccountsTest.importHilltop(server, workDir, yaml -> yaml.replaceFirst("(?m)^name:.*$", "name: 山顶花园")
                .replace("wx-cuihu-c04", HILLTOP_RESIDENT));
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        fakeWeChat.close();
    }

    /** What the shared account's callback (the first community's path) answered passively to a text. */
    private String say(String openid, String content) throws Exception {
        long msgId = msgIds.incrementAndGet();
        return WeChatCallbackTest.passiveReply(http, server.port(), "cuihu", TOKEN, openid, "<MsgType><![CDATA[text]]>"
                + "</MsgType><Content><![CDATA[" + content + "]]></Content><MsgId>" + msgId + "</MsgId>", "s" + msgId);
    }

    private long count(String sql, String community) throws Exception {
        try (Connection c = server.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, community);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long wechatConversations(String community) throws Exception {
        return count("SELECT count(*) FROM conversations WHERE community_id = ? AND channel = 'wechat'", community);
    }

    @Test
    void followersAreServedInTheirOwnEstate() throws Exception {
        // the bound follower is served in hilltop without being asked, their order made there
        String answer = say(HILLTOP_RESIDENT, LEAK);
        assertFalse(answer.contains("请回复序号"), answer);
        String sql = "SELECT count(*) FROM work_orders WHERE community_id = ? AND channel = 'wechat'";
        for (int i = 0; i < 200 && count(sql, "hilltop") == 0; i++) {
            Thread.sleep(100);
        }
        assertEquals(1, count(sql, "hilltop"), "the order is hilltop's");
        assertEquals(0, count(sql, "cuihu"));
        assertEquals(1, wechatConversations("hilltop"));

        // a follower bound nowhere is asked which estate, by number, with the estates' names
        String asked = say(NEWCOMER, "你好，我想问下物业费怎么交");
        assertTrue(asked.contains("请问您住在哪个小区") && asked.contains("1. 翠湖苑") && asked.contains("2. 山顶花园"),
                asked);
        assertEquals("您的留言已收到，选好小区后马上为您处理。本公众号为以下小区服务，请问您住在哪个小区？请回复序号：\n"
                + "1. 翠湖苑\n2. 山顶花园", asked);
        // no estate's log holds it yet: the account keeps it until they pick
        assertEquals(0, wechatConversations("cuihu"));
        assertEquals(1, wechatConversations("hilltop"));

        // a number not in the list: a clear hint and the list again
        String wrong = say(NEWCOMER, "5");
        assertTrue(wrong.startsWith("没有第5个小区。请回复 1 到 2 之间的数字"), wrong);
        assertTrue(wrong.contains("2. 山顶花园"), wrong);

        // the pick is confirmed and remembered: from now on the follower is served in hilltop
        String picked = say(NEWCOMER, "第2个");
        assertTrue(picked.contains("已为您选择「山顶花园」") && picked.contains("您刚才的留言正在处理"), picked);
        // the question sent before the pick is stored in hilltop and its answer pushed: nothing lost
        String kept = "SELECT count(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id "
                + "WHERE c.community_id = ? AND m.direction = 'in' AND m.body LIKE '%物业费怎么交%'";
        for (int i = 0; i < 200 && fakeWeChat.kefuByToken.isEmpty(); i++) {
            Thread.sleep(100);
        }
        assertEquals(1, count(kept, "hilltop"), "the kept question is hilltop's");
        assertFalse(fakeWeChat.kefuByToken.isEmpty(), "its answer is pushed as a customer-service message");
        String how = say(NEWCOMER, "怎么绑定");
        assertFalse(how.contains("请回复序号") || how.isBlank() || how.equals("success"), how);
        assertEquals(2, wechatConversations("hilltop"), "the newcomer's conversation is hilltop's");
        assertEquals(0, wechatConversations("cuihu"));
        assertEquals(1, count("SELECT count(*) FROM wechat_estates WHERE community_id = ?", "hilltop"));

        // a wrong pick is changed by asking: then the follower is served in cuihu
        String again = say(NEWCOMER, "我选错小区了，换小区");
        assertTrue(again.startsWith("好的，请重新选择。本公众号为以下小区服务") && again.contains("1. 翠湖苑"), again);
        assertTrue(say(NEWCOMER, "翠湖苑").contains("已为您选择「翠湖苑」"));
        assertFalse(say(NEWCOMER, "怎么绑定").contains("请回复序号"));
        assertEquals(1, wechatConversations("cuihu"), "the newcomer's conversation is now cuihu's");
        assertEquals(1, count("SELECT count(*) FROM wechat_estates WHERE community_id = ?", "cuihu"));
        assertEquals(0, count("SELECT count(*) FROM wechat_estates WHERE community_id = ?", "hilltop"));

        // the pick is the follower's data: in their export, gone when they ask to be erased
        var choices = new dev.guanjia.channels.wechat.EstateChoices(server.personalData());
        var who = new dev.guanjia.community.privacy.DataSubject("cuihu", 0, "x", "新住户", "住户", List.of(), List.of(),
                List.of(NEWCOMER), List.of());
        try (Connection c = server.dataSource().getConnection()) {
            java.util.Map<String, Object> export = new java.util.HashMap<>();
            choices.export(c, who, export);
            assertEquals(1, ((List<?>) export.get("wechatEstates")).size(), export::toString);
            assertEquals("1 estate choices", choices.erase(c, who, "已删除"));
        }
        assertEquals(0, count("SELECT count(*) FROM wechat_estates WHERE community_id = ?", "cuihu"));

        // and anything pushed goes out through the shared account
        assertTrue(fakeWeChat.kefuByToken.stream().allMatch(k -> k.startsWith("T-SHARED | ")),
                fakeWeChat.kefuByToken::toString);
    }
}
