package dev.guanjia.app.serve;

import dev.guanjia.app.config.ConfigLoader;
import dev.guanjia.app.config.GuanjiaConfig;
import dev.guanjia.channels.wechat.WeChatAccounts;
import dev.guanjia.channels.wechat.WeChatApi;
import dev.guanjia.channels.wechat.WeChatNoticeMessages;
import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.community.resident.Bindings;
import dev.guanjia.notices.delivery.NoticeDelivery;
import dev.guanjia.notices.notice.Notice;
import dev.guanjia.notices.notice.NoticeCategory;
import dev.guanjia.notices.notice.NoticeDraft;
import dev.guanjia.notices.notice.Notices;
import dev.guanjia.notices.receipt.NoticeReach;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Notices to the demo estate's WeChat followers through the official account's real API wire
 * format (the fake WeChat API). Buildings B1 and S hold c03 (also in A1), c12 (no WeChat), c13 and
 * c14. The notice is dated in 2020, so the server's own round (real time) never takes it: the rounds
 * here run at chosen instants.
 */
class NoticeWeChatTest {

    static final String TOKEN = "guanjiatesttoken";

    @TempDir
    static Path workDir;

    static FakeWeChatApi fakeWeChat;
    static GuanjiaServer server;
    static GuanjiaConfig config;

    @BeforeAll
    static void start() throws Exception {
        fakeWeChat = FakeWeChatApi.start();
        fakeWeChat.writeConfig(workDir, FakeWeChatApi.Account.cuihu(TOKEN), "passive_wait_ms: 4000\n");
        config = ConfigLoader.load(Map.of(), workDir);
        server = GuanjiaServer.start(ClusterTemplate.seed(config), (phone, text) -> { });
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        fakeWeChat.close();
    }

    private static Instant shanghai(int day, int hour, int minute) {
        return ZonedDateTime.of(2020, 1, day, hour, minute, 0, 0, ZoneId.of("Asia/Shanghai")).toInstant();
    }

    @Test
    void aNoticeForTwoBuildingsReachesOnlyTheirBoundFollowersOnceAndNeverInTheQuietHours() throws Exception {
        Clock fixed = Clock.fixed(shanghai(1, 20, 0), ZoneId.of("UTC"));
        CommunityDirectory directory = new CommunityDirectory(server.dataSource());
        Notices notices = new Notices(server.dataSource(), fixed, directory);
        // the demo pack's own notice (its water cut, read from its text) is not this test's: withdrawn first
        for (Notice packed : notices.list("cuihu")) {
            notices.withdraw("cuihu", packed.id(), "staff:e07", "not this test's");
        }
        Notice n = notices.publish("cuihu", new NoticeDraft("B1栋及商铺停水通知", "1月2日9:00-12:00 B1栋及沿街商铺停水，请提前储水。",
                NoticeCategory.WATER, List.of("B1", "S"), LocalDate.of(2020, 1, 1), LocalDate.of(2020, 1, 2)),
                "staff:e07");
        WeChatAccounts accounts = new WeChatAccounts(List.of(new WeChatApi(GuanjiaServer.weChatAccount(
                config.wechatAccounts().get(0)))));
        NoticeDelivery delivery = new NoticeDelivery(server.dataSource(), directory, notices,
                new Bindings(server.dataSource(), server.personalData()), new WeChatNoticeMessages(accounts));

        // published at 20:00 but the rounds come at 21:00, 23:30 and 07:59: the quiet hours
        for (Instant at : List.of(shanghai(1, 21, 0), shanghai(1, 23, 30), shanghai(2, 7, 59))) {
            assertEquals(new NoticeDelivery.Round(0, 0, 0), delivery.run(at));
        }
        assertTrue(fakeWeChat.kefu.stream().noneMatch(b -> b.contains("B1栋及商铺停水通知")), fakeWeChat.kefu.toString());

        assertEquals(new NoticeDelivery.Round(3, 3, 0), delivery.run(shanghai(2, 8, 0)));
        assertEquals(new NoticeDelivery.Round(0, 0, 0), delivery.run(shanghai(2, 8, 10)));
        List<String> to = fakeWeChat.kefu.stream().filter(b -> b.contains("B1栋及商铺停水通知"))
                .map(b -> b.replaceAll(".*\"touser\"\\s*:\\s*\"([^\"]+)\".*", "$1")).sorted().toList();
        assertEquals(List.of("wx-cuihu-c03", "wx-cuihu-c13", "wx-cuihu-c14"), to);
        assertTrue(fakeWeChat.kefu.stream().filter(b -> b.contains("B1栋及商铺停水通知"))
                .allMatch(b -> b.contains("\"msgtype\":\"text\"") && b.contains("【停水公告】")), fakeWeChat.kefu.toString());

        NoticeReach.Reach reach = new NoticeReach(server.dataSource(), fixed).of(n);
        assertEquals(4, reach.targeted());
        assertEquals(3, reach.byChannel().get("wechat"));
    }
}
