package dev.guanjia.bot.policy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An earlier report asked after in the words people use, and questions that only sound like it. */
class StatusCueTest {

    @Test
    void anEarlierReportAskedAfter() {
        for (String said : new String[]{"上回换水表那个单子，是不是已经结掉了？", "俺们之前报那个楼道灯的事儿，整利索了没",
                "我名下还有没有没弄完的工单", "换锁那个单还挂着没", "我那个修窗户的事你们到底哪天来弄",
                "Could you check the status of our balcony door repair from last month?",
                // how it ended, who has it
                "十一月那次楼道灯不亮的事，后来咋处理的来着", "我家报那个水表的，最后咋整的", "那单派给哪个师傅了",
                "my husband reported the leaking radiator in November, was that ever fixed?", "Who's the technician on it?"}) {
            assertTrue(Cues.asksAboutEarlierReport(said), said);
        }
    }

    @Test
    void howRepairsGoInGeneralIsNoStatusOfOnesOwn() {
        assertTrue(Cues.asksInGeneral("报了修一般多久来人"));
        assertTrue(Cues.asksInGeneral("报修以后多长时间能上门"));
        assertFalse(Cues.asksInGeneral("我报的那个修了没"));
    }

    @Test
    void howAReportEndedIsAsked() {
        assertTrue(Cues.asksHowItEnded("上个月电梯卡住那事儿，最后怎么处理的"));
        assertTrue(Cues.asksHowItEnded("has it been sorted?"));
        assertFalse(Cues.asksHowItEnded("门禁刷不开了，明天上午家里有人"));
    }
}
