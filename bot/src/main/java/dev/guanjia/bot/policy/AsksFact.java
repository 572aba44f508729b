package dev.guanjia.bot.policy;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a message asks for something the community's articles state — a price, who pays or
 * repairs, whether something is allowed, what to do, when, where, what to bring — in Mandarin,
 * regional wording or English. A plain request ("帮我修一下", "派个人来") or report asks nothing.
 */
public final class AsksFact {

    private static final Pattern ASKS = Pattern.compile(
            // cost and who bears it
            "多少钱|几多钱|几钱|几钿|几块|多少|收费|收钱|要钱|加钱|另外.{0,4}钱|额外|掏钱|出钱|付费|免费|费用|"
                    + "归谁|谁(来)?(修|管|负责|出钱|掏钱|承担|处理|赔)|管不管|负不负责|赔不赔|"
                    // allowed, needed, possible: V不V, 能/可以…吗/不, regional forms
                    + "能不能|可不可以|可以.{0,12}[吗么不嘛]|能.{0,12}[吗么不嘛]|行不行|让不让|准不准|允不允许|允许|"
                    + "会不会|要不要|用不用|需不需要|得不得|有没有|是不是|有冇|使唔使|可唔可以|得唔得|会唔会|"
                    + "好不好|中不中|阿可以|伐$|"
                    // what to do, how, when, where, how long, what to bring
                    + "怎么办|怎么弄|怎么处理|怎么整|咋办|咋弄|咋整|咋个办|怎样|如何|点算|点办|点样|哪能|"
                    + "什么时候|啥时候|几时|几点|多久|多长时间|(?<![这前近那好头了])几天|提前几天|几耐|"
                    // how often, how long or by which day: 几个月交一回, 要等几个小时, 每月几号, 几号前 — not a span told
                    // (几个月前报的, 停水几个小时了, 都几个月了, 没几个月就坏, 找过几回了, 要我说几遍)
                    + "(?<![这前近那好头了十没才都过说跑再])几个?(月|年|季度?|星期|礼拜|周|小时|钟头|工作日)(?![前了都也还后内里])|"
                    + "(?<![这前近那好头了十没才都过说跑再])几(号|日|回|趟|遍)(?![了都也还])|"
                    + "哪里|哪儿|哪个|在哪|去哪|找谁|找哪个|边度|"
                    + "带什么|带啥|什么材料|哪些|什么证|规定|"
                    // what is wanted, checked or done: 要查什么, 要办啥手续, 得签什么 (not "要什么都行"); 好久
                    // before someone coming or calling is "how long until" (好久有人联系, 好久才来)
                    + "[要需得该查办填签交](.{0,2})(什么|啥)(?![都也])|(什么|啥)手续|好久(?=有人|才(来|到|能|会|有)|能|会|来|到)|"
                    // a size, a count or a kind: how big/high/far, how many floors or people, which sort or colour
                    + "多大(?!点)|多高|多重|多宽|多远|多深|多厚|多长(?!时间)|(?<!好)几(米|层|楼|岁|个人|间|辆|次|张|平)|"
                    + "什么样|啥样|哪种|哪类|什么颜色|啥颜色|"
                    // a yes/no or either-or question in any wording: 吗, 嘛 closing it, 停不停 (V不V), a verb
                    // closed by 不 or 了没有 (打折不, 发了没有)
                    + "吗|嘛[？?]?$|(?<verb>\\p{IsHan})不\\k<verb>|[^\\s，,。要]不(?=[？?，,。！!\\s]|$)|了没有?(?=[？?，,。！!\\s]|$)|"
                    // why, what it is called or has, how (not "how come it is so…", a complaint), where, who does it
                    + "为什么|为啥|为何|怎么回事|咋回事|什么原因|啥原因|叫什么|叫啥|有什么|有啥|是什么|是啥|"
                    + "(怎么|咋)(?!这么|那么|还|又|老是|总是|一直)|往哪|哪年|哪月|哪天|"
                    + "谁(来)?(扫|清|收|交|付|办|换|装)");
    private static final Pattern ASKS_EN = Pattern.compile(
            "\\b(how much|how long|how do i|how can i|who pays|who fixes|who is responsible|can i|may i|am i allowed|"
                    + "is it allowed|are we allowed|do i need|what should|what do i|where|when|which|is there|how big|how many|how far|how tall|what kind|what colou?r)\\b");

    private AsksFact() {
    }

    /** Blame worded as a question ("你们保洁是看不到还是怎么样"): it asks nothing the articles state. */
    private static final Pattern RHETORICAL = Pattern.compile(
            "是?(看不到|看不见|没看到|没看见|眼瞎|瞎了|聋了|不晓得|不知道|装不知道)(了)?还是(怎么样|怎么的|咋的|咋地|咋样|么样|啥|什么)(的|了)?[？?！!。]*");

    public static boolean in(String text) {
        text = RHETORICAL.matcher(text).replaceAll(" ");
        return ASKS.matcher(text).find() || ASKS_EN.matcher(text.toLowerCase(Locale.ROOT)).find();
    }

    private static final Pattern SENTENCE = Pattern.compile("[^。！？!?；;]+[。！？!?；;]*");
    private static final Pattern CLAUSE = Pattern.compile("[^，,]+[，,]*");

    /**
     * The part of a message that asks: its sentences asking a fact, without the request beside them
     * ("…要带什么证件？帮我转人工吧"); in one sentence, its clauses up to the last one that asks, since
     * the first ones say what it is about ("电梯卡坏了，补办要带什么"). The whole text when none asks.
     */
    static String question(String text) {
        StringBuilder asked = new StringBuilder();
        var sentences = SENTENCE.matcher(text);
        int count = 0;
        while (sentences.find()) {
            count++;
            if (in(sentences.group())) {
                asked.append(sentences.group());
            }
        }
        if (count > 1 && !asked.isEmpty()) {
            return asked.toString().strip();
        }
        var clauses = CLAUSE.matcher(text);
        StringBuilder upTo = new StringBuilder();
        String last = "";
        while (clauses.find()) {
            upTo.append(clauses.group());
            if (in(clauses.group())) {
                last = upTo.toString();
            }
        }
        return last.isBlank() ? text : last.replaceAll("[，,\\s]+$", "").strip();
    }
}
