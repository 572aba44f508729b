package dev.guanjia.bot.policy;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Lexical readings the dialogue policy acts on whatever model is behind the desk: a request for a
 * person, a privacy probe, a complaint about the service, a reference to an earlier report. Written
 * for the way residents all over China write (and in English), not for one community's wording.
 */
public final class Cues {

    /** A job someone is sent to do ("来修", "帮忙开个门"): asked for that, a steward or the boss is no person to talk to. */
    private static final String JOB = "(修|看|弄|处理|换|装|疏通|检查|上门|查|整|搞|瞧|瞅|开门|开个门|报修|打扫|清理)";

    private static final Pattern PERSON = Pattern.compile(
            "人工|真人|活人|客服(人员|小姐|妹妹|MM)?(?!电话)|接线员|坐席|话务员|值班(的|员|人员)(?!小伙子|小姑娘|大爷|大哥|大姐|阿姨|师傅)(?!(来|出来|过来)?(帮我|给我|帮忙)?(开|" + JOB.substring(1, JOB.length() - 1) + "))|(?<![不没])管事儿?(的|哋)|(?<![不没])管事儿?(嘞|滴)(人|来|出来|过来)|负责(的|嘞)人|负责人|"
                    // "找你们头头来", "喊你们老大出来": the boss in plain words, for no job to be done
                    + "(找|叫|喊|请)(你们的?|你们物业的?)(头头|头儿|老大)(?!(来|过来|上来|下来)?(帮忙|帮我|给我)?" + JOB + ")|"
                    // "我找小区管家", "叫咱们的管家": the estate's own steward, for no job to be done
                    + "(找|叫|喊)(小区|我们|咱们|俺们)的?管家(?![^，,。！!？?]{0,4}" + JOB + ")|"
                    // "我找物业", "我要跟物业讲", "帮我喊一下物业": the desk's people asked for, and nothing more said
                    + "(找|喊|叫)(一下|下)?(你们)?(物业|管理处|服务中心|办公室|前台)(的人)?(说|讲|谈|聊|通话|对话|沟通)?(一下|下|几句|两句)?[吧啊呀嘛哈。！!]*$|"
                    + "(跟|和|同|与)(你们的?)?(物业|管理处|服务中心|办公室|前台)(的人)?(直接)?(说|讲|谈|聊|通话|对话|沟通)(一下|下|几句|两句)?[吧啊呀嘛哈。！!]*$|"
                    // "给我转人", "麻烦让个人给我回话", "叫个物业的来跟我说清楚"
                    + "(给我|帮我)转(个)?人(?!工费)|(让|叫|找|喊)(个|一个)人(给我)?(回话|回电|回个电话|打个?电话给我|给我打个?电话|联系我)"
                    // (not a call to fix the visit: "叫个人给我打电话约下时间")
                    + "(?![^，,。？?！!]{0,4}(约|上门|来修|时间))|"
                    // a homophone slip of 人工 ("转任工", "转人公")
                    + "转(任工|人公|仁工|人攻)|"
                    // "把你们经理的电话给我，我直接跟他说": the one in charge, to be reached (their number is no fact the desk hands out)
                    // (not a shop's 老板, a neighbour whose number is not given: "佢老板电话俾我")
                    + "(你们|物业|管理处|服务中心)的?(经理|主管|领导|负责人|主任)的?(电话|手机|手机号|号码|联系方式)(给我|发我|发给我|告诉我)|"
                    + "(叫|喊|找)(个|一个)(物业|管理处)的(人)?(来|过来)?(跟|和|同)我(说|讲|谈)|"
                    // "能不能有个姑娘跟我说说": someone to talk it through with
                    + "((能不能|可不可以|能否|有没有可能)有|来|找|叫|换)(个|一个|位)(姑娘|小姑娘|小妹|小伙子|年轻人|工作人员|人)(跟|和|给|同|陪)我(说说|讲讲|说|讲|解释|聊)|"
                    // "有没有能说话的人", "派个人上来当面说", "把电话给你们主任"
                    + "(有没有|有冇)(个|一个)?(能说话|能做主|说了算|管事)的?人|(有没有|有没|有冇|有无)(个|一个)?(真)?人(同|跟|和|陪)我(讲|说|倾|聊|解释)(?!过|了|一声)|(派|来)(个|一个)人.{0,4}当面(说|讲|谈|聊)|"
                    + "(?<![我他她])((把|将)电话(给|转给|交给)|电话(转给|交给))(你们的?)?(领导|经理|主管|主任|负责人|管家|值班的?)(?!了|过)|"
                    // (not someone sent to fix it, nor "车位让人给占了", "叫人偷了": someone did it, nobody is asked for)
                    + "((找|叫|请|喊|搵|(?<![没不未冇])见)(个|一个)?|(让|要)(个|一个))(你们的?)?(物业|管理处|服务中心)?(人|领导|经理|主管|主任|上级|老板|管家|工作人员|职员|管理员|负责人)"
                    + "(?!(来|嚟|出来|过来)?(修|看|弄|处理|换|装|疏通|检查|上门|查|整|搞|瞧|瞅|睇|执|收|拾掇|挪|清|扫|拖|搬|剪|砍|锯|抬|拉走|赶走|撵|通一下|通下水|灭|抓|捡|铲|运|倒|擦|洗|冲|刷|掏|捞|喷|补|撕|摘|推)|(?<=人)(来|嚟|过来|上来|下来)(?=\\p{IsHan})(?!(跟|和|同|与|给|对|陪)|说|讲|谈|聊|解释|回|联系|当面|接|一趟|趟|一下|见我|找我)|(?<=人)(给|[占偷撞踩砸挖拿拆刮划堵挪扔骗打霸睡受生恶难头心害烦气笑])|(?<=见人|见个人|见一个人)(就|便|都|咬|扑))|"
                    // "你把你们主管叫来", "把经理喊过来": someone in charge, fetched
                    + "(把|将)(你们的?)?(物业的?)?(领导|经理|主管|主任|负责人|上级|老板|管事的)(给我)?(叫|喊|请|找)(来|过来|出来)(?!的)|"
                    // "你让你们经理跟我联系": someone in charge, asked for by 让/要 (never "让人" alone, which is causative)
                    + "(让|要)(你们的?)?(物业|管理处)?的?(领导|经理|主管|主任|负责人|上级|老板)(?!来?(修|看|弄|处理|换|装|疏通|检查|上门|查))|"
                    // "我找你们曹经理", "叫王主任接电话": a named member of the desk's staff
                    + "(找|叫|请|喊)(你们的?)?(物业的?)?(?![问过了到个])\\p{IsHan}(经理|主任|主管|队长|管家)(?!来?(修|看|弄|处理|换|装|疏通|检查|上门|查)|电话)|"
                    + "(叫|让|请)(?![了过])[^，,。？?！!没不]{0,6}接(个)?电话|"
                    // "换个人跟我说", "找个能做主的", "叫你们当官的出来": someone else, someone who decides
                    + "换(个|一个)(人|真人|人工)|(能|可以)做主的|说了算的|能拍板的|当官的|当家的|话事人|"
                    // "请专人跟我联络", "有专人可以协助吗" (as Taiwan writes it): someone assigned to take it over — not a
                    // service asked about ("搬家的时候有专人帮忙吗", "装修审批会有专人跟我对接吗")
                    + "专人(可以|能|来)?((跟|和|同|与|给)我(联络|联系|沟通|回电|打电话)|(联络|联系|回复|回电)我)|"
                    + "专人(可以|能)(协助|帮忙)(我|一下)?(吗|嗎|么)?[？?]?(?=$|[\\s，,。！!])|"
                    // English around a Chinese word for the desk's people ("can i talk to a 工作人员 who speaks english")
                    + "(?i:(talk|speak|chat) (to|with) (a |an |the |your |some )?)(工作人员|客服|人工|真人|管理员|经理|物业|管家)|"
                    // "让物业经理联系我", "叫管家给我回个电话": someone of the desk's to call back
                    + "(经理|主管|主任|领导|负责人|管家|客服|工作人员|前台|值班的?人?).{0,4}(联系我|(跟|和|与)我联系|回电|回个电话|给我回|给我打|打给我|打个电话给我|call)|"
                    // "帮我摇一个你们坐班的工作人员出来" (摇, 喊 in 西南), "叫你们负责人出面": someone of the desk's fetched out
                    + "(找|叫|喊|摇|请)[^，,。！!？?]{0,8}(工作人员|值班人员|坐班的|职员|客服|负责人|领导|经理)(出来|出面)(?!帮|给|" + JOB + ")|"
                    // "有没有工作人员在线", "你们的人呢，出来说话"
                    + "(工作人员|客服|真人|人工)(在线|在吗|在不在)|出来(说话|讲话|回话|说清楚|讲清楚)|"
                    // "跟你们领导反映情况", "向经理反映"
                    + "(跟|和|同|向)(你们的?)?(物业)?(领导|经理|主管|主任|负责人|老板|上级)(反映|说|讲|谈|聊|沟通)|"
                    // "我要找物业前台的人", "叫管理处的负责人": someone of the desk's, for no job to be done
                    + "(找|叫|喊)(一下|下)?(你们)?(物业|管理处|服务中心|前台|办公室|值班室|客服)+(公司)?(的|里的|那边的)(人|工作人员|负责人|领导|经理|主任)"
                    + "(?!来?(修|看|弄|处理|换|装|疏通|检查|上门|打扫|清理))|"
                    + "(跟|和|同|与)(人|真人|你们的?人|工作人员|客服)(说|讲|聊|谈|沟通|对话|倾|通话|通电话|通个话)|"
                    // "我这个事情要跟人当面掰扯": a talk face to face wanted (not a quarrel told: "我下楼跟人理论")
                    + "(要|想|得|需要)(跟|和|同|与)(人|你们的?人|工作人员|客服)当面(说|讲|谈|掰扯|说清楚|讲清楚)|"
                    // "请值班个工作人员同我通个电话": someone of the desk's to call or talk to the resident
                    + "(工作人员|客服|值班(的|员|人员)|管家|经理|主管|领导)[^，,。？?！!]{0,3}(同|跟|和|给)我(通个?电话|打个?电话|回个?电话|通个话|说说|讲讲|聊聊|谈谈|倾下|当面(说|讲|谈))(?![了过])|"
                    // "叫个懂行的人来跟我讲", "找个会说话的人": someone who understands, not a job done
                    + "(找|叫|喊|换)(个|一个|位)(懂行|懂的|会说话|能说话|明白|能听懂|听得懂|说得清|讲得清|靠谱|说话管用)的?人|"
                    + "(跟|和|同|与)(管理处|物业|你们|服务中心|前台)?.{0,3}(职员|工作人员|管家|客服|经理)(当面|直接|面对面)?(倾|讲|说|聊|谈|沟通)|"
                    // "我要找物业的人讲话", "跟你们办公室的人通个话": someone of the desk's to speak to
                    + "(找|跟|和|同|与|叫|打给|打电话给)((你们|咱们)(物业|管理处|服务中心|前台|办公室|值班室|客服)?|(物业|管理处|服务中心|前台|办公室|值班室|客服))"
                    + "(公司)?(的|里的|那边的)?(人|工作人员|员工|同事|负责人|领导|职员)"
                    + "(讲话|说话|讲两句|说两句|通话|通个话|通电话|打电话|对话|交谈|谈谈|谈一下|聊聊|沟通|当面说|当面讲|当面谈|面谈|直接说|直接讲)|"
                    + "(不想|不要|不愿意?)(跟|和|同)?(机器|机器人|AI|ai|电脑)|不(跟|和|同)(这个|你这个?)?(机器|机器人|AI|ai|电脑|自动回复)|别(让|叫|用)?(机器|机器人|自动回复)|"
                    // "跟机器说不明白", "找个喘气儿的来": a machine gets nowhere, a living person is wanted
                    + "(机器|机器人|自动回复|电脑)[^，,。]{0,4}(说不明白|说不清|讲不清|说不通|讲不通|聊不明白|没法说)|喘气儿?的|大活人|"
                    + "机器人.{0,6}(没用|不行|听不懂|不懂|太笨)|"
                    // "赶紧给我整个人来", "快弄个人过来": a person fetched, in northern words (not one to fix something)
                    + "(给我|帮我|赶紧|赶快|快点?)(整|弄|搞)(个|一个)(人|活人|真人)(来|过来)?+(?![^，,。！!？?]{0,8}(" + JOB
                    + "|通|清|扫|搬|把|拿|抬|挪|拖|收))(?!都)|"
                    + "转接|接通(客服|人工)|搵(个)?人(?!(嚟|来)?(整|修|睇|看|搞|执|清|弄|处理|挪|剪))|同真人|揾人|寻(个)?人工|"
                    // "帮我接一下前台的小姑娘", "转给值班室": putting the resident through to someone at the desk
                    + "(接|转|连)(一下|下|个|给|到|通)?(你们的?)?(前台|客服|值班室?|办公室|管理处|服务中心|物业|经理|主管|管家|领导|主任|负责人|工作人员|真人)"
                    + "(的)?(小姑娘|姑娘|小妹|妹子|小伙子?|同事|人|工作人员|经理|主管|负责人)?(?![电费号])");
    private static final Pattern NOT_PERSON = Pattern.compile("人工费|人工成本|人工草坪|人工湖|人工智能|客服电话(是|多少)|"
                    // "大门口连个工作人员都没有": nobody there, told, not somebody asked for
                    + "连(个|一个)[^，,。？?！!]{0,6}都(没|没有|冇|不见|找不到|看不到)|"
                    // the labour's price ("换个水龙头人工多钱"), the desk's number or office ("客服中心电话号码")
                    + "人工(要|收|得)?(多少|几多|好多|多|几)(钱|银|蚊)|人工(怎么|咋|点样)收|人工贵|"
                    + "(?<![转接连][^，,。？?！!]{0,3})客服(中心|部|热线)?的?(电话|号码|热线|座机|手机)(号码?)?(?![^，,。？?！!]{0,3}(找|转|接|联系|打给|的人|人呢))|(客服|服务)中心(在哪|在哪里|在哪儿|位置|地址|几点)|"
                    // "唔该搵人叫佢移车": someone sent to tell the car's owner, a job, not a person to talk to
                    + "(找|搵|揾|叫|喊)(个)?人(去|来|嚟)?(叫|让|通知|话|讲|同|跟|赶|帮)(下|一下)?(佢|他|她|伊|车主|对方|那户|那家)|"
                    // "不用转人工啊，你直接帮我查": no person wanted; "你们客服上次电话里说…": what one of them said
                    + "(不用|不要|不需要|无需|不必|别|唔使|唔好|冇需要)(帮我|给我)?(转|找|叫|接)?(人工|客服|真人)|"
                    + "(客服|前台|管家|经理)(上次|之前|昨天|前天|刚才|那天|上回)[^，,。？?！!]{0,8}(说|讲|告诉|答应)|"
                    + "(客服|前台|管家|经理)[^，,。？?！!来]{0,6}(说过|讲过|说了|讲了|告诉过我|答应过|答应了)|"
                    // "你们客服说明天晚上派人去": what one of them said ("找客服说一下" still asks for one)
                    + "(?<![跟和同与向找让叫给])(客服|前台|管家|经理)(说|讲)(?=[^，,。？?！!]{0,12}(来|派|修|换|弄|上门|处理|安排|今天|明天|后天|周|星期|礼拜|上午|下午|晚上))|"
                    // asking when the desk works is a question about it, not a request for it
                    + "(客服|人工|前台|值班|服务中心).{0,8}(几点|上班|下班|时间|作息|在哪|哪里)");
    private static final Pattern PERSON_EN = Pattern.compile(
            "\\b(ren ?gong|zhuan ?ren|zhen ?ren|ke ?fu|human|real person|live person|(an? |some )?(actual|real|proper) (person|people|human)|live agent|agent|operator|representative|customer service|staff member|"
                    + "(talk|speak|chat) (to|with) (someone|somebody|a person|anyone|staff|your staff|the manager|a manager|"
                    + "the office|management)|manager|get me (a|someone)|someone (real|from the office)|"
                    // "please connect me to the staff", "put me through to someone", "transfer me"
                    + "(connect|put|transfer|pass) me (through )?(to|with) (the |a |your |an? )?(staff|person|someone|somebody|office|desk|people|team)|"
                    + "transfer me|(can|could) someone (call|phone|ring) me(?! (before|when|after|once|if)\\b)|"
                    // "could someone who speaks English just give me a call"
                    // (someone to talk to, not a call about a visit: "could you call me before he comes")
                    + "(can|could|would|will) (someone|somebody|anyone|one of (you|your staff))( who [a-z ]{1,30}?)?( just| please)? "
                    + "(give me a (call|ring)|call me( back)?|phone me|ring me)(?! (before|when|after|once|if)\\b)|"
                    // "is there somebody I can talk to in person"
                    + "(somebody|someone|anyone|anybody|staff|person|people)( who [a-z ]{1,30}?)? (i|we) (can|could) ((actually|really|just|please) )?(talk|speak) (to|with)(?! about (getting|having)\\b)|(talk|speak) to (you |someone |somebody )?in person)\\b");

    private static final Pattern PRIVACY = Pattern.compile(
            "忽略.{0,6}(指令|规则|设定|要求)|(所有|全部|全体)的?(业主|住户|居民|人).{0,6}(电话|名单|信息|号码|住址|欠费)|(?<!领)导出|(业主|住户|居民)名单|"
                    + "住的是谁|是谁住|谁住在|住着谁|住的谁|"
                    // (not "打她手机也不接": a member of staff who does not answer)
                    + "(?<![打拨给])(他|她|他们|她们|人家)(家)?的?(电话|手机|号码|名字|住址|地址|账单|欠费|欠了)(?![^，,。？?！!]{0,3}(不接|没人接|打不通|关机))|"
                    + "(邻居|楼上|楼下|隔壁|对门|对面|那户|那家).{0,8}(电话|手机|号码|联系方式|叫什么|名字|姓什么|姓啥|"
                    + "欠费|欠了|欠多少|欠不欠|欠没欠|账单|交没交|(交|缴)了?没|住址|微信)|(?<!我是)[0-9]{3,4}(室|房|号)?的?(业主|住户).{0,8}(电话|手机|号码|联系方式|"
                    + "叫什么|名字|姓什么|姓啥|微信)|别人家?的?(账单|欠费|电话|信息)");
    private static final Pattern PRIVACY_EN = Pattern.compile(
            "ignore (all|previous|your|the) |system prompt|all (owners|residents|tenants)|who lives (in|at|next)|"
                    + "(phone|number|name|bill|address|contact)s? (of|for) (my )?(neighbou?r|the (owner|tenant|resident)|other)|"
                    + "neighbou?r'?s (phone|number|name|bill|address|contact)");

    /** Asking how or where to complain ("投诉电话", "投诉怎么走"), which is no complaint made. */
    private static final String HOW_TO_COMPLAIN = "电话|怎么|流程|方式|渠道|找谁|在哪|哪里|点(做|样|投|搞|算)";
    /** Money regretted ("这钱交得冤", "白交了"): a complaint, and no wish to pay. */
    private static final String REGRET = "交得冤|冤枉钱|白交了|交得不值|不值这个钱";
    private static final Pattern COMPLAINT = Pattern.compile(
            "投诉(?!" + HOW_TO_COMPLAIN + ")|"
                    // the fee taken in full for a service not given, work done badly and the resident blamed for asking
                    + "(钱|费)[^，,。？?！!]{0,6}(一分不少|一分都不少|照收|照样收)[^，,。？?！!]{0,4}(收|要|拿|交)(?![^，,。]{0,3}[吧吗][？?]?$)|糊弄谁|"
                    + "这活儿?(干|做)的(?=[^，,。！!？?]{0,4}(什么|啥|叫啥|叫什么|太差|真差|差劲|不行|糊弄|稀烂|烂))|(找|问|说)(他|她|师傅)[^，,。？?！!]{0,3}(还)?(说|嫌)(我们|我)(事儿多|事多|麻烦|烦)|态度(太|很|非常|极其|真)?(差|恶劣|不好)|不作为|不像话|要个说法|给个说法|给我.{0,4}说法|"
                    + "白交|什么破物业|垃圾物业|烂物业|乱收费|举报|太气人|气死了|忍无可忍|受够了|"
                    // a member of staff hanging up, cursing, the service or manners called bad
                    + "挂(了)?我(的)?电话|(服务|态度)[^，,。？?！!]{0,3}((?<!行)不行|太差|很差|真差|差劲)|(啥|什么)素质|骂骂咧咧|"
                    // "我要告你们": taking the company to task, in the words older residents use
                    + "(要|去|得)告(你们|物业|管理处)|告到(12345|市长|街道|住建|消协)|"
                    // traditional characters and the Cantonese of it ("我要投訴", "離晒譜")
                    + "投訴(?!電話|點|邊度)|离谱|離譜|离晒谱|離晒譜|"
                    // discontent said outright, and asking to be answered for it
                    + "(非常|十分|很|特别|强烈|极其|相当)不满|对你们.{0,6}不满|讨个说法|讨说法|必须给个解释|给个解释|"
                    + "不靠谱|说话不算话|说了不算|(是|像)(个)?摆设|形同虚设|推三阻四|拉胯|拉垮|好欺负|给(业主|我们|大家|我|个)?(个|一个)?交代|"
                    // money regretted, promises not kept, "is this how a property company works"
                    + REGRET + "|(不|没|从来不|从不)兑现|说话不算数|"
                    // the company asked to deal with it, or with its staff ("希望公司严肃处理", "点处理啲员工", "请反馈给领导")
                    + "(严肃|严厉)(地)?(处理|查处|调查|处分)|(处理|处分|管教|教育)(一下)?(啲|那些|这些|这个|那个|你们的)(员工|人员|工作人员)|"
                    + "出了?事(了)?(谁|你们|哪个)(来)?负责");
    /** Nobody bothering, nobody working: neglect said outright ("nobody ever bothers to call back"). */
    private static final String NEGLECT_EN = "\\b(nobody|no one|no-one)\\b[^.?!]{0,30}\\b(ever )?(bothers?|cares?)\\b(?! (of|for|about))|"
            + "\\bis (anyone|anybody) (actually|even) (working|doing anything)\\b";
    private static final Pattern COMPLAINT_EN = Pattern.compile(
            "\\b(complain|complaint|unacceptable|not acceptable|terrible service|rude|ridiculous|fed up|disgusting|overcharg\\w*|"
                    + "not fair|unfair|(very |so |really )?disappoint(ed|ing)|let (us|me) down|tou ?su)\\b|" + NEGLECT_EN + "|"
                    + "\\b(your|the) (staff|guards?|security|management|cleaners?|property (company|management)|service)\\b"
                    + ".{0,24}\\b(terrible|awful|useless|lazy|horrible|a joke|so bad|the worst)\\b|\\bworst (service|management)\\b");
    /** The desk's staff and the company, as residents name them. */
    private static final String STAFF_WORDS = "(保安|门卫|门岗|岗亭|巡逻的|值班的|值夜班的|保洁|扫地的|打扫卫生的|清洁工|保洁员|阿姨|大姐|嬢嬢|"
            + "管家|客服|前台|工作人员|经理|主任|队长|维修工|修理工|维修师傅|物业的人|物业人员|管理员|保安大爷|保安队长|電工|电工|"
            // staff named by what they do or look like ("收费的小伙子", "前台那个小妹", "工程部那个师傅")
            + "收费的|小伙子|小姑娘|小妹|工程部|值班人员|接电话的|接线的|打扫的|收垃圾的)";
    /** A worker in the home who would not cover his shoes or asked for a tip. */
    private static final String TRADESMAN_MISCONDUCT = "鞋套(都|也)?(不穿|没穿|不套)|不穿鞋套|(要|讨)(烟钱|红包|好处)|索要|"
            + "私下收钱|踩得满地|(也|都)不(擦|收拾|打扫)(一下|擦)?(就)?走|踩(在)?(俺|我|我们)家";
    /** What a member of staff did wrong: rudeness, negligence, taking what is not theirs, not answering. */
    private static final String MISCONDUCT = "(上班|当班|值班|岗亭里?|门口|大堂|电梯里)抽烟|烟头(往|一)?[^，,。]{0,6}(扔|丢|弹)|放抖音|刷抖音|醉醺醺|喝酒|喝醉|酒气|嚷嚷|吼|冲我|凶我|凶得很|凶巴巴|好凶|很凶|太凶|恶声恶气|不让我进|拦着我|拦我|不耐烦|(说话|讲话|讲嘢|讲闲话)(可|很|太|特别|好|蛮|老)?冲|凶得来|"
            + "语气(很|太|非常|特别|好)?(不客气|冲|凶|差)|找我(的)?茬|为难我|"
            + "嘴巴不干净|骂得|难听|爱搭不理|爱理不理|理都不理|不理不睬|白眼|已读不回|不回微信|不回消息|不回信息|从来不回|"
            + "凶了|吼了|骂了|收了.{0,4}好处|收好处|收红包|不给收据|不开收据|不给发票|(收据|发票)(都|也)?不(给|开)|不认账|拿去卖|随手扔|乱扔|扔地上|倒进|不负责|"
            + "推来推去|推给|不归他管|看一眼就走|一拖再拖|拖着不|不来一次|都不来|没来过|睡岗|睡觉|打瞌睡|瞌睡|刷抖音|刷手机|"
            + "玩手机|找不到人|不在岗|一问三不知|(?<!要)求其(?!他)|敷衍了事|马马虎虎|应付了事|糊弄|歹声嗽|有够歹|足歹|真歹|无礼貌|没礼貌|不礼貌|没有礼貌|"
            + "喊(了)?半天(也|都)?(没人|冇人|无人)|成日唔喺度|唔喺度|吆五喝六|仗着|横得很|贼横|太横|不像样|伐像样|没人接|不接电话|"
            // asleep on duty, swearing, leaving a mess, idling, taking money and vanishing, not answering the phone
            // a gate kept shut on a resident ("保安硬是不开门 叫我绕到北门", "不让我进")
            + "(硬是|死活|偏偏|故意)不(给|跟)?(我|我们)?开门|不(给|跟)(我|我们)开门|叫我绕|让我绕|不放我进|"
            + "睡得|呼呼大睡|骂骂咧咧|一团糟|拍拍屁股|不收拾|嗑瓜子|追剧|踢了|踢出|人找不到|收了我.{0,6}(块|元|钱)|电话(也|都)?(不接|没人接)|放鸽子|耍人|"
            // taking or throwing out a resident's things unasked ("把我门口的东西随便拿去丢掉了，都没问我一声")
            + "拿去(扔|丢|倒)|随便(拿|扔|丢|清走|搬走)|(没|不)(问|跟|和|同|通知)(过)?(我|业主|人家)?(说|讲)?(一声|一下)|"
            + "拿走(了)?扔|"
            // letting anyone in ("保安放陌生人随便进小区")
            + "随便(放|让)|乱放人|放[^，,。]{0,6}(随便|随意)进|不登记就(放|让)";
    private static final String FEE_WORDS = "(物业费|管理费|管理处收费|收费|电费|水费|停车费|垃圾费|清运费|加压费|押金|公摊|费用|价格|单价)";
    private static final String UNFAIR_FEE = "不透明|不公开|不合理|不公平|莫名其妙|赚差价|差价|贵一截|太贵|贵得很|咁贵|这么贵|"
            + "不退|还不退|多收|乱收|说涨就涨|又涨|年年涨|凭什么|凭啥|没听说过|乱扣";
    private static final String UNFAIR_FEE_BEFORE = "凭什么|凭啥|乱收|多收|私自收";

    /**
     * Slow or no service after asking more than once or for long ("报修一个星期了连个人影都没见着"): with an
     * order open, its status answers it; without one, it is a complaint.
     */
    private static final Pattern SLOW_SERVICE = Pattern.compile(
            "(报修|报了修|反映|打电话|打了电话|说了|讲了|等了|催了)[^。！!？?]{0,14}"
                    + "(一个?星期|一个?礼拜|一周|半个月|一个月|好几天|好多天|好几次|好多次|多少回|多少次|多少趟|几回|一下午|一上午|一整天)"
                    + "[^。！!？?]{0,14}(没人|没有人|没见|人影|鬼都|没来|不来|还没|没动静|没个动静|没消息|不通知|没下文)");

    /**
     * Anger or blame that is a complaint even when worded as a question ("你们物业怎么回事"), about the
     * company, its staff, its fees, its service or a neighbour it lets be.
     */
    private static final Pattern COMPLAINT_STRONG = Pattern.compile(
            // staff taking money on the side or sulking at the resident ("私下又问我要了五十块", "说他两句还甩脸子"):
            // a complaint however it ends, "是这样收钱的吗" included
            "(私下|额外|偷偷)(又|还)?(收|要|问我要|找我要)|(又|还)(问|找|跟)我要了?[^，,。？?！!]{0,6}(钱|块|费)|索要|吃拿卡要|"
                    + "(要|收|索要)(了)?[^，,。？?！!]{0,4}好处费|"
                    + "甩脸子|甩脸色|摆脸色|给我脸色|脸色看|"
                    // the company's staff to be kept in order ("你们的保安能不能管管")
                    + "(你们|物业|你哋|恁)(的)?" + STAFF_WORDS + "[^，,。？?！!]{0,4}(能不能|可不可以|能否|好不好)?管(一)?管(?=[？?！!。，,\\s吧啊呀嘛]|$)|"
                    // how the staff are trained, asked in anger ("一问三不知，你们怎么培训员工的")
                    + "怎么(培训|教育|管理)(员工|你们的人|手下)|"
                    + "(你们|这)(个)?物业.{0,12}(怎么回事|怎么搞的|咋整的|咋回事|咋搞的|搞什么名堂|干什么吃的|干啥吃的|有什么用|有啥用|吃干饭|不作为|太差|太烂|"
                    + "太过分|管不管|还管不管|到底管不管|是摆设|不负责)|物业.{0,6}(不作为|吃干饭|太差劲|太烂了|不负责任)|"
                    + "什么态度|骂人|岂有此理|欺负人|太过分了|过分了|气死我了|(有|哪有|哪里有|见过)这样的(物业|服务|管理|管家)|"
                    + "(保安|保洁|阿姨|管家|客服|前台|工作人员|师傅|经理|门卫|物业的人).{0,8}(态度|骂|凶|不理人|爱理不理|"
                    + "不管事|上班睡觉|玩手机|收红包|刁难|推诿|敷衍|踢皮球)|"
                    + "乱收费|多收(了|我)|凭什么收|收费不合理|不合理的?收费|乱扣|多扣|"
                    + "服务(太|真|很|也太|实在)?(差|烂|糟糕|差劲)|"
                    + "(反映|说|打电话|报|投诉)(了|过)?(好|很)?(多|几)次.{0,8}(没人|没有人|都不|还不|也不)(管|理|处理|来)|"
                    + "邻居.{0,12}(太过分|不讲理|乱堆|乱停|占用|占了|狗屎|扰民|没素质)|"
                    // a member of staff and what they did wrong, in whatever words ("保安喝得醉醺醺的还冲我嚷嚷",
                    // "保洁把我的纸箱拿去卖了", "管家已读不回", "修理工收钱不给收据")
                    + STAFF_WORDS + "[^。！!？?]{0,24}(" + MISCONDUCT + ")|"
                    + "(师傅|修理的|维修的|修水管的|修电的)[^。！!？?]{0,24}(" + TRADESMAN_MISCONDUCT + ")|"
                    // a fee said to be unfair ("公摊电费算得不透明", "水费比外面贵还赚差价", "押金两年不退")
                    + FEE_WORDS + "[^。！!？?]{0,16}(" + UNFAIR_FEE + ")|(" + UNFAIR_FEE_BEFORE + ")[^。！!？?]{0,10}" + FEE_WORDS + "|"
                    + "怎么办事的|怎么做事的|咋办事的|办事(太)?(拖拉|拖沓|磨叽|效率低)|效率(也)?(太|真|这么|好)低|"
                    + "一天不如一天|一年不如一年|一年比一年差|只知道收钱|就知道收钱|收了钱不办事|收钱不办事|光收钱|"
                    + "(物业|管理处|管理處|你们)[^。！!？?]{0,10}(没得用|冇得用|冇用|唔做嘢|不办事|不干事|啥也不管|什么都不管|啥都不管|"
                    + "不想干了|没个动静|没动静|视而不见|装聋作哑)|"
                    // said again and again ("讲了多少趟了"), done behind the owners' backs ("私自…不公示")
                    + "(讲|说|反映|报|催|提)了(多少|好多|无数|N)(趟|次|回|遍)|"
                    // money asked what it is for ("交咁多管理费做乜嘢"), treatment called unfair, care asked for,
                    // a promise months old with nothing done ("答应给装个意见箱，两个月了一点动静没有")
                    + "交(这么|咁|那么|恁|辣么)多[^。！!？?]{0,6}(做乜|干嘛|干什么|干啥|有什么用|有啥用|就这|图什么|图啥)|"
                    + "(这样|这|咁样)(还|都)?(公平|合理)(吗|嘛|么|咩|不)|不公平|区别对待|差别对待|"
                    + "上点心|上点儿心|用点心|长点心|(说话|讲话)算不算(数|话)|"
                    // a visit promised and nobody came, or nothing heard since ("讲好礼拜三来换灯，等了一日都没看到人",
                    // "说隔天就派人来，结果到现在都没消没息", "每次打去都说在处理")
                    + "(答应|说好|讲好|约好|说了|讲了|说(隔天|明天|第二天|当天|今天|下午|上午|马上|很快|过两天))(?![^。！!？?]*(到时候|要是|如果|的话))[^。！!？?]{0,30}(?<![出进下回起])(来|上门|派人)[^？?！!]{0,30}((?<!有)(没|冇)(有)?(看到|见到|见着|等到)(个)?人|人影(都|也)?没|连个人影|没消没息|(?<!有)没有消息|杳无音信)|"
                    + "(每次|每回|次次)(去|来)?(打去|打过去|打电话|问|催)[^。！!？?]{0,4}都(说|讲)(在)?(处理|安排|跟进|走流程)|"
                    // the company exempting itself, shifting the blame, working less for the same money, "not our business"
                    + "(到|轮到)(你们)?自己头上就不算(了|数)?|推卸责任|甩锅|越干越(少|差)|越来越(差|烂|敷衍)|"
                    + "(糊弄|忽悠)(电梯|我们|业主|人|老百姓|事)|还是糊弄|忒糊弄|太糊弄|把(我的)?电话(给)?挂(了|断)|"
                    + "凭什么(让|要|叫)(我们|业主|我)|靠点谱|靠谱点|来回跑了(三|四|五|好几|几)(趟|次|回)|"
                    + "(你们|物业|恁|你哋)[^，,。！!？?]{0,4}(咋个|怎么|咋|点样)管的|(么里|哪能|咋个)搞(的|搭个|的啰|的嘛)|哪能搭个|"
                    + "(你们|物业|恁)[^，,。！!？?]{0,3}(搞|干)(么子|啥子|什么鬼|咩|乜)(咯|哦|嘛|啰|喔)|"
                    + "(反映|说|讲|话|打电话|报|投诉|喊|催)(了|过|咗|仔)?(好|很)?(多|几|两|三|四)(次|趟|回|道|遍)[^。！!？?]{0,8}(没人|没有人|冇人|都不|还不|也不|都没|都冇|一直没|一直冇)(人)?(管|理|处理|来)|"
                    + "(说|话|讲)[^，,。！!？?]{0,4}(不|唔)关(他们|佢哋|我们|我哋)(的|嘅)?事|(是不是|係咪|系咪)想拖|"
                    // a fee called daylight robbery, pressed for again and again, or asked what reason there is
                    + "(\\d\\s*(块|元)|钱|费)[^。！!？?]{0,8}(太黑了|黑心)|黑心(物业|钱)|心太黑|(这不是|太|真|好)坑人|坑人(嘛|吗|啊|呢|吧|[！!？?]|$)|宰人|(?<!是不是|是否|一定要)必须(要)?(反映|投诉)(?!才)|"
                    + "(电话|催)[^。！!？?]{0,6}一天(打|催)(三|四|五|好几|N)(遍|次|回|个)|(么里|这是什么|这叫什么|这算什么|讲不讲)道理(嘛|啊|呀|哦|呢|[？?!！]|$)|"
                    + "(很|太|真|好)扯(了|耶|吧|啊)?(?![断开掉])|扯淡|"
                    + "(什么|啥)个?服务态度(啊|呀|嘛|哦|[！!？?。，,]|$)|"
                    + "(答应|说好|承诺)[^。！!？?]{0,24}(个月|星期|礼拜|周|天)了[^。！!？?]{0,6}(没|冇|一点|毫无)(个)?(动静|下文|消息|音信|回音)|"
                    + "(物业|你们|你哋)[^。！!？?]{0,6}(没人做事|冇人做嘢|没人干活)|(物业|你们|恁)(到底|一天到晚|整天)[^。！!？?]{0,3}(弄啥嘞|干啥嘞|搞么子|搞咩)|"
                    + "(一回|一次|一趟)都没(有)?人(回|理|管|来)|"
                    // "你们的人都这么办事的吗", "答应周三前回电话…一个电话没有"
                    + "(都|就)(是)?(这么|这样|咁样)(办事|做事|干活|服务|对业主|处理问题|处理事情)的|(是不是|故意|专门)针对我|就盯着我(一家|一个)|"
                    // passed from one to another, promises not kept, a formal grievance, the resident disheartened,
                    // strung along, the company breaking its own rules or not thinking of the owners
                    + "推来推去(?![^，,。]{0,3}(挪|移|搬|放))|互相推诿|(没(有)?经过|未经)(我|业主|我们|人家)?(的)?(同意|允许)(就|便|擅自|直接)|(说话|讲话|说的话|讲的话)(都)?不算(数|话)|(?<!怎么|如何)正式(反映|投诉)(?!流程|的流程|怎么|要)|(给我|要|要求)(一个|个)?书面(答复|回复|说明|道歉)|"
                    + "态度(很|太|真|也太|蛮|老|特别|非常|极)?(差|好差|恶劣|不好)|寒心|心寒|没有然后了|石沉大海|不了了之|"
                    + "(一直|总是|老是|就是|都是|又)敷衍|敷衍(我|业主|我们|人|了事)|(?<!不)好意思收(钱|钞票|铜钿|费|物业费|管理费)|"
                    + "(你们|物业)(就是|总是|老是|一直)(在)?拖|就知道拖|良心(过得去|何在|被狗吃|不会痛|不痛)|"
                    + "考虑过(业主|我们|住户|大家|老百姓)(的感受)?(没有|吗|没|嘛|么)|"
                    + "自己定的(规矩|规定)自己(都|也)?(不遵守|不执行|不守)|只许州官|"
                    + "(答应|说好|说了|讲好|约好|讲了)[^。！!？?]{0,30}(回电话|回个电话|给我回|打电话|回复)[^？?！!]{0,30}(一个电话(都|也)?没|没(有)?(回(电话|我|复|音)|打(来|过来|给我))|没(个)?回音)|"
                    + "物业[^。！!？?]{0,6}私自|(收入|收益|账目|账)[^。！!？?]{0,8}(不公示|不公开|不更新|不公布)|"
                    // paid but not served, asked what they do at all, taken for fools ("只拿钱不干活", "钱倒是收得蛮积极",
                    // "除了贴通知还会干点啥", "真当业主都是傻子", "就这么对待老人的", "客服是摆起看的")
                    + "(只|光)(拿|收)(钱|工资|费)不(干活|做事|办事|管事|干事)|(钱|铜钿|费)(倒是|倒)?收得(倒是|倒)?(蛮|挺|很|好|倒|可)?(积极|快|勤|及时)|"
                    + "物业(到底|究竟)?(还)?管不管事|当(我们|咱们)?(业主|我们|我|老百姓|大家|住户)(们)?(都)?是傻子|把(我们|咱们)?(业主|我们|我|大家|住户)(们)?当傻子|"
                    + "(这么|这样|咁样)对待(老人|业主|我们|老百姓|顾客|我)|(是)?摆(起|着)看的|"
                    + "(你们|物业|管理处)[^，,。？?！!]{0,6}除了[^，,。？?！!]{0,10}还(会|能)(干|做|搞)(点)?(啥|什么|嘛)|"
                    + "(^|[\\s，,。！!])像(啥|什么|个什么)样子[！!。…]*\\s*$|"
                    // praise after a grievance is sarcasm ("三天一个回复都没得 服务硬是好得很")
                    + "((回复|回音|人影|动静|消息)(都|也)?(没得|没有|没)|(没得|没有|没)人(回|理|管|来))[^。！!？?]{0,12}(好得很|好福气|可真行|真是好)|"
                    // charged in full and praised for it ("物业费一分不少收…这钱收得您可真踏实")
                    + "(钱|费)(倒是|倒)?收得[^，,。！!？?]{0,4}(踏实|心安|安心|痛快|理直气壮|舒坦|心安理得)|"
                    // a visit agreed and waited for in vain ("讲好两点来修 我店都不开了等到五点也没人来")
                    + "(说好|讲好|约好|约的|答应)[^。！!？?]{0,20}(来|到|上门|修)[^。！!？?]{0,24}(等到|等了)[^。！!？?]{0,12}(没人|冇人|没见人|人影|没来|冇来)"
                    + "[^？?]{0,30}(这样对吗|这样对不对|这样合适吗|合适吗|像话吗|几个意思|算什么|耍人|耍我)|(你们|物业|师傅|维修的|修理的|工人|管家)[^，,。！!？?]{0,8}放(我|我们)?(的)?鸽子");
    private static final Pattern ASKS_ADVICE = Pattern.compile("怎么|如何|哪里|在哪|找谁|什么建议|有何建议|"
            // "你们建议下次停水前储多少水": what the company advises, asked
            + "(你们|你|您|物业)建议|建议[^，,。]{0,15}(多少|几|吗|么|呢|[？?])$");

    /** A suggestion to the property company (建议), not a question asking for advice. */
    private static final Pattern SUGGESTION = Pattern.compile(
            "(我|想|提|有)(个|一个|一点|几点|条)?(小)?建议|"
                    // "提个意见 不是投诉": an opinion offered and said to be no complaint
                    + "提(个|一个|点|一点|条)(小)?意见[^，,。？?！!]{0,4}(不是|不算|并非)(要)?投诉|建议(物业|你们|小区|增加|加装|安装|多|在|把|能|可以|设置|开通|以后|今后|下次|往后|最好|每次|给|将)|^建议|"
                    + "希望(物业|你们|小区|管理处).{0,20}(能|可以|增加|加装|安装|多|改进|改善)|"
                    + "\\b(i suggest|i'?d suggest|suggestion|it would be nice if|it would (really )?help if (?!(you|u) (could |can )?(tell|let) me)|please consider|could you (add|install))\\b");
    private static final Pattern RESOLVED = Pattern.compile(
            "^(已经|都)?(解决了|解决啦|解决咗|已解决|搞定了|好了|满意|可以了|行了|是的?|嗯|对)|^\\s*(yes|resolved|solved|sorted)\\b");
    private static final Pattern NOT_RESOLVED = Pattern.compile(
            "没解决|未解决|没有解决|唔解决|不满意|还没(好|解决|处理)|没用|不行|^\\s*(no|not (resolved|solved|really))\\b");
    /** Not a clock's minutes ("2点15分"): a score's digit has no clock before it. */
    // (a Chinese numeral after a colon is a score written out, "评价：五分"; a clock's minutes are in digits)
    /**
     * Whether someone must come in person ("他要本人到场么", "她得亲自去一趟吗"): asked about paying for another, it is
     * the procedure asked, not a payment (the offline model's rule questions read it too).
     */
    public static final String IN_PERSON =
            "(要|得|需要|必须)本人|本人(到场|亲自|来|去)|亲自(来|去|到|办)|到场|(来|去|跑)一趟[^，,。]{0,4}(吗|么|嘛|不)";
    public static final String NO_CLOCK_BEFORE = "(?:(?<![0-9点:：])|(?<=[:：])(?=[一二三四五]))";
    /**
     * 分 as points of a score, not money, minutes or a share ("一分钱", "分钟", "一分不少", "分摊", "一分没少交" — while
     * "给五分没问题" is five points).
     */
    public static final String POINTS = "(?:(?<!一)分(?![钱钟之半开别配期摊数线不都也])|(?<=一)分(?![钱钟之半开别配期摊数线不都也没冇未]))";
    private static final Pattern SCORE = Pattern.compile(NO_CLOCK_BEFORE + "([1-5一二三四五])\\s*(" + POINTS + "|星)|^\\s*([1-5])\\s*[。.!！]?\\s*$");

    /** When something began or was said: with a question how it stands, an earlier report is meant. */
    private static final Pattern BEFORE = Pattern.compile(
            "上(次|回|周|礼拜|星期|个月)|前(天|几天|两天|些天|阵子|一阵)|昨(天|儿|日|晚|夜|暝|暗)|之前|早上|刚才|那天");
    /** A report, request or promise referred to ("报修的", "那个单", "说好来修的"): an earlier report is meant. */
    private static final Pattern REPORTED = Pattern.compile(
            "(那个单(?!元)|单子|工单|报的|报过|报过事|提交过|提交了|(报|反映|提)上去(了|的|额|嘅|咯)?|"
                    // Minnan 有报 ("租客有报", did report)
                    + "有报(了|过)?(?![警名销纸表社道价])|那(个|条|单)[^，,。？?！!\\s]{1,4}(投诉|报修)|"
                    + "报修的|提交的|登记的|反映的|说的那个|反映过|报了|报修了|报咗|报过修|那个(投诉|报修|事|问题)|(嗰|那)单(?!元)|"
                    + "申请的|申请了|申请过|约的|约了|叫的师傅|找过你们|打过电话|那(件|个)?事|投诉的|投诉过|那个[^，,。？?！!\\s]{0,8}的事|"
                    // Cantonese 嗰单嘢: that matter
                    + "嗰单嘢|"
                    // "楼上噪音的投诉你帮我查查" (Wu 额 for 的): the complaint made, looked up
                    + "[的额个](投诉|报修)[^，,。？?！!\\s]{0,3}(查|看)|"
                    // "两单都喺度 搞成点": the orders they have
                    + "(两|几|这两|那两|呢两|嗰两)(张|个)?单(?!元)|"
                    // "报了修", "漏水报了快一周", "维修那事儿", "之前的维修单子", "说派人来修": a request already made
                    + "报了修|报了[^，,。？?！!\\s]{0,4}(天|周|星期|礼拜|月)|报修[^，,。？?！!\\s]{0,4}(天|周|星期|礼拜|月)了|(维修|报修|修理)(那|的)(个|件)?(事|单|申请)|"
                    + "说(好)?(要)?(派人|来修|来看|上门)|师傅说|维修单|报修单|我的(维修|报修)|(报修|维修)记录|"
                    // a promise or a request referred to: "说好来修的", "你们答应换的", "约好下午来的", "物业说周三来修",
                    // "上次叫你们修的", "说了三次", "我那个维修", "那个渗水的问题", "漏水那个到底…"
                    + "(说|讲|约|定)好|答应|(物业|你们|客服|管家|师傅|前台|(?<!我家|家里|家的)阿姨|经理|队长|保安|主任)(说|讲)[^，,。？?！!]{0,6}(来|修|上门|派|换|弄)|"
                    + "(叫|让|找|请)(你们|物业|师傅)[^，,。？?！!]{0,4}(修|弄|换|来|看)|(说|讲|反映|报|催)(了|过)[一二两三四五六七八九十几好多]*(次|遍|回|趟)|"
                    + "我(那|的)(个|张)?(维修|报修|单子?)|那(个|张|件)?[^，,。？?！!\\s]{0,8}的(问题|单子?|活儿?|事情?儿?)|那个(到底|究竟|现在|怎么|咋)|"
                    + "(这|那)张(单|维修单|工单)|"
                    // "我家报那个单元门禁…", "我上个月说门口那棵树要剪": what one reported or said before; "俺反映楼上敲敲打打
                    // 那个": the thing one reported, closed by 那个 (not "我反映一下楼上那个装修的", a report made now)
                    + "报(的)?(那|嗰)(个|只|件)|(我|俺|咱)(们家|们|家)?(之前|上次|上回|前天|昨天|前几天|那天)?(反映(的|了|过)?|提(的|了|过))(?!一下|下|个|点|些)[^，,。？?！!\\s]{1,10}(那个|那件事|那事|嗰个)(?=[\\s，,。？?！!]|$)|报修[^，,。？?！!]{0,10}(那|嗰)(个|件|桩)?(事|单)|(上(个)?月|上(次|回|周|礼拜|星期)|前(几|两)?天)(我|俺)?(就)?(说|讲|提|反映)(过|了)?|"
                    // "我名下还有没处理完的报修吗": the writer's own orders
                    + "(名下|我的|我家的|我们家的)[^，,。？?！!]{0,10}的(报修|工单|单子|维修单)|(名下|我的)(报修|工单|单子|维修单))");
    /** How an earlier report ended ("后来是咋处理的来着", "最后咋整的"). */
    private static final String HOW_IT_ENDED =
            "(后来|最后|最终)[^，,。？?！!]{0,3}(咋|怎么|如何|怎样)(处理|弄|整|办|搞|解决|样)|(咋|怎么|如何)(处理|解决)的(来着)?";
    /** "did the kitchen tap repair from September get closed?": an order of one's own named and its end asked. */
    private static final String CLOSED_YET_EN =
            "\\b(did|has|was|is) (the|my|our) ([a-z-]+ ){0,3}(repair|job|order|ticket|request|complaint)\\b[^.?!]{0,30}\\b(closed|finished|done|completed|fixed|resolved)\\b";
    /** "was that ever fixed?", "has it been sorted?" */
    private static final String EVER_FIXED_EN =
            "\\b(was|is|has) (that|it|this) (ever |actually |already )*(been )?(fixed|done|sorted|repaired|resolved|dealt with)\\b";
    private static final Pattern PROGRESS = Pattern.compile(
            "(好了没|好没好|弄好|修好|搞好|搞掂|处理好|处理完|怎么样了|咋样了|如何了|到哪|进度|进展|动静|有人管|还没|还不|咋还|怎么还|啥时候|什么时候|"
                    + "几时|多久|来了没|来没来|到没到|有消息|有回音|有结果|有下文|管不管|结果|状态|有信儿|信儿|回复了|回话|答复|边一步|跟进|(?<!(冧|跌|掉|滴|漏|渗|塌)落)嚟|"
                    + "来看过|来过|啥辰光|几点来|修到|搞成点|点样|哪能(了|啦|样)|情况|好久(来|到|能)|"
                    // "现在弄到啥地步了": how far it got
                    + "到(啥|什么|哪)(个)?(地步|程度|一步)|"
                    // "到今朝还是黑的": still as it was when reported
                    + "还是(黑的|坏的|老样子|不亮|在漏|没好|没修)|到(今天|今朝|现在|而家|宜家)(都|还|仲)|(师傅|人).{0,4}(来|到)(了)?(没|吗|不|呢|伐|冇|未)|"
                    // who has it in hand ("单子现在谁在跟"), whether anyone went ("有人去说了没")
                    + "谁在跟|谁跟进|谁在负责|谁负责|谁在管|谁在处理|谁在弄|谁在办|"
                    + "(有人|有没有人)(去|来)?(说|讲|管|处理|看|问|协调|劝)(过|了)?(没|吗|没有|不)|"
                    + "(说|讲|管|处理|协调|劝|沟通|联系|通知|找)(过|了)(没|吗|没有|冇|未|无(?![数人效法]))|"
                    // Minnan and Cantonese "有…无/冇" ("恁有处理无", "师傅有来看无"), a report received ("维修单收到没有"),
                    // who it went to ("安排给谁了"), when in Minnan ("啥物时阵")
                    + "有(处理|修|来|来看|弄|管|派人|去)(过)?(无(?![数人效法])|冇|未)|(单|单子|报修|申请|反映)[^，,。？?！!]{0,4}收到(了)?(没有|没|吗|冇|未)|(安排|派|交|转)给(了)?(谁|哪个|哪位)|啥物时(阵|候)|"
                    + "没(有)?人(给我)?回(个)?(电话|话)|"
                    // whether anything came of it: news, an answer, someone sent or taking it, how far it got
                    + "(有|有没有|有啥|有什么)(消息|回复|回音|人接|人跟)|消息都没|一点消息|没(有)?(消息|回复|下文|人来|人联系)|"
                    // "单子有冇人接", Minnan "有人来睇无": whether anyone took it or came
                    + "有(没|冇)(有)?人(接|跟|管|理)|有人(来|去)?(看|睇|修|弄|处理)?(过)?(无(?![数人效法])|冇|未)|"
                    + "都没人来|(派|来)(了)?人了没|来人了没|派了没|接单了没|有人接|程度|没见人|没见着人|人影|能(不能)?来人|"
                    // where the worker is, whether they still come, how far it got
                    + "(人|师傅)呢|(还)?(来|到)不(来|到)|还(能|会)?(来|到)(吗|不|么|嘛)|没(动静|信儿?|音信|下文|回音|回复|人理|人管)|"
                    + "哪一?步|(修|换|装|通|清|弄|搞|处理|干|做|派|办)(好|完|上|人)?了?(没有|没|吗|冇|未)|"
                    // "到底哪天来弄", "还挂着没", "结了没": the day someone comes, whether it is still open or closed
                    + "哪(天|日|号)[^，,。？?！!]{0,3}(来|到|上门|弄|修|搞|处理)|挂着|结(掉|完|单|案)?了?(没有|没|吗|冇|未|伐|[？?])|"
                    // "整利索了没": done, in northern words
                    + "(整|拾掇|收拾)(好|完|利索|利落|妥)?了?(没有|没|吗|冇|未)|(利索|利落)了?(没有|没|吗)|"
                    // "还有没弄完的工单吗": what is still open
                    + "(没|未)(弄|修|处理|办|搞|做)?(完|好|完成)的|还开着|"
                    // "后来是咋处理的来着", "最后咋整的", "派给哪个师傅了": how it ended, who has it
                    + HOW_IT_ENDED + "|派给(了)?(谁|哪个|哪位)|(哪个|哪位)师傅(在)?(负责|跟|处理|修|来)|"
                    // a visit agreed and whether it holds ("约的明天上午还算数吧", "这个还安排着没有", "要不要在屋里等")
                    + "还(算数|作数|算不算)|安排(着|了|上)?(没有|没|吗|冇|未)|(一个)?人(都|也)没见(着|到)?|没见到人|人都没来|"
                    + "(要不要|用不用|需不需要)(在)?(家|屋里|屋头|屋里厢)(里)?等|(要不要|用不用)等(师傅|他|她|伊)|(在家|屋里|屋头)等(着|他|她|伊|师傅)?(吗|不|伐|么|呢))");
    /**
     * Pressing a report already made: haste, a look at it, forgetting, how long it has been ("那个单能不能快点",
     * "给我看看报修记录", "是不是把我报修的事忘了", "物业说周三来修 今天都周五了"). Said with a time alone
     * ("早上门禁坏了，快点来修") it is a new report in a hurry, so these count only beside a report referred to.
     */
    private static final Pattern PRESS = Pattern.compile(
            "排(上|到|队|号)|快(点|一点|些)|催|加急|忘(了|记)|(看|查)(一?下|看)|给我看|漏掉|等(了)?(很久|好久|半天|好几天|几天|这么久|那么久)|"
                    // "到底有没有在处理": whether it is being dealt with at all
                    + "(有没有|有冇|是不是|是否)(有人)?在(处理|弄|修|跟|办|搞|管)|"
                    + "都[^，,。？?！!]{0,4}(天|周|星期|礼拜|个月|上午|下午|晚上|钟头|小时)了|都(周|星期|礼拜)[一二三四五六日天]了|"
                    // "你们讲过两天来弄 现在过了几个两天了": the time promised gone by
                    + "过了[^，,。？?！!]{0,4}(天|周|星期|礼拜|个月)了");
    private static final Pattern STATUS_ALONE = Pattern.compile(
            // "剪树的来了没有", "修水管的到了冇": whoever does the job, come yet
            "[修剪装换通清扫锯砍]\\p{IsHan}{0,3}的(人|师傅)?(还)?(来|到)(了)?(没有|没|吗|冇|未)|"
                    + "(师傅|维修工|修理工|电工|水电工|水工|工人|(?<![客家友亲])人)(到底|究竟)?(啥时候|什么时候|几点|几时|几号|哪天|怎么还|还没|咋还|到底)(能|会|可以)?(来|到|上门|上来|过来)|"
                    // "修防盗门的到底几号来", "水电师傅今天还能到不", "维修的人派了没", "等修理工等了一上午"
                    + "修[^，,。？?！!]{0,6}的(人|师傅)?(到底|究竟)?(几号|哪天|啥时候|什么时候|几点|几时)(能|会)?(来|到|上门)|"
                    + "(师傅|维修工|修理工|电工|水电工|工人)[^，,。？?！!]{0,4}还(能|会)?(来|到|上门)(不|吗|没|么|嘛|伐)|"
                    // "恁师傅有来看无": whether the technician came at all
                    + "(师傅|维修工|修理工|电工|工人)[^，,。？?！!]{0,3}有(来|到)(看|修|过)?(过)?(无|冇|没|未)|"
                    + "(维修|修理|修)的(人|师傅)[^，,。？?！!]{0,2}派(了)?(没|吗|没有)|"
                    + "等(了)?[^，,。？?！!]{0,6}(师傅|修理工|维修工|电工|水电工|工人)[^，,。？?！!]{0,2}等|"
                    + "(报|报修|报了修|报过修)[^，,。？?！!]{0,2}都[^，,。？?！!]{0,4}(天|周|星期|礼拜|个月)了|"
                    + "排队[^，,。？?！!]{0,8}(排到|到)(啥时候|什么时候|几时|哪天)|"
                    + "(修|弄|搞|处理|干|做)(好|完)(了)?(没|吗|冇|未)|"
                    // "我家漏水什么时候能修", "师傅今天能来吗", "师傅安排了没有", "一直滴，修了没": when or whether the fault
                    // told is seen to — with an open order of its trade its status, with none a new report (DialoguePolicy)
                    + "(什么时候|啥时候|几时|哪天|几号)(能|会|可以|才|给)?(来)?(修|维修)(?!改|建|订|缮)|"
                    + "(问题|的事|事情)[^，,。？?！!]{0,2}(什么时候|啥时候|几时|哪天)(能|会|可以|才|给)?(处理|安排|解决)|"
                    // "到底什么时候来人", "我现在一共挂了几个单子": someone sent, one's own orders counted
                    // (pressed: "晚上报修好久来人" asks how soon as a rule)
                    + "(到底|究竟|咋还|怎么还)(什么时候|啥时候|几时|哪天)(能|会|才|给)?(来|派)(个)?人|(挂|开|报)(了)?(几|多少)(个|张)(单子?|工单|报修)|"
                    + "师傅(今天|今晚|明天|上午|下午|晚上)?(能|会)(来|到|上门)(吗|不|么|没|嘛)|师傅(今天|今晚|明天|上午|下午|晚上)(来|到|上门)(吗|不|么|没|嘛)|"
                    + "(安排|派|修|处理)了(没有|没|吗|冇|未)[？?]?\\s*$|安排(了)?(没有|没)[？?]?\\s*$|"
                    // "插座的事咋没动静了", "水龙头的事情什么进展": a matter raised before and how far it got
                    + "的事(情|儿)?[^，,。？?！!]{0,4}(没动静|没下文|没信儿?|(什么|啥|有|有没有)进展|怎么样了|咋样了|有人管|到哪)|进度(怎么样|如何|查)|查(一?下)?(进度|工单|单子)|"
                    // "修得怎么样了", "那个事还没弄完": how a job in hand stands
                    + "(修|弄|搞|处理|办|做)(得|的)(怎么样|如何|咋样)|(修|弄|搞|处理)到(哪一?步|哪儿了|哪了|哪里了|什么程度|啥程度)|"
                    // Cantonese: "嗰张单而家去到边": where the order has got to
                    + "(单|事)[^，,。？?！!]{0,4}(而家|现在)?(去到|到咗|到了)(边|边度|哪|哪里)|那(个|件)?(事|单子?|问题)[^，,。？?！!]{0,6}(还没|怎么样|怎么还|如何|好了没|弄完)|"
                    + "(还没|还不|怎么还不?)(来|修|弄|搞|处理)(好|完)?(啊|呀|呢|吗)?[？?]?\\s*$|"
                    // "催一下", "帮我催催", "加个急": pressing said alone can only be about what is already open
                    // "我的工单" alone, as the official account's menu says it: one's own orders
                    + "^\\s*(查看|查询|查一?下|看看|看一?下)?(我的|我家的)?(工单|报修单|维修单|报修记录|维修记录)(进度|状态|情况)?[？?。.]?\\s*$|"
                    + "^\\s*(帮我|帮忙|麻烦|麻烦你|请|给我|再)?(催(一?下|催|一催|个)?|加(个)?急)(一?下)?[吧啊呀嘛哈哦咯呗撒噻]*[！!。.~～]*\\s*$");
    private static final Pattern STATUS_EN = Pattern.compile(
            "\\b(status|update|progress|any news)\\b|\\b(no ?one|nobody) (showed up|turned up|came)\\b|\\b(did|have) you( guys| all)? forg[eo]t(ten)?\\b|\\b(chase|hurry|speed) (it|this|that|them) up\\b|\\b(i|we|she|he|they|my (mother|mum|mom|father|dad|parents?)) reported\\b|"
                    + "\\b(his|her|their) (repair|report|order|ticket)\\b|\\b(my|our|his|her|their) ([a-z]+ ){1,2}(report|request|order|ticket)\\b|"
                    + "\\b(has|did) (anyone|someone|somebody) (looked|look) (at|into)\\b|"
                    // "did anyone get assigned to the heater thing yet?", "has a technician been assigned"
                    + "\\b(did|has|have|is) (anyone|someone|somebody|a (technician|plumber|electrician|worker)) (got |get |been |gotten )?assigned\\b|\\bin the queue\\b|\\b(no ?one|nobody) has (come|turned up|shown up)( (yet|so far))?(?=\\s*([.!?,;]|$))|\\bcheck (my|our) ([a-z]+ )?(orders|repairs|requests|tickets)\\b|"
                    + CLOSED_YET_EN + "|(is|has) (someone|anyone|somebody) (coming|been|come)|"
                    + "what'?s (happening|going on) with|how'?s my|what about my|(my|the) complaint|"
                    + "when (will|is|does) (the |your )?(technician|repairman|plumber|electrician|"
                    + "worker|someone|somebody|anyone|they)|is it (fixed|done|sorted)|(my|the) (repair|request|report|order|ticket)|"
                    + "\\b(fixed|repaired|sorted|done|resolved|solved|finished) yet\\b|\\bany (news|word) (on|about)\\b|"
                    // "is the face recognition gate on the 22nd floor fixed now?", "has the leak been repaired?"
                    + "\\b(is|are|has|have) (the|my|our) ([a-z0-9-]+ ){1,8}(been )?(fixed|repaired|sorted)( now| already)?\\s*\\?|"
                    + EVER_FIXED_EN + "|"
                    + "\\bwho('s| is) (the )?(technician|plumber|electrician|worker|engineer|repairman)\\b|"
                    + "\\bwho('s| is) (handling|assigned to|dealing with|looking after) (it|this|that|my|the)\\b|"
                    // pinyin: "baoxiu de shiqing zenme yang le", "gongdan jindu"
                    + "\\b(bao ?xiu|gong ?dan|wei ?xiu)\\b.{0,24}\\b(zen ?me ?yang|jin ?du|hao ?le ?mei|lai ?le ?mei|you ?ren ?guan)");
    private static final Pattern STILL = Pattern.compile("还在|还是|又|仍然|依然|一直没|到现在|还没");


    /**
     * Paying, in the words residents use: 交/缴/付/结 a fee, money or a bill (either order: "交物业费",
     * "物业费交一下"), 缴费/交钱/付款/买单, 补交, Cantonese 畀钱/交埋, traditional characters, pinyin, English.
     */
    private static final Pattern PAY = Pattern.compile(
            "(交|缴|繳|付|结|結)(一下|下|一哈|掉|埋|咗|上|清|齐|齊|了)?[^，,。？?！!]{0,10}?(费|費|钱|錢|账|賬|帐|帳|款)|"
                    + "(费|費|钱|錢|账单|賬單|帐单|帳單)[^，,。？?！!]{0,8}?(交|缴|繳|付|结|結)|"
                    + "支付|付款|买单|埋单|[畀俾](钱|錢)|[交缴畀俾付]埋|补交|补缴|補繳|清缴|结清|結清|"
                    // "一共差好多，一起交了算了": all of it at once, no fee named
                    + "(?<!是)(一起|一并|一次性|统统|全部)(交|缴|繳|付|结|結)(了|掉|清)(算了|得了|拉倒|吧|好了|呗)(?![？?])|"
                    // "电梯费先给我弄了吧": getting a fee done is paying it
                    + "(费|費|钱|錢)[^，,。？?！!]{0,6}?(弄|办|搞)(了|掉|一下)|"
                    + "把.{0,12}(交|缴|繳|付|结|結)(了|掉|咗|埋|上|清)|"
                    // "能直接在这里付吗", "这边就可以交吧": paying through the desk itself, the bills just listed
                    + "(这里|这儿|这边|这|喺度|呢度|呢度度)(直接|就)?(能|可以|可)?(付|交|缴|支付|畀)|直接(喺度|呢度|在这里?)?(付|交|缴|支付|畀)");
    private static final Pattern PAY_EN = Pattern.compile(
            "\\b(pay|settle)\\b|\\bclear (my|the|all( my| the)?) (dues|bills?|balance|arrears|fees)\\b|\\bclear everything (i|we) owe\\b|"
                    + "\\bsend (me )?the payment\\b|\\b(jiao ?fei|jiao ?(wu ?ye|guan ?li|ting ?che|shui|dian) ?fei|zhi ?fu|fu ?kuan)\\b");
    /** Wanting it done now, by us: outweighs a question about how ("我想交物业费，怎么交？"). */
    private static final Pattern PAY_NOW = Pattern.compile(
            "我要|我想|想要|我需要|帮我|帮忙|给我|替我|同我|帮手|现在|而家|宜家|马上|立刻|立即|直接|这就|即刻|顺便|"
                    + "一次性|全部|全都|都交|都缴|一起|一并|只交|只缴|先交|先缴|(在|就在)?(这里|这儿|这边)(直接|就)?(能|可以)?(付|交|缴)|"
                    + "\\b(i want|i'?d like|i would like|i need|need to pay|let me|help me|now|right away|wo ?yao|wo ?xiang|bang ?wo|"
                    // "can I do it here in the chat?": paying through the desk itself
                    + "(do it|pay( it)?) (here|in (the|this) chat|through (the|this) chat)|here in the chat|"
                    // "can I pay my outstanding fees online through this chat?"
                    + "pay [^.?!]{0,40}\\b(in|through|via) (the|this) chat)\\b");
    /** Asking how, where or whether one can pay, or what it costs: a knowledge question unless they want to pay now. */
    private static final Pattern HOW_TO_PAY = Pattern.compile(
            "怎么|怎样|咋|如何|点样|點樣|点交|點交|在哪|哪里|哪儿|哪兒|边度|邊度|喺边|去哪|上哪|到哪|哪个|哪家|账号|帐号|"
                    + "方式|渠道|流程|能不能|可不可以|几点|开门|上班|办公时间|"
                    // who pays, either-or, what if, whether one too must ("算谁的", "我交还是房东交", "要是欠费了",
                    // "不做餐饮也要交隔油池的钱"): the rule asked about
                    // (not a choice made: "还是微信付吧", "要是能微信付最好")
                    + "谁|还是(?![^，,。？?！!]{0,8}吧)|(要是|如果|万一)(?![^，,。！!]{0,12}(最好|就好|更好))|"
                    + "(?<![我俺咱们家])也(要|得|需要)(交|缴|付)(?!(一下|下|一哈|掉|了|上|清))|"
                    + "可以.{0,10}吗|能.{0,10}吗|支持|是否|会不会|吗|么[？?]?$|[？?]\\s*$|多少|几多|幾多|几钱|标准|怎么算|每平|一平|"
                    + "\\b(how|where|which|can i|could i|do i|is it|are there|when|what|"
                    // pinyin: "weixin shang zenme jiao wuyefei"
                    + "zen ?me|ru ?he|na ?li|zai ?na|shen ?me shi ?hou|ke ?yi)\\b");
    /**
     * Never paying now: a payment made or refused, a status or amount question ("交了没", "我要交多少"),
     * asking about rather than asking for, or 交 in another sense (提交, 交房, 交通).
     */
    private static final Pattern NOT_PAYING = Pattern.compile(
            // whether the one paid for must come in person ("我替我爸缴 他要本人到场么")
            IN_PERSON + "|的话|(自己|自个儿?)(来|去|到)[^，,。]{0,4}(吗|么|嘛|不)|"
                    + "(交|缴|繳|付)(了|过|過|咗)(?![吧啦喇])|已经|已經|已交|已缴|没交|沒交|未交|未缴|不交|不缴|不想|拒交|拒缴|"
                    + "没付|未付|没缴|没结|冇交|冇付|有没有(交|缴|繳|付)|是否(已)?(交|缴|繳|付)|"
                    + "(交|缴|繳|付)(多少|几多|幾多|几钱|几个|到几)|是不是|该交|到期|为什么|为啥|凭什么|退费|退款|发票|收据|"
                    // whether it was paid in regional words ("交咯冇", "交起没得", "有缴无", "交脱了伐"), how much
                    // ("要交几钿", "交好多"), what there is to pay ("现在要交的钱")
                    + "(交|缴|繳|付)[咯嘞喽啰起脱过了]?(没|沒|冇|未|无|無|莫|木|冒|伐)|有(交|缴|繳|付)(无|無|冇|没|未)|"
                    + "(交|缴|繳|付)(几钿|好多|多钱|偌济|几块)|(要|该|得|应)(交|缴|繳|付)的|欠(多少|几多|幾多|好多|几钿|不欠|没欠|了多少|了几)|"
                    + "想问|请问|问一下|问下|问问|想了解|想知道|咨询|提交|交房|交接|交通|交流|交给|交付使用|交代|交待|交换|交界|"
                    + "交叉|结果|结束|总结|谁(交|缴|付|出)|(交|缴|付)到|按(月|季|季度|年|半年)[^，,。]{0,2}(交|缴|付|收)|"
                    // looking the bills up first ("查一下交费的", "看看账单"): their bills, not a payment yet
                    + "查|看看|看一下|看下|核对|明细|情况|状态|清单|\\b(check|show me|look up)\\b|"
                    // whether they are paid up or still owe ("交清了没", "还差不差钱", "what bills do I have to pay")
                    + "(交|缴|付|结)(清|齐|完|上)了?(没|吗|未|冇|不)|差不差|还差|"
                    + "\\b(what|which) (bills?|fees?|charges?)\\b|\\bdo i (still )?(have|need) to pay\\b|\\bdo i owe\\b|"
                    + "\\b(did i|have i|has|already|paid|how much|why|know|ask|asking|wonder|wondering|tell me how|refund|receipt|"
                    + "refuse|won'?t|don'?t want|not (going to|gonna) pay|instal+ments?)\\b");
    /** "How much do I owe? I want to pay it all now": wanting to pay outweighs the amount asked beside it. */
    private static final Pattern PAY_INTENT_EN = Pattern.compile(
            "\\b(i want to|i'?d like to|i would like to|let me) (pay|settle|clear)\\b(?! (by|with|via|at|in|on|online)\\b)(?![^.?!]*\\b(later|next|tomorrow|when|after|tonight)\\b)");
    /** "帮我把物业费交了", "把这季的交埋": the 把 form is an order to pay, whatever else it says. */
    private static final Pattern PAY_ORDER = Pattern.compile(
            // (咯/喽/啰 is 了 in the south-west and centre: "帮我爸把这季度物业费交咯")
            "把.{0,12}(交|缴|繳|付|结|結)(了|掉|咗|埋|清|咯|喽|啰)(?![没沒不否未冇])|"
                    // (not "帮我查下系唔系真系交咗": whether it was paid, looked up)
                    + "(帮我|给我|替我|同我)(?![^，,。？?！!]{0,12}(查|看|系唔系|係唔係|是不是|是否|有冇|有没有))"
                    + ".{0,12}(交|缴|繳|付|结|結)(了|掉|咗|埋|咯|喽|啰)(?![没沒吗嗎么麼不否呢未冇])|"
                    // "该交多少就交多少": whatever is owed
                    + "(该|要|欠)(交|缴|付)?多少就(交|缴|付)多少");

    /**
     * Meaning to pay it now, in the words of many regions: wanting, a time or "first / all together"
     * before a pay verb that completes ("今天一起都交了", "想先交了", "两套一起交了算了", "电梯费先给我弄了吧").
     * Not when it was already paid or is refused.
     */
    private static final Pattern PAY_INTENT = Pattern.compile(
            "(想|要|打算|准备|寻思|琢磨|今天|现在|马上|这就|先|一起|一并|一次性|统统|全部)[^，,。？?！!]{0,8}?"
                    + "(交|缴|繳|付|结|結|弄|办|搞)(了|掉|上|清|咗|埋|齐|齊)(?![没沒吗嗎么麼不否未])|"
                    + "(交|缴|繳|付|结|結)(了|掉|咗)(算了|得了|拉倒|好了)");
    private static final Pattern WHETHER_DUE = Pattern.compile("是不是|是否|该不该|要不要");
    /** Asking by when it must be paid ("最晚几号之前要交掉") is a question about the rule. */
    private static final Pattern DEADLINE = Pattern.compile("几号|几月|哪天|哪一天|最晚|最迟|之前|以前|截止|期限|什么时候|到期|多久|"
            // how often it is paid ("几个月交一回", "一年收几次", "多长时间缴一次") is the rule too
            + "多长时间|(交|缴|繳|付|收)(一|几)(次|回|趟)(?![性清齐完])|(一|几)(次|回)(交|缴|繳|付|收)(?![清齐完掉])|[一两三几]个?(月|年|季度?)一(交|缴|收)");
    private static final Pattern PAID_OR_REFUSED = Pattern.compile(
            "已经|已經|早就|早都|早交|不想|不要|不交|不缴|别|甭|凭什么|为什么|为啥|(交|缴|付)过|没交|没缴|没付|未交|"
                    + "(交|缴|付)(了|咗)(没|沒|吗|嗎|么|麼|未|冇)");

    /**
     * Asking about what the property company announced: outages (停水, 停电), lift maintenance, pest
     * control, activities, or notices in general ("最近有什么通知", "这周有没有活动").
     */
    private static final Pattern NOTICE = Pattern.compile(
            "公告|通知|通告|告示|停水|停电|断水|断电|停气|没水|沒水|冇水|没电|沒電|冇电|(?<![漏渗滴积进淹冒])(水|电)什么时候(来|恢复|通)(?!修|看|弄)|"
                    + "(什么时候|几时|啥时候|几点|多久)(才|能|会)?(来|通|恢复)(水|电)|"
                    + "(电梯|升降机).{0,8}(维保|保养|检修|检验|年检|维修|修好|修得好|修完|好了|停用|停运|要停|停不停|停吗|恢复|"
                    + "什么时候|几时|啥时候|啥辰光|好久|多久|哪天|几号|能用)|"
                    // "小区最近有啥事儿", "物业这两天有什么安排": what is on lately
                    + "(最近|近期|近来|这几天|这两天|这阵子|这段时间|这周|本周)[^，,。？?！!]{0,6}(什么|啥|啥子|咩|么子|么事)"
                    + "(事|安排|动静|消息|要注意)|"
                    + "消杀|灭蚊|灭鼠|打药|打蚊药|喷蚊药|蚊药|老鼠药|鼠药|投药|蟑螂药|灭蟑|活动|讲座|义诊|联欢|市集|"
                    // a paper posted whose words are asked ("门口贴了张纸没看清楚"), a drill or a siren announced for a day
                    // ("下礼拜会响警报", "明天消防演练"; not "车库门一开就会响警报", "演练一般几月份搞", a paper on one's car
                    // or put up oneself)
                    + "(?<![被我])(?<!我先)贴(了|着)(张|个|一张|一个)?(纸|单子|条子|告示)[^，,。？?！!]{0,8}(写的|写了|说的|什么|啥|看不清|没看清|看不懂|咋回事|怎么回事)|"
                    + "(下(个)?(礼拜|周|星期|月)|明天|后天|周[一二三四五六日天]|礼拜[一二三四五六日天]|星期[一二三四五六日天]|[0-9一二三四五六七八九十]+号(?![楼栋幢院门座单]))"
                    + "[^，,。？?！!]{0,8}((会|要|将)?(响|拉|鸣)警报|演练)|(拉|鸣)警报|警报(测试|演练|试鸣)|试鸣|"
                    // meetings the residents are called to (业主大会, 征求意见会, 加装电梯的表决)
                    + "(什么时候|几时|哪天|几号|啥时候)开会|开会.{0,4}(什么时候|几时|哪天|几号|啥时候)|业主大会|征求意见|征询|表决|"
                    + "(?i)\\b(notices?|announcements?|outages?|events?|activit(y|ies)|(water|power|electricity|gas) (cuts?|outages?|interruptions?|disruptions?)|blackouts?|"
                    // "is anything going on I should know of, like water shutoffs or works?"
                    + "(water|power|gas) (shut ?offs?|shutdowns?)|shut ?offs?|anything (going on|happening|planned|coming up)|"
                    + "tong ?zhi|gong ?gao|ting ?shui|ting ?dian)\\b|"
                    + "(?i)\\b(lifts?|elevators?)\\b.{0,45}\\b(maintenance|inspection|servic(e|ing)|out of service|out of order)\\b|"
                    // "heard the water's getting cut off in our building?", "will the power be off tomorrow?"
                    // (a cut to come, not one told now: "my water is cut off right now" is a report)
                    + "(?i)\\b(water|power|electricity|gas|heating)('s| is| will)?( going to| gonna| to)?( be| get| gets| getting| being)+"
                    + " (cut|turned|shut|switched) off\\b|"
                    + "(?i)\\bwill (the )?(water|power|electricity|gas|heating) be off\\b|"
                    + "(?i)\\b(maintenance|inspection|servicing) (of|on|for) the (lifts?|elevators?)\\b");

    /** Whether a thing is as it should be ("这暖气算达标么", "水压这么小正常吗"): a visit asked next is to see to it. */
    private static final Pattern WHETHER_WELL = Pattern.compile(
            "达标|正常|算不算|合格|够不够|是不是坏|坏没坏|有没有问题|有问题(吗|么|不|没)|怎么回事|咋回事|会不会|要不要紧|"
                    + "这么(热|冷|凉|烫|响|吵|慢|小|大|低|高|弱)|(?i)\\b(normal|supposed to|is (it|this|that) (ok|okay|right))\\b");

    /** Asks whether a thing is as it should be ("这暖气算达标么", "is this water pressure normal?"). */
    public static boolean asksWhetherAllIsWell(String t) {
        return WHETHER_WELL.matcher(t).find();
    }

    /** Works going on ("门口在施工吗", "挖路要挖到啥时候"), not asking the renovation rules or complaining of noise. */
    private static final Pattern WORKS = Pattern.compile("施工|挖路|修路|封路|围挡|动工|开挖|在挖|"
            // "垃圾站咋给围上了", "车库入口怎么封了", "why is the path fenced off": a place closed off, asked why
            + "(咋|怎么|为啥|为什么|干嘛|干啥|咋个)(给|被|让人)?(围|圈|封)(上|起来)|"
            + "(?i)\\b(construction|roadworks?|(fenced|taped|cordoned) off)\\b");
    // (a household's balcony or plot closed off is their own doing, a matter for a complaint, not the estate's works)
    private static final Pattern NOT_WORKS = Pattern.compile("装修|规定|允许|可以|能不能|让不让|准不准|许不许|行不行|能否|可否|要求|手续|申请|办理|押金|噪音|吵|扰民|投诉|"
            + "阳台|窗户|隔壁|邻居|那家|谁家|楼上|楼下");

    /** Asks whether works are going on or till when ("最近小区有没有施工", "那边挖路要挖到啥时候"). */
    public static boolean asksAboutWorks(String t) {
        return WORKS.matcher(t).find() && !NOT_WORKS.matcher(t).find() && !BOOKING.matcher(t).find();
    }

    /** A utility company's check at the door ("听说燃气公司要上门查气 哪天来"), which is announced beforehand. */
    private static final Pattern UTILITY_CHECK = Pattern.compile(
            "(燃气|煤气|天然气)(公司)?[^，,。？?！!]{0,6}(安检|安全检查|入户检查|上门检查|查气)|查气|"
                    // the heating, water or power company named as the one who comes (a radiator "上门检查一下" alone
                    // is a repair asked for)
                    + "(热力|供热|供暖|自来水|水务|供水|电力|供电)(公司|站|所|局|集团|单位)[^，,。？?！!]{0,6}(上门|入户)[^，,。？?！!]{0,4}(查|检|巡检|测温|抄表|换表)");

    /**
     * Asks about a utility company's check at the door ("燃气公司上门安检是哪几天", "说要上门查气 是真的不",
     * "热力公司要上门查暖气 排哪天"): a visit announced, not a repair asked for.
     */
    public static boolean asksAboutAUtilityCheck(String t) {
        return UTILITY_CHECK.matcher(t).find() && !LEFT_DAMAGE.matcher(t).find();
    }

    /** Damage told after such a visit ("上门检修 把我家暖气片弄漏了", "换表之后一直漏水"): a report, not the visit asked about. */
    private static final Pattern LEFT_DAMAGE = Pattern.compile(
            "(弄|搞|整|碰|砸|拧)(漏|坏|破|断|裂|脏|歪|松)|(之后|以后|完了?|过了|走了)[^，,。？?！!]{0,8}(漏|坏|不热|不亮|堵|没水|没电|没气|不出水)");

    /** Booking a room or court ("周六想订活动室") is not asking what was announced. */
    private static final Pattern BOOKING = Pattern.compile("预约|预订|订(一?个|场|位|房)|想订|要订|租用|借用|(?i)\\bbook");

    /** A shop, restaurant, clinic or office the resident runs: a fault there is the business's, not the home's. */
    private static final Pattern PREMISES = Pattern.compile(
            "铺子|铺面|铺头|店里|店铺|门店|门面|商铺|我的店|我们店|我家店|饭店|餐厅|饭馆|超市|便利店|药店|门诊|诊所|办公室|写字楼|工作室|"
                    + "\\b(shop|store|cafe|café|restaurant|office|salon|clinic|bakery)\\b", Pattern.CASE_INSENSITIVE);

    /** Said of business premises ("我们店里的水槽堵了", "the office light"): the order is the shop's, asked for when staffed. */
    public static boolean atBusinessPremises(String t) {
        return PREMISES.matcher(t).find();
    }

    private Cues() {
    }

    /** Asking when, till when or what is being done: a notice may be named by its subject. */
    private static final Pattern WHAT_IS_ON = Pattern.compile(
            "什么时候|几时|哪天|哪几天|几号|多久|多长时间|截止|到几点|还能|干什么|搞什么|在搞|在弄|在修|要修|要停|要换|要搞|要弄|要给|"
                    + "听说|是不是要|是哪|开到|(?i)\\b(when|until|what'?s (happening|going on))\\b");

    /** Asks when or what about something going on ("楼顶在搞什么", "检查到哪天截止"), which a notice's subject may answer. */
    public static boolean asksWhatIsOn(String t) {
        return WHAT_IS_ON.matcher(t).find() && !BOOKING.matcher(t).find();
    }

    /**
     * A detail of something announced: when, till when, who or where it touches, whether one can still do
     * something, what it costs ("停到几点", "3楼影响不", "那天还能坐电梯不") — not only whether there is a notice.
     */
    private static final Pattern NOTICE_DETAIL = Pattern.compile(
            "几点|几号|哪天|哪几天|什么时候|啥时候|几时|多久|多长时间|到几|截止|影响|哪些|哪几|还能|能不能|可以|要不要|需不需要|"
                    + "会不会|怎么办|咋办|咋整|在哪|哪里|多少|收费|收钱|要钱|带什么|准备|没人|不在家|(?i)\\b(what time|until|which|affect|still|can i|cost)\\b");

    /** Asks a detail of a notice ("停到几点", "那天还能坐电梯不"), which its passage answers before the whole notice. */
    public static boolean asksANoticeDetail(String t) {
        return NOTICE_DETAIL.matcher(t).find();
    }

    /** Asks about outages, maintenance, activities or notices ("最近停水吗", "电梯什么时候修好", "这周有没有活动"). */
    public static boolean asksAboutNotices(String t) {
        return NOTICE.matcher(NOT_NOTICE.matcher(t).replaceAll("，")).find() && !BOOKING.matcher(t).find();
    }

    /** Not after a day or a time that names one cut ("下周", "明天2栋", "这次"). */
    private static final String NO_DATE_BEFORE =
            "(?<!(今天|明天|后天|大后天|这周|本周|下周|这个月|下个月|这次|这回|周[一二三四五六日天]|星期[一二三四五六日天]|礼拜[一二三四五六日天]|[0-9一二三四五六七八九十]号(?![楼栋幢院门座单]))[^，,。？?！!]{0,6})";

    /**
     * "快通知车主挪车", "也没贴通知": someone to be told, or no notice posted — neither asks what was announced.
     */
    private static final Pattern NOT_NOTICE = Pattern.compile(
            "通知(一下)?(车主|他|她|佢|伊|对方|邻居|那户|那家|楼上|楼下|保安|师傅)|(?<![有发贴出])(没|没有|冇|未|也没|都没)(贴|发|出|张贴|发过)(个|任何)?(通知|公告)|"
                    // how far ahead cuts are announced as a rule ("计划停水会提前通知吗", "停电一般提前几天通知"): the article's
                    // (not one cut named by its time: "下周计划停电会提前通知吗", "明天2栋停水提前多久通知的")
                    + NO_DATE_BEFORE + "(计划|一般|平时|每次|以后|通常)(性)?的?(停水|停电|停气|停暖|断水|断电)[^，,。？?！!]{0,8}提前[^，,。？?！!]{0,6}(通知|告知|公告|公示|讲|说)|"
                    + NO_DATE_BEFORE + "(停水|停电|停气|停暖|断水|断电)[^，,。？?！!]{0,4}(一般|通常|会)?提前(几|多)(天|久|长时间|耐|个?小时)[^，,。？?！!]{0,3}(通知|告知|公告|公示|讲|说)");

    /** Asks for a person in any wording: 人工, 找个管事的, "can I talk to someone". */
    /** Asking what one is talking to ("你是真人还是机器人", "are you a bot?"): a question, no request for a person. */
    public static final String WHAT_IT_IS =
            // "你是人工智能还是真人啊", "你是人工智能吗 还是真人": what one talks to, asked either way
            "(你|您)(到底)?(是|係)(不是)?(个)?(人工智能|真人|人工|机器人?|ai|AI|电脑|人)(吗|嘛|么|啊|呀|呢|吧)?"
                    + "([\\s，,、？?]*(还是|抑或|或者)(个)?(人工智能|真人|人工|机器人?|AI|ai|电脑|人))?(吗|嘛|么|啊|呀|呢|来的)?|"
                    + "(?i:are you (a |an )?(real |actual )?(person|human|bot|robot|machine|ai))";
    private static final Pattern ARE_YOU = Pattern.compile(WHAT_IT_IS);

    public static boolean wantsPerson(String t) {
        return WANTS_PERSON.of(t);
    }

    private static final RecentReadings<Boolean> WANTS_PERSON = new RecentReadings<>(Cues::wantsPersonAnew);

    private static boolean wantsPersonAnew(String t) {
        t = ARE_YOU.matcher(t).replaceAll(" ");
        // what is not a request ("不用转人工", "客服上次说…", "人工费") is taken out; a request said beside it still
        // counts ("不要客服，我要找你们经理")
        t = NOT_PERSON.matcher(t).replaceAll("，");
        String lower = t.toLowerCase(Locale.ROOT);
        // "客服有啥用，我要投诉", "找你们领导反映": a complaint, which is filed and then handed to a person as well
        if (complains(t)) {
            return false;
        }
        return PERSON.matcher(t).find() || PERSON_EN.matcher(lower).find();
    }

    /** Said after being asked to sign in: the same thing wanted at once ("你直接告诉我多少钱不就完了", "just tell me"). */
    private static final Pattern INSISTS = Pattern.compile(
            "直接(告诉|说|讲|给)|不就(完了|行了|得了|好了)|我就是(业主|户主|本人)|(?i)just tell me");
    /** Who they are or which home ("7号楼1单元1203的，我姓李", "I'm the owner of 3-201"): no proof of either. */
    private static final Pattern WHO_OR_WHERE = Pattern.compile(
            "\\d+\\s*(号楼|栋|幢|座|单元)|\\d{3,4}\\s*(室|房|号|的)|\\d+-\\d+(-\\d+)?|我姓|我叫|我是.{0,12}(业主|户主|住户|租户|的)|"
                    + "(?i)\\b(i am|i'?m) (the )?(owner|tenant|resident)|my name is|(flat|unit|room|apartment) ?\\d");

    /** Said after being asked to sign in: the same thing wanted at once ("你直接告诉我多少钱不就完了"), or asked again. */
    public static boolean insistsOnOwnRecords(String t) {
        return INSISTS.matcher(t).find() || asksOwnBills(t);
    }

    public static boolean saysWhoOrWhere(String t) {
        return WHO_OR_WHERE.matcher(t).find();
    }

    /** Asks for another resident's data, or to override the desk's rules. */
    public static boolean probesPrivacy(String t) {
        // the resident's own name or number ("投诉邻居会不会把我名字告诉他") is theirs to ask about
        String others = OWN_DATA.matcher(t).replaceAll("");
        if (!PRIVACY.matcher(others).find() && !PRIVACY_EN.matcher(t.toLowerCase(Locale.ROOT)).find()) {
            return false;
        }
        // "找物业的头头 有他号码吗": the pronoun is a member of staff, whose work number is the desk's to give
        return !(STAFF.matcher(others).find() && !RESIDENT.matcher(others).find() && !BULK.matcher(others).find());
    }

    private static final Pattern OWN_DATA = Pattern.compile("(我|本人|自己)(家)?的?(真实)?(姓名|名字|电话|手机号?|号码|住址|地址|信息|身份)");
    private static final Pattern STAFF = Pattern.compile("物业的?(头头|老大|领导|经理|主任|负责人|管家|客服|前台|师傅|工作人员|人)|"
            + "(项目|客服|物业|管家|保安|维修)(经理|主管|队长|部长)|管事的|负责人|领导|管家|保安|师傅|电工|水电工|前台|客服|"
            + "(?i)\\b(manager|staff|caretaker|concierge|security guard|technician)\\b");
    private static final Pattern RESIDENT = Pattern.compile("邻居|楼上|楼下|隔壁|对门|对面|那户|那家|业主|住户|居民|租客|房东|别人家|"
            + "[0-9]{3,4}(室|房|号)|(?i)\\b(neighbou?r|owner|tenant|resident)s?\\b");
    private static final Pattern BULK = Pattern.compile("忽略.{0,6}(指令|规则|设定|要求)|(?<!领)导出|名单|所有|全部|全体|(?i)ignore |system prompt");

    /** The resident's verdict on an answer to their complaint (回访): resolved or not, and/or a score. */
    public record FollowUp(Boolean resolved, Integer score) {
    }

    /**
     * A short reply that is a 回访 verdict: "解决了", "没解决", "4分", "5", "yes"; empty for anything
     * longer or else, which is a message of its own.
     */
    public static java.util.Optional<FollowUp> followUp(String t) {
        String s = t.strip().toLowerCase(Locale.ROOT);
        if (s.isEmpty() || s.length() > 24) {
            return java.util.Optional.empty();
        }
        Boolean resolved = NOT_RESOLVED.matcher(s).find() ? Boolean.FALSE : RESOLVED.matcher(s).find() ? Boolean.TRUE : null;
        Integer score = null;
        var m = SCORE.matcher(s);
        if (m.find()) {
            String d = m.group(1) != null ? m.group(1) : m.group(3);
            score = "一二三四五".indexOf(d) >= 0 ? "一二三四五".indexOf(d) + 1 : Integer.parseInt(d);
        }
        return resolved == null && score == null ? java.util.Optional.empty()
                : java.util.Optional.of(new FollowUp(resolved, score));
    }

    /** A suggestion to the property company ("建议小区多装几个快递柜", "I suggest…"), not a request for advice. */
    public static boolean suggests(String t) {
        if (ASKS_ADVICE.matcher(t).find()) {
            return false;
        }
        return SUGGESTION.matcher(t.toLowerCase(Locale.ROOT)).find() || NEW_FOR_THE_ESTATE.matcher(t).find()
                && THE_ESTATE.matcher(t).find() && !FOR_ONESELF.matcher(t).find();
    }

    /** "能不能多安几个长椅", "能不能弄个快递柜": something new asked for, which with the estate named is a suggestion. */
    private static final Pattern NEW_FOR_THE_ESTATE = Pattern.compile(
            "(能不能|可不可以|能否|可否|是不是可以)[^，,。？?！!]{0,12}(多|再|新|给)?(安|装|加|添|设|建|弄|搞|配|放)(上)?(几|个|一|些|点|两)"
                    + "[^，,。？?！!]{0,6}(椅|柜|凳|桶|架|棚|牌|桩|镜|扶手|座|亭|车位|监控|摄像头|健身器材|路灯|垃圾箱)");
    /** The estate's shared ground, where such a thing would go (not a home: "我家能不能装个…" asks a job done). */
    /** "能不能给我弄个车位", "我车位能不能装个充电桩": a request of one's own, not a suggestion for all. */
    private static final Pattern FOR_ONESELF = Pattern.compile("给我|帮我|我家|我们家|我的|我车位|我那|俺家");
    private static final Pattern THE_ESTATE = Pattern.compile("院里|院子|小区|广场|花园|园区|楼下|大门|每栋|每个单元|门岗|岗亭");

    /**
     * Discontent said outright (anger, 不满, "disappointed", 效率太低): with an earlier report named, the
     * complaint is what is meant, not its status.
     */
    public static boolean complainsOutright(String t) {
        // naming the complaint made before ("上次投诉的那个事有人去说了没", "my complaint") asks its status
        return COMPLAINT_STRONG.matcher(t).find() || WANTS_TO_COMPLAIN.matcher(t).find()
                || DISCONTENT_EN.matcher(t.toLowerCase(Locale.ROOT)).find();
    }

    private static final Pattern DISCONTENT_EN = Pattern.compile(
            "\\b(unacceptable|terrible|ridiculous|fed up|disgusting|rude|(very |so |really )?disappoint(ed|ing)|useless|not fair|unfair)\\b|"
                    + NEGLECT_EN);

    /** "我要投诉", "I want to file a complaint": a complaint made now, not one made before and mentioned. */
    public static boolean wantsToComplain(String t) {
        return WANTS_TO_COMPLAIN.matcher(t).find();
    }

    private static final Pattern NAMES_COMPLAINT = Pattern.compile("投诉|投訴|举报|(?i)\\b(complain|complaint|tou ?su)\\b");

    /** The resident calls it a complaint ("我要投诉", "举报", "I want to complain"). */
    public static boolean namesComplaint(String t) {
        return NAMES_COMPLAINT.matcher(t).find();
    }

    private static final Pattern FEARED_COMPLAINT = Pattern.compile(
            "(被|遭|挨)(人家|邻居|楼下|楼上|隔壁|对门|别人|住户|人)?(投诉|投訴)|(怕|免得|以免|省得)[^，,。？?！!]{0,5}(投诉|投訴)");
    /** "我要投诉", "I want to file a complaint": said outright, whatever else the message asks. */
    private static final Pattern WANTS_TO_COMPLAIN = Pattern.compile(
            "(我|俺|我们)(就|一定|必须|得)?(要|想)(投诉|投訴|举报)(?!的)(?![^，,。]{0,6}(" + HOW_TO_COMPLAIN + "|的话|打哪|先放|再说|放一放))|"
                    + "(?i)\\b(i|we) (want|wish|need|would like|'d like) to (file|make|lodge|raise|submit) an? (formal )?complaint\\b|"
                    + "(?i)\\bi want to complain\\b");

    /**
     * An order not wanted any more, in any wording: "取消", "单子销了吧", "师傅别来了", "不用派人了", "自己跟邻居协商好了，
     * 不用处理了", "I'd like to withdraw my report".
     */
    private static final Pattern GIVES_UP = Pattern.compile(
            "取消|撤单|撤掉|撤销|撤回|撤了|撤咗|撤脱|撤忒|作废|作罢|"
                    // "撤卫生间渗水那个": 撤 before the order it names
                    + "撤(?![走下离开一掉])(?=[^，,。？?！!\\s]{2,14}(那个|那张|那单|的单子?|单子))(?![^，,。？?！!\\s]{0,14}(广告|柜|东西|杂物|横幅|海报|牌子|桌|椅|车|箱))|不用来|不需要来|不修了|不用修|不要修|不需要修|不用了.*单|单.*不用了|"
                    + "(单|单子|报修|维修|工单)[^，,。？?！!]{0,6}(退了|销了|销掉|删了|删掉|不要了|不需要了|关掉|可以关|可以结束|结束(吧|掉))|"
                    + "(师傅|人)别来了|不用(麻烦)?(你们|再|物业|师傅)?(派人|上门|来人|处理|管了|弄了|跑一趟)|不(要|需要)(派人|来人|再处理)|先不要派|"
                    // "那个就不消你们来了" (不消 read as 不用), "唔使搞咯": no one to come, nothing to be done
                    + "不用(麻烦)?(你们|物业|师傅|他们|人)(再)?(来|过来|上门)(了|啦|咯|喽|嘞|哈)|不用(搞|弄|修)(了|咯|啦|喇|喽)|"
                    + "(?i)\\b(cancel(l?ing|l?ed|lation)?|withdraw|call off|call (it|that|this|the [a-z]+) off|no longer need|(do not|don't) (need|send) (anyone|someone|a technician|the technician))\\b");
    /**
     * The same words asked, moved to another day, or said of a person or in blame ("你们不用处理吗？", "今天别来了，
     * 改到明天上午", "赶紧撤掉他", "出了事就不用管了是吧"): no order given up.
     */
    /** Moved, not given up ("改到明天", "move it to Friday"). */
    private static final String MOVED_WORDS = "改(到|成|在|天)|换(到|成)个?(时间|日子|天)|(?i:\\b(reschedule|move it to)\\b)";
    private static final Pattern NOT_GIVEN_UP = Pattern.compile("吗|[？?]|是吧|是不是|" + MOVED_WORDS + "|"
            // another time for the same visit ("上午不用师傅过来了 下午三点再来吧")
            + "再(来|过来|上门)|(点|点钟|以后|之后|下午|晚上|上午)[^，,。！!]{0,4}(来吧|过来吧|来修|上门)|"
            // "投诉嗰单帮我撤咗佢" withdraws the order (佢 is "it"), "撤了那个保安" a person
            // ("905那单唔使搞咯 … 撤咗佢": the order named before is what 佢 is)
            + "(?<!(那单|嗰单|这单|张单|个单|单子|工单|报修单)[^。？?！!]{0,30})撤(掉|了|销|换|职)?(他|她|这个人|那个人|这人|那人|保安|经理|管家)");

    /** "Can you cancel it please?": a request in the form of a question, which gives the order up. */
    private static final Pattern ASKED_TO_CANCEL = Pattern.compile(
            "(?i)\\b((can|could|would|will) you (please |kindly |just )?|please )(cancel|call off|withdraw) (it|that|this|"
                    + "(my|the|our) ([a-z-]+ ){0,3}(repair|order|request|report|ticket|visit|appointment|job|plumber|electrician|technician))\\b|"
                    + "\\bcancel (it|that|this) please\\b");
    private static final Pattern MOVED = Pattern.compile(MOVED_WORDS);

    public static boolean givesUpAnOrder(String t) {
        return GIVES_UP.matcher(t).find() && (!NOT_GIVEN_UP.matcher(t).find()
                || ASKED_TO_CANCEL.matcher(t).find() && !MOVED.matcher(t).find())
                || NOT_TO_REGISTER.matcher(t).find() && !NOT_TO_REGISTER_SAID.matcher(t).find();
    }

    /** "算了 勿要登记了" (Wu), "唔使报喇": the resident's own report not to be registered after all, said as a clause of its own. */
    private static final Pattern NOT_TO_REGISTER = Pattern.compile(
            "(^|[\\s，,。！!]|算了|那就|先)(不|勿|别|唔|甭)(要|用|使|需要)?(登记|报)(了|啦|咯|喇|嘞)(?![吧吗么呢？?])");
    /** Regret, doubt, someone else's advice, or another's registration ("早知道就不报了", "他说别报了", "外卖不用登记了"). */
    private static final Pattern NOT_TO_REGISTER_SAID = Pattern.compile(
            "早知道|要不要|(说|劝|叫|让|讲)[^，,。]{0,4}(别|不用|不要|勿要|唔使)|偏要|帮我报|给我报|要报修|外卖|访客|客人|电动车|车辆|快递|以后");

    /**
     * Right after an order was registered, how it goes on: when the technician comes or where they are, whether
     * it went in, how long the repair takes ("师傅到哪了", "报上了没", "大概多久能修好", "啥辰光师傅过来", "多久来修",
     * "when will the plumber get here?") — never when the water or power comes back ("几点能来水").
     */
    private static final Pattern AFTER_THE_ORDER = Pattern.compile(
            "(师傅|人|维修工|工人|电工|水工|他|她|你们)?[^，,。？?！!]{0,3}(几点|什么时候|啥时候|啥辰光|几时|多久|多长时间|好久|哪天|几耐)[^，,。？?！!]{0,3}(能|会|可以|才|就)?"
                    + "(到(?![期账哪])|来(?![水电气暖])|过来|上门|修好|弄好|整好|修完|来修|来弄|来看|清走|拉走|运走|收走|弄走|清理|处理|解决|搞好|修剪|"
                    // "你哋几时整得好", "几时搞得掂": done, said with 得
                    + "(修|整|弄|搞)得(好|掂|完)|搞掂|整掂)|"
                    + "(师傅|人|维修工|工人|电工|水工|他|她)[^，,。？?！!]{0,3}(到哪|在哪|出发|在路上|到了没|来了没|呢[？?]?$)|^(现在)?到哪(了|儿了|啦|里了)|"
                    // "那这俩事儿明天能来人不": whether someone can come (then), asked right after
                    + "(能|会|可以)(来|过来|上门)(个)?人(不|吗|么|嘛|没|冇|伐)[？?]?$|"
                    + "(报|提交|下单|派单)(上|好|进去)?了(没有|没|吗|么|冇|未|伐)|^(报|登记)上了?(没有|没|吗|么|冇|伐)?[？?]?$|(接|派)(了)?单了?(没|吗)|"
                    + "(?i)\\bwhen (will|is|does|can|would) (the |a |my |your )?(technician|plumber|electrician|guy|man|someone|somebody|he|she|they|worker|repairman|engineer)\\b|"
                    + "\\b(how long (will|until|before|till) (it|he|she|they|the (technician|plumber|electrician|repair|fix))|where is (the |my )?(technician|plumber|electrician|guy|worker)|eta)\\b|"
                    + "\\b(is|was) (it|that|my (order|repair|request)) (booked|registered|logged|confirmed)\\b|\\b(is|was) (it|my (order|repair|request)) in[?.!]?$");

    /** How often something is done ("垃圾多久清理一次") asks a rule, not after the order. */
    private static final Pattern HOW_OFTEN = Pattern.compile("(多久|多长时间|几天|多少天)[^，,。？?！!]{0,6}一次");

    public static boolean asksAfterTheOrder(String t) {
        return AFTER_THE_ORDER.matcher(t).find() && !HOW_OFTEN.matcher(t).find();
    }

    /**
     * Right after an order was registered, the visit called off because the fault went away or was mended
     * ("不用了不用了，我儿子回来给我换好了，不要来了", "never mind, it's working again").
     */
    private static final Pattern CALLED_OFF = Pattern.compile(
            "不要来了|不用来了|别来了|不用过来了?|不要过来了|别过来了|不必来了?|不用上门了?|不用派人了?|(师傅|师父|你们|人)(别|不用|不要)(再)?跑了|"
                    // "那个就不消你们来了" (不消 read as 不用)
                    + "不用(麻烦)?(你们|您|他们|师傅|人)(再)?(来|过来|上门)(了|啦|咯|喽|嘞|哈)|"
                    // mended by someone at home, said as done ("我儿子回来给我换好了"), never wished or failed
                    + "(自己|儿子|女儿|老公|老婆|老伴|家里人|我爸|我妈|个仔|个女|我仔|我女)[^，,。？?！!没不还希望等能会要]{0,6}(换好|修好|弄好|搞好|整好|通好|搞掂|整掂)了|"
                    // Cantonese: "个仔帮我换咗" — done by the son (changed, or mended: not "搞了半天")
                    + "(个仔|个女|我仔|我女|老公|老婆)[^，,。？?！!]{0,4}(换(了|咗)|(整|修|搞)(好|掂)(了|咗)?)(?!没|未|冇)|"
                    + "(?i)(\\bno need (for (him|her|them|anyone) )?to come\\b|\\b(don'?t|do not) come( anymore| any more)?[.!]?$|"
                    + "\\bit'?s (working|fine|fixed) (again|now)\\b|^never ?mind\\b)");

    public static boolean callsOffTheVisit(String t) {
        return (CALLED_OFF.matcher(t).find() || CANCEL_IT.matcher(t).find() && !A_BOOKING.matcher(t).find())
                && !NOT_GIVEN_UP.matcher(t).find();
    }

    /** "唔使喇…可以取消", "麻烦取消吧": called off outright at the message's end (a booking named is the booking's). */
    private static final Pattern CANCEL_IT = Pattern.compile("(可以|帮我|麻烦|就)取消(佢|了|咗|吧|啦|喇)?[。！!]?$");
    private static final Pattern A_BOOKING = Pattern.compile("预约|预订|订的|订了|场|厅|室|馆|(?i)\\bbooking\\b");

    /**
     * A second fault to be seen on the visit already agreed ("一块儿给瞅瞅", "顺便看看", "while he's here",
     * "the same guy"): its order takes that visit's time.
     */
    private static final Pattern SAME_VISIT = Pattern.compile(
            "(一块儿?|一起|一并|顺便|顺带|顺手|捎带|一道|一齐|一次过)(给|帮|也)?(看|修|弄|瞅|瞧|检查|处理|整|搞|睇|换)|"
                    + "(?i)\\b(while (he|she|they|you|the [a-z]+)('s| is| are|'re) (here|there|over|at it|around)|same (guy|technician|person|visit|time|plumber|electrician)|at the same time|as well while)\\b");

    public static boolean onTheSameVisit(String t) {
        return SAME_VISIT.matcher(t).find();
    }

    /** A complaint about the property company itself (not a question about how to complain). */
    public static boolean complains(String t) {
        return COMPLAINS.of(t);
    }

    private static final RecentReadings<Boolean> COMPLAINS = new RecentReadings<>(Cues::complainsAnew);

    /** A question about how or where to complain, or a number or time asked: no complaint made yet. */
    private static final Pattern ASKS_HOW = Pattern.compile("怎么|如何|哪里|在哪|找谁|(?<!打)(?<!挂了?我?的?)电话(?![^，,。]{0,6}(没人|不接|不通))|流程|多久|多长时间|几天|什么时候|吗[？?]?$|(?i)\\b(how|where|who) (do|can|should|to)\\b");

    /**
     * "油烟投诉那个我想撤回", "取消我之前的投诉": the resident giving up a complaint made before — no complaint made now.
     * Not the company doing it, nor a refusal to ("你们凭什么取消我的投诉", "我不撤", "投诉取消不了吗").
     */
    private static final Pattern WITHDRAWS_COMPLAINT = Pattern.compile(
            "(投诉|举报)[^，,。？?！!]{0,8}(帮我|给我|我想|我要|我就|请|麻烦)[^，,。？?！!]{0,3}(撤回|撤销|撤掉|撤了|取消)|"
                    + "(投诉|举报)[^，,。？?！!]{0,8}(撤回|撤销|撤掉|取消)(吧|掉吧|了吧)|"
                    + "(^|[\\s，,。！!])(请|麻烦)?(你)?(帮我|给我|我想|我要)?(撤回|撤销|取消)(我|我的|我之前的|之前的|上次的|那个)[^，,。？?！!]{0,6}(投诉|举报)");
    private static final Pattern KEEPS_COMPLAINT = Pattern.compile(
            "不撤|不取消|撤不了|取消不了|别想|凭什么|为什么|为啥|怎么(能|敢|就)|(你们|物业|他们)[^，,。？?！!]{0,6}(撤回|撤销|撤了|取消)|让我撤");

    private static final Pattern DENIED_COMPLAINT = Pattern.compile(
            "(不是|不算|并非|并不是|唔系|不系)(要|想)?(投诉|投訴)(?!过|了)|不(想|是想|是要|要)?(投诉|投訴)(你们|谁|哪个)?(?!过|了)(?![^，,。？?！!]{0,10}(不行|不可|是吧|吗|不管|不会|不动|才))|"
                    + "(?i)\\b(not|isn't|is not|it's not) (a |to )?(complaint|complain)\\b");

    private static boolean complainsAnew(String t) {
        // "免得遭邻居投诉", "怕被投诉": a complaint feared from someone else is none of the resident's
        t = FEARED_COMPLAINT.matcher(t).replaceAll("");
        // "提个意见 不是投诉", "not a complaint": the word said only to deny it
        t = DENIED_COMPLAINT.matcher(t).replaceAll("");
        if (COMPLAINT_STRONG.matcher(t).find() || SLOW_SERVICE.matcher(t).find() || WANTS_TO_COMPLAIN.matcher(t).find()) {
            return true;
        }
        if (WITHDRAWS_COMPLAINT.matcher(t).find() && !KEEPS_COMPLAINT.matcher(t).find()) {
            return false;
        }
        // "打了一上午电话就是没人接…我要投诉": a call that failed is what is complained of, no number asked for
        if (ASKS_HOW.matcher(t).find() && !t.contains("说法")) {
            return false;
        }
        return COMPLAINT.matcher(t).find() || COMPLAINT_EN.matcher(t.toLowerCase(Locale.ROOT)).find();
    }

    /** Asking how one checks, cancels or rates orders in general ("怎么查报修进度", "工单可以取消吗"): a question about the rule. */
    private static final Pattern HOW_ORDERS_WORK = Pattern.compile(
            "^(请问|想问一?下|问一?下)?(怎么|怎样|如何|在哪|哪里|可以|能不能|能否)(查|看|取消|评价|撤销|催)|(工单|报修|预约|维修)(可以|能|能不能|能否)(取消|撤销|评价|查)|"
            // ("can you check our repair orders?" asks the desk to look, which is a status question)
            + "(?i)^(how|where|can) (do |can )?(i|we) (check|cancel|rate|track)\\b");

    /** How things go as a rule ("报了修一般多久来人", "usually how long"), not how one's own report stands. */
    private static final Pattern IN_GENERAL = Pattern.compile("一般|通常|大概|大约|平时|平常|正常(情况)?|一向|(以后|之后|后)(多久|多长时间|几天|几个?小时|几个?钟)|"
            // "报了修多久会有人联系我": once one has reported, how long (not "我报的修多久来": that report)
            + "(?<![的那个我俺咱家天])报(了|咗|完)(修|修以后|修之后|修后)?[^，,。？?！!的]{0,4}(多久|多长时间|几天|几耐|几个?小时|几个?钟)(?![了咗都还])|"
            + "(?i)\\b(usually|normally|typically|in general|generally|how long after)\\b");

    public static boolean asksInGeneral(String t) {
        return IN_GENERAL.matcher(t).find();
    }

    /** How an earlier report ended ("后来是咋处理的来着", "最后咋整的", "was that ever fixed?"): a report is meant. */
    private static final Pattern ENDED = Pattern.compile(HOW_IT_ENDED + "|(?i)" + EVER_FIXED_EN);

    public static boolean asksHowItEnded(String t) {
        return ENDED.matcher(t).find();
    }

    /** Refers to something reported before and asks how it stands ("上周报的那个弄好了没", "师傅啥时候到"). */
    /** "师傅啥时候来都行": any time suits — the answer to when, not a question of it. */
    private static final Pattern ANY_TIME_SAID = Pattern.compile("(什么时候|啥时候|几点|哪天|随时)(来|过来|上门)?都(行|可以|方便|成)");

    public static boolean asksAboutEarlierReport(String t) {
        return ASKS_ABOUT_EARLIER_REPORT.of(t);
    }

    private static final RecentReadings<Boolean> ASKS_ABOUT_EARLIER_REPORT =
            new RecentReadings<>(Cues::asksAboutEarlierReportAnew);

    private static boolean asksAboutEarlierReportAnew(String t) {
        String lower = t.toLowerCase(Locale.ROOT);
        if (HOW_ORDERS_WORK.matcher(t.strip()).find() || ANY_TIME_SAID.matcher(t).find()) {
            return false;
        }
        boolean reported = REPORTED.matcher(t).find();
        return (reported || BEFORE.matcher(t).find()) && PROGRESS.matcher(t).find() || reported && PRESS.matcher(t).find()
                || STATUS_ALONE.matcher(t).find() || STATUS_EN.matcher(lower).find();
    }

    /**
     * Names a report, request or promise already made ("报修的", "那张单", "你们答应换的", "I reported"), not only
     * when something happened: a problem described with this is the earlier report's, without it a new one
     * whose asker wants to know when someone comes ("油烟机不转了，师傅几点能到").
     */
    public static boolean refersToReport(String t) {
        return REPORTED.matcher(t).find() || REPORTED_EN.matcher(t.toLowerCase(Locale.ROOT)).find();
    }

    private static final Pattern REPORTED_EN = Pattern.compile(
            "\\b(i|we) (reported|complained|asked)\\b|"
                    // "someone in our flat reported the card reader", "my wife reported it"
                    + "\\b(someone|somebody|[a-z]+ (in|from) (our|my) (flat|home|house|family|household|apartment)|"
                    + "my (wife|husband|partner|flatmate|roommate|mum|mom|mother|dad|father|son|daughter)) (reported|complained about)\\b|"
                    + "\\bmy (noise |repair )?(complaint|report|request|order|repair)\\b|"
                    // "any news on the bathroom heater thing?": news asked of something named before
                    + "\\bany (news|updates?|word|progress) (on|about|regarding|re|with) (the|my|our|that|this) ([a-z-]+ ){0,3}"
                    + "(thing|issue|problem|repair|request|complaint|report|ticket|job|leak|fault)s?\\b|"
                    // "the noise complaint I filed", "the ticket we opened last week"
                    + "\\b(complaint|report|request|order|ticket|repair)s? (that )?(i|we) (filed|lodged|raised|submitted|logged|made|opened|put in|sent)\\b|"
                    // "our kitchen faucet repair", "the status of the lift repair"
                    + "\\b(my|our) ([a-z-]+ ){0,3}(complaint|report|request|order|repair|ticket|job)\\b(?! (is needed|needed|please))|"
                    + "\\bstatus of (the|my|our) ([a-z-]+ ){0,3}(complaint|report|request|order|repair|ticket|job)\\b|"
                    + CLOSED_YET_EN + "|"
                    // "the repair of our building's card reader from October"
                    + "\\bthe (complaint|report|request|order|repair|ticket|job) (of|for|on|about|to fix) (my|our|the)\\b");

    /** Asking what to do ("咋整", "点算好", "what should I do"), not about one thing: the steps answer it in order. */
    private static final Pattern WHAT_TO_DO = Pattern.compile(
            "怎么办|怎么弄|怎么处理|咋办|咋整|咋弄|么办|么样办|哪能办|点算|点办|點算|點辦|该如何|如何处理|"
                    + "\\bwhat (should|do|can|must) (i|we) do\\b|\\bwhat to do\\b|\\bhelp\\b");

    /** A question about one thing: where, when, how long, whether, who. */
    private static final Pattern ASKS = Pattern.compile(
            "[？?]|吗|嘛|不[？?]?$|伐|几|多久|多长|多少|哪|边度|喺边|能不能|可不可以|可唔可以|要不要|行不行|是不是|谁|边个|"
                    + "\\b(can|could|may|where|when|how long|how much|who|is|are|should|do|does)\\b");

    /**
     * Asks about one thing ("集合点在哪", "能开灯吗", "多久能到") rather than saying what happens or asking
     * what to do ("水管爆了", "煤气味咋整"), which the steps answer in their order.
     */
    public static boolean asksAboutOneThing(String t) {
        String lower = t.toLowerCase(Locale.ROOT);
        return ASKS.matcher(lower).find() && !WHAT_TO_DO.matcher(lower).find();
    }

    /**
     * What a resident says right after an emergency was taken: the first steps done ("阀门关好了", "闸拉了"),
     * the help awaited ("快派人来", "师傅多久到"), or the danger going on ("还在喷", "关不住") — all about the
     * emergency order just opened, never a new report.
     */
    private static final Pattern AFTER_EMERGENCY = Pattern.compile(
            "(关|拉|断|拧|扳)(好|了|掉|上|紧)|(阀|闸|开关|电源|气|燃气|水)[^，,。？?！!]{0,4}(关|拉|断)|总阀|阀门|水阀|气阀|电闸|"
                    + "派人|来人|快来|快点|赶紧|赶快|马上|尽快|抓紧|多久|多长时间|(什么|啥|几)时候?[^，,。？?！!]{0,3}(来|到)|几时|到哪|在路上|"
                    + "还在(漏|滴|喷|冒|流|响|烧|淌)|越来越|止不住|关不(上|住|了|掉)|拉不(下|动)|"
                    + "(?i)\\b(valve|breaker|switched off|turned off|shut off|send (someone|somebody|help)|someone|hurry|how long|when will|on (the|their) way|still (leaking|dripping|spraying|burning))\\b");

    /** Said after an emergency was taken: about that emergency's order (see {@link #AFTER_EMERGENCY}). */
    public static boolean followsEmergency(String t) {
        return AFTER_EMERGENCY.matcher(t).find() && !wantsPerson(t);
    }

    /** Says a problem persists ("还在漏", "又坏了"): with an open order for it, that order's status is wanted. */
    public static boolean persists(String t) {
        // ("is it still open?" asks after the order, not that the fault goes on)
        return STILL.matcher(t).find() || t.toLowerCase(Locale.ROOT).matches(".*\\b(still|again)\\b.*")
                && !t.toLowerCase(Locale.ROOT).matches(".*\\bstill (open|pending|in progress|active|on)\\b.*");
    }

    /**
     * Wants to pay now ("交物业费", "帮我把物业费交了", "我要缴费", "pay my bills"): not how, where or
     * whether one pays (a knowledge question), nor whether or how much they still owe (their bills).
     */
    private static final Pattern WANT_PAY_CLAUSE = Pattern.compile("^(我|俺|咱|我们)(就)?(要|想|来)(交|缴|付)");
    private static final Pattern AMOUNT_ONLY = Pattern.compile(
            "^(嗯|那|啊|呃|就|那就)*(一共|总共)?(该|要|得)?(交|缴|付)?(多少|几多|好多)(钱)?(啊|呀|呢|吧|哈)?$");

    /** "我要交物业费，嗯，交多少钱啊": paying said, then only the amount asked, which the payment tells. */
    private static boolean wantsThenAsksTheAmount(String t) {
        String[] clauses = t.strip().split("[，,。？?！!\\s…]+");
        if (clauses.length < 2 || !WANT_PAY_CLAUSE.matcher(clauses[0]).find()) {
            return false;
        }
        boolean asked = false;
        for (int i = 1; i < clauses.length; i++) {
            if (clauses[i].isEmpty() || clauses[i].matches("(嗯|呃|啊|那个|那)+")) {
                continue;
            }
            if (!AMOUNT_ONLY.matcher(clauses[i]).find()) {
                return false;
            }
            asked = true;
        }
        return asked;
    }

    public static boolean wantsToPay(String t) {
        String lower = t.toLowerCase(Locale.ROOT);
        // "这钱交得冤", "白交了": money regretted, a complaint and no payment
        if (REGRETTED.matcher(t).find()) {
            return false;
        }
        if (PAY_ORDER.matcher(t).find()) {
            return true;
        }
        // "物业费是不是欠着呢，一共多少，给我整了": a clause that only says "do it", in a message about money owed
        if (MONEY.matcher(t).find() && OWING.matcher(t).find() && !WRONGLY_CHARGED.matcher(t).find()
                && !NOT_A_PAYMENT_JOB.matcher(t).find()) {
            var clause = CLAUSE.matcher(t);
            while (clause.find()) {
                if (DO_IT.matcher(clause.group()).matches()) {
                    return true;
                }
            }
        }
        if (!PAY.matcher(t).find() && !PAY_EN.matcher(lower).find()) {
            return false;
        }
        // "是不是要交了": whether it is due, not paying
        if (PAY_INTENT.matcher(t).find() && !PAID_OR_REFUSED.matcher(t).find() && !DEADLINE.matcher(t).find()
                && !WHETHER_DUE.matcher(t).find()) {
            return true;
        }
        if (wantsThenAsksTheAmount(t) || PAY_INTENT_EN.matcher(lower).find()) {
            return true;
        }
        if (NOT_PAYING.matcher(t).find() || NOT_PAYING.matcher(lower).find() || DEADLINE.matcher(t).find()) {
            return false;
        }
        return !HOW_TO_PAY.matcher(lower).find() || PAY_NOW.matcher(lower).find();
    }

    private static final Pattern REGRETTED = Pattern.compile(REGRET);
    private static final Pattern DO_IT = Pattern.compile("(那|那就|就)?(给我|帮我|替我|同我|帮忙)?(整|弄|办|搞)(了|掉|咗|一下|好)(吧|呗|算了|得了|啦|嘛)?");
    private static final Pattern WRONGLY_CHARGED = Pattern.compile("错|不对|多收|多扣|重复|为什么|为啥|凭什么|咋回事|怎么回事|退");
    /** What is owed, asked or said: the money "do it" is about. */
    private static final Pattern OWING = Pattern.compile("欠|没交|未交|没缴|该交|要交|差多少|还差|一共多少|总共多少|一共几多|算算");
    /** A job or a paper wanted beside the money ("换个阀门多少钱，帮我弄一下", "发票还没开"): not a payment. */
    private static final Pattern NOT_A_PAYMENT_JOB = Pattern.compile("发票|收据|补办|修|坏|漏|换|堵|装|开|办卡|门禁");

    /** The resident's own: I, we, my home, this household ("本户"), in any region's word for it. */
    private static final Pattern OWN = Pattern.compile(
            "我|咱|俺|阿拉|阮|本户|本人|家里|屋里|屋头|屋企|自家|名下|俄家|窝家|额家|偶家|"
                    + "(?i)\\b(my|mine|our|ours|we|us|i|me|wo|wo ?jia|wo ?de)\\b");
    /** Money owed or charged: a fee, money, an account, arrears, a bill. */
    private static final Pattern MONEY = Pattern.compile(
            // Cantonese 数 is an account ("有冇数未交", "埋数")
            "费|費|钱|錢|账|賬|帐|帳|欠|款|钿|钞票|金额|(?<![几多少岁])数(?=(未|没|冇|未曾)?(交|畀|俾|找|清|埋))|(?i)\\b(bills?|fees?|charges?|pay|payments?|balance|arrears|account|fei|qian|zhang ?dan)\\b");
    /** What about it is asked: how much, whether paid or owed, till when, what is due, the list of it. */
    private static final Pattern OWED = Pattern.compile(
            // (结 is 交 in the north: "物业费还没结呢", "结了没")
            "多少|几多|幾多|好多|几钿|几钱|偌济|欠|(未|冇|没)(交|缴|畀|俾)|(未|冇|没)结(?![束果论婚冰算构尾合账单])|(交|缴|繳|付)(了|过|過|咗|到|没|沒|齐|齊|清|完|上)|结(了|过)(没|吗|么)|到期|到几|到哪|状态|情况|"
                    + "清单|明细|账单|帳單|出来|出來|(该|要|得|应|應)(交|缴|付)|当期|本期|这期|今期|哪些|结清|查|看看|看下|看一下|"
                    + "睇|瞅|瞧|(?i)\\b(paid|owe|owing|behind|due|expire|expires|how much|outstanding|unpaid|bills?|"
                    + "jiao ?le|dao ?qi|qian)\\b");
    /** Another household's (a neighbour, the flat above, "那户"): a fee or bill of theirs is not the resident's own. */
    private static final String SOMEONE_ELSES = "邻居|隔壁|楼上|楼下(?![间个的嘅]?(铺|店|商铺|门面|门脸|车位))|对门|对面|那家|那户|别人";
    /** Not their own account asked: the rule, how or where to pay, a receipt, a neighbour's, a grievance. */
    private static final Pattern NOT_OWED = Pattern.compile(
            "平方|平米|㎡|如果|要是|万一|假如|规定|标准|怎么算|会不会|能不能|可不可以|是否|(怎么|咋|如何|怎样|点样|點樣|去哪|在哪|哪里|哪儿|边度|喺边)"
                    + "[^，,。？?！!\\s]{0,4}(交|缴|繳|付|[畀俾]|办|辦)|方式|渠道|发票|發票|收据|收據|为什么|为啥|凭什么|点解|涨|调价|"
                    + SOMEONE_ELSES + "|租客|房东|\\d{6,}|(?i)\\b(how (do|can|to)|where|why|invoice|receipt|if (i|we|you) (pay|don'?t|do not|miss|am|are)|per|policy|penalty|late fee)\\b");
    /** How much a fee comes to, which the fee standard also answers ("我家物业费多少钱"). */
    private static final Pattern AMOUNT = Pattern.compile("多少|几多|幾多|好多|几钿|几钱|偌济|怎么收|咋个收|(?i)\\bhow much\\b");
    private static final Pattern ARREARS = Pattern.compile("欠|没交|沒交|未交|(?i)\\b(owe|owing|behind|outstanding|unpaid)\\b");

    /**
     * A resident asking about their own account: what they owe, whether they paid, till when, what is
     * due this period, what a fee comes to for their home ("我屋这期该交好多", "我厝物业费有欠无",
     * "Have I paid the service charge yet?") — not the rule, how to pay, or someone else's bill.
     */
    public static boolean asksOwnBills(String t) {
        String lower = t.toLowerCase(Locale.ROOT);
        return OWN.matcher(lower).find() && MONEY.matcher(lower).find() && OWED.matcher(lower).find()
                && !NOT_OWED.matcher(lower).find();
    }

    /** Of those, an amount asked that the fee standard answers as well ("我那套房子物业费多少"), not arrears. */
    public static boolean asksOwnFeeAmount(String t) {
        String lower = t.toLowerCase(Locale.ROOT);
        return AMOUNT.matcher(lower).find() && !ARREARS.matcher(lower).find();
    }

    /** A fee charged to a home, by the names it has across the country (物管费, 暖气费, 车位费, 公摊 …), or arrears. */
    private static final Pattern HOME_FEE = Pattern.compile(
            "物业费|物業費|物业服务费|物业管理费|管理费|管理費|物管费|服务费|卫生费|垃圾费|清运费|取暖费|暖气费|采暖费|供暖费|热费|"
                    + "车位费|停车费|车位管理费|车位租金|电梯费|二次供水费|加压费|公摊|能耗费|水费|电费|租金|欠费|欠款|物业废|物也费|"
                    // what this period comes to, said without the fee's name ("这个季度该交多少了", "这季度的还没交是吧")
                    + "(这|本|今|上|下)个?(季度|季|期|月|年)[^，,。？?！!]{0,6}(该|要|得|应)?(交|缴|繳)了?(多少|几多|好多|没|冇|吗)|"
                    + "(这|本|今|上|下)个?(季度|季|期|月|年)[^，,。？?！!]{0,4}还?(没|未)(交|缴)|"
                    + "(?i)\\b(property (management |service )?fees?|management fees?|fee rates?|service charges?|heating (fees?|charges?)|"
                    + "parking (fees?|charges?)|wu ?ye ?fei|wuyefei|guan ?li ?fei|ting ?che ?fei|qu ?nuan ?fei|nuan ?qi ?fei)\\b");
    /** Something asked about the fee: what it comes to, its standard, when it is due, whether paid, how it is paid. */
    private static final Pattern FEE_ASKED = Pattern.compile(
            "多少|几多|幾多|好多|几钿|几块|多钱|偌济|怎么|咋|如何|点样|標準|标准|价|算|收|交|缴|繳|付|到期|截止|几号|几月|哪天|"
                    + "什么时候|啥时候|几时|欠|差|出来|出了|出没|按|每|一年|一个月|季度|吗|嘛|没|冇|未|无|伐|[？?]|"
                    + "(?i)\\b(how|what|when|which|due|owe|owing|paid|pay|rate|calculated|charged|jiao|duo ?shao|ma|dao ?qi)\\b");
    /**
     * Not the fee of one's own home asked: an invoice or receipt, a refund or deposit, a rise or the accounts
     * published, a neighbour's, a charge for a job (上门, 维修, 补办), a grievance.
     */
    private static final Pattern NOT_HOME_FEE = Pattern.compile(
            "发票|發票|开票|收据|收據|退(?!休|伍)|押金|保证金|涨|调价|降价|上调|下调|公示|收支|账目|"
                    + SOMEONE_ELSES + "|他家|她家|人家|他们家|房东家|"
                    + "上门|维修|修理|疏通|开锁|补办|装修|凭什么|凭啥|乱收|多收|"
                    // a case supposed ("要是拖了几个月会不会停电") or an area given to compute by ("120平米一年多少"): the rule
                    + "要是|如果|万一|假如|假设|[0-9]+\\s*(平|㎡|m2|sqm)|"
                    + "(?i)\\b(invoice|receipt|refund|deposit|neighbou?rs?'?|fapiao)\\b");

    /**
     * A question about a fee charged to a home — what it comes to, its standard, when it is due, whether it is
     * paid, how it is computed or paid ("物管费还差多少没交", "供暖费出账单了吗", "物业费怎么交", "how is the
     * property fee calculated") — with or without a word for "my": from a known resident, it is asked of their
     * home. Not an invoice, a refund, a neighbour's or a charge for a job.
     */
    public static boolean asksAboutHomeFee(String t) {
        String lower = t.toLowerCase(Locale.ROOT);
        return HOME_FEE.matcher(lower).find() && FEE_ASKED.matcher(lower).find() && !NOT_HOME_FEE.matcher(lower).find();
    }

    /**
     * The rule of a fee asked (its standard, how it is computed or charged, when or how it is paid, a late
     * charge): the article's passage answers it, before the resident's own bills.
     */
    private static final Pattern FEE_RULE = Pattern.compile(
            "标准|標準|怎么算|咋算|如何算|怎么收|咋收|咋个收|如何收|怎么计|按什么|按(面积|平|月|季|年|户)|每平|一平|每个?月|一个月|"
                    + "多少钱一|单价|价格|收费|(怎么|咋|如何|怎样|在哪|哪里|哪儿|去哪|上哪|点样)(里)?[^，,。？?！!\\s]{0,3}(交|缴|繳|付)|"
                    + "(能|可以|可不可以|能不能|支持)[^，,。？?！!\\s]{0,6}(交|缴|付|线上|在线|网上|公众号|微信|支付宝)|"
                    + "什么时候(交|缴|付|收)|何时(交|缴|收)|几号(之前|以前)?[^，,。？?！!\\s]{0,3}(交|缴)|截止|滞纳金|违约金|"
                    // who pays it: the owner, the tenant, the landlord ("房东喊我交 本来不该是他出吗", "or does the landlord?")
                    + "谁(来)?(交|缴|付|出|承担)|(房东|业主|租户|租客|他|她)(来)?(交|缴|付|出|承担)(吗|嘛|么|滴吗|的吗|还是)|还是(房东|业主|租户|租客)|"
                    + "(?i)\\b(who (pays|should pay|has to pay|is responsible)|or (does )?the (landlord|owner|tenant)|(landlord|owner|tenant)'?s? (responsibility|pays?))\\b|"
                    + "(?i)\\b(rate|standard|calculated|computed|charged|per (square|sq|m2|month)|how (do|can|to) (i )?pay|"
                    + "where (do|can|to) (i )?pay|late (fee|charge)|deadline|zen ?me ?suan|biao ?zhun|zen ?me ?jiao)\\b");

    /**
     * How or where a fee is paid, or whether a way of paying is taken ("物业费在哪点交嘛", "有哪些交费的法子",
     * "拿现金到服务大厅交得行不", "Can I use Alipay?"): not its standard, due day or who pays it.
     */
    private static final Pattern WAYS_TO_PAY = Pattern.compile(
            // (not "怎么还要交", "咋又交": why it is charged)
            // (nor "怎么显示没交", "怎么交了两次": a payment gone wrong; nor 交接, 交代, 应付)
            "(怎么|咋|如何|怎样|在哪|哪里|哪儿|去哪|上哪|点样|哪点|啥子地方|么子地方)(里|个|儿)?"
                    + "(?![^，,。？?！!\\s]{0,3}(还|又|也|会|才|就|这么|那么|要|显示|没|已经|都))"
                    + "[^，,。？?！!\\s]{0,3}(交|缴|繳|付)(?!接|代|了|过|咗|的)|"
                    + "(交|缴|繳|付)[^，,。？?！!\\s]{0,3}(方式|渠道|途径|法子|办法|地方)|"
                    + "(现金|刷卡|转账|支付宝|微信|云闪付|银行卡|信用卡|线上|网上|公众号|小程序)[^，,。？?！!\\s]{0,10}(交|缴|繳|付)"
                    + "(?!了|过|咗)[^，,。！!\\s]{0,4}(吗|么|嘛|不|得行|行不|可以|得唔得|[？?])(?=$|[，,。！!？?\\s])|"
                    + "(能|可以|可不可以|能不能|支持|收不收|收)[^，,。？?！!\\s]{0,4}(用)?(现金|刷卡|支付宝|微信|云闪付|银行卡|信用卡)|"
                    + "(?i)\\b(how (do|can|to) (i |we )?pay|where (do|can|to) (i |we )?pay|ways? to pay|payment (methods|options)|"
                    + "(can|could) (i|we) (use|pay (by|with)) (alipay|wechat|cash|(a |my )?(credit |bank )?card))\\b");

    /** Asks how or where to pay, or whether a way of paying is taken. */
    public static boolean asksWaysToPay(String t) {
        // a fee, money or a bill is what is paid ("钥匙在哪交", "申请表在哪里交" hand something in)
        String lower = t.toLowerCase(Locale.ROOT);
        return WAYS_TO_PAY.matcher(lower).find() && PAID_THING.matcher(lower).find();
    }

    private static final Pattern PAID_THING = Pattern.compile("费|費|钱|錢|账|賬|帐|款|租金|房租|现金|刷卡|微信|支付宝|云闪付|银行卡|信用卡|转账|扫码|\\b(fees?|charges?|bills?|rent|pay|payment)\\b");

    /** Asks the rule of a fee: its standard, how it is computed or charged, when or how it is paid. */
    public static boolean asksFeeRule(String t) {
        return FEE_RULE.matcher(t.toLowerCase(Locale.ROOT)).find();
    }

    private static final Pattern RULE_CLAUSE = Pattern.compile("[^，,。；;！!？?]+");

    /** The clause of a message that asks a fee's rule ("物业费在哪交，顺便看看我家还差多少" → "物业费在哪交"), or null. */
    public static String feeRuleClause(String t) {
        var m = RULE_CLAUSE.matcher(t);
        while (m.find()) {
            if (asksFeeRule(m.group()) && m.group().strip().length() >= 4) {
                return m.group().strip();
            }
        }
        return null;
    }

    /** A room said by its number ("102的物业费", "帮我看下1502室"), not an amount, a year or an area. */
    private static final Pattern ROOM = Pattern.compile(
            // (not an amount: "还有一笔120没交", "扣了350", "¥200")
            // (nor a fee's amount pointed at: "净系交车位那150")
            "(?<![0-9.:：\\-笔共计扣收¥￥$])(?<!费那|位那|款那|钱那|租那|费嗰|位嗰)([0-9]{3,4})(?![0-9.:：\\-]|元|块|塊|平|米|㎡|年|月|日|天|度|个|次|人|万|千|百|分|秒|小时|斤|公里|%|没交|未交|没付|未付|没缴|未缴)");

    /** Only a home named and "and that one?" ("那405呢", "那12栋501那套呢", "what about 3-1-1705?"). */
    private static final Pattern ANOTHER_HOME = Pattern.compile(
            "^(那|那么|还有|另外|咁|噉)?(我)?[^，,。？?！!0-9]{0,4}([0-9]{1,2}(栋|幢|号楼|座)[0-9]{0,2}(单元)?)?[0-9]{3,4}(室|房|号)?(那|呢个|嗰)?(套|间|户|边)?(的|嘅)?(呢|嘞|咧|哩|啊|嘛)[？?]*$|"
                    + "^(那|那么|还有)?[A-Za-z]?[0-9]{1,2}-[0-9]{1,2}-[0-9]{2,4}(那套|的)?(呢|嘞|咧)[？?]*$|"
                    + "(?i)^(and |so )?(what|how) about (flat |unit |room |apartment |no\\.? ?)?[a-z]?[0-9][0-9-]{1,8}\\??$");

    /** A year, a parking space, a room of the club or a card is no home ("那2025的呢", "那车位205呢"). */
    private static final Pattern NO_HOME = Pattern.compile(
            "(?<![0-9])(19|20)[0-9]{2}(?![0-9室房号])|车位|车库|会议室|活动室|柜|卡|(?i)\\b(parking|space|card|meeting room|gym)\\b");

    public static boolean asksAboutAnotherHome(String t) {
        return ANOTHER_HOME.matcher(t.strip()).find() && !NO_HOME.matcher(t).find();
    }

    /** The room numbers a message names: a bill asked for another's is refused, never shown as one's own. */
    public static java.util.List<String> roomsNamed(String t) {
        java.util.List<String> rooms = new java.util.ArrayList<>();
        var m = ROOM.matcher(t);
        while (m.find()) {
            rooms.add(m.group(1));
        }
        return rooms;
    }

    /** Paying, said right after the bills were shown: a pay verb, how or where to pay, a way to pay. */
    private static final Pattern PAY_SHOWN = Pattern.compile(
            "交|缴|繳|付|[畀俾]|结清|結清|(整|弄|办|搞)(了|吧|掉)|买单|埋单|扫码|付款码|收款码|二维码|链接|微信|支付宝|转账|"
                    + "(?i)\\b(pay|paying|payment|settle|jiao|fu ?kuan|zhi ?fu)\\b");
    /** Not paying now: already paid, put off, refused, disputed, or asking about the bills themselves. */
    private static final Pattern NOT_NOW = Pattern.compile(
            "已经|已經|早就|早都|(交|缴|付)(过|過|了啊|了呀|了的)|不交|不缴|不付|不想|先不|暂时不|暂不|再交|再缴|再付|再说|再講|(怎么|咋|为啥|为什么)还(显示|欠|有|要)|"
                    + "回头|以后|过(两|几|些)天|下个?月|等.{0,6}再|迟啲|发票|發票|收据|收據|为什么|为啥|凭什么|点解|"
                    + "怎么(这么|恁|那么)|咋(这么|恁|那么)|这么(多|贵)|太贵|不对|搞错|错了|分期|分(几|两|三|多)(回|次|期|批|下)(交|缴|付|给)?(吗|么|不|行不|可以|能)|能不能分|可不可以分|哪几个|哪个月|退|明细|查|记录|"
                    // "我唔识喺手机度俾钱 可以去边度交": paying in person asked, where — no link offered
                    + "(去|到|在|喺)(哪|边度|哪里|哪儿)[^，,。？?！!]{0,3}(交|缴|付|[畀俾])|(不会|唔识|不懂|不识|不晓得)(用|喺|在)?手机|"
                    + "(去|到)(哪个|哪)?(现场|柜台|窗口)(交|缴|付)?(吗|么|呢|[？?])|"
                    // "让我儿子明天过去交，你们几点开门": someone going to pay at the office, its hours asked
                    + "(过去|过来|上门|到你们|去你们|去物业|到物业)[^，,。？?！!]{0,4}(交|缴|付)|几点(开门|上班|下班|关门)|开门时间|办公时间|"
                    // "那我家这个季度要交多少": how much, asked after a fee's standard and bills were shown, is no payment yet
                    + "多少|几多|幾多|好多钱|几钿|偌济|"
                    // "交上了没有", "缴清了吗": whether it was paid
                    + "(交|缴|付)(了|过)(没|沒|吗|嗎|未)|(交|缴|付)(没|沒)|(交|缴|付)(上|完|清|齐)(了(没|沒|吗|嗎|未)|没有?)|"
                    // "I paid it", "has it been paid?" — not the bill's "not paid?" echoed before paying it
                    + "(?i)\\b(later|not now|already|invoice|receipt|why|wrong|(i|we|i'?ve|we'?ve|have|has|had|was|were|been|is|she|he|they) paid|"
                    + "paid (it|them|that|this|yesterday|last)|don'?t|won'?t|can'?t|refuse|instal+ments?|split)\\b");

    /**
     * Right after the resident's bills were shown, a message that pays them: "那就交了吧", "怎么付",
     * "扫码付吧", "ok pay" — not one that puts it off, disputes it or asks for an invoice.
     */
    public static boolean paysWhatWasShown(String t) {
        String lower = t.toLowerCase(Locale.ROOT);
        // short: a reply to the bills, not a new matter (an English sentence takes more letters to say it)
        int most = t.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN) ? 24 : 90;
        // "一起交了吧，总共多少": the total asked beside paying is the payment's own, not a question before it;
        // "过期的先交了，别的下回再说": what is put off is no refusal of what is paid now
        String rest = payingNow(lower);
        String now = PAY_SHOWN.matcher(rest).find() ? rest : lower;
        // ("两个月的一起付了，在哪付": where, once paying all is decided, is the payment's own way, not a counter)
        String asked = PAY_DECIDED.matcher(now).find() && !PAID_IN_PERSON.matcher(now).find()
                ? WHERE_AT.matcher(TOTAL.matcher(now).replaceAll("")).replaceAll("") : now;
        return t.strip().length() <= most && PAY_SHOWN.matcher(lower).find() && !NOT_NOW.matcher(asked).find();
    }

    /** Paying decided: all of it, or done with ("一起交了吧", "都缴掉", "付了吧"). */
    private static final Pattern PAY_DECIDED = Pattern.compile("(一起|一块|都|全部?)(交|缴|付|结)|(交|缴|付|结)(了|掉)吧");
    private static final Pattern TOTAL = Pattern.compile("(总共|一共|合计|总计)?(是)?(多少|几多|幾多)(钱)?");
    private static final Pattern WHERE_AT = Pattern.compile("(?<![去到喺])(在)?(哪|哪里|哪儿|哪边)(交|缴|付)");
    /** Paying in person: cash, a card at the counter, the bank. */
    private static final Pattern PAID_IN_PERSON = Pattern.compile("现金|刷卡|柜台|前台|银行|线下|现场|当面|(?i)\\b(cash|pos)\\b");

    /** A part of a message put off for later ("物业费回头再说", "405再等等", "管理费下个月再搞"). */
    private static final Pattern DEFERRED = Pattern.compile(
            "再说|再搞|再弄|再交|再缴|再付|再算|再讲|回头|以后|下个?月|下回|下次|过(两|几|些)天|迟(些|点|啲|啲先)|晚(点|些)|"
                    + "等等|等下|先不|暂时不|不急|(?i)\\b(later|next month|not now)\\b");
    private static final Pattern CLAUSE = Pattern.compile("[^，,。；;！!？?\\s]+");

    /**
     * What the resident wants paid now: the message without the parts they put off ("电梯费先交了，
     * 物业费回头再说" → "电梯费先交了"); the whole message when every part is put off.
     */
    public static String payingNow(String t) {
        StringBuilder now = new StringBuilder();
        var m = CLAUSE.matcher(t);
        while (m.find()) {
            if (!DEFERRED.matcher(m.group()).find()) {
                now.append(now.isEmpty() ? "" : " ").append(m.group());
            }
        }
        return now.isEmpty() ? t : now.toString();
    }

    /** A single key pressed on the phone line. */
    public static boolean keypad(String t) {
        return t.strip().matches("[0-9#*]");
    }
}
