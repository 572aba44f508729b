package dev.guanjia.bot.policy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An order not wanted any more, however it is said — and the same words that are not about an order. */
class GiveUpCueTest {

    @Test
    void anOrderGivenUpInManyWordings() {
        for (String said : new String[]{"跟隔壁自己商量好了，你们不用处理了", "单子作废吧", "那张工单可以关掉了", "不需要派人了，谢谢",
                "先不要派师傅，我再看看", "维修单不要了", "师傅别来了，已经好了", "这事作罢", "I want to withdraw the request",
                "please call off the plumber", "we no longer need the repair", "I am cancelling the plumber visit",
                "please process the cancellation of my repair order", "楼上早装完了，早先那个吵的单子就不用你们管了",
                "我们两家私下讲和了，不用再派人来了", "灯管我自己换了，不用麻烦师傅跑一趟了", "之前投诉隔壁嗰单帮我撤咗佢",
                "单子撤脱算了", "Turns out it was just the fuse. Please call it off.", "Could you cancel it please? My landlord sorted it.",
                "could you cancel my kitchen tap repair please, it stopped by itself", "算了 勿要登记了 我自家去跟伊讲",
                "唔使报喇 已经整好", "灯泡我自己拧上了 就不用师傅过来了", Vernacular.read("905那单唔使搞咯 我自己去服务中心 撤咗佢"), Vernacular.read("都系街坊 头先嗰单帮我撤咗佢"),
                Vernacular.read("树枝我自己剪咗咯 你哋唔使来了 张单撤咗佢"), Vernacular.read("我儿子回来修 那就不消你们来了"),
                "不是电梯那个 撤卫生间分水器渗水那个 已经不漏了"}) {
            assertTrue(Cues.givesUpAnOrder(said), said);
        }
    }

    /** "那个单元门" names a door, not "那个单" (an order). */
    @Test
    void aUnitDoorIsNoOrderReferredTo() {
        assertFalse(Cues.refersToReport("我们那个单元门老是关不严"));
        assertTrue(Cues.refersToReport("那个单子怎么还没人处理"));
    }

    /** A complaint made before, withdrawn: no complaint made now, an order given up. */
    @Test
    void withdrawingAComplaintIsNoComplaint() {
        for (String said : new String[]{"噪音投诉那个帮我撤回吧 楼上已经道歉了", "取消我之前的投诉"}) {
            assertFalse(Cues.complains(said), said);
            assertTrue(Cues.givesUpAnOrder(said), said);
        }
        assertTrue(Cues.complains("我要投诉楼上装修太吵"));
        // the company withdrawing it, or the resident refusing to: a complaint all the same
        for (String said : new String[]{"你们凭什么取消我的投诉 太过分了", "为什么把我的投诉撤销了", "他们让我撤回投诉 我不撤",
                "我投诉的事不取消 要个说法", "投诉取消不了吗 你们什么态度", "我要投诉 你们撤销了我的报修单"}) {
            assertTrue(Cues.complains(said), said);
        }
    }

    @Test
    void aStatusQuestionOrARepairIsNotGivingUp() {
        for (String said : new String[]{"我那个单子怎么样了", "工单结束了没有", "师傅什么时候来", "厨房水管漏水，派人来看看",
                "withdrawal of my deposit", "漏水这么严重你们不用处理吗？", "今天别来了，改到明天上午吧", "那个保安太凶了，赶紧撤掉他",
                "出了事就不用管了是吧", "那个保安凶得很，撤了他", "can you cancel it and move it to Friday?",
                "Can you cancel my parking card and issue a new one?", "不用你们来了吗？我还等着呢",
                "上午不用师傅过来了 下午三点再来吧", Vernacular.read("吃不消来回跑了，师傅到底什么时候来"),
                "3单元门口那个保安上班睡觉，赶紧撤掉他", "麻烦撤一下电梯里那个广告", "撤走楼道里那个旧柜子"}) {
            assertFalse(Cues.givesUpAnOrder(said), said);
        }
        // regret, doubt, someone else's advice, or nobody's report: nothing given up
        for (String said : new String[]{"报了三天都没人来 早知道就不报了", "邻居说别报了 但是卫生间一直在漏水 帮我报修一下",
                "我也不知道要不要报了", "不用登记了吧", "现在外卖进小区都不用登记了", "他说别报了，我偏要报"}) {
            assertFalse(Cues.givesUpAnOrder(said), said);
        }
    }

    /** Right after an order was made, the visit called off in 西南 words: 不消 (no need) read as 不用. */
    @Test
    void theVisitCalledOffInSouthWesternWords() {
        assertTrue(Cues.callsOffTheVisit(Vernacular.read("我儿子周末回来自己换 那个就不消你们来了")));
        assertFalse(Cues.callsOffTheVisit("上午不用师傅过来了 下午三点再来吧"));
    }
}
