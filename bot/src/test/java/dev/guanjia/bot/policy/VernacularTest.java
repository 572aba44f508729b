package dev.guanjia.bot.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Regional words read as Mandarin (sentences written for this test, in several regions' speech). */
class VernacularTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // Cantonese
            "部热水炉冇热水|部热水炉没热水",
            "楼上往下躺水|楼上往下淌水",
            "听讲要打蚊药 系边日|听说要打蚊药 哪天",
            "闻到天然器的味道|闻到天然气的味道",
            "帮我取宵活动室|帮我取消活动室",
            "三单元楼到那盏灯不亮|三单元楼道那盏灯不亮",
            "他自己修 不消你们来了|他自己修 不用你们来了",
            "我唔知係咪水管嘅问题|我不知是不是水管的问题",
            "佢哋几时嚟整|他们什么时候来弄",
            "喺边度交钱|在哪里交钱",
            "乜嘢时候搞掂|什么时候搞定",
            "点样报修|怎么报修",
            "点解个闸成日跳|为什么个闸天天跳",
            "啲嘢放咗喺门口|些东西放了在门口",
            "我架车又俾人霸咗位|我架车又被人霸了位",
            // north-east / north
            "这灯不亮了咋整|这灯不亮了怎么办",
            "你们嘎哈呢|你们干什么呢",
            "屋里贼冷|屋里很冷", "暖气贼拉凉|暖气很凉", "孙子关在5栋2单元电梯头了|孙子关在电梯里了",
            "电梯卡在6楼跟7楼中间|电梯卡在两层中间", "楼道头…好大的烟子|楼道里好大的烟", "树枝子折咧吊在半空|树枝子折了吊在半空", "昨晚保修的电题门关不拢|昨晚报修的电梯门关不拢",
            // the IME's 楼到 for the stairwell, only beside its lamp
            "5楼楼到的灯不亮|5楼楼道的灯不亮",
            "楼道埋汰得很|楼道脏得很",
            "垃圾老鼻子了|垃圾很多了",
            "给整一下呗|给弄一下呗",
            // Sichuan / Chongqing
            "啥子时候来修|什么时候来修",
            // Guizhou 哪样 / 哪点, Tianjin 嘛 before a thing (a closing 嘛 stays)
            "最近楼里有哪样通知没|最近楼里有什么通知没", "物业费在哪点交|物业费在哪里交", "这两天有嘛通知没|这两天有什么通知没",
            "暖气片是嘛毛病|暖气片是什么毛病", "是嘛，我也这么想|是嘛，我也这么想", "是嘛我明天再问|是嘛我明天再问",
            "快来弄嘛我在家等|快来弄嘛我在家等",
            "咋个报修嘛|怎么报修嘛",
            "屋头莫得水了|家里没有水了",
            "车子停到门口 挡到起我出不去|车子停在门口 挡着我出不去",
            "娃儿关到电梯里头了|娃儿关在电梯里面了",
            "修水管的好久来|修水管的什么时候来",
            "那师傅多会儿能到啊|那师傅什么时候能到啊", "等了多会儿了|等了多会儿了", "刚修好没多会儿上面又漏了|刚修好没多会儿上面又漏了",
            "换个灯泡好多钱|换个灯泡多少钱",
            "啷个还没得人来|怎么还没有人来",
            // Beijing
            "俩月的钱一块儿交了|俩月的钱一起交了",
            "不介 甭来了|不要 不用来了",
            "车棚在哪儿|车棚在哪里",
            "我不晓得咋弄|我不知道怎么办",
            // Wu / Shanghai
            "阿拉屋里厢水龙头坏脱了|我们家里水龙头坏掉了",
            "侬啥辰光来修|你什么时候来修",
            "今朝好付钞票伐|今天好付钱吗",
            "覅再拖了|不要再拖了",
            "门锁勿灵了|门锁不灵了",
            "叫师傅明朝来修好伐|叫师傅明天来修好吧",
            "大门开伐|大门开吗",
            // Hubei
            "修得么样了|修得怎么样了",
            "搞么事的 冇得人管|干什么的 没有人管",
            "电梯蛮慢的|电梯很慢的",
            "为么斯热水器不出热水|为什么热水器不出热水",
            // Shaanxi, Hokkien / Taiwan
            "额家暖气不热|我家暖气不热",
            "师傅撒时候能来|师傅什么时候能来", "你们弄撒呢|你们弄什么呢", "么人来看 也么下文|没人来看 也没下文",
            "得是给忘咧|是不是给忘了", "楼梯一个礼拜冒得人扫|楼梯一个礼拜没有人扫", "修到那一步了|修到哪一步了",
            "歹势 我甲你讲|不好意思 我跟你讲",
            // typos of property words
            "物叶费多少|物业费多少",
            "我要报休|我要报修",
            "转人公|转人工",
            // Cantonese closing and draining
            "个门关唔埋|个门关不上",
            "唔记得带锁匙出门|忘记带钥匙出门",
            // days and parts of the day, for bookings and visit times
            "听日下昼四点|明天下午四点",
            "后日朝早九点|后天上午九点",
            "明朝下半天|明天下午",
            "后儿个上午|后天上午",
            "啲水落唔去|些水下不去",
            // pinyin without tones
            "chufang de shuilongtou lou shui|厨房的水龙头漏水",
            "wo jia nuanqi bu re le|我家暖气不热了",
            "keting de deng yizhi bu liang|客厅的灯一直不亮",
            // the longest word at each place: 漏水 + 关不上, not lou + 水管 + bu shang
            "yushi lou shui guan bu shang|浴室漏水关不上",
            "yangtai reshuiqi mei re shui|阳台热水器没热水",
            "fangjian de dengpao yishanyishan|房间的灯泡一闪一闪",
            // pinyin times, places and bookings
            "houtian xiawu 4 dian|后天下午4点",
            "zhouliu zaoshang 8 dian|周六早上8点", "侬拉管管伐|你们管管吗", "一股媒气味|一股煤气味", "地下室一股霉气味|地下室一股霉气味", "侬拉开门看看|你拉开门看看",
            "zhe zhou yi zhi mei re shui|这周一直没热水", "xia zhou er xiawu|下周二下午", "xingqitian wanshang|星期天晚上",
            "zhoumo shangwu jiu dian ban yihou zai jia|周末上午9点半以后在家",
            "ge bi ban ye zhuang xiu|隔壁半夜装修",
            "jintian wanshang yuyue wangqiu|今天晚上预约网球",
            // the phone line's recognition slips: 飞 for 费, 楼 for 漏, 店 for 电
            "我想交那个物业飞 还有停车飞|我想交那个物业费 还有停车费",
            "卫生间顶上楼水了|卫生间顶上漏水了", "三楼水管爆了|三楼水管爆了", "店梯门关不上|电梯门关不上",
            // …but not where the same characters mean what they say
            "3号楼水费怎么收|3号楼水费怎么收", "风一吹垃圾飞得满地都是|风一吹垃圾飞得满地都是",
            // Wu: 勒 is 在 before a place; "看看好伐" asks for it done (吧), "开伐" whether (吗)
            "下半天我勒屋里，侬叫师傅来看看好伐|下午我在屋里，你叫师傅来看看好吧",
            // traditional characters, as Hong Kong and Taiwan residents write: read in simplified ones, then as Mandarin
            "請問停車費怎麼繳|请问停车费怎么缴", "冷氣機滴水，點樣報修|冷气机滴水，怎么报修", "你做麼个唔聽電話|你做什么不听电话",
            // English chat shorthand for days and courtesy, in full; words that only contain it stay
            "pls book the gym for tmr 2pm|please book the gym for tomorrow 2pm", "is the pool open tonite?|is the pool open tonight?",
            "the tmrw.com parcel|the tmrw.com parcel", "the plumber took 40 mins|the plumber took 40 minutes",
            "tmr 下午3点可以|tomorrow 下午3点可以", "你讲麼个|你讲什么",
            // Cantonese tomorrow evening and morning
            "听晚七点之后得闲|明晚七点之后得闲", "听朝九点有人|明早九点有人",
            // 厂 typed for 场: a rink, a court, a car park
            "明天下午冰厂还开吗|明天下午冰场还开吗", "地下停车厂怎么收费|地下停车场怎么收费", "厂家说保修三年|厂家说保修三年",
            "地下停车厂里积水了|地下停车场里积水了", "楼下那家制冰厂太吵|楼下那家制冰厂太吵"})
    void readsRegionalWordsAsMandarin(String said, String mandarin) {
        assertEquals(mandarin, Vernacular.read(said));
    }

    @ParameterizedTest
    @ValueSource(strings = {"chufang deng an le mei fanying", "wo jia a, matong du le", "bang wo bao xiu yi xia"})
    void pinyinWithSyllablesThatAreAlsoEnglishWordsIsStillChinese(String typed) {
        assertFalse(Language.of(typed).english(), typed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"整个小区都停电了", "楼道要整改", "家里进贼了", "门口那人骂骂咧咧的", "充电提醒一直响",
            "停电提前通知一下", "门禁卡在1栋电梯刷不了", "猫卡在5楼和6楼中间的管道井里了", "车库头顶在滴水", "金额不对", "额度多少", "砍伐树木要审批吗",
            "路上撒盐了没", "别撒谎", "什么人来修", "电梯没电梯卡刷不了", "还得是你们来修", "那一步步怎么走",
            "我记得是不收费的", "我觉得是你们没修好", "往外冒水 冒得满地都是", "楼道有撒落的垃圾",
            "怎么样才能报修", "要么事先约好", "物业公司什么时候上班", "仲裁委员会", "这个系统怎么用", "野蛮装修",
            "好久没回家了", "好多人在排队", "放到一边", "一块蛋糕", "从1楼到5楼的灯都不亮了"})
    void leavesMandarinAlone(String mandarin) {
        assertEquals(mandarin, Vernacular.read(mandarin));
    }

    @ParameterizedTest
    @ValueSource(strings = {"搵个人同我倾下", "我要同真人讲", "揾你哋经理嚟", "叫个管事的来 俺要找领导", "转人公",
            "叫你们经理赶紧过来", "我要找你们经理通个电话", "我想同你哋个客服姑娘讲两句", "没用，叫你们经理来跟我说",
            // a request beside what is no request ("不要客服", "客服说了…")
            "不要客服小妹，给我转你们经理", "客服说了会转给经理，快帮我转经理",
            // south-western 嘞, the boss in plain words, the estate's steward, face to face, the phone handed over
            "喊个管事嘞来跟我说", "找你们头头来", "我找小区管家", "有没有能说话的人", "能不能派个人上来当面说",
            "你把电话给你们主任", "is there somebody I can talk to in person", "给我转人", "我找物业", "我要跟物业讲",
            "帮我喊一下物业", "帮我找一下你们物业的人", "麻烦让个人给我回话", "叫个物业的来跟我说清楚",
            // erhua: the one in charge as a Beijinger says it
            "您给我叫个管事儿的过来", "找个管事儿的人跟我说",
            // an old caller who cannot follow: is there a person to talk to
            "你讲慢啲啦 我听唔清 有冇人同我讲", "听不明白，有没有真人跟我说",
            // traditional characters: a person to take it over
            "可以請專人跟我聯絡嗎", "我要找真人客服，機器人聽不懂", "打字太麻烦 有专人可以协助吗",
            "my chinese is bad, can I speak to a 客服 in english",
            // a person fetched out (摇 as 西南 says it), a quarrel to have face to face, a call asked for in English
            "麻烦摇一个你们值班的工作人员出来，我要当面说", "这事得跟人当面掰扯清楚", "could somebody who knows the rules please give me a call"})
    void aPersonAskedForInRegionalWords(String said) {
        assertTrue(Cues.wantsPerson(Vernacular.read(said)), said);
    }

    /** Someone sent to move a car or clear a branch, or asking whether the desk is a person: nobody asked for. */
    @ParameterizedTest
    @ValueSource(strings = {"车位叫人给占咧，你们赶紧叫人来挪一哈", "路上横着根大树枝，你们找人清一下", "你是真人还是机器人呀",
            "are you a real person?", "门口那排垃圾桶满了，顺便叫人收一下", "秋千条链断咗，快啲搵人嚟整啦",
            // no person wanted, or what one of them said before
            "唔使转人工，直接帮我睇下几时交费", "前台前天讲停车卡可以网上续", "管家说过周五来量尺寸",
            "我电话给你们经理打过了，没人接", "叫小区管家来修一下楼道灯", "来个懂行的人帮我看看这个漏水",
            "I can talk to my landlord about it", "叫小区管家过来看一下楼道灯", "找我们管家帮忙修一下", "找小区管家开个门",
            "我找小区管家报修过了", "物业根本不管事嘞", "我把电话给管家了，他说明天来修", "叫你们大拿来看看这个电路",
            "找你们头头来修一下", "is there anyone i can talk to about getting my sink fixed", "我找物业报修过了",
            "你帮我跟物业说一下，垃圾没人收", "我找物业交物业费", "找物业的人来修", "我跟物业讲过好几次了",
            // a dog that goes for whoever it sees: nobody asked for
            "那条大黄狗见人就咬，孩子都不敢出门", "楼下几只野猫见人就跑", "那条狗见个人就扑",
            // a service with someone assigned to it, asked about
            "搬家的时候有专人帮忙吗", "新业主入住有专人协助办理手续吗", "装修审批会有专人跟我对接吗", "物业会安排专人来帮我量房吗",
            // staff sent to do a job, someone who called before, a call about the visit, a quarrel told
            "叫你们工作人员出来修一下门口的灯", "the plumber said he would call me back", "叫你们值班人员出来帮我开下单元门",
            "could someone call me before the technician comes?", "我下楼跟人理论，他还骂我"})
    void noPersonAskedForInRegionalWords(String said) {
        assertFalse(Cues.wantsPerson(Vernacular.read(said)), said);
    }

    @ParameterizedTest
    @ValueSource(strings = {"我报嗰单修好冇", "上礼拜报的水管咋样了", "之前叫的师傅几点到", "热水器那个事还冇搞掂",
            "阿拉上趟报的啥辰光来", "门禁那个修得么样了",
            // the technician as 师父, coming up (上嚟)
            "冲凉房盏灯仲系黑麻麻 电工师父几时上嚟啊"})
    void anEarlierReportInRegionalWords(String said) {
        assertTrue(Cues.asksAboutEarlierReport(Vernacular.read(said)), said + " → " + Vernacular.read(said));
    }

    @ParameterizedTest
    @ValueSource(strings = {"欠的物业费今儿一块堆儿交了", "管理费同我俾埋佢", "车位费先给我整了吧", "两个月的钱一起交了算了",
            "阿拉的钞票今朝一道付脱", "额先把暖气费交了", "我想先交咗车位费"})
    void payingNowInRegionalWords(String said) {
        assertTrue(Cues.wantsToPay(Vernacular.read(said)), said + " → " + Vernacular.read(said));
    }

    @ParameterizedTest
    @ValueSource(strings = {"第三季度的管理费最迟哪天前要交掉", "车位费几号之前要交清", "物业费咋交", "管理费点样交", "我早就交了 咋还催", "物业费交咗未", "屋里还有钱冇交", "阿拉还有啥费用没付清"})
    void notPayingNowInRegionalWords(String said) {
        assertFalse(Cues.wantsToPay(Vernacular.read(said)), said + " → " + Vernacular.read(said));
    }

    @ParameterizedTest
    @ValueSource(strings = {"投诉以后几耐先有人覆我", "投述了多久能处理完"})
    void askingHowLongAComplaintTakesIsNotAComplaint(String said) {
        assertFalse(Cues.complains(Vernacular.read(said)), said + " → " + Vernacular.read(said));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "车位费先交了 物业费回头再说|车位费先交了",
            "水费今天付掉，电费下个月再付|水费今天付掉",
            "302的先结了 405再等等|302的先结了",
            "物业费交了吧|物业费交了吧"})
    void payingNowLeavesWhatIsPutOff(String said, String now) {
        assertEquals(now, Cues.payingNow(said));
    }

    /** Readings are remembered; past the limit they start over, and every text still reads the same. */
    @Test
    void rememberedReadingsStayTheReadings() {
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 5_000; i++) {
                assertEquals("怎么报修" + i, Vernacular.read("点样报修" + i));
                assertEquals("楼道" + i, Vernacular.read("楼道" + i));
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "阮兜的管理费还欠偌济|我家的管理费还欠多少",
            "恁厝的水管按怎修|你家的水管怎么修",
            "即马水道头歹去|现在水龙头坏了",
            "明仔载下晡有人佇厝|明天下午有人在家",
            "阮先生讲电火无电|阮先生讲灯没电"})
    void hokkienWordsReadAsMandarin(String said, String mandarin) {
        assertEquals(mandarin, Vernacular.read(said));
    }

    /** 结 for 交 as the north says it: one's own fee asked whether settled. */
    @ParameterizedTest
    @ValueSource(strings = {"我们家今年物业费是不是还没结呢", "俺家暖气费结了没"})
    void ownBillsAskedWhetherSettled(String said) {
        assertTrue(Cues.asksOwnBills(Vernacular.read(said)), said);
    }

    /** 结 in other words (结束, 结算, 结果) asks no bill. */
    @ParameterizedTest
    @ValueSource(strings = {"我家门口的施工怎么还没结束", "我们家供暖费怎么结算吗"})
    void settlingInOtherWordsIsNoBill(String said) {
        assertFalse(Cues.asksOwnBills(Vernacular.read(said)), said);
    }

    @ParameterizedTest
    @ValueSource(strings = {"阮兜今年的车位费要交偌济", "阮厝管理费欠偌济"})
    void hokkienOwnBillsAreAsked(String said) {
        String m = Vernacular.read(said);
        assertTrue(m.contains("我") && m.contains("多少"), said + " → " + m);
    }

    @ParameterizedTest
    @ValueSource(strings = {"我想找你们物业的人讲话", "能不能跟管理处的工作人员通个话", "让我同服务中心的人当面讲"})
    void speakingToSomeoneOfTheDeskWantsAPerson(String said) {
        assertTrue(Cues.wantsPerson(Vernacular.read(said)), said);
    }

    @ParameterizedTest
    @ValueSource(strings = {"可以换一个人跟我讲吗", "请你们主管回个电话给我", "跟你们经理反映一下这个事", "现在有客服在线吗",
            "找个说了算的来", "我要见你们管理处主任", "你们的人呢 都不出来说话", "跟管家直接聊吧"})
    void someoneElseSomeoneWhoDecidesOrACallBackWantsAPerson(String said) {
        assertTrue(Cues.wantsPerson(Vernacular.read(said)), said);
    }

    @ParameterizedTest
    @ValueSource(strings = {"我不跟机器说话", "帮我接通你们办公室", "我要跟工作人员通话", "叫个懂行的人来跟我讲",
            "别让机器人回答我了", "能不能找个会说话的人", "打给你们的人说话", "跟机器讲不清楚，来个喘气的",
            "我不同这个自动回复讲了，帮我叫个你们的工作人员"})
    void notTheMachineButSomeoneWhoUnderstandsWantsAPerson(String said) {
        assertTrue(Cues.wantsPerson(Vernacular.read(said)), said);
    }

    @ParameterizedTest
    @ValueSource(strings = {"找个修水管的人来看看", "叫个师傅来修一下门", "机器车位怎么收费",
            "门口纸箱子堆成山了，叫人来收一收", "垃圾桶满了，喊人来倒一倒", "楼梯扶手好脏，找人来擦擦",
            "路边那棵小树歪了，找人来扶正一下"})
    void someoneToDoAJobIsNoRequestForAPerson(String said) {
        assertFalse(Cues.wantsPerson(Vernacular.read(said)), said);
    }

    @ParameterizedTest
    @ValueSource(strings = {"叫你们经理来一趟", "这个机器人答非所问，叫个人来接", "叫你们领导来把话说清楚",
            "Is there someone who can speak Cantonese I can talk to?", "我眼神不好弄不明白，能不能来个小伙子跟我讲讲", "Is there a staff member who speaks English I could talk with?"})
    void someoneToComeOrToTalkItThroughWantsAPerson(String said) {
        assertTrue(Cues.wantsPerson(Vernacular.read(said)), said);
    }

    @ParameterizedTest
    @ValueSource(strings = {"说好礼拜一安排人，到今天都没见人来", "报了三天了还不见人来", "有个人跟我说下个月物业费要涨，真的假的"})
    void nobodySeenComingIsNoRequestForAPerson(String said) {
        assertFalse(Cues.wantsPerson(Vernacular.read(said)), said);
    }

    @ParameterizedTest
    @ValueSource(strings = {"那我这边直接付可以吗", "账单我看了 能直接在这边付吗", "可以在这儿直接缴吧"})
    void payingThroughTheDeskAfterTheBills(String said) {
        assertTrue(Cues.wantsToPay(Vernacular.read(said)), said);
    }

    @ParameterizedTest
    @ValueSource(strings = {"前天报的那个热水器单子现在谁在跟进", "上回反映楼下烧烤油烟的事 有人去讲了没",
            "上礼拜报的门禁 谁在处理"})
    void whoHasTheEarlierReportAsksItsStatus(String said) {
        assertTrue(Cues.asksAboutEarlierReport(Vernacular.read(said)), said);
    }

    @ParameterizedTest
    @ValueSource(strings = {"前两天说好来修热水器的人呢", "你们答应换的门锁换了没有", "我那个维修排上了没有",
            "约好今天下午来修水管的师傅还来不来", "厨房水龙头的事情什么进展", "师傅说明天来 现在又没信了",
            "等修理工等了一上午了", "天花板渗水的单子能不能快点", "修防盗门的到底几号来", "门铃报修都一个礼拜了",
            "那个渗水的问题你们处理到什么程度了", "帮我催一下卫生间那个单", "水电师傅今天还能到不",
            "排队修油烟机要排到啥时候", "昨天那张维修单给我看看", "电工啥时候上门，我等着呢", "是不是把我报修的事忘了",
            "维修的人派了没", "那个修窗的活儿干完没", "物业说周三来修 今天都周五了"})
    void aPromiseOrARequestMadeAndHowItStandsAsksItsStatus(String said) {
        assertTrue(Cues.asksAboutEarlierReport(Vernacular.read(said)), said);
    }

    @ParameterizedTest
    @ValueSource(strings = {"昨天开始单元门禁刷不开了，派人来看一下", "早上发现阳台窗户合页断了，快点来修",
            "刚才电梯按钮不亮了，麻烦来看看"})
    void aNewFaultInAHurryIsNoStatusQuestion(String said) {
        assertFalse(Cues.asksAboutEarlierReport(Vernacular.read(said)), said);
    }

    @Test
    void aReportReferredToIsToldFromAWorkerAwaitedForANewFault() {
        assertTrue(Cues.asksAboutEarlierReport("油烟机不转了，师傅几点能到"));
        assertFalse(Cues.refersToReport("油烟机不转了，师傅几点能到"), "a new fault, asking when someone comes");
        assertTrue(Cues.refersToReport("上周报修的油烟机，师傅几点能到"));
        assertTrue(Cues.refersToReport("你们答应换的门锁换了没有"));
        assertTrue(Cues.refersToReport("I reported a leak last week"));
    }

}
