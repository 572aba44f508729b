package dev.guanjia.knowledge.search;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The kind of figure a question asks for (a time for 几点, a price for 多少钱, a phone number, a
 * duration, a place, the papers to bring) and whether a text carries one of that kind. A document
 * that mentions what is asked about but has no figure of the asked kind ("the gym exists" for "what
 * does the gym cost") is the commonest near miss of an unanswerable question.
 */
final class AskedFigure {

    private record Kind(Pattern asks, Pattern carries) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind(Pattern.compile("几点|什么时候|时间|开放|关门|上班|下班|营业|when|time|hours"),
                    Pattern.compile("\\d{1,2}[:：]\\d{2}|\\d{1,2}点|[上下]午|每天|周[一二三四五六日]|工作日")),
            new Kind(Pattern.compile("多少钱|价格|收费|费用|多少元|贵|钱|how much|price|fee|cost"),
                    Pattern.compile("\\d+(\\.\\d+)?\\s*(元|块)|免费|不收")),
            new Kind(Pattern.compile("电话|号码|打给|联系|phone|call|number"),
                    Pattern.compile("\\d{3,4}[- ]?\\d{4}|\\d{7,}")),
            new Kind(Pattern.compile("多久|几天|多长时间|几个月|几年|期限|多少天|how long"),
                    Pattern.compile("\\d+\\s*(个)?(工作日|天|小时|分钟|个月|年|周)|[一二三四五六七八九十两]+(个)?(工作日|天|小时|个月|年)")),
            new Kind(Pattern.compile("哪里|在哪|什么地方|地址|位置|放哪|where"),
                    Pattern.compile("\\d+\\s*(幢|栋|号楼|楼|层|单元)|[东南西北]门|[东南西北]侧|一楼|二楼|大堂|会所|门口|旁")),
            new Kind(Pattern.compile("带什么|材料|证件|资料|手续|需要什么|要什么|documents|bring"),
                    Pattern.compile("身份证|证明|合同|证书|复印件|原件|照片|材料|产权证|行驶证|驾驶证|营业执照")));

    /** The kinds asked for, one bit per kind in the order of {@link #KINDS}. */
    private final int asked;

    private AskedFigure(int asked) {
        this.asked = asked;
    }

    /** What the (lower-case) question asks for; none when it asks for no figure of a known kind. */
    static AskedFigure in(String question) {
        int asked = 0;
        for (int k = 0; k < KINDS.size(); k++) {
            asked |= KINDS.get(k).asks().matcher(question).find() ? 1 << k : 0;
        }
        return new AskedFigure(asked);
    }

    boolean asks() {
        return asked != 0;
    }

    /** The text has a figure of a kind the question asks for. */
    boolean carriedBy(String text) {
        return carries(kindsIn(text));
    }

    /** The kinds of figure a text holds, as {@link #kindsIn} gives them: one of them asked for. */
    boolean carries(int kinds) {
        return (asked & kinds) != 0;
    }

    /**
     * The kinds of figure the text holds, one bit per kind: worked out once per piece of an article
     * (kept with its text), as every question's candidates test the same pieces.
     */
    static int kindsIn(String text) {
        int kinds = 0;
        for (int k = 0; k < KINDS.size(); k++) {
            kinds |= KINDS.get(k).carries().matcher(text).find() ? 1 << k : 0;
        }
        return kinds;
    }
}
