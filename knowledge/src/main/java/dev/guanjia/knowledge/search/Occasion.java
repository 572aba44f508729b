package dev.guanjia.knowledge.search;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a question speaks of one occasion rather than of a standing rule: a day ("10号", "周六",
 * "明天"), "this time" ("这回", "这次", "本周"), or when something happens ("几点", "啥时候"). Such a
 * question is about a notice in force far more often than the same topic's standing article is:
 * "10号停水吗" means the announced cut, "停水了怎么办" the general advice.
 */
final class Occasion {

    private static final String NUMBER = "[0-9０-９一二三四五六七八九十两]{1,3}";

    private static final Pattern CHINESE = Pattern.compile(String.join("|",
            NUMBER + "\\s*(号|日|号儿)",                             // 10号, 十二日
            NUMBER + "\\s*月\\s*" + NUMBER,                          // 12月10
            "(周|星期|礼拜|禮拜)[一二三四五六日天末]",
            "(今|明|后|後|昨|前)(天|日|儿|兒|早|晚|晌)",
            "(这|這|今|本|下|上|今年|这个|这一)(次|回|趟|阵|陣|周|週|礼拜|星期|个月|個月|月|轮|輪|期)",
            "(最近|近期|近日|近来|近排|马上|即将|臨時|临时|到时候|届时|那天|当天|當天|期间|期間)",
            "(几点|幾點|几号|幾號|哪天|哪一天|什么时候|什麼時候|啥时候|啥時候|啥时|几时|幾時|何时|何時|多久|多长时间|几耐|幾耐|几多点)"));

    private static final Pattern ENGLISH = Pattern.compile(
            "\\b(today|tonight|tomorrow|yesterday|this (week|time|month|weekend)|next (week|month)|when|what time"
                    + "|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\\b");

    private Occasion() {
    }

    static boolean in(String question) {
        return CHINESE.matcher(question).find() || ENGLISH.matcher(question.toLowerCase(Locale.ROOT)).find();
    }
}
