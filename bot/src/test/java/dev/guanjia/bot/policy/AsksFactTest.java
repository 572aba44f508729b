package dev.guanjia.bot.policy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AsksFactTest {

    @Test
    void pricesRulesAndWhatToDoAreAskedInAnyWording() {
        for (String asked : new String[]{"换个水龙头收不收费", "上门疏通要另外加钱吗", "阳台外墙裂了归谁修",
                "空调机位能不能装在北面", "钥匙反锁在屋里咋整", "锁匙唔见咗点算", "车库几点关门", "办出入证要带啥",
                "可唔可以养两只猫", "how much is a new access card?", "can I park a van overnight?"}) {
            assertTrue(AsksFact.in(asked), asked);
        }
    }

    @Test
    void anyYesNoOrWhyQuestionAsks() {
        for (String asked : new String[]{"下周检修小区停不停电", "一次交两年给打折不", "车库门禁卡的押金退了没有",
                "晾衣架装在阳台外面行不？", "楼道灯为啥一到晚上就不亮", "换锁芯物业有推荐的师傅吗", "门口那排共享单车谁来清",
                "旧家具往哪放", "车位费咋交"}) {
            assertTrue(AsksFact.in(asked), asked);
        }
    }

    @Test
    void aSizeACountOrAKindIsAsked() {
        for (String asked : new String[]{"阳台能装多大的花架", "储物间的门有多宽", "装修垃圾袋一户最多放几个人能搬的量",
                "树枝剪到几米高", "旧电池该扔什么颜色的桶", "外墙能挂哪种空调支架", "how big can a balcony planter be",
                "how many visitors can park at once"}) {
            assertTrue(AsksFact.in(asked), asked);
        }
        for (String told : new String[]{"墙皮掉了好几层", "多大点事 我自己修了"}) {
            assertFalse(AsksFact.in(told), told);
        }
    }

    @Test
    void howOftenAndByWhichDayAreAsked() {
        for (String asked : new String[]{"垃圾清运费几个月收一回", "装修押金退还要几个工作日", "每月几号抄水表",
                "新门卡做好要等几个小时", "搬进来得提前几天登记", "消防检查一年查几次", "车位租金是几年一签"}) {
            assertTrue(AsksFact.in(asked), asked);
        }
        for (String told : new String[]{"这几个月电梯老坏", "好几个星期没人来打扫了", "前几回都是这个师傅修的",
                "几个月前报的修到现在还没人来", "停水几个小时了", "都几个月了还没修好", "刚装没几个月就坏了",
                "几年前装的热水器坏了", "找过几回了都没用", "要我说几遍", "跑几趟了", "过几日再说吧", "我是几期的业主"}) {
            assertFalse(AsksFact.in(told), told);
        }
    }

    @Test
    void whatIsWantedOrCheckedAndHowLongUntilSomeoneComesAreAsked() {
        for (String asked : new String[]{"租客搬出去要办什么手续", "保安出门要查啥", "开通燃气得签什么", "报修了好久有人来看",
                "快递丢了好久才能赔"}) {
            assertTrue(AsksFact.in(asked), asked);
        }
        for (String told : new String[]{"我要什么都行 你们快点来", "好久没见你们来打扫了"}) {
            assertFalse(AsksFact.in(told), told);
        }
    }

    @Test
    void aComplaintOrAnOfferIsNoQuestion() {
        for (String told : new String[]{"楼上怎么这么吵", "要不你们明天派人来", "我家水管咋又漏了", "单元门禁刷不开，都弄了几天了",
                "洗衣池下水慢，要等好久才流完"}) {
            assertFalse(AsksFact.in(told), told);
        }
    }

    @Test
    void aRequestOrAReportAsksNothing() {
        for (String told : new String[]{"帮我转人工", "厨房水管爆了快派人来", "楼上滴水滴到我家阳台了", "我要交物业费",
                "please send someone to fix the door"}) {
            assertFalse(AsksFact.in(told), told);
        }
    }

    @Test
    void theAskingPartIsSearchedWithoutTheRequestBesideIt() {
        assertEquals("我的门禁卡找不到了，补办的话要带什么证件？", AsksFact.question("我的门禁卡找不到了，补办的话要带什么证件？帮我转人工吧"));
        assertEquals("电梯卡坏了，重新做一张多少钱", AsksFact.question("电梯卡坏了，重新做一张多少钱，顺便帮我报个修"));
        assertEquals("帮我转人工", AsksFact.question("帮我转人工"));
    }

    /** A message's questions: runs of clauses ending in one that asks, the joining word dropped. */
    @org.junit.jupiter.api.Test
    void aMessagesQuestionsAreItsRunsOfClausesThatAsk() {
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("车棚一年交多少钱", "驿站几点关门"),
                DialoguePolicy.questions("车棚一年交多少钱 还有驿站几点关门"));
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("门禁卡找不着了 补一张多少钱", "前台今天几点下班"),
                DialoguePolicy.questions("门禁卡找不着了 补一张多少钱 前台今天几点下班"));
        org.junit.jupiter.api.Assertions.assertEquals(1, DialoguePolicy.questions("厨房水管漏水了 什么时候能来修").size());
        // English is cut at its stops, never at its spaces
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("When does the gym open", "Where do I get a card"),
                DialoguePolicy.questions("When does the gym open? Where do I get a card?"));
    }

    /** Blame worded as a question asks nothing. */
    @org.junit.jupiter.api.Test
    void blameWordedAsAQuestionAsksNothing() {
        org.junit.jupiter.api.Assertions.assertFalse(AsksFact.in("门口倒了一堆砖头渣子 堆了两天了 你们保洁是看不到还是怎么样"));
        org.junit.jupiter.api.Assertions.assertTrue(AsksFact.in("砖头渣子堆在门口 你们什么时候清"));
    }
}
