package dev.guanjia.bot.policy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An earlier report asked after in the words people use, and questions that only sound like it. */
class StatusCueTest {

    /** Wu: 格 for 的, 事体 for 事情, 今朝 for 今天, 伐 closing a question. */
    @Test
    void anEarlierReportAskedAfterInWuAndCantonese() {
        assertTrue(Cues.asksAboutEarlierReport(Vernacular.read("我是302的 厨房间水池格事体 师傅今朝来伐")));
        // and in Cantonese: where the order has got to
        assertTrue(Cues.asksAboutEarlierReport(Vernacular.read("洗手间抽气扇嗰张单而家去到边")));
        // a procedure's steps are no order's progress
        assertFalse(Cues.asksAboutEarlierReport("装修手续一般办到哪一步才能进场"));
    }

    /** Shaanxi 撒时候 / 么 / 得是 and the homophone 那 for 哪; someone sent asked for; one's orders counted; a no-show in English. */
    @Test
    void anEarlierReportAskedAfterInMoreWordings() {
        for (String said : new String[]{"地下室渗水那个 弄到那一步咧 师父来看了一回就么下文咧", "修灯那个 到底撒时候来人",
                "上个礼拜报的修剪雪松 都一个礼拜咧 得是给忘咧", "额现在一共挂了几个单子",
                "Nobody showed up for the light repair last night. Did you guys forget about us?"}) {
            assertTrue(Cues.asksAboutEarlierReport(Vernacular.read(said)), said);
        }
        assertFalse(Cues.asksAboutEarlierReport(Vernacular.read("额想问一哈 装修要办撒手续")));
        // how soon someone comes, asked as a rule
        assertFalse(Cues.asksAboutEarlierReport(Vernacular.read("晚上报修好久来人")));
    }

    @Test
    void anEarlierReportAskedAfter() {
        for (String said : new String[]{"上回换水表那个单子，是不是已经结掉了？", "俺们之前报那个楼道灯的事儿，整利索了没",
                "我名下还有没有没弄完的工单", "换锁那个单还挂着没", "我那个修窗户的事你们到底哪天来弄",
                // how far it got
                "我店门口那块地砖到底修到哪一步了", "单元门那事处理到哪了",
                "Could you check the status of our balcony door repair from last month?",
                // how it ended, who has it
                "十一月那次楼道灯不亮的事，后来咋处理的来着", "我家报那个水表的，最后咋整的", "那单派给哪个师傅了",
                "my husband reported the leaking radiator in November, was that ever fixed?", "Who's the technician on it?",
                "is the card reader at our unit door fixed now?", "has the leak in my bathroom been repaired?",
                // submitted before and pressed: forgotten, waited long, whether anyone deals with it at all
                "上个月在小程序提交过一个报事，还显示待处理，是不是给漏掉了", "我那单子到底有没有在处理，等了好几天",
                "Can you tell me where her repair request stands?", "My dad reported a blocked drain on the 2nd and nobody has come yet",
                "阿拉窗门坏脱个事体上礼拜报过了，现在哪能了", "Did anyone look into my parking report?",
                "催一下", "帮我催催吧", "麻烦加个急！", "please chase it up",
                // Minnan and Cantonese "有…无", a report received, who it went to, no call back, the neighbour talked to
                "车库渗水彼件代志我有报过，恁有处理无", "修门铃的师傅有来看无", "我的报修单你们收到没有", "前天提交的换灯申请现在安排给谁了",
                "报修的事到现在没人给我回个电话", "灯坏脱的事礼拜三报上去了 现在弄到啥地步", "窗子漏风我反映上去的 有下文没", "我那套空调滴水的单子有冇人接啊", "后尾的水沟昨暝阮厝个囝有报，有人来睇无？", "隔壁晚上吵的那件事你们跟他沟通过没有",
                // when or whether the fault told is seen to (an open order of its trade answers it)
                "我家下水道漏水什么时候能修", "阳台漏水的师傅今天能来吗", "卫生间漏水，师傅安排了没有", "水管一直滴，修了没", "我家的渗水问题啥时候处理"}) {
            assertTrue(Cues.asksAboutEarlierReport(said), said);
        }
    }

    @Test
    void questionsAboutRepairsInGeneralAskNoStatus() {
        for (String asked : new String[]{"换的龙头坏了还能保修吗", "装修垃圾什么时候处理", "什么时候可以装修",
                "明天上午有人在家，时间安排没问题", "装修工人明天能来吗", "你们什么时候上门抄水表？", "昨天寄存在前台的快递收到了吗",
                "昨天联系了无人接听，楼下井盖松了", "周末报修什么时候处理？", "is the gym open now?"}) {
            assertFalse(Cues.asksAboutEarlierReport(asked), asked);
        }
    }

    @Test
    void howRepairsGoInGeneralIsNoStatusOfOnesOwn() {
        assertTrue(Cues.asksInGeneral("报了修一般多久来人"));
        assertTrue(Cues.asksInGeneral("报修以后多长时间能上门"));
        assertFalse(Cues.asksInGeneral("我报的那个修了没"));
        // once one has reported, how long: the rule; the report made, how long: that report
        assertTrue(Cues.asksInGeneral("报完修几天会有人打电话"));
        assertFalse(Cues.asksInGeneral("我报的修几天能来"));
        assertTrue(Cues.asksAboutEarlierReport("did anyone get assigned to the boiler thing yet?"));
        // a report of one's own that nobody came to is no rule asked
        for (String own : new String[]{"报了修几天了都没人来", "我报了修多久能来", "报咗修几耐都冇人嚟"}) {
            assertFalse(Cues.asksInGeneral(own), own);
        }
    }

    @Test
    void howAReportEndedIsAsked() {
        assertTrue(Cues.asksHowItEnded("上个月电梯卡住那事儿，最后怎么处理的"));
        assertTrue(Cues.asksHowItEnded("has it been sorted?"));
        assertFalse(Cues.asksHowItEnded("门禁刷不开了，明天上午家里有人"));
    }

    @Test
    void theMenusWordsAndCantoneseHowItStandsAskAfterOrders() {
        for (String said : new String[]{"我的工单", "查一下我的报修单进度", "我报咗嗰单噪音 而家点呀"}) {
            assertTrue(Cues.asksAboutEarlierReport(Vernacular.read(said)), said);
        }
        assertFalse(Cues.asksAboutEarlierReport("工单怎么提交"));
        assertTrue(Cues.asksAboutEarlierReport(Vernacular.read("我报咗嗰单噪音 而家点样")));
        assertFalse(Cues.asksAboutEarlierReport(Vernacular.read("我在宜家点了个柜子")));
        assertFalse(Cues.asksAfterTheOrder("垃圾多久清理一次"));
    }

    @Test
    void rightAfterAnOrderHowItGoesOnIsAsked() {
        for (String said : new String[]{"修水管的师傅现在到哪儿了", "登记上了没有？", "那要多久才能修好", "啥辰光师傅来",
                "几时嚟整", "When will the electrician get here?", "is my order booked?", "那这俩事儿赶明儿能来人不？"}) {
            assertTrue(Cues.asksAfterTheOrder(Vernacular.read(said)), said);
        }
        // when the supply comes back is a notice's, not the technician's
        assertFalse(Cues.asksAfterTheOrder("今天几点能来水"));
        // questions of their own after an order: a fee, where to pay, registering a visitor
        for (String other : new String[]{"物业费什么时候到期？", "交了物业费多久能到账？", "物业费到哪儿交？", "访客车辆要登记吗？",
                "how long will the water be off?", "Is that in the management fee?"}) {
            assertFalse(Cues.asksAfterTheOrder(other), other);
        }
        assertFalse(Cues.asksAfterTheOrder("明天下午三点以后都在家"));
    }

    @Test
    void theVisitCalledOffOrASecondFaultOnTheSameVisit() {
        for (String said : new String[]{"算了算了不要来了，老公下班回来弄好了", "我女儿已经修好了", "never mind, it's working again",
                // Cantonese: the son changed it, called off outright
                "唔使喇 原来系个灯胆烧咗 个仔帮我换咗", "灯又得返喇 可以取消"}) {
            assertTrue(Cues.callsOffTheVisit(said), said);
        }
        assertFalse(Cues.callsOffTheVisit("还没修好，你们什么时候来？"));
        // a wish, a wait or a failed try is no call-off
        for (String still : new String[]{"谢谢，我希望能尽快修好", "我在家等你们修好", "我自己弄了半天也没弄好",
                "老婆搞了半天，你们还是派个人来吧", "对了，周六羽毛球场的预约麻烦取消",
                "OK thanks, no need to call, just come", "Please don't come before 2pm, I'm at work"}) {
            assertFalse(Cues.callsOffTheVisit(still), still);
        }
        assertTrue(Cues.onTheSameVisit("书房插座也没电了，顺便一起看看"));
        assertTrue(Cues.onTheSameVisit("the hall light is dead too, can he look at it while he's there?"));
        assertFalse(Cues.onTheSameVisit("书房插座也没电了"));
        assertFalse(Cues.onTheSameVisit("楼上楼下一起装修，吵死了"));
    }

    /** A visit agreed before and whether it holds, who said it, the time it was due gone by. */
    @Test
    void aVisitAgreedBeforeIsAskedAfter() {
        for (String said : new String[]{"约的周五上午还算数吗，就是漏水那个", "你们说好今天下午来修门禁 我等到五点人都没见着",
                "王阿姨讲后天来换灯泡 我要不要在家等", "你们讲过几天就来弄 现在过了两个礼拜了",
                "客服说周六派人来看 这个还安排着没有"}) {
            assertTrue(Cues.asksAboutEarlierReport(said), said);
        }
        // a card, a coupon or an approval asked about, someone at home or a courier who said something
        for (String said : new String[]{"之前办的门禁卡还有效吗", "上个月的优惠券还有效吗", "昨天交了装修押金，开工要不要等物业审批"}) {
            org.junit.jupiter.api.Assertions.assertFalse(Cues.asksAboutEarlierReport(said), said);
        }
        for (String said : new String[]{"我家阿姨说水龙头要换", "快递小哥说明天再来送",
                // a report made now, with 那个 inside it
                "我反映一下楼上那个装修的", "我提醒你们那个", "any news about the pool reopening?"}) {
            org.junit.jupiter.api.Assertions.assertFalse(Cues.refersToReport(said), said);
        }
        // something about to fall down (冧落嚟) is no one coming
        for (String said : new String[]{"上个月打完风 嗰棵树好惊佢冧落嚟", "上个月打完风 嗰棵树好惊佢跌落嚟",
                // a guest, the family, a friend coming over: no technician asked after
                "客人什么时候过来", "我家人什么时候过来"}) {
            org.junit.jupiter.api.Assertions.assertFalse(Cues.asksAboutEarlierReport(said), said);
        }
        assertTrue(Cues.asksAboutEarlierReport("报咗修 点解仲未有人落嚟睇"));
        // the thing one reported, closed by 那个; news asked of something named before
        for (String said : new String[]{"我反映门口堆垃圾那个 有人管没", "any update on the kitchen tap thing?"}) {
            assertTrue(Cues.refersToReport(said), said);
        }
    }

    /** "When" in 天津 (嘛时候), 东北 (啥前儿), Hakka (麼个时候) and "done" said with 得 (整得好) ask after the order. */
    @Test
    void whenInRegionalWordsAsksAfterTheOrderJustMade() {
        for (String said : new String[]{"老头子下不去楼，嘛时候能修好啊", "啥前儿能来人给剪剪", "麼个时候有人来修？",
                "你哋几时整得好啊"}) {
            assertTrue(Cues.asksAfterTheOrder(said) || Cues.asksAfterTheOrder(Vernacular.read(said)), said);
        }
    }

    /** A complaint already made, looked up: how far it got ("弄到啥地步了"), not a second complaint. */
    @Test
    void aComplaintMadeLookedUpAsksAfterIt() {
        assertTrue(Cues.asksAboutEarlierReport(Vernacular.read("楼上噪音额投诉侬帮我查查，现在弄到啥地步了？")));
        assertFalse(Cues.asksAboutEarlierReport(Vernacular.read("我要投诉楼上噪音，你帮我查查是哪家")));
    }
}
