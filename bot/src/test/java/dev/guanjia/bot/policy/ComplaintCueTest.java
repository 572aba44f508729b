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
        for (String t : new String[]{"希望物业严肃处理这个门卫", "前台的人一问三不知，你们怎么培训的", "你们的门卫能不能管管",
                "值夜班的保安喊了半天都没人", "晚上出了事谁负责", "阿姨扫地真系求其", "管理员讲话没礼貌",
                "我要投诉", "这物业还管不管事了", "你们物业怎么回事，垃圾一个星期没人收", "保安态度太差了",
                "前台那个小姑娘爱理不理的", "物业乱收费", "凭什么收我两份电梯费", "服务太差了",
                "反映了好几次都没人管", "邻居把电动车停在楼道里，太过分了", "Your staff are so rude",
                "the management is useless", "I want to file a complaint", "you overcharged me",
                "打电话去问，前台那个小伙子把我凶了一顿", "修个灯拖了半个月，我要告你们",
                "客服讲两句就挂我电话", "我打电话去问个事，客服没说完就挂了我的电话", "那个门岗说话横得很，啥素质", "今天这事你们得给我个交代",
                "Honestly a disappointing service, the playground was promised weeks ago",
                "南门那个保安硬是不开门 叫我绕到北门去", "不是投诉过好几次了吗 还是没人管 你们管不管",
                "不投诉你们就不管是吧"}) {
            assertTrue(Cues.complains(t), t);
        }
    }

    @Test
    void questionsAndRepairsAreNotComplaints() {
        for (String t : new String[]{"投诉电话是多少", "怎么投诉物业", "厨房水管漏水了", "楼道灯不亮了", "物业费多少钱一平",
                "保安几点换班", "how do I complain?", "你们上门服务行不行，要不要预约", "师傅问我要了材料费50块，正常吗", "找我要了两百块押金，什么时候退",
                "师傅很辛苦，要不要给点辛苦费", "投诉点做", "想投诉点样投",
                "提个意见啊 不是投诉啊 单元门口台阶能不能装个扶手", "this is not a complaint, just a note about the bins",
                "管家你好，3栋单元门刷卡不开门了", "保安亭旁边那个人行门刷卡不开门"}) {
            assertFalse(Cues.complains(t), t);
        }
    }

    @Test
    void suggestions() {
        assertTrue(Cues.suggests("建议小区多装几个快递柜"));
        assertTrue(Cues.suggests("我有个建议，晚上路灯能不能晚点关"));
        assertTrue(Cues.suggests("希望物业能在门口加个雨棚"));
        assertTrue(Cues.suggests("建议今后停电通知也发到业主群"));
        assertTrue(Cues.suggests("It would help if the gym opened earlier"));
        // what the company advises, or something to be told, is asked
        assertFalse(Cues.suggests("你们建议下次停水前要储多少水"));
        assertFalse(Cues.suggests("it would help if you could tell me when the water is back on"));
        assertTrue(Cues.suggests("I suggest adding more bike racks"));
        assertFalse(Cues.suggests("装修有什么建议吗"));
        assertFalse(Cues.suggests("水管漏了"));
        // something new asked for the estate, without the word 建议; one's own home asks a job done
        assertTrue(Cues.suggests("老人多 小区里能不能多放几张长凳"));
        assertTrue(Cues.suggests("能不能在大门那边装个快递柜"));
        assertFalse(Cues.suggests("我家能不能装个监控"));
        assertTrue(Cues.suggests("我提个意见 不是投诉 门口台阶能不能给装个扶手"));
        assertFalse(Cues.suggests("能不能给我弄个车位 小区里还有空的吗"));
    }

    @Test
    void followUpVerdicts() {
        assertEquals(Optional.of(new Cues.FollowUp(true, null)), Cues.followUp("解决了"));
        assertEquals(Optional.of(new Cues.FollowUp(false, null)), Cues.followUp("没解决"));
        assertEquals(Optional.of(new Cues.FollowUp(true, 5)), Cues.followUp("解决了，5分"));
        assertEquals(Optional.of(new Cues.FollowUp(null, 3)), Cues.followUp("3"));
        assertEquals(Optional.of(new Cues.FollowUp(false, 2)), Cues.followUp("不满意，二分"));
        // a score said with "no problem" after it is a score; "一分没少" is money
        assertEquals(Optional.of(new Cues.FollowUp(null, 5)), Cues.followUp("给五分没问题"));
        assertEquals(Optional.of(new Cues.FollowUp(null, 5)), Cues.followUp("5分没得说"));
        assertEquals(Optional.empty(), Cues.followUp("一分没少交"));
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

    /** Paid and not served, what they do at all, taken for fools, sarcasm after a grievance, neglect in English. */
    @ParameterizedTest
    @ValueSource(strings = {"你们管家只拿钱不干活，一个月见不到一回", "收费倒是收得挺积极，事情一件不办",
            "你们除了催缴费还会干点啥", "真当我们业主都是傻子吗", "前台那个接电话的凶得很", "你们就这么对待老人的？",
            "留言一个礼拜都没人回 服务真是好得很", "Nobody at the office ever bothers to answer my emails",
            "Is anyone even working at the management office?", "管理费一分不少收，楼道一个月没人扫，这钱收得真心安理得",
            "约好三点来修 我请了假等到六点还是没人来 这样合适吗", "说好今天来换锁 你们师傅又放我鸽子"})
    void rhetoricalDiscontentIsAComplaint(String t) {
        assertTrue(Cues.complains(t), t);
    }

    /** Grievances against the company said without a complaint word: passed around, strung along, promises broken. */
    @ParameterizedTest
    @ValueSource(strings = {"收费倒是积极得很 有事找你们就推来推去", "讲好给我回电话 等到今天一个电话都没有 讲话不算数",
            "收费的阿姐讲话好冲", "我想正式反映一下，请给我一个书面答复", "每次都说记下了 然后就没有然后了 真寒心",
            "你们一直敷衍 这种服务好意思收物业费", "维修的人没经过我同意就把花盆拿走扔了", "是不是针对我啊 天天来我店里找事",
            "打了三次电话 你们物业就是这么处理问题的", "你们考虑过业主没有", "自己定的规矩自己都不遵守",
            "两个礼拜了 你们就是拖 良心过得去吗", "接电话的语气很不客气",
            "约好周五上门修门铃，我在家等了一整天没见着人", "上回说第二天就派师傅过来，到今天没消没息",
            "每次打电话问都说在处理", "换个锁芯收两百，成本才几十块钱，太黑了", "你们催费的电话一天打四遍，什么道理嘛",
            "说修好了结果又坏了，真的很扯", "这是什么服务态度", "讲话算不算数啊你们",
            "押金每次去问都说在走流程", "你们施工就能周末打电钻，到自己头上就不算了", "保安在岗亭门口抽烟，烟头往草丛里一丢",
            "来修了两回还是漏，就说是我家自己的问题，推卸责任", "接电话的没说两句就把电话挂了", "凭什么让我们业主出这个钱",
            "开个发票来回跑了三趟", "灯坏了讲了好几趟，一直没人来弄", "找管理处，他们说不关他们的事", "你们物业搞啥子哦",
            "保安半夜在岗亭放抖音，你们咋个管的", "师傅修完也不擦一下就走了"})
    void grievancesAgainstTheCompanyAreComplaints(String t) {
        assertTrue(Cues.complainsOutright(t), t);
    }

    @ParameterizedTest
    @ValueSource(strings = {"服务态度怎么评价", "书面申请交到哪里", "这个问题能解决吗", "我考虑一下再报修", "车子先推来推去挪个位置可以吗", "不好意思收费标准在哪看",
            "未经允许可以在楼道里放东西吗", "装修申请需要附书面说明吗", "请问怎么正式投诉", "这家物业服务态度好不好",
            "物业有没有考虑过业主的停车问题", "我阿姐今晚在我家睡觉 访客要登记吗",
            "楼道里太黑了 灯不亮", "电线被扯断了", "讲道理邻居应该先打招呼", "你们对服务态度有什么要求",
            "约好明天上午来修水管", "3单元楼道太黑了，灯不亮", "车库B区那一块太黑了，灯都不亮",
            "上周说派人来修空调，现在有没有消息了", "保安说楼道里有人撬门，我出来没看到人",
            "师傅说明天来，到时候没见到人我再打给你们", "热水器老是熄火，啥道理", "电话可以一天打几次",
            "是不是必须投诉才能处理", "路上一个大坑人差点摔了", "你们有什么服务态度方面的培训吗",
            "我跟保安说单元门口有人抽烟", "楼上漏水不关我们的事吧", "车位越来越少了吗", "门禁刷了两次都没反应",
            "你们物业搞什么活动吗"})
    void neutralWordsOfTheSameKindAreNoComplaint(String t) {
        assertFalse(Cues.complainsOutright(t), t);
    }

    @ParameterizedTest
    @ValueSource(strings = {"这个月电费一分没少收吧？", "朋友放我鸽子了 想改一下活动室预约", "小区改造完以后会像什么样子", "新的门禁卡像什么样子", "健身房除了跑步机还能做什么运动",
            "修好了，没有再漏了，师傅手艺真棒", "没有问题了，你们服务真棒", "no one can take care of my cat next week",
            "The noise never bothers me, just asking about the fee", "Is anyone really working on Sunday?",
            "师傅这活干的真利索 谢谢", "管理费我倒是交了，能不能帮我看看停车费"})
    void praiseAndPlainQuestionsAreNoComplaint(String t) {
        assertFalse(Cues.complains(t), t);
        assertFalse(Cues.complainsOutright(t), t);
    }

    /** What one of them said is no request for them; asking to talk to one still is. */
    @Test
    void whatTheDeskSaidIsNoRequestForIt() {
        assertFalse(Cues.wantsPerson("你们客服说周六派人来看看，还算数吗"));
        assertTrue(Cues.wantsPerson("我要找客服说一下这个事"));
        assertTrue(Cues.wantsPerson(Vernacular.read("你把你们主管叫来 额跟他说")));
        assertFalse(Cues.wantsPerson("把主管叫来的电工换了吧"));
        // thanks for what someone on duty did is no request for them
        assertFalse(Cues.wantsPerson("上礼拜在电梯口头晕 你们值班的小伙子把我扶回屋 想说声谢谢"));
        // a polite request, another time asked for, staff asked to act, a question about the night shift: no complaint
        for (String t : new String[]{"楼上卫生间漏水到我家天花板，请物业认真处理", "管家说可以要求其他时间上门",
                "你们保安能不能管管门口乱停的电动车", "门卫晚上几点以后就没人值班了？"}) {
            assertFalse(Cues.complains(t), t);
        }
        assertFalse(Cues.wantsToComplain("我要投诉的那个先放着，先帮我报个修"));
        assertTrue(Cues.wantsToComplain("我要投诉！师傅收了钱没修好"));
        // someone sent to tell a car's owner is a job, not a person to talk to
        assertFalse(Cues.wantsPerson("唔该搵人叫佢移开部车"));
        for (String asked : new String[]{"我要跟客服说", "我想和你们经理讲这个事", "让我跟管家讲", "找你们经理讲道理",
                "你这机器人答非所问 赶紧给我整个人来", "快弄个人过来跟我说"}) {
            assertTrue(Cues.wantsPerson(asked), asked);
        }
        // asking what the desk is, or someone sent to fix a thing, is no request for a person
        for (String none : new String[]{"你是人工智能还是真人啊", "您是不是人工智能", "你是人工智能吗 还是真人", "你是机器人吧？还是真人", "走廊灯不亮了 赶紧给我整个人来修",
                "给我弄个人来通下水道", "快点弄个人来把楼道垃圾清走"}) {
            assertFalse(Cues.wantsPerson(none), none);
        }
        // the labour's price, the desk's number or office: asked about, nobody asked for
        for (String none : new String[]{"修个马桶人工要多少钱", "换灯泡人工咋收", "客服中心的电话号码是多少", "服务中心在哪里",
                "物业客服热线", "能给个客服热线吗"}) {
            assertFalse(Cues.wantsPerson(none), none);
        }
        assertTrue(Cues.wantsPerson("客服电话一直占线，帮我转人工"));
        // the one in charge to be reached, a slip of 人工, someone put through or sent to call back
        for (String asked : new String[]{"把你们主管的手机号发我，我自己跟她讲", "转人公", "帮我转给你们的工作人员吧",
                "喊个人给我打电话", "Is there anyone I can actually speak to about this?"}) {
            assertTrue(Cues.wantsPerson(asked), asked);
        }
        assertFalse(Cues.wantsPerson("主管的电话我有，不用给了"));
        assertFalse(Cues.wantsPerson(Vernacular.read("隔篱铺头老板电话俾我 我同佢讲")));
        // nobody there, a call about the visit, someone else's chairman: no person asked for
        for (String none : new String[]{"晚上大门口连个工作人员都没有 外卖随便进", "厨房水管漏了，叫个人给我打电话约下时间",
                "业委会主任的电话告诉我一下"}) {
            assertFalse(Cues.wantsPerson(none), none);
        }
        assertFalse(Cues.wantsPerson("管家跟我说明天派人来修"));
        // Shanghai 寻 (找), read as Mandarin first as the policy does
        assertTrue(Cues.wantsPerson(Vernacular.read("寻侬拉经理来同我讲")));
        for (String asked : new String[]{"帮我接客服中心电话", "转客服热线", "客服热线的人呢", "请值班的工作人员跟我通个电话"}) {
            assertTrue(Cues.wantsPerson(asked), asked);
        }
    }
}
