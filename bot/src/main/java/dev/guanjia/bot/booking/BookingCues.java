package dev.guanjia.bot.booking;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How residents ask to book, cancel or see their bookings, and how they pick one of the slots
 * offered. The facility is recognised from the community's own names (so a pack's 会所羽毛球场 is
 * found as 羽毛球场 or 羽毛球), not from a fixed list.
 */
public final class BookingCues {

    private static final Pattern MINE = Pattern.compile(
            "我的预约|我的预订|(查|看)(一?下|看)?(我的)?(预约|预订)|(预约|订)了(什么|哪些|啥|几个)|有(什么|哪些|几个)预约|"
                    + "预约(记录|列表|情况)|(?i)\\bmy bookings?\\b");
    private static final Pattern CANCEL = Pattern.compile(
            "取消|退订|退掉|退了|退脱|退忒|退咗|不订了|不去了|去不了了|不用了|不要了|撤销|撤了|撤掉|打不了了|来不了了|去不成|用不上了|不打了|(?i)\\bcancel\\b");
    /** Asking whether or how one may cancel, or what it costs: a rule question, nothing is cancelled. */
    private static final Pattern ASKS_CANCEL_RULE = Pattern.compile(
            "(要|会)(扣|收)|扣(钱|费)|(可以|能|能不能|可不可以)(取消|退)[^，,。]{0,4}(吗|么|不)?[？?]?$|怎么(取消|退)|如何(取消|退)|"
                    + "(?i)\\b(how (do|can) i cancel|can i cancel|is there a (fee|charge))\\b");
    private static final Pattern BOOKING_WORD = Pattern.compile("预约|预订|订的|订了|订场|场地|场子|那场|打球|BK[0-9A-Z]{6}|(?i)\\bbooking\\b");
    /** The repair visit is also "预约": those words keep a turn with the work orders. */
    private static final Pattern REPAIR = Pattern.compile("报修|维修|工单|师傅|上门|(?<!装)修|单子|那单|这单|该单|坏|漏|堵|不亮|故障|"
            // a nuisance reported ("楼上半夜2点还在打麻将 吵得睡不着") names a facility's game, not a booking
            + "吵|噪音|扰民|睡不着|太响|(?i)\\b(noise|noisy|loud)\\b");
    /** 租 to hire, not the flat's tenancy (租客, 租户, 租金, 租房, 房租, 出租, 租住, 租的房子). */
    private static final String HIRE = "(?<![房出])租(?![客户金房住的])";
    private static final Pattern BOOK = Pattern.compile(
            "订|预约|约|" + HIRE + "|借用|想(打|用|去)|用一?下|安排|空(闲|位|场|档)|有(没有)?(空|位|场)|还有.{0,4}(空|位|场|时间)|"
                    + "几点.{0,3}(可以|能|有)|(?i)\\b(book|reserve)\\b");
    private static final Pattern ORDINAL = Pattern.compile("第\\s*([1-9一二三四五六七八九])\\s*(个|项|条|场)?|^\\s*([1-9])\\s*[。.！!]?\\s*$");
    private static final Pattern AGREE = Pattern.compile(
            "^(好|好的|好啊|可以|行|就这个|就它|就这|订吧|订这个|确认|嗯|要|要的|ok|OK|Ok|没问题|可以的)[。!！呀啊吧的]*$");
    /**
     * Words of a facility's name that say nothing about which one it is: "7号楼搬家电梯" shares "号楼"
     * with every address, which must not make "1号楼3单元…" a lift booking.
     */
    // (中心 is any centre's: "中心广场" is no "活动中心乒乓球室")
    private static final Pattern GENERIC = Pattern.compile("（[^）]*）|\\([^)]*\\)|预约|预订|服务|使用|中心|"
            + "[0-9一二三四五六七八九十A-Za-z]+\\s*(号楼|号|栋|幢|座|单元|期|区|楼|层)");
    /**
     * A question about a facility's rules rather than a request for a slot: opening hours, how far
     * ahead, what it costs, whether one must, how to, refunds. Without a day or time named, the
     * knowledge base answers it.
     */
    private static final Pattern RULES = Pattern.compile(
            "几点(开|关|到|钟|以后|之前|前)|开到几点|最早|最晚|提前(几|多)|几多(日|天)|多久|多长时间|要不要|需不需要|"
                    + "用不用|怎么(订|约|预约|收|算|弄|办)|咋(约|订|收|弄|办)|点(样)?(订|约)|如何|多少钱|几多钱|收费|收不收|"
                    + "退钱|退款|退费|退不退|能退|可以退|规定|规矩|开门|关门|开放时间|营业|"
                    // "预约货梯搬家要交钱吗", "免费的吧": whether it costs
                    + "(要|需要|得)(交|付|收|花)(钱|费)|要钱|收钱|免费|付费|"
                    // "用交钱吗", "使唔使畀钱", "掏钱不": whether one pays, in other words
                    + "(用|使唔使|使不使)(交|付|花|给|畀|俾)(钱|费)|(交|付|花|掏|出)钱(吗|么|嘛|不|冇|没)|"
                    + "(?i)\\b(how|when does|opening hours|free of charge|for free|cost|price)\\b");
    /** What of a facility's own terms is asked: its hours, its fee, how far ahead, how long a slot runs. */
    private static final Pattern ASKS_HOURS = Pattern.compile(
            "几点(开|关|到几点)|开到几点|(开|用)到几点|几点到几点|最早几点|最晚几点|开放时间|开门|关门|营业|什么时候(开|能用|可以用)|"
                    + "(?i)\\b(opening hours|open until|what time|when does it (open|close)|hours)\\b");
    private static final Pattern ASKS_FEE = Pattern.compile(
            "多少钱|几多钱|收费|收不收|要钱|收钱|(交|付|收|花)(钱|费)|免费|付费|价格|费用|(?i)\\b(cost|price|fee|charge|free of charge|for free)\\b");
    private static final Pattern ASKS_AHEAD = Pattern.compile(
            "提前(几|多|多少)|最早(能|可以)?(提前|订|约)|几多(日|天)|(?i)\\b(how far ahead|in advance|days ahead|ahead of time)\\b");
    private static final Pattern ASKS_LENGTH = Pattern.compile(
            "多久|多长时间|多少时间|(一次|每次)(能|可以)?用(多|几)|几个(小时|钟)|时长|(?i)\\b(how long|how many hours)\\b");
    /** Moves a booking ("改到后天上午九点", "换成周六", "改做五点嗰场", "can we move it to 4pm"); what follows says when. */
    static final Pattern MOVE = Pattern.compile("改到|改成|改在|改为|改做|改去|改咗|改约|改期|换到|换成|换在|换做|转做|挪到|调到|推到|推迟到|延到|延后到|"
            + "提前到|往后挪|往前挪|(?i)\\b(move|change|reschedule|switch|push)\\b(?=[^.!?]{0,30}\\b(to|for|until)\\b)");
    private static final Pattern CODE = Pattern.compile("BK[0-9A-Z]{6}", Pattern.CASE_INSENSITIVE);

    private BookingCues() {
    }

    /** English names of what communities let residents book, read as the Chinese their facilities are named in. */
    private static final List<String[]> ENGLISH = List.of(
            new String[]{"table tennis|ping[ -]?pong", "乒乓球"}, new String[]{"badminton", "羽毛球"},
            new String[]{"tennis", "网球"}, new String[]{"basketball", "篮球"}, new String[]{"football|soccer", "足球"},
            new String[]{"mah[- ]?jong[g]?", "麻将"}, new String[]{"tea ?room|tea house", "茶室"},
            new String[]{"function room|multi-?purpose (room|hall)|party room|banquet room", "多功能厅"},
            new String[]{"meeting room|conference room", "会议室"}, new String[]{"activity room|community room|recreation room|games room", "活动室"},
            new String[]{"reading room|library|study room", "阅览室"}, new String[]{"gym|fitness room", "健身房"},
            new String[]{"swimming pool|pool", "泳池"}, new String[]{"ice rink|skating rink", "冰场"},
            new String[]{"bbq|barbecue", "烧烤"}, new String[]{"billiards?|snooker|pool table", "台球"},
            new String[]{"chess|card room", "棋牌"}, new String[]{"moving lift|service lift|freight[- ](lift|elevator)|goods[- ]lift|cargo (lift|elevator)|lift protection", "搬家电梯"},
            new String[]{"moving (truck|van|lorry)s?|removals? (truck|van|lorry|vehicle)s?|truck for (the )?mov(e|ing)", "搬家车辆"},
            new String[]{"moving (house|in|out|day)|move[- ](house|in|out)|(we'?re|we are|i'?m|i am) moving (in|out|house)|moving (?:[a-z]+ ){1,3}(in|out)\\b(?! (of|the|to|a|an|my|his|her|our|their|this|that)\\b)", "搬家"});
    /** {@link #ENGLISH} compiled once: {@link #mandarin} runs on every turn. */
    private static final List<java.util.Map.Entry<Pattern, String>> ENGLISH_PATTERNS = ENGLISH.stream()
            .map(e -> java.util.Map.entry(Pattern.compile("(?i)\\b(" + e[0] + ")\\b"), e[1])).toList();
    /** English day words, read as Chinese by {@link #mandarin}. */
    private static final Pattern EN_DAY_AFTER_TOMORROW = Pattern.compile("(?i)\\bday after tomorrow\\b");
    private static final Pattern EN_TOMORROW = Pattern.compile("(?i)\\btomorrow\\b");
    private static final Pattern EN_TONIGHT = Pattern.compile("(?i)\\btonight\\b");
    private static final Pattern EN_TODAY = Pattern.compile("(?i)\\btoday\\b");
    private static final Pattern EN_WEEKEND = Pattern.compile("(?i)\\b(this |on the |on )?weekend\\b");
    private static final Pattern EN_MORNING = Pattern.compile("(?i)\\b(in the |this |tomorrow )?morning\\b");
    private static final Pattern EN_AFTERNOON = Pattern.compile("(?i)\\b(in the |this )?afternoon\\b");
    private static final Pattern EN_EVENING = Pattern.compile("(?i)\\b(in the |this )?evening\\b");
    /** "10 to 11 in the morning", "from 2 to 4pm", "7-9 pm" → 上午10点到11点, 下午2点到4点, 下午7点到9点. */
    private static final Pattern ENGLISH_CLOCK_RANGE = Pattern.compile("(?i)\\b(?:from\\s+)?(\\d{1,2})(?::(\\d{2}))?\\s*"
            + "(?:to|-|–|until|till)\\s*(\\d{1,2})(?::(\\d{2}))?\\s*(am|pm|a\\.m\\.|p\\.m\\.|in the morning|in the afternoon|in the evening)");
    /** "Sunday morning, 10 to 11": the part of the day said first, then the hours → "10 to 11 in the morning". */
    private static final Pattern PERIOD_THEN_RANGE = Pattern.compile("(?i)\\b(morning|afternoon|evening),?\\s+(?:from\\s+)?"
            + "(\\d{1,2}(?::\\d{2})?\\s*(?:to|-|–|until|till)\\s*\\d{1,2}(?::\\d{2})?)(?!\\s*(?:am|pm|a\\.m\\.|p\\.m\\.|:|\\d))");
    /**
     * "next Monday 10 to 12": hours without am/pm beside a day said — the working day's reading (8–11 the morning's,
     * 12 noon, 1–6 the afternoon's); 7 could be either and is left for the slots offered.
     */
    private static final Pattern BARE_CLOCK_RANGE = Pattern.compile("(?i)\\b(?:from\\s+)?(\\d{1,2})(?::(\\d{2}))?\\s*"
            + "(?:to|-|–|until|till)\\s*(\\d{1,2})(?::(\\d{2}))?"
            // only what ends a time ("…10 to 12", "10 to 12 please, thanks"), never a count or a flat ("5 to 6 friends", "5-1-302")
            + "(?=\\s*($|[,.;!?，。？！]|(please|pls|thanks|thank|on|for|if|ok|okay|then|and|is|would|could|can|o'clock)\\b))");
    /** Said of the night ("tonight 8 to 10", "Saturday night 9 to 11"): the hours are not the working day's. */
    private static final Pattern NIGHT_SAID = Pattern.compile("(?i)\\b(tonight|night|evening)\\b");
    /** "7pm", "4:30 pm", "10am" → 下午7点, 下午4点30分, 上午10点. */
    private static final Pattern ENGLISH_CLOCK = Pattern.compile("(?i)\\b(\\d{1,2})(?::(\\d{2}))?\\s*(am|pm|a\\.m\\.|p\\.m\\.)");

    private static final String EN_DAYS = "(mon|tues|wednes|thurs|fri|satur|sun)day";
    private static final Pattern ENGLISH_NEXT_WEEKDAY = Pattern.compile("(?i)\\bnext\\s+" + EN_DAYS + "\\b");
    private static final Pattern ENGLISH_WEEKDAY = Pattern.compile("(?i)\\b(?:this\\s+|on\\s+)?" + EN_DAYS + "\\b");
    /** A day said in English, for reading bare hours beside it ("may" left out: it is also a verb). */
    private static final Pattern A_DAY_SAID = Pattern.compile("(?i)\\b(" + EN_DAYS + "|tomorrow|today|weekend|"
            + "jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|june?|july?|aug(ust)?|sep(t|tember)?|oct(ober)?|nov(ember)?|dec(ember)?)\\b");

    /** "Dec 9", "December 9th", "9 Dec", "the 9th of December". */
    private static final String MONTHS = "(jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|sep|sept"
            + "|september|oct|october|nov|november|dec|december)\\b\\.?";
    private static final Pattern EN_MONTH_DAY = Pattern.compile("(?i)\\b" + MONTHS + "\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b");
    private static final Pattern EN_DAY_MONTH = Pattern.compile(
            "(?i)\\b(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?" + MONTHS + "(?![a-z])");

    /** "sat", "Saturday" → 六. */

    /** "10" and "30" → 10点30分; "00" or no minutes → 10点. */
    private static String clock(String hour, String minutes) {
        return hour + "点" + (minutes != null && !minutes.equals("00") ? minutes + "分" : "");
    }

    private static int month(String stem) {
        return java.util.List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
                .indexOf(stem.toLowerCase(java.util.Locale.ROOT).substring(0, 3)) + 1;
    }

    private static String weekday(String stem) {
        String x = stem.toLowerCase(java.util.Locale.ROOT);
        return x.startsWith("mon") ? "一" : x.startsWith("tu") ? "二" : x.startsWith("we") ? "三" : x.startsWith("th") ? "四"
                : x.startsWith("fr") ? "五" : x.startsWith("sa") ? "六" : "日";
    }

    /** Moving house in other regions' words (搬屋, 搬场), and the goods lift it books, read as 搬家 / 搬家电梯. */
    private static final Pattern MOVING = Pattern.compile(
            "搬屋|搬场|搬房子|搬新家|搬新屋|搬新房|搬进来住|搬进新|搬入新|搬出去住|搬进(?=[A-Za-z0-9])|搬(点|些|一批)?家具");
    private static final Pattern GOODS_LIFT = Pattern.compile("(?<!搬家)(货梯|货运电梯|载货电梯)");
    private static final Pattern PINYIN_CANCEL_BOOKING = Pattern.compile("(?i)\\bqu ?xiao\\s*(wo de\\s*)?(yu ?yue|yu ?ding)\\b");

    /**
     * The booking words of an English request read as Chinese ("book the badminton court tomorrow at 7pm" →
     * "book the 羽毛球 court 明天 at 下午7点"), so the community's Chinese facility names and the day phrases
     * read it; text without such words comes back unchanged.
     */
    public static String mandarin(String t) {
        String c = GOODS_LIFT.matcher(MOVING.matcher(t).replaceAll("搬家")).replaceAll("搬家电梯");
        if (!hasLatinLetter(c)) {
            return c; // every English word below needs one: Chinese text is otherwise left as it is
        }
        // toneless pinyin: "quxiao yuyue" cancels a booking as 取消预约 does
        String s = PINYIN_CANCEL_BOOKING.matcher(c).replaceAll("取消预约");
        for (java.util.Map.Entry<Pattern, String> e : ENGLISH_PATTERNS) {
            s = e.getKey().matcher(s).replaceAll(e.getValue());
        }
        // (a morning's hours that run past noon — "11 to 1" — end in the afternoon)
        s = PERIOD_THEN_RANGE.matcher(s).replaceAll(m -> {
            String[] hours = m.group(2).split("\\s*(?:to|-|–|until|till)\\s*");
            boolean pastNoon = m.group(1).equalsIgnoreCase("morning") && hours.length == 2
                    && Integer.parseInt(hours[1].split(":")[0]) <= Integer.parseInt(hours[0].split(":")[0]);
            return m.group(2) + (pastNoon ? "pm" : " in the " + m.group(1));
        });
        s = ENGLISH_CLOCK_RANGE.matcher(s).replaceAll(m -> {
            String part = m.group(5).toLowerCase(java.util.Locale.ROOT);
            String half = part.startsWith("a") || part.endsWith("morning") ? "上午" : part.endsWith("evening") ? "晚上" : "下午";
            // "10-12pm", "11 to 1pm": the range crosses noon, so its first hour is the morning's
            int from = Integer.parseInt(m.group(1));
            int to = Integer.parseInt(m.group(3));
            String first = !half.equals("上午") && (from > to || to == 12) && from < 12 ? "上午" : half;
            return first + clock(m.group(1), m.group(2)) + "到" + (first.equals(half) ? "" : to == 12 ? "中午" : half)
                    + clock(m.group(3), m.group(4));
        });
        if (A_DAY_SAID.matcher(s).find() && !NIGHT_SAID.matcher(s).find()) {
            s = BARE_CLOCK_RANGE.matcher(s).replaceAll(m -> {
                int from = Integer.parseInt(m.group(1));
                int to = Integer.parseInt(m.group(3));
                if (from < 1 || from > 12 || to < 1 || to > 12 || from == 7) {
                    return m.group();
                }
                String half = from >= 8 && from <= 11 ? "上午" : from == 12 ? "中午" : "下午";
                String end = half.equals("上午") && to == 12 ? "中午" : half.equals("上午") && to < from ? "下午" : "";
                return half + clock(String.valueOf(from), m.group(2)) + "到" + end + clock(String.valueOf(to), m.group(4));
            });
        }
        s = ENGLISH_CLOCK.matcher(s).replaceAll(m -> (m.group(3).toLowerCase(java.util.Locale.ROOT).startsWith("p") ? "下午" : "上午")
                + clock(m.group(1), m.group(2)));
        // "Dec 10", "December 10th", "10 Dec", "the 10th of December": the date as 12月10日
        s = EN_MONTH_DAY.matcher(s).replaceAll(m -> month(m.group(1)) + "月" + m.group(2) + "日");
        s = EN_DAY_MONTH.matcher(s).replaceAll(m -> month(m.group(2)) + "月" + m.group(1) + "日");
        s = EN_DAY_AFTER_TOMORROW.matcher(s).replaceAll("后天");
        s = EN_TOMORROW.matcher(s).replaceAll("明天");
        s = EN_TONIGHT.matcher(s).replaceAll("今晚");
        s = EN_TODAY.matcher(s).replaceAll("今天");
        // "next Saturday", "on Sunday", "this weekend": the day phrases read 下周六, 周日, 周六
        s = ENGLISH_NEXT_WEEKDAY.matcher(s).replaceAll(m -> "下周" + weekday(m.group(1)));
        s = ENGLISH_WEEKDAY.matcher(s).replaceAll(m -> "周" + weekday(m.group(1)));
        s = EN_WEEKEND.matcher(s).replaceAll("周六");
        // "in the morning", "Sunday afternoon": the part of the day, which narrows the slots offered
        s = EN_MORNING.matcher(s).replaceAll("上午");
        s = EN_AFTERNOON.matcher(s).replaceAll("下午");
        s = EN_EVENING.matcher(s).replaceAll("晚上");
        return s;
    }

    private static boolean hasLatinLetter(String t) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
                return true;
            }
        }
        return false;
    }

    /** A bare "cancel it" ("算了 取消吧", "帮我退了", "不去了"): with a booking just made, that booking. */
    public static boolean cancelsBare(String t) {
        return CANCEL.matcher(t).find() && !REPAIR.matcher(t).find();
    }

    /** Asks to see their bookings ("我的预约", "我订了什么"). */
    public static boolean asksForMine(String t) {
        return MINE.matcher(t).find() && !CANCEL.matcher(t).find();
    }

    /** Asks to cancel a booking (not a repair order): "取消预约", "周六的羽毛球场不去了". */
    public static boolean wantsToCancel(String t, boolean namesFacility) {
        return CANCEL.matcher(t).find() && !REPAIR.matcher(t).find() && !ASKS_CANCEL_RULE.matcher(t).find()
                && (BOOKING_WORD.matcher(t).find() || namesFacility);
    }

    /** Speaks of a repair (a broken light at the court is a work order, not a booking). */
    public static boolean aboutRepair(String t) {
        return REPAIR.matcher(t).find();
    }

    /** Asks to book, or asks when one can ("有空场吗"), naming a facility. */
    public static boolean wantsToBook(String t) {
        return BOOK.matcher(t).find() && !REPAIR.matcher(t).find();
    }

    /** Asks about a facility's rules (hours, notice, fees, refunds), not for a slot. */
    public static boolean asksAboutRules(String t) {
        return RULES.matcher(t).find();
    }

    /** A slot asked for outright ("帮我订", "预约一下", "book"), not "想去打" or "提前几天订". */
    private static final Pattern ORDERS_A_SLOT = Pattern.compile("(帮我|给我|我要|我想|想)?(订|预订|预约|约|" + HIRE + ")(一下|个|上|好)?(?!.{0,2}(吗|么|不))|(?i)\\b(book|reserve)\\b");

    public static boolean ordersASlot(String t) {
        return ORDERS_A_SLOT.matcher(t).find() && !ASKS_AHEAD.matcher(t).find();
    }

    /** Asks the facility's hours, fee, notice or slot length: what its own terms answer. */
    public static boolean asksTerms(String t) {
        return ASKS_HOURS.matcher(t).find() || ASKS_FEE.matcher(t).find() || ASKS_AHEAD.matcher(t).find()
                || ASKS_LENGTH.matcher(t).find();
    }

    public static boolean asksHours(String t) {
        return ASKS_HOURS.matcher(t).find();
    }

    public static boolean asksFee(String t) {
        return ASKS_FEE.matcher(t).find();
    }

    public static boolean asksAhead(String t) {
        return ASKS_AHEAD.matcher(t).find();
    }

    public static boolean asksLength(String t) {
        return ASKS_LENGTH.matcher(t).find();
    }

    /** "第二个", "2": the position (from 1) of an offered slot. */
    public static Optional<Integer> ordinal(String t) {
        Matcher m = ORDINAL.matcher(t.strip());
        if (!m.find()) {
            return Optional.empty();
        }
        String n = m.group(1) != null ? m.group(1) : m.group(3);
        int i = "一二三四五六七八九".indexOf(n);
        return Optional.of(i >= 0 ? i + 1 : Integer.parseInt(n));
    }

    /** "好的", "就这个": yes to what was offered. */
    public static boolean agrees(String t) {
        return AGREE.matcher(t.strip()).matches();
    }

    /** A booking code in the text ("BK7Q2MXA"), upper-cased. */
    public static Optional<String> code(String t) {
        Matcher m = CODE.matcher(t);
        return m.find() ? Optional.of(m.group().toUpperCase(java.util.Locale.ROOT)) : Optional.empty();
    }

    /**
     * The facility the text names: the one sharing the longest run of characters (two or more) with
     * it, after the words every name has are left out. Empty when none shares two.
     */
    public static <T> Optional<T> facility(String t, List<T> facilities, java.util.function.Function<T, String> name) {
        T best = null;
        int bestLength = 1;
        for (T f : facilities) {
            String n = name.apply(f);
            int l = longestCommonRun(t, GENERIC.matcher(n).replaceAll(""));
            // "泰和会客厅（社区活动室）": what residents call it may stand in the brackets
            Matcher common = BRACKETED_PLACE.matcher(n);
            while (common.find()) {
                l = Math.max(l, longestCommonRun(t, GENERIC.matcher(common.group(1)).replaceAll("")));
            }
            if (l > bestLength) {
                best = f;
                bestLength = l;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * A place named in a facility's brackets ("（社区活动室）", "(多功能厅)"), not a qualifier of it
     * ("（货梯保护）", "（限业主）") nor what the room used to be ("（原锅炉房）"): it ends in a word for a
     * room, hall, court or the like.
     */
    private static final Pattern BRACKETED_PLACE = Pattern.compile("[（(](?![原旧前])([^）)]{1,10}(室|厅|房|馆|场|池|吧|台|亭|院|园|屋))[）)]");

    static int longestCommonRun(String a, String b) {
        int best = 0;
        int[] prev = new int[b.length() + 1];
        for (int i = 1; i <= a.length(); i++) {
            int[] cur = new int[b.length() + 1];
            for (int j = 1; j <= b.length(); j++) {
                if (a.charAt(i - 1) == b.charAt(j - 1)) {
                    cur[j] = prev[j - 1] + 1;
                    best = Math.max(best, cur[j]);
                }
            }
            prev = cur;
        }
        return best;
    }
}
