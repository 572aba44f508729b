package dev.guanjia.bot.policy;

import dev.guanjia.knowledge.analysis.TraditionalCharacters;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Mandarin reading of what a resident wrote the way they speak: common regional words of
 * Cantonese, the north-east and north, Sichuan and Chongqing, Wu (Shanghai), Hubei, Shaanxi and
 * Hokkien / Taiwan, and frequent typos and homophones of property words, read as the Mandarin the
 * cues and the taxonomy are written in ("修好冇" → "修好没", "咋整" → "怎么办", "啥辰光" → "什么时候").
 *
 * <p>Only words whose everyday Mandarin sense is rare or absent are replaced, and ambiguous ones
 * only in the company that makes them regional (整 as "do" but not 整个, 贼 as "very" but not 进贼,
 * 伐 at the end of a question but not 砍伐). The reading is for understanding; what the resident
 * wrote is still what is recorded.
 */
public final class Vernacular {

    private record Rule(Pattern pattern, String replacement) {
    }

    /** Applied in order: longer phrases before the words they contain. */
    private static final List<Rule> RULES = List.of(
            // ---- typos and homophones of property words (IME slips of the same sound)
            r("物叶|物页|勿业|无业(?=费|公司|管理|的人)", "物业"),
            r("报休|抱修|保修(?=一下|了|单)", "报修"),
            r("维休|唯修", "维修"),
            r("人公(?!司)", "人工"),
            r("投述|投素", "投诉"),
            r("帐单|账dan", "账单"),
            r("交废|缴废", "交费"),
            r("电悌|电体(?!育)|店梯|垫梯", "电梯"),
            // speech recognition's slips on the phone line: 飞 for 费 after a fee's name, 楼 for 漏 beside water
            r("(?<=物业|管理|停车|垃圾|卫生|水|电|燃气|暖气|供暖|车位|维修|服务|装修)飞(?=$|[\\s，,。？?！!]|多少|交|缴|还|没|呢|怎|啥|欠|一起|是|要|的)", "费"),
            r("(?<![0-9一二三四五六七八九十两层整这那每哪号栋幢座们顶高])楼水(?![管表箱泵池龙房井费压])", "漏水"),
            r("暖器|暖汽", "暖气"),
            r("门径|门进(?=卡)", "门禁"),
            r("公单", "工单"),
            // 那 typed for 哪 (both na) in "弄到那一步了", "修到那儿了": how far it has got
            r("(?<=[弄搞修办处理做]到)那(?=一?步|儿了|里了)", "哪"),
            // 师父 typed for 师傅 (the same shi fu): the technician
            r("(?<![大老祖])师父", "师傅"),
            r("亭车", "停车"),
            r("燃汽", "燃气"),
            // 厂 typed for 场 (both chang): a rink, court, square, car park or market, never a factory there
            r("(?<=冰|球|停车|广|操|运动|游乐|菜市|农贸)(?<!制冰|造冰)厂(?!长|家|商|房|子)", "场"),
            r("煤汽", "煤气"),
            r("天然器|天燃气|天然汽", "天然气"),
            // 躺 typed for 淌 (both tang): water running; 宵 for 消 (xiao) in 取消; 包 for 报 in the mailbox's name
            r("躺水", "淌水"),
            r("取宵|取销(?!售)", "取消"),
            r("信包箱", "信报箱"),
            r("媒气|霉气(?=泄|漏|罐|灶|表|阀|报警)", "煤气"),
            // ---- Cantonese (粤)
            r("乜嘢|乜野|咩嘢|咩野", "什么"),
            r("点算|點算", "怎么办"),
            // "而家点呀", "而家点样": how it stands now (宜家 is also the furniture shop)
            r("(而家|依家)点(呀|啊|嘞|样|(?=$|[？?\\s]))", "现在怎么样了"),
            r("点样|點樣", "怎么"),
            r("点解|點解", "为什么"),
            r("几耐|幾耐", "多久"),
            r("几时|幾時", "什么时候"),
            r("几多|幾多", "多少"),
            // "11楼楼到的灯": the IME's 楼到 for 楼道, said of the stairwell's lamp
            r("楼到(?=(里)?(那|这)?(盏|个|只)?的?(灯|声控灯|感应灯))", "楼道"),
            r("搞掂|搞定咗", "搞定"),
            r("係咪|系咪|係唔係|系唔系", "是不是"),
            r("得唔得", "行不行"),
            r("我哋", "我们"),
            r("你哋", "你们"),
            r("佢哋", "他们"),
            r("佢", "他"),
            r("冇晒|冇哂", "全没"),
            r("冇(?=人|用|反应|水|电|气|嘢|得|事|理|回|消息|音讯|声)", "没"),
            r("冇", "没"),
            r("唔该", "麻烦"),
            r("唔记得|冇记得", "忘记"),
            r("唔使|唔洗|唔驶", "不用"),
            // "听讲要打蚊药 系边日": heard that …, which day
            r("听讲(?=要|话|讲|係|系|会|呢|下)", "听说"),
            r("(系|係)边(一)?日|(?<![旁身周两一那这])边(一)?日(?=[？?呀啊呢吖]|$|\\s)", "哪天"),
            // 西南 不消 (no need): "那个就不消你们来了"
            r("(?<!吃)不消(?=你们|您|你|他|师傅|来|跑|麻烦|管|修|弄|搞|去)", "不用"),
            r("锁匙|鎖匙", "钥匙"),
            r("唔", "不"),
            r("係", "是"),
            r("嘅", "的"),
            r("咗", "了"),
            // 喺度 "at it" before a doing ("又喺度跳绳"): 在
            r("喺度(?=\\p{IsHan})", "在"),
            r("喺", "在"),
            r("啲", "些"),
            r("嘢", "东西"),
            r("嚟", "来"),
            r("睇", "看"),
            r("搵|揾", "找"),
            r("[俾畀](?=人|佢|他)", "被"),
            r("[俾畀](?=钱|錢|埋|咗|了|晒)", "付"),
            r("[俾畀]", "给"),
            r("而家|宜家|依家", "现在"),
            // 听晚 / 听朝: tomorrow evening / morning
            r("听晚|聽晚", "明晚"),
            r("听朝|聽朝", "明早"),
            r("听日|聽日", "明天"),
            r("琴日|寻日|尋日", "昨天"),
            r("后日|後日", "后天"),
            r("下昼|下晝|晏昼", "下午"),
            r("上昼|上晝", "上午"),
            r("朝早", "上午"),
            r("头先|頭先|啱啱", "刚才"),
            r("屋企", "家里"),
            r("边度|邊度", "哪里"),
            r("边个|邊個", "谁"),
            // 瞓 "sleep" (瞓唔着 "can't sleep")
            r("瞓", "睡"),
            r("呢度", "这里"),
            r("呢个|呢個", "这个"),
            r("嗰个|嗰個|嗰", "那个"),
            r("成日|日日", "天天"),
            r("同(?=我|你|他|佢|人|真人)", "跟"),
            r("(?<=跟[我你他人])倾|倾(?=下|吓|偈)", "聊"),
            r("仲(?!裁|夏|秋|春|冬)", "还"),
            r("咁", "这么"),
            r("闩", "关"),
            r("(?<=[关合锁]不?)埋", "上"),
            r("落(?=[唔不]去)", "下"),
            r("郁(?=唔|不)|(?<=[唔不])郁", "动"),
            // ---- north-east and north (东北、北方)
            r("咋整|咋办|咋弄|咋搞", "怎么办"),
            r("嘎哈|噶哈|干哈|尬哈", "干什么"),
            r("一块堆儿|一块堆|一堆儿", "一起"),
            r("老鼻子", "很多"),
            r("埋汰", "脏"),
            r("(?<![进遭招防小盗窃抓做作])贼(拉|啦)?(?=[冷热大多慢快臭响难贵好差烦吵脏黑亮凉])", "很"),
            // when: 东北 啥前儿 / 多前儿 / 多咱, 天津 嘛时候 (嘛 is 什么 there: 嘛事, 说嘛呢), 北京 多会儿 (not "等了多会儿",
            // how long, nor "没多会儿", a short while)
            r("啥前儿|多前儿|啥前(?=[能会来到修弄好有])|嘛前儿|嘛时候|(?<![没不差好一])(多会儿|多咱|多早晚)(?=[能会来到修弄好有才给开停上])", "什么时候"),
            // 天津 嘛 before a thing is 什么 ("有嘛通知", "介是嘛毛病", "没嘛大事"), never a closing 嘛 ("是嘛", "好嘛")
            r("(?<=[有是叫说干做买办弄搞出犯闹没])嘛(?=\\p{IsHan})(?![呢呀啊吧哈哦啦咧了我你他她它咱俺您])", "什么"),
            r("今儿个|今儿", "今天"),
            r("明儿个|明儿", "明天"),
            r("后儿个|后儿", "后天"),
            r("昨儿个|昨儿", "昨天"),
            r("俺们|俺", "我"),
            // Beijing (北京话): 一块儿 "together", 不介 "don't", 甭 "no need", 倍儿 / 忒 "very / too", 这儿 / 那儿 / 哪儿
            r("一块儿|一块(?=[交缴付办弄搞修])", "一起"),
            r("不介", "不要"),
            r("甭", "不用"),
            r("倍儿(?=[好棒冷热脏吵响亮快慢多大])", "很"),
            r("(?<![太])忒(?=[吵响冷热脏大多慢快贵黑])", "太"),
            r("这会儿", "现在"),
            // "一会儿亮一会儿灭" alternates; only "later" is 等下
            r("待会儿|一会儿(?![^，,。！!？?]{1,3}一会儿)(?<!一会儿[^，,。！!？?]{1,3}一会儿)", "等下"),
            r("哪儿", "哪里"),
            r("这儿", "这里"),
            r("那儿(?!子)", "那里"),
            r("瞅", "看"),
            r("(?<![调完平规修工齐])整(?![个天夜晚体齐改理修顿容形套栋层治洁合数])", "弄"),
            // ---- Sichuan and Chongqing (川渝)
            r("啥子", "什么"),
            r("咋个", "怎么"),
            // 贵州 and 西南: 哪样 is 什么 ("有哪样通知", "搞哪样"), 哪点 after a going or a being is 哪里 ("在哪点交")
            r("哪样", "什么"),
            r("(?<=[在到从去来往])哪点", "哪里"),
            r("莫得|没得|冇得", "没有"),
            // Hubei 冒得 "there is none" ("冒得人扫", "冒得电")
            r("冒得(?=人|电|水(?![满到])|钱|事|办法|用|时间|空|动静|下文|消息)", "没有"),
            r("晓得", "知道"),
            r("巴适|安逸", "好"),
            r("要得", "好的"),
            r("耍", "玩"),
            r("啷个|朗个|浪个", "怎么"),
            r("一哈儿", "一下"),
            r("要不得", "不行"),
            // 好久 before a coming is "when" (师傅好久来), 好多钱 is "how much"
            r("好久(?=[来到能会])", "什么时候"),
            r("好多(?=钱|块钱)", "多少"),
            // V到起 is V着 (挡到起, 堵到起); V到 + a place is V在 (停到门口, 关到电梯里头)
            r("(?<=[挡堵停摆放关困卡占坐围])到起", "着"),
            r("(?<=[关困卡停摆放挡堵占])到(?=电梯|车库|门口|门前|里头|里面|路|步道|过道|楼道|梯坎|半中间|半中|中间|半空|[上下]头|外头)", "在"),
            r("里头", "里面"),
            r("下头", "下面"),
            r("屋头", "家里"),
            // a place + 头 is in it (电梯头, 楼道头, 厕所头); 烟子 is smoke
            r("(?<=电梯|楼道|过道|走廊|楼梯间|厕所|厨房|车库|房间|灶房)头(?![发痛疼晕顶上部])", "里"),
            r("烟子", "烟"),
            // homophone typos of the desk's own words: 保修 for 报修 after a time or a person ("昨晚保修的"), 电题 / 电提 for 电梯
            r("(?<=[晚天周前次回我早])保修(?=的|了|过|那)", "报修"),
            r("(?<![充来停断用供通漏触])电[题提](?![醒示前款])", "电梯"),
            // an elderly caller's pauses ("楼道头…好大的烟子哦…") part nothing that belongs together
            r("(?<=\\p{IsHan})(…+|\\.{3,})(?=\\p{IsHan})", ""),
            // who is shut in a lift is said before the building and unit: "关在2栋1单元电梯里", and the floors it
            // stopped between ("卡在10楼跟11楼中间")
            r("(?<=[关困])在\\d{1,3}(栋|幢|号楼|座)(\\d{1,2}单元)?(的)?(?=电梯)", "在"),
            r("(?<=梯[^。！？!?]{0,20})卡在\\d{1,3}(楼|层)(跟|和|与|同|到)\\d{1,3}(楼|层)(的)?(中间|之间)", "卡在两层中间"),
            // ---- Wu / Shanghai (吴)
            r("啥物事|啥末事|啥么事", "什么东西"),
            r("啥辰光|啥时光", "什么时候"),
            r("辰光", "时候"),
            r("上半天|上半日", "上午"),
            r("下半天|下半日", "下午"),
            r("阿拉", "我们"),
            r("侬拉(?![一开下住紧])|侬们", "你们"),
            // 寻 is 找 in Wu ("寻侬拉领导来同我讲")
            r("寻(?=侬|你|人|领导|经理|管家|物业|客服|师傅)", "找"),
            r("侬", "你"),
            r("伊拉", "他们"),
            r("覅|勿要", "不要"),
            r("勿", "不"),
            r("哪能", "怎么"),
            r("今朝", "今天"),
            r("明朝(?!末|初|年间|时期)", "明天"),
            r("钞票", "钱"),
            r("一道(?=[交缴付结办弄搞修])", "一起"),
            r("(?<=[交缴付结扔弄搞修坏用])脱(?!离|落|皮|水|发|钩|节|岗)", "掉"),
            r("屋里厢", "家里"),
            // "我勒屋里", "伊勒上班": 勒 is 在 before a place or a doing
            r("(?<=[我你他她侬伊人]|一直|都|还|就)勒(?=家|屋|屋里|里|上班|外头|外面|楼下|楼上)", "在"),
            r("侪", "都"),
            // "来好伐" asks for something to be done (吧); "开伐" asks whether (吗)
            r("(?<=[来去修弄搞帮看](好|可以|行))伐(?=[\\s，,。？?！!]|$)", "吧"),
            r("(?<!砍|征|讨|攻|杀)伐(?=[\\s，,。？?！!]|$)", "吗"),
            // 格 is 的 before a matter or a person ("水槽格事体", "隔壁格人"); 事体 is 事情
            r("(?<=\\p{IsHan})格(?=事体|事情|事|人|物事|辰光|地方)", "的"),
            r("事体", "事情"),
            // ---- Hubei / Wuhan (湖北)
            r("(?<![什怎这那要])(搞么事|搞么子|做么事)", "干什么"),
            r("为么斯", "为什么"),
            r("(?<![什怎这那要])(么事|么子)", "什么"),
            r("(?<![什怎这那要多])么样", "怎么样"),
            r("(?<![什怎这那要多])(么时候|么时间)", "什么时候"),
            // Hakka 麼个 / 么个 "what" (麼 is read as 么 before these): 麼个时候 "when", 做麼个 "why, what for"
            r("麼个时候|么个时候|麼个时间|么个时间", "什么时候"),
            r("(?<![什怎这那要多])么个", "什么"),
            r("(?<![野])蛮(?=[好多大冷热慢快难贵臭吵脏久远])", "很"),
            // ---- Shaanxi (陕西): 额 as "I" before what a person has or does, not 金额 / 额度
            r("(?<![金余限定超差份数总税面配名空])额(?=[家屋的们欠想要先交今明这那也就都还给])", "我"),
            r("一哈", "一下"),
            r("嫑", "不要"),
            // 撒 is 啥 "what" ("撒时候来", "弄撒"), not 撒盐 / 撒谎 / 撒手; 么 is 没 before what is missing ("么人来",
            // "么下文", "么电"), not 什么 / 要么; 得是 asks "is it that…" ("得是给忘咧"), not 还得是
            r("撒时候", "什么时候"),
            r("撒时间", "什么时间"),
            r("(?<=[弄干做说为是有])撒(?![盐药谎娇气尿手野欢腿种网落播])", "啥"),
            r("撒(?=事|东西|意思|情况|配件|人|原因|问题)", "啥"),
            r("(?<![什怎这那要多为干])么(?=人[来管接]|人在|下文|动静|反应|麻达|音讯|消息|信儿|电(?![梯话脑视])|水(?![泥果]))", "没"),
            r("(?<![还就总也都可非记觉懂值显晓认获使变])得是(?=给|忘|把|不|没|么|还|又|要|你们|他们)", "是不是"),
            // 咧 after a verb or a state is 了 ("枝子折咧", "打不着火咧", "好咧"); not 骂骂咧咧, 咧嘴
            r("(?<=\\p{IsHan})(?<![咧骂啥嘛哪谁])咧(?![咧嘴])", "了"),
            // ---- Hokkien / Taiwan (闽、台)
            r("歹势|歹勢", "不好意思"),
            // 阮 "I / we", 恁 "you", 厝 / 兜 "home", 厝边 "neighbours" (阮 as a surname stays: 阮先生, 阮师傅)
            r("厝边头尾|厝边", "邻居"),
            r("阮厝|阮兜|阮家", "我家"),
            r("恁厝|恁兜", "你家"),
            r("厝内|厝里|厝底", "家里"),
            r("厝顶", "屋顶"),
            r("(?<=[我咱他她伊])厝", "家"),
            r("阮(?!先生|小姐|女士|师傅|经理|主任|老师|总|姐|哥|阿姨|叔|伯)", "我"),
            r("恁(?=[的是要欲有无这那])", "你们"),
            // how much, how, where, now
            r("偌济|偌多|偌侪|若济|若多|外济", "多少"),
            r("按怎|安怎", "怎么"),
            r("按呢", "这样"),
            r("佗位|叨位|佗落|叨落|佗一", "哪里"),
            r("即马|这马|今马", "现在"),
            r("拄才|拄仔", "刚才"),
            // days and times of day
            r("今仔日", "今天"),
            r("明仔载|明仔再|明仔日|明仔", "明天"),
            r("昨昏", "昨天"),
            r("下昏|暗时|暗暝|暗头仔", "晚上"),
            r("透早", "早上"),
            r("下晡", "下午"),
            r("中昼|中晝", "中午"),
            // broken, not, no, want, can, at; things
            r("歹去|害去|坏去|拍歹去|拍歹", "坏了"),
            r("有无", "有没有"),
            r("无(?=水|电|气|热水|人(管|理|来|收|扫|接)|反应)", "没"),
            r("毋(?!庸|宁|须)", "不"),
            r("欲(?![望求念])", "要"),
            r("会使|会当", "可以"),
            r("佇厝|在厝|伫厝", "在家"),
            r("佇(?![立候])", "在"),
            r("啥物|啥乜", "什么"),
            r("代志", "事情"),
            r("电火(?=球|泡)", "灯"),
            r("电火", "灯"),
            r("水道头", "水龙头"),
            r("便所", "厕所"),
            r("头家", "老板"),
            r("囝仔|囡仔", "小孩"),
            r("(?<=[我你他伊])甲(?=[你我他伊])", "跟"),
            r("袂使|袂", "不能"),
            r("啥", "什么"),
            r("咋(?=样|回事|还|没|不|的)", "怎么"),
            r("咋", "怎么"));

    /**
     * Pinyin without tones of the words residents use most for repairs and the desk ("nuan qi bu re le" →
     * "暖气不热了"), read only in text without Chinese characters that is not English.
     */
    private static final List<Rule> PINYIN = java.util.stream.Stream.of(List.of(
            p("shui long tou", "水龙头"), p("xia shui dao", "下水道"), p("re shui qi", "热水器"), p("wei sheng jian", "卫生间"),
            p("xi shou jian", "洗手间"), p("nuan qi pian", "暖气片"), p("nuan qi", "暖气"), p("di nuan", "地暖"),
            p("ma tong", "马桶"), p("di lou", "地漏"), p("shui guan", "水管"), p("chu fang", "厨房"), p("yu shi", "浴室"),
            p("ke ting", "客厅"), p("wo shi", "卧室"), p("dian ti", "电梯"), p("men jin", "门禁"), p("men suo", "门锁"),
            p("cha zuo", "插座"), p("kai guan", "开关"), p("ran qi", "燃气"), p("mei qi", "煤气"), p("kong tiao", "空调"),
            p("lou dao", "楼道"), p("che wei", "车位"), p("deng", "灯"),
            p("da bu zhao huo", "打不着火"), p("guan bu jin", "关不紧"), p("guan bu shang", "关不上"), p("da bu kai", "打不开"),
            p("bu re", "不热"), p("bu liang", "不亮"), p("bu dong", "不动"), p("mei fan ying", "没反应"), p("mei shui", "没水"),
            p("mei dian", "没电"), p("ting dian", "停电"), p("ting shui", "停水"), p("tiao zha", "跳闸"), p("lou shui", "漏水"),
            p("di shui", "滴水"), p("shen shui", "渗水"), p("du le", "堵了"), p("du zhu", "堵住"), p("huai le", "坏了"),
            p("yi zhi", "一直"), p("hao leng", "好冷"), p("hao chao", "好吵"), p("tai chao", "太吵"), p("wei dao", "味道"),
            p("wo jia", "我家"), p("wu li", "屋里"), p("an le", "按了"),
            p("bao xiu", "报修"), p("wei xiu", "维修"), p("lai xiu", "来修"), p("shi fu", "师傅"), p("yang tai", "阳台"),
            p("fang jian", "房间"), p("tian hua ban", "天花板"), p("re shui", "热水"), p("mei re shui", "没热水"),
            p("bu chu shui", "不出水"), p("bu xia shui", "不下水"), p("chou wei", "臭味"), p("men ka", "门卡"),
            p("shua ka", "刷卡"), p("yi shan yi shan", "一闪一闪"), p("deng pao", "灯泡"), p("zao yin", "噪音"),
            p("zhe zhou yi zhi", "这周一直"), p("xia zhou yi ding", "下周一定"), p("zhou yi zhi", "周一直"), p("zhou yi ding", "周一定"),
            p("xia zhou", "下周"), p("zhe zhou", "这周"), p("ben zhou", "本周"), p("da hou tian", "大后天"),
            p("ming tian", "明天"), p("jin tian", "今天"), p("hou tian", "后天"), p("shang wu", "上午"), p("xia wu", "下午"),
            p("zhong wu", "中午"), p("wan shang", "晚上"), p("zao shang", "早上"), p("ye li", "夜里"), p("ban ye", "半夜"),
            p("zhou mo", "周末"), p("yi hou", "以后"), p("jia li", "家里"), p("you ren", "有人"), p("zai jia", "在家"),
            p("dian li", "店里"), p("lou shang", "楼上"), p("lou xia", "楼下"), p("ge bi", "隔壁"), p("lin ju", "邻居"),
            p("da ma jiang", "打麻将"), p("ma jiang", "麻将"), p("zhuang xiu", "装修"), p("gou jiao", "狗叫"),
            p("chao de", "吵得"), p("chao si", "吵死"), p("shui bu zhao", "睡不着"), p("guang chang wu", "广场舞"),
            p("yu yue", "预约"), p("yu mao qiu", "羽毛球"), p("ping pang qiu", "乒乓球"), p("ping pang", "乒乓"),
            p("wang qiu", "网球"), p("lan qiu", "篮球"), p("huo dong shi", "活动室"), p("zhuo", "桌"),
            p("chong bu xia qu", "冲不下去"), p("chong bu xia", "冲不下"), p("bu chong shui", "不冲水"),
            p("mei you dian", "没有电"), p("mei you shui", "没有水"), p("bu zhao", "不着"), p("qu xiao", "取消"),
            p("le", "了"), p("de", "的")), weekdays()).flatMap(List::stream).toList();

    /**
     * The days of the week in pinyin, alone and after 下周 / 这周 ("zhouliu zaoshang 8 dian", "xia zhou er"): a
     * visit's or a booking's day.
     */
    private static List<Rule> weekdays() {
        String[][] weeks = {{"zhou", "周"}, {"xing qi", "星期"}, {"li bai", "礼拜"}, {"xia zhou", "下周"}, {"zhe zhou", "这周"}};
        String[][] days = {{"yi", "一"}, {"er", "二"}, {"san", "三"}, {"si", "四"}, {"wu", "五"}, {"liu", "六"}, {"ri", "日"},
                {"tian", "天"}};
        List<Rule> out = new java.util.ArrayList<>();
        for (String[] week : weeks) {
            for (String[] day : days) {
                out.add(p(week[0] + " " + day[0], week[1] + day[1]));
            }
        }
        return out;
    }

    /** A clock time in pinyin: "3 dian", "qi dian ban" → 3点, 7点半 ("yi dian" is also "a little", so not read). */
    private static final Pattern PINYIN_CLOCK = Pattern.compile(
            "(?i)(?<![a-z])(\\d{1,2}|shi ?yi|shi ?er|er|liang|san|si|wu|liu|qi|ba|jiu|shi)\\s*dian(\\s*ban)?(?![a-z])");
    private static final String[] PINYIN_DIGITS = {"ling", "yi", "er", "san", "si", "wu", "liu", "qi", "ba", "jiu", "shi", "shiyi", "shier"};

    private static String pinyinClock(String s) {
        return PINYIN_CLOCK.matcher(s).replaceAll(m -> {
            String n = m.group(1).toLowerCase(java.util.Locale.ROOT).replace(" ", "");
            int h = n.equals("liang") ? 2 : java.util.Arrays.asList(PINYIN_DIGITS).indexOf(n);
            String hour = h >= 0 ? String.valueOf(h) : n;
            return hour + "点" + (m.group(2) != null ? "半" : "");
        });
    }

    private static Rule p(String syllables, String hanzi) {
        // syllables written apart, together or with an apostrophe: "shui long tou", "shuilongtou", "shui'longtou"
        return new Rule(Pattern.compile("(?i)(?<![a-z])" + syllables.replace(" ", "[\\s']*") + "(?![a-z])"), hanzi);
    }

    /**
     * All pinyin words in one pass, the longest at each place first: "di shui guan bu jin" is 滴水 + 关不紧,
     * not di + 水管 + bu jin, which reading word by word in list order would give.
     */
    private static final Pattern PINYIN_WORDS = Pattern.compile(PINYIN.stream()
            .sorted(java.util.Comparator.comparingInt((Rule rule) -> -syllables(rule.pattern().pattern()).length()))
            .map(rule -> "(?:" + rule.pattern().pattern().replace("(?i)", "") + ")")
            .collect(java.util.stream.Collectors.joining("|")), Pattern.CASE_INSENSITIVE);
    private static final java.util.Map<String, String> PINYIN_HANZI = PINYIN.stream().collect(java.util.stream.Collectors.toMap(
            rule -> syllables(rule.pattern().pattern()), Rule::replacement, (a, b) -> a));

    /** The letters of a pinyin word, lower case, without the spaces or apostrophes between its syllables. */
    private static String syllables(String written) {
        return written.replace("(?i)", "").replace("(?<![a-z])", "").replace("(?![a-z])", "")
                .replace("[\\s']*", "").replaceAll("[\\s']", "").toLowerCase(java.util.Locale.ROOT);
    }

    /** Chat shorthand and common misspellings of English day words ("tmr 2pm", "pls", "tonite"), in full. */
    private static final List<Rule> ENGLISH_SHORTHAND = List.of(
            shorthand("tmr|tmrw|tmw|tmro|2moro|2morow|2morrow|tomorow|tommorow|tommorrow|tomorro", "tomorrow"),
            shorthand("tonite|2nite|2night", "tonight"),
            shorthand("pls|plz|plse", "please"),
            shorthand("thx|thnx|tks", "thanks"),
            shorthand("wknd|wkend", "weekend"),
            shorthand("mins", "minutes"),
            shorthand("hrs", "hours"));

    /** A shorthand as a word of its own (not inside "tmrw.com" or an e-mail address). */
    private static Rule shorthand(String words, String full) {
        return r("(?i)(?<![\\w./@-])(" + words + ")(?![\\w@-]|\\.\\w)", full);
    }

    /** The text with every rule applied in order. */
    private static String applied(List<Rule> rules, String text) {
        String s = text;
        for (Rule rule : rules) {
            Matcher m = rule.pattern().matcher(s);
            if (m.find()) {
                s = m.replaceAll(Matcher.quoteReplacement(rule.replacement()));
            }
        }
        return s;
    }

    private static Rule r(String regex, String replacement) {
        return new Rule(Pattern.compile(regex), replacement);
    }

    private Vernacular() {
    }

    /** A turn reads the same message several times (the policy, the model's intent and knowledge calls). */
    private static final RecentReadings<String> RECENT = new RecentReadings<>(Vernacular::readAnew);

    /** The Mandarin reading of the text; text without regional words comes back unchanged. */
    public static String read(String text) {
        if (text == null || text.isEmpty()) {
            return text == null ? "" : text;
        }
        return RECENT.of(text);
    }

    private static String readAnew(String text) {
        // traditional characters first: every reading below and every cue after it is written in simplified ones
        String s = TraditionalCharacters.simplify(text);
        if (s.codePoints().noneMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)
                && !Language.of(s).english()) {
            s = pinyinClock(s);
            s = PINYIN_WORDS.matcher(s).replaceAll(w -> Matcher.quoteReplacement(
                    PINYIN_HANZI.getOrDefault(syllables(w.group()), w.group())));
            return s.replaceAll("(?<=\\p{IsHan})[\\s']+(?=[\\p{IsHan}0-9])", "");
        }
        // then English shorthand, in English or among Chinese words ("tmr 下午3点可以")
        return applied(ENGLISH_SHORTHAND, applied(RULES, s));
    }
}
