package dev.guanjia.bot.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which wordings ask about what the property company announced. */
class NoticeCueTest {

    @ParameterizedTest
    @ValueSource(strings = {"最近停水吗", "电梯什么时候修好", "这周有没有活动", "最近有什么通知", "明天停电吗",
            "电梯维保到几点", "小区什么时候消杀", "有没有新公告", "水什么时候来", "any notices this week?",
            "is there a power cut tomorrow", "any water cuts this week?", "will there be electricity outages on Friday",
            "will the elevators in block 3 be out of service soon?", "听讲要放老鼠药，是哪一天", "听说要打蚊药，是哪天"})
    void asksAboutNotices(String t) {
        assertTrue(Cues.asksAboutNotices(t), t);
    }

    @ParameterizedTest
    @ValueSource(strings = {"物业费怎么交", "周六想订活动室", "我要预约羽毛球场", "我家钥匙扣形的卡找不到了", "how do I pay my fees"})
    void doesNotAsk(String t) {
        assertFalse(Cues.asksAboutNotices(t), t);
    }

    @ParameterizedTest
    @ValueSource(strings = {"停水停到几点", "这回停电影响我们6楼不", "电梯检修那天还能坐电梯不", "消杀那天家里没人怎么办",
            "what time does the water come back"})
    void aDetailOfANoticeIsAsked(String t) {
        assertTrue(Cues.asksANoticeDetail(t), t);
    }

    @ParameterizedTest
    @ValueSource(strings = {"最近有什么通知", "有停水通知吗", "这周有没有活动"})
    void whetherThereIsANoticeAsksNoDetail(String t) {
        assertFalse(Cues.asksANoticeDetail(t), t);
    }

    @Test
    void someoneToBeToldOrNoNoticePostedAsksNoNotice() {
        assertFalse(Cues.asksAboutNotices("消防通道让一辆车堵了，快通知车主挪走"));
        assertFalse(Cues.asksAboutNotices("电梯停了一上午，也没贴通知"));
        // how far ahead cuts are announced as a rule is the article's, not this week's notice
        assertFalse(Cues.asksAboutNotices("计划停电会提前通知么"));
        assertFalse(Cues.asksAboutNotices("停气一般提前多久通知"));
        assertTrue(Cues.asksAboutNotices("这周停电吗"));
        assertTrue(Cues.asksAboutNotices("下周计划停电会提前通知吗"));
        assertTrue(Cues.asksAboutNotices("heard the water's getting cut off in our building? which day"));
        assertTrue(Cues.asksAboutNotices("will the power be off tomorrow?"));
        assertTrue(Cues.asksAboutNotices("are the lifts in block 2 going to be out of service any time this month?"));
        // a paper posted at the lift, a siren or a drill to come: what was announced
        assertTrue(Cues.asksAboutNotices("楼下大门贴了张纸 写的啥"));
        assertTrue(Cues.asksAboutNotices("听说周五要拉警报 几点"));
        assertTrue(Cues.asksAboutNotices("明天消防演练要下楼吗"));
        assertFalse(Cues.asksAboutNotices("消防演练一般每年搞几次"));
        for (String report : new String[]{"有人在我家门上贴了张纸 是小广告", "窗户玻璃裂了 我先贴了张纸挡着",
                "我车上被贴了张单子 说我乱停", "车库门一开就会响警报 是不是坏了", "电动车进电梯会响警报吗"}) {
            assertFalse(Cues.asksAboutNotices(report), report);
        }
        assertTrue(Cues.asksAboutAUtilityCheck("听讲燃气公司要上门安检 是哪天"));
        // the heating or water company's visit is announced too; a radiator to be looked at is a repair asked for
        assertTrue(Cues.asksAboutAUtilityCheck("供热站说要入户测温 我家啥时候"));
        assertTrue(Cues.asksAboutAUtilityCheck("自来水公司上门换表是哪天"));
        assertFalse(Cues.asksAboutAUtilityCheck("暖气不热 能不能上门检查一下"));
        assertFalse(Cues.asksAboutAUtilityCheck("供暖公司的电话是多少"));
        // damage left by such a visit is a report
        assertFalse(Cues.asksAboutAUtilityCheck("热力公司上门检修 把我家暖气片弄漏了"));
        assertFalse(Cues.asksAboutAUtilityCheck("自来水公司来人上门换表之后一直漏水"));
        // a cut told as it happens is a report; a building's number is no day
        assertFalse(Cues.asksAboutNotices("my water is cut off right now, is it just me?"));
        assertFalse(Cues.asksAboutNotices("我们3号楼一般停水提前几天通知"));
        assertTrue(Cues.asksAboutNotices("明天2栋停水提前多久通知的"));
        assertTrue(Cues.asksAboutNotices("最近有没有什么通知"));
        for (String asked : new String[]{"最近有没有通知", "小区有没有贴公告", "物业发没发通知", "物业最近通知我们什么了"}) {
            assertTrue(Cues.asksAboutNotices(asked), asked);
        }
    }

    /** A place closed off, asked why, is works going on that a notice may explain; closing one's own balcony is not. */
    @Test
    void aPlaceClosedOffAskedWhyIsWorks() {
        for (String asked : new String[]{"东门那个垃圾房怎么给围起来了", "地库入口为啥封起来了 车咋进", "why is the path by block 3 fenced off?"}) {
            assertTrue(Cues.asksAboutWorks(asked), asked);
        }
        for (String not : new String[]{"阳台能不能封起来", "楼上把阳台封了 算不算违建", "门口围了一圈人在吵架", "我车位怎么被挡了 谁的车啊",
                "保安为什么拦住我", "楼上阳台怎么封起来了", "隔壁那家怎么圈起来一块地", "my parking space is blocked off by a van"}) {
            assertFalse(Cues.asksAboutWorks(not), not);
        }
    }
}
