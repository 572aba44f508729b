package dev.guanjia.bot.local;

import dev.guanjia.ticketing.appointment.VisitWindow;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Cheap lexical readings of what a resident typed or said: times, places, scores, strong cues. */
final class Utterance {

    /** Besides a time or someone in (read by VisitWindow), an answer to "when" that means now or any time. */
    private static final Pattern SOON_OR_ANY = Pattern.compile(
            "随时|有人|现在|而家|马上|尽快|赶紧|立刻|快派|快来|\\b(right now|asap|any ?time)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern HOME = Pattern.compile(
            "(家里|家中|"
                    // "我家楼下的路灯", "我家门口那盏灯": the home names where a shared thing is, it is not in it
                    + "(我|俺|咱)家(?!楼下|楼上|门口|楼道|楼前|楼后|那栋|这栋|那幢|单元|小区|附近|旁边|对面|后面|前面|那边|窗外|外面|(这|那)?(个)?楼|院子?(门口|外面|外头|边上|旁边))|"
                    + "屋里|屋头|屋企|屋里厢|家头|厨房|卫生间|厕所|洗手间|浴室|客厅|卧室|房间|阳台|入户|户内|马桶|水龙头|地漏|热水器|插座|"
                    // a key in a lock cylinder, a smart lock: the door of a home, not the estate's gate
                    // (not "挨家门把手上挂小卡片": every door of the stair)
                    + "锁芯|钥匙|防盗门|(?<![挨各每])家门(?!口)|指纹锁|密码锁|智能锁|"
                    + "(?i)\\b(my|our) (flat|apartment|home|house|kitchen|bathroom|toilet|bedroom|living room|balcony|room|place|unit|ceiling|bath|shower|sink)\\b|\\bat home\\b)");
    private static final Pattern PUBLIC = Pattern.compile(
            "(corridor|hallway|lobby|elevator|\\blift\\b|garage|car park|stairs|stairwell|\\bgate\\b|playground|"
                    // lanes and shared amenities (弄堂, 胡同, 健身器材, 泳池) are the estate's, not a home's
                    + "弄堂|里弄|巷子|胡同|健身器材|健身区|健身路径|游乐|滑梯|秋千|步道|凉亭|泳池|会所|球场|楼道|感应灯|声控灯|楼梯灯|楼道灯|[一二三四五六七八九十\\d]+楼到[一二三四五六七八九十\\d]+楼|电梯|路灯|小区|门口|大门|单元(的|那个|那扇)?大?铁?门|[东南西北]门|车库|车位|草坪|绿化|单元门|门禁|大堂|楼梯|走廊|广场|花园|垃圾|消防通道|楼下|楼上|外墙|屋顶|楼顶|"
                    // a hillside or old compound's shared ways: footbridges, covered walkways, stepped lanes, slopes,
                    // retaining walls, the yard, the bike shed, the bin point
                    + "天桥|连廊|梯坎|石梯|梯步|边坡|挡土墙|护坡|堡坎|院里|院子|大院|院内|车棚|桶站|垃圾站|人行道|过道|架空层|门厅|天台|"
                    // the building's own rooms and doors ("一单元楼门", "配电房", "管道井里那根管子"); a 地下室 may be a home's own
                    + "楼门|楼栋门|配电房|配电室|变电房|水泵房|泵房|管道井|管井|电井|设备间|"
                    // a half-landing ("二楼半"), the steps, the drains and pits out in the estate
                    + "[一二三四五六七八九十\\d]楼半|缓步台|台阶|下水井|污水井|检查井|化粪池|"
                    // the estate's own ground and kit, named loosely or not ("地库", "后面那条路", "消防栓那边", "快递柜")
                    + "地库|地下车库|停车场|井盖|窨井|雨水井|雨水篦|消防栓|消火栓|消防箱|应急灯|路面|马路|那条路|路上|后门|前门|侧门|"
                    + "快递柜|信报箱|信箱|喷泉|水景|围墙|岗亭|门卫|门岗|道闸|充电桩|宣传栏|公告栏|绿化带|花坛|篮球场|公共|"
                    + "\\b(car ?park|parking lot|bins?|entrance|path|block|barrier|street ?lamp|street ?light)\\b|"
                    + "stairway|walkway|footbridge|courtyard|(?i:card reader|card swipe|main door of)|"
                    + "男厕|女厕|男卫|女卫|公厕|公共厕所|公共卫生间|公共洗手间|公共浴室|茶水间|开水间|母婴室|"
                    + "(?i)\\b(men'?s|women'?s|public) (room|toilet|restroom|washroom)s?\\b)");
    private static final Pattern PLACE_DETAIL = Pattern.compile(
            "(\\d+\\s*(楼|层|单元|幢|栋|号)|(我|俺|咱|我们|我家|阿拉)(这|那)?(一)?层|[东南西北][门边侧面]|门口|入口|出口|[A-Za-z0-9一二三四五六七八九十]区|电梯口|楼梯口|路口|靠近|大堂|车库|草坪|花园|广场|[一二三四五六七八九十]+楼|"
                    + "\\d+-\\d+|停车场|楼梯间|电梯厅|[\\u4e00-\\u9fa5]{1,4}(边|旁边|附近|对面|后面|前面)|"
                    + "(?i)\\b(floors?|buildings?|blocks?|units?|levels?) ?\\d|(?-i)\\d+(st|nd|rd|th) floor|顶楼|底楼|"
                    // "the corridor light outside 502", "next to the lifts": a door or a landmark beside it
                    + "(?i)\\b(outside|next to|near|opposite|in front of|by) (flat |apartment |unit |room |no\\.? ?|#)?\\d{2,4}\\b|"
                    + "(?i)\\b(outside|next to|near|opposite|in front of) (my|our|the) (door|flat|apartment|lifts?|elevators?)\\b|(?-i)"
                    + "(?i)\\b(our|my) (building|block|stairwell|staircase|corridor|floor)\\b|(?-i)"
                    // an amenity an estate has one of is itself the place ("健身器材那个转盘", "泳池边")
                    + "健身器材|健身区|健身路径|游乐场|游乐区|儿童乐园|[篮网排足]球场|羽毛球场|泳池|会所|凉亭|中心花园|步道|弄堂口|巷口|"
                    // a stair's handrail runs through every floor, and a footbridge, walkway, stepped lane, slope,
                    // bike shed or bin point is one place of its own (a stairwell light is not: which floor is asked)
                    + "楼道扶手|楼梯扶手|天桥|连廊|梯坎|边坡|挡土墙|车棚|桶站|"
                    // "我们单元的楼道": the resident's own building or unit, which the order's house says
                    + "(我们|我家|咱们|咱家|俺们|俺家|阿拉|我哋)(这|那)?(个)?(单元|楼|栋|幢|门洞|楼道|楼梯))");
    /** The service taxonomy reads symptoms ("一闪一闪", "黄印子"); these few words say "repair" outright. */
    private static final Pattern PROBLEM = Pattern.compile("(坏|漏|堵|报修|修一下|修理|维修|来修|派人|建议|broken|leak|not working|"
            + "\\b(lights?|lamps?|bulbs?)\\b.{0,30}\\b(are|is) out\\b)",
            Pattern.CASE_INSENSITIVE);
    private static final dev.guanjia.ticketing.classify.Classifier TAXONOMY = new dev.guanjia.ticketing.classify.Classifier();
    /** Satisfaction said outright ("很满意", "非常满意", "点个赞"): the top score, as 好评 is; "不满意" is not. */
    static final String PRAISED = "(?<!不|不是|没|没有|并不|不太)(?:非常|特别|十分|很|挺|蛮|超)满意|(?<!不)点个?赞(?!是不可能)|给个?赞";
    private static final Pattern SCORE = Pattern.compile(
            dev.guanjia.bot.policy.Cues.NO_CLOCK_BEFORE + "([1-5１-５一二三四五两])\\s*(" + dev.guanjia.bot.policy.Cues.POINTS
                    + "|星|颗星| ?stars?| out of 5)|(满分|好评|差评|" + PRAISED + ")|"
                    // "five stars", "wu xing", "打分：5"
                    + "\\b(one|two|three|four|five|yi|er|san|si|wu) ?(stars?|xing|fen)\\b|(?:打分|评分|评价|评)[：:\\s]*([1-5])(?!\\d)",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern ASKS = Pattern.compile(
            "吗|呢|么|怎|如何|多少|几|哪|什么|啥|谁|能不能|可不可以|可以|是否|要不要|有没有|\\b(how|what|where|when|which|who|can|is|do|does)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SENTENCE = Pattern.compile("[^？?！!。；;]+[？?！!。；;]*");
    private static final Pattern CONNECTIVE = Pattern.compile(
            "^(还有|另外|以及|顺便问一?下|顺便|再问一?下|那|and|also|plus)[，,\\s]*", Pattern.CASE_INSENSITIVE);

    private Utterance() {
    }

    private static final Pattern END_MARKS = Pattern.compile("[？?！!。；;\\s]+$");
    private static final Pattern ASKED = Pattern.compile("(?s).*[？?]\\s*$");
    private static final Pattern MARKS = Pattern.compile("[\\p{Punct}\\s，、：]");

    /**
     * The separate questions of a message that asks several ("物业费多少？服务中心在哪？"): its sentences
     * that ask something, without a leading "还有/and", at most three. One question gives one part.
     */
    static List<String> questions(String t) {
        List<String> out = new ArrayList<>();
        var m = SENTENCE.matcher(t);
        while (m.find() && out.size() < 3) {
            String sentence = m.group();
            String part = CONNECTIVE.matcher(END_MARKS.matcher(sentence).replaceAll("").strip()).replaceFirst("");
            boolean asked = ASKED.matcher(sentence).matches() || ASKS.matcher(part).find();
            int letters = MARKS.matcher(part).replaceAll("").length();
            if (asked && letters >= 4) {
                out.add(part);
            }
        }
        return out;
    }

    /**
     * A door or lock that will not open (the resident is shut out) or will not lock (the home cannot be
     * secured): the desk asks whether they are at the door now. Read on the Mandarin of the message.
     */
    private static final Pattern DOOR_STUCK = Pattern.compile(
            "(门|锁|锁芯)[^，,。；;]{0,8}(打不开|推不开|拉不开|开不了|开不开|拧不动|扭不动|转不动|卡死|锁不上|锁不住|反锁)|"
                    + "进不去|进不了(门|屋|家)|钥匙[^，,。；;]{0,6}(拧不动|扭不动|转不动|插不进|拔不出|断在)|锁在(门外|外面|里面)|"
                    + "locked (myself )?out|\\b(door|lock)\\b.{0,40}\\b(won'?t|will not|doesn'?t|does not|can'?t|cannot) "
                    + "(open|lock|close|turn)|\\b(door|lock)\\b.{0,30}\\b(jammed|stuck)", Pattern.CASE_INSENSITIVE);

    /** A door inside the home (bedroom, bathroom, kitchen, wardrobe): nobody is shut out of the home by it. */
    private static final Pattern INNER_DOOR = Pattern.compile(
            "(卧室|主卧|次卧|房间|卫生间|厕所|洗手间|浴室|厨房|书房|阳台|衣柜|柜子|柜)(的)?(门|锁|门锁|推拉门|移门)|"
                    + "\\b(bedroom|bathroom|toilet|kitchen|closet|wardrobe|balcony) (door|lock)\\b", Pattern.CASE_INSENSITIVE);

    static boolean innerDoor(String t) {
        return INNER_DOOR.matcher(t).find();
    }

    static boolean doorWillNotOpenOrLock(String t) {
        return DOOR_STUCK.matcher(t).find();
    }

    /** A sentence without its leading "还有 / 另外 / and". */
    static String withoutConnective(String sentence) {
        return CONNECTIVE.matcher(sentence.strip()).replaceFirst("");
    }

    /**
     * A fault in the home that is getting worse while it is told or leaves the home unlivable now: water
     * rising over the rim or backing up ("快漫出来了", "倒灌", "返水", "overflowing"), a home too cold in winter
     * ("屋里才十四度", "冻得睡不着", "freezing"). Nobody should wait for a visit slot to be agreed first.
     */
    private static final Pattern WORSENING = Pattern.compile(
            "(漫|溢|涌|冒)(出来|上来|出了|到了)|溢出|倒灌|倒流|往上(冒|返|涌|顶)|(?<![不没])返水|快(要)?满了|快(要)?淹|"
                    + "(屋里|家里|屋头|屋企|室内|房间|卧室|客厅|屋子)[^，,。！!？?]{0,5}(才|只有|就|不到|只)[0-9一二三四五六七八九十两]+度|"
                    + "冻得|冻死|冻坏|冻成|冷得(很|要命|受不了|不行|睡不着|发抖|够呛)|冷死|"
                    + "(?i)\\b(overflow(ing|s)?|backing up|backed up|freezing|flooding in)\\b");

    /** "一排水就…", "每次洗澡都…", "whenever…": a fault that shows on use, which waits for a visit like any. */
    private static final Pattern ON_USE = Pattern.compile(
            "一[^，,。！!？?\\s]{0,8}就|每次|每回|每逢|只要|一到|的时候|时就|(?i)\\b(whenever|every time|each time|when(ever)? (i|we|you))\\b");

    static boolean worsening(String t) {
        var m = WORSENING.matcher(t);
        while (m.find()) {
            // the clause the overflow or cold is said in, up to the last pause before it
            int from = m.start();
            while (from > 0 && "，,。！!？?；; ".indexOf(t.charAt(from - 1)) < 0) {
                from--;
            }
            if (!ON_USE.matcher(t.substring(from, m.end())).find()) {
                return true;
            }
        }
        return false;
    }

    static boolean hasTime(String t) {
        return VisitWindow.namesATime(t) || VisitWindow.saysSomeoneIn(t) || SOON_OR_ANY.matcher(t).find();
    }

    /** What the resident means to do then ("今晚想洗澡", "明早要用"): the time of a need, not of someone being in. */
    private static final Pattern PLAN = Pattern.compile(
            "(想|要|准备|打算|还得|还要)(洗|汰|冲|用|做|烧|煮|开|上班|出门)|(?i)\\b(want|need|have) to (shower|bathe|cook|use|wash)\\b");
    /** Someone in or the visit wanted then ("明早九点以后都在屋里", "下午两点后有人", "after 6pm I'm home"). */
    private static final Pattern IN_THEN = Pattern.compile(
            "在家|在屋|喺屋|有人|都在|才在|人在|方便|得闲|有空|(?<!找)上门|来修|过来|来看|以后|之后|过后|(?i)\\b(home|available|free|come|after)\\b");

    /** A time said with a fault that tells when someone is in for the visit, not only when the thing is needed. */
    static boolean saysWhenIn(String t) {
        boolean in = IN_THEN.matcher(t).find();
        return hasTime(t) && (!PLAN.matcher(t).find() || in)
                // a part of the day alone ("晚上吵得睡不着", "滴了一晚上") is when the fault shows, not when someone is in
                && (in || VisitWindow.namesADayOrClock(t) || SOON_OR_ANY.matcher(t).find());
    }

    /** A room a floor or the estate shares ("12楼男厕所", "公共卫生间", "茶水间"): no household's, whatever it holds. */
    private static final Pattern SHARED_ROOM = Pattern.compile(
            "男厕|女厕|男卫|女卫|公厕|公共厕所|公共卫生间|公共洗手间|公共浴室|茶水间|开水间|母婴室|"
                    // a fitting said to be the estate's ("车库里那个公共插座", "公用水龙头") is no household's
                    + "公共(插座|水龙头|水管|开关|灯)|公用|(?i)\\b(men'?s|women'?s|public) (room|toilet|restroom|washroom)s?\\b|"
                    // things only ever out in the estate, wherever the home that names them is ("我家院子门口那个路灯")
                    + "路灯|庭院灯|草坪灯|井盖|(?i)\\b(street ?lights?|lamp ?posts?)\\b");
    /**
     * A building's shared part that a home word may name only as where it is: a stair's sensor light, a landing
     * between two floors, the entrance of one's unit, one's flat number dialled from it ("the entrance door of our
     * unit", "when visitors dial my flat number") — unless the home is said outright ("家里楼梯灯", a duplex's).
     */
    private static final Pattern BUILDING_PART = Pattern.compile(
            "感应灯|声控灯|楼梯灯|楼道灯|[一二三四五六七八九十\\d]+楼到[一二三四五六七八九十\\d]+楼|"
                    // a fitting of the building's shared parts ("楼道那插座面板掉了", "车库顶上有根管子一直滴水")
                    + "(楼道|走廊|过道|楼梯间|车库|地库|配电房|管道井|大堂|电梯厅)[^，,。]{0,4}(插座|开关|水龙头|水管|管子|灯)|"
                    + "(?i)\\b((entrance|main|building|lobby) doors?|(door|entrance|gate|lobby|intercom) (of|at|to) (my|our|the) (unit|building|block)|"
                    + "(my|our) (flat|apartment|unit) (number|no))\\b");
    private static final Pattern HOME_OUTRIGHT = Pattern.compile(
            "家里|家中|屋里|屋企|屋头|复式|别墅|跃层|"
                    // "我家走廊的灯", "我家地下室的水管": the home's own, not the building's floor or unit
                    + "(我|俺|咱)(们)?家(?!楼下|楼上|门口|楼道|楼前|楼后|那栋|这栋|那幢|单元|小区|附近|旁边|对面|后面|前面|那边|窗外|外面|(这|那)?(个)?楼|(这|那)(一)?层)|(?i)\\b(my|our) (flat|apartment|home|house)(?! (number|no))\\b");

    static boolean atHome(String t) {
        return HOME.matcher(t).find() && !SHARED_ROOM.matcher(t).find()
                && !(BUILDING_PART.matcher(t).find() && !HOME_OUTRIGHT.matcher(t).find());
    }

    static boolean inPublicArea(String t) {
        return PUBLIC.matcher(t).find() && !atHome(t);
    }

    /** A stair, corridor or lift lobby: every floor has one, so which floor is asked before an order. */
    private static final Pattern EVERY_FLOOR = Pattern.compile(
            "楼道|楼梯|走廊|过道|电梯厅|电梯前室|前室|(?i)\\b(stairwell|stairway|stairs|corridor|hallway|landing)\\b");

    static boolean onEveryFloor(String t) {
        return EVERY_FLOOR.matcher(t).find();
    }

    /**
     * Glass or something sharp or falling where people walk: such a fault is registered at once, its floor
     * asked for beside the order. A dark stair is a danger too, but it waits for its floor like any lamp.
     */
    private static final Pattern HAZARD = Pattern.compile("扎脚|扎到|扎伤|割到|割伤|划伤|砸到人|砸伤|"
            + "玻璃碴|玻璃渣|碎玻璃|玻璃片|一地玻璃|(?i)\\b(broken glass|shards? of glass|glass shards?)\\b");

    static boolean hazard(String t) {
        return HAZARD.matcher(t).find();
    }

    static boolean placeIsSpecific(String t) {
        return PLACE_DETAIL.matcher(t).find();
    }

    static boolean describesProblem(String t) {
        return PROBLEM.matcher(t).find() || TAXONOMY.describesProblem(t);
    }

    /** 1–5 from "五星", "3分", "满分", "好评"…; 0 when no score is given. */
    static int score(String t) {
        var m = SCORE.matcher(t);
        if (!m.find()) {
            return 0;
        }
        if (m.group(3) != null) {
            return m.group(3).equals("差评") ? 1 : 5;
        }
        if (m.group(4) != null) {
            return switch (m.group(4).toLowerCase(java.util.Locale.ROOT)) {
                case "one", "yi" -> 1;
                case "two", "er" -> 2;
                case "three", "san" -> 3;
                case "four", "si" -> 4;
                default -> 5;
            };
        }
        String digit = m.group(1) != null ? m.group(1) : m.group(6);
        return switch (digit) {
            case "1", "１", "一" -> 1;
            case "2", "２", "二", "两" -> 2;
            case "3", "３", "三" -> 3;
            case "4", "４", "四" -> 4;
            default -> 5;
        };
    }

    static boolean any(String t, String... words) {
        for (String w : words) {
            if (t.contains(w)) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(String t, String regex) {
        Pattern p = COMPILED.get(regex);
        if (p == null) {
            p = Pattern.compile(regex);
            // the callers' expressions are constants, a few dozen: compiled once, not on every message
            if (COMPILED.size() < 1_000) {
                COMPILED.put(regex, p);
            }
        }
        return p.matcher(t).find();
    }

    private static final java.util.Map<String, Pattern> COMPILED = new java.util.concurrent.ConcurrentHashMap<>();
}
