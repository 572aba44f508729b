package dev.guanjia.bot.tools;

import java.util.regex.Pattern;

/**
 * A follow-up question: short enough to lean on what the resident said before it ("用交钱吗", "停到几点",
 * "那我妈家6楼也停吗", "do I need to pay for it?"). Such a question is read again with the message before it
 * when it finds no answer alone; a question of its own length only when what it finds alone already leads
 * with the article the two find together.
 */
public final class FollowUp {

    /** At most this many Chinese characters (a question that names its own topic is longer). */
    private static final int MAX_HAN = 12;
    /** At most this many English words ("My flat is on 9F. Will my water be off too?"). */
    private static final int MAX_WORDS = 12;
    private static final Pattern HAN = Pattern.compile("\\p{IsHan}");
    private static final Pattern WORD = Pattern.compile("[A-Za-z]+");

    private FollowUp() {
    }

    /** Words that point back at what was said: "那…呢", "也", "这个", "too", "it". */
    private static final Pattern POINTS_BACK = Pattern.compile(
            "也|还|那|呢|这个|这种|这样|(?i)\\b(too|also|as well|either|it|that|this|they|them|those)\\b");

    /** A follow-up that says it is one: it points back at what was said before it. */
    static boolean pointsBack(String question) {
        return question != null && POINTS_BACK.matcher(question).find();
    }

    /**
     * Words that ask or point and name nothing: how long, when, what it costs, whether one may, the particles.
     * What is left of "要停好久嘛" is 停, of "要钱不哦" nothing; of "快递柜在哪", 快递柜 — a subject of its own.
     */
    private static final Pattern ASKING = Pattern.compile(
            "多久|好久|多长时间|多少天|几天|几点|几号|哪天|什么时候|啥时候|几时|到几点|多少钱|好多钱|几多钱|几钱|多少|"
                    // what to bring, the most it comes to, where, who — in any region's words ("那要带啥", "最多收几多",
                    // "去边度办"): they ask after the matter raised, and name none
                    + "啥东西|什么东西|些什么|些啥|带|准备|材料|证件|手续|啥子|什么|啥|咩|乜嘢|乜|嘢|点样|几耐|边度|边个|几多|好多|最多|最长|最少|最晚|最早|封顶|上限|"
                    // doing it, whatever it is ("几点开始弄", "要搞多久", "咋个整")
                    + "弄|搞|整|办|咋个|咋|怎么|怎样|如何|去|喺|"
                    + "开始|结束|恢复|要钱|收钱|给钱|掏钱|花钱|交钱|付钱|出钱|收费|免费|需要|用|我|俺|咱|要不要|能不能|可不可以|可以|行不行|得不得|会不会|有没有|是不是|"
                    + "怎么办|怎么弄|咋办|咋整|咋个办|啷个办|在哪|哪里|哪儿|找谁|谁|那|这个|这|也|还|都|要|得|会|能|是|有|没|不|"
                    + "[吗嘛呢吧啊呀哦哇噻咯嘞么哈咧]|[\\p{P}\\p{S}\\p{Z}\\s]");
    private static final Pattern ASKING_EN = Pattern.compile(
            "(?i)\\b(how|long|much|when|what|time|is|it|that|this|free|cost|costs|do|does|i|we|need|to|pay|will|be|a|the|"
                    + "and|also|too|then|so|ok|okay|for|there|any|fee|charge|can|could|max|maximum|min|minimum|most|least|per|day|days|"
                    + "hour|hours|week|month|bring|which|where|who|many|open|close|start|finish|latest|earliest|limit|cap)\\b");

    /**
     * Whether a follow-up names nothing but what an article's title says: nothing at all ("要钱不"), or one
     * character of the title ("要停好久嘛" after 停水通知) — "卡呢" after an invoice article names a card.
     */
    static boolean namesNothingBut(String question, String title) {
        String left = leftOver(question);
        return left != null && asks(question) && (left.isEmpty() || left.codePointCount(0, left.length()) == 1 && title != null
                && title.contains(left));
    }

    /** A short follow-up that only asks ("收钱不", "那要带啥", "几点开始弄", "how long?"): no subject of its own at all. */
    static boolean namesNothing(String question) {
        String left = leftOver(question);
        return left != null && left.isEmpty() && leansOnWhatCameBefore(question) && asks(question);
    }

    /** "什么时候都可以", "哪天都行": any will do — an answer to the desk, no question. */
    private static final Pattern ANY_WILL_DO = Pattern.compile("(什么|啥|哪|几|随时)[^，,。？?！!]{0,4}都(可以|行|方便|成|得|ok|OK)");

    private static boolean asks(String question) {
        return ASKS.matcher(question).find() && !ANY_WILL_DO.matcher(question).find();
    }

    /** A question's own mark: "可以", "不用", "要" answer the desk; "收钱不", "几点", "要带啥" ask it. */
    private static final Pattern ASKS = Pattern.compile(
            "[？?]|[吗么嘛咩乜啥谁几哪怎咋]|多[久少长大]|什么|边度|边个|点样|好久|好多|(?<=\\p{IsHan}{2})不[哦啊呀嘛呢吧哈噻撒]*[^\\p{IsHan}]*$|"
                    + "(?i)^\\s*(and |so |then )?(how|what|when|where|which|who)\\b");

    /** A question that names something of its own ("驿站几点关门"), beyond asking ("怎么交", "几点"). */
    public static boolean namesASubject(String question) {
        String left = leftOver(question);
        return left != null && left.codePointCount(0, left.length()) >= 2;
    }

    /** What is left of a question once its asking words and particles are gone; null for no question. */
    private static String leftOver(String question) {
        if (question == null || question.isBlank()) {
            return null;
        }
        return ASKING.matcher(ASKING_EN.matcher(question).replaceAll("")).replaceAll("");
    }

    static boolean leansOnWhatCameBefore(String question) {
        if (question == null || question.isBlank()) {
            return false;
        }
        long han = HAN.matcher(question).results().count();
        long words = WORD.matcher(question).results().count();
        return han + words > 0 && han <= MAX_HAN && words <= MAX_WORDS;
    }
}
