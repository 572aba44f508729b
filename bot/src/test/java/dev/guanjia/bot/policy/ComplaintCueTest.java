package dev.guanjia.bot.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Complaints, suggestions and 回访 verdicts as residents write them, and what they are not. */
class ComplaintCueTest {

    @Test
    void complaintsInManyWordings() {
        for (String t : new String[]{"我要投诉", "这物业还管不管事了", "你们物业怎么回事，垃圾一个星期没人收", "保安态度太差了",
                "前台那个小姑娘爱理不理的", "物业乱收费", "凭什么收我两份电梯费", "服务太差了",
                "反映了好几次都没人管", "邻居把电动车停在楼道里，太过分了", "Your staff are so rude",
                "the management is useless", "I want to file a complaint", "you overcharged me",
                "打电话去问，前台那个小伙子把我凶了一顿", "修个灯拖了半个月，我要告你们",
                "客服讲两句就挂我电话", "我打电话去问个事，客服没说完就挂了我的电话", "那个门岗说话横得很，啥素质", "今天这事你们得给我个交代",
                "Honestly a disappointing service, the playground was promised weeks ago"}) {
            assertTrue(Cues.complains(t), t);
        }
    }

    @Test
    void questionsAndRepairsAreNotComplaints() {
        for (String t : new String[]{"投诉电话是多少", "怎么投诉物业", "厨房水管漏水了", "楼道灯不亮了", "物业费多少钱一平",
                "保安几点换班", "how do I complain?", "你们上门服务行不行，要不要预约", "师傅问我要了材料费50块，正常吗", "找我要了两百块押金，什么时候退",
                "师傅很辛苦，要不要给点辛苦费"}) {
            assertFalse(Cues.complains(t), t);
        }
    }

    @Test
    void suggestions() {
        assertTrue(Cues.suggests("建议小区多装几个快递柜"));
        assertTrue(Cues.suggests("我有个建议，晚上路灯能不能晚点关"));
        assertTrue(Cues.suggests("希望物业能在门口加个雨棚"));
        assertTrue(Cues.suggests("I suggest adding more bike racks"));
        assertFalse(Cues.suggests("装修有什么建议吗"));
        assertFalse(Cues.suggests("水管漏了"));
    }

    @Test
    void followUpVerdicts() {
        assertEquals(Optional.of(new Cues.FollowUp(true, null)), Cues.followUp("解决了"));
        assertEquals(Optional.of(new Cues.FollowUp(false, null)), Cues.followUp("没解决"));
        assertEquals(Optional.of(new Cues.FollowUp(true, 5)), Cues.followUp("解决了，5分"));
        assertEquals(Optional.of(new Cues.FollowUp(null, 3)), Cues.followUp("3"));
        assertEquals(Optional.of(new Cues.FollowUp(false, 2)), Cues.followUp("不满意，二分"));
        assertEquals(Optional.of(new Cues.FollowUp(true, null)), Cues.followUp("yes, resolved"));
        assertEquals(Optional.empty(), Cues.followUp("楼上又开始装修了，还是很吵，已经晚上十一点了，你们管一管"));
        assertEquals(Optional.empty(), Cues.followUp("物业费多少钱"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"你们保安天天在岗亭里睡觉，这钱交得冤", "物业经理答应的事从来不兑现",
            "交了钱还让我自己去疏通下水道，有这样的物业吗", "保安放陌生人随便进小区，安全谁负责"})
    void regretsBrokenPromisesAndNegligenceAreComplaints(String t) {
        assertTrue(Cues.complains(t), t);
        assertFalse(Cues.wantsToPay(t), t);
    }
}
