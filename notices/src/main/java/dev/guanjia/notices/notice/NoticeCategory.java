package dev.guanjia.notices.notice;

import dev.guanjia.community.code.Coded;

import java.util.regex.Pattern;

/** What a notice is about, with the words residents ask about it in. */
public enum NoticeCategory implements Coded {
    // "一滴水也没有了", "不出水": no water said without the word 停水
    WATER("停水", "停水|断水|没水|沒水|冇水|供水|水压|水管检修|二次供水|一滴水|水(都|也)(没|冇)(有)?了|不出水|water"),
    POWER("停电", "停电|断电|没电|沒电|冇电|供电|电路检修|限电|power|electricity|outage"),
    ELEVATOR("电梯维保", "电梯|电梯维保|升降机|lifts?|elevators?"),
    DISINFECTION("消杀", "消杀|消毒|灭蚊|灭鼠|除虫|杀虫|打药|老鼠药|鼠药|投药|放药|蟑螂药|灭蟑|disinfect|pest control|rat poison"),
    EVENT("活动", "活动|联欢|晚会|讲座|义诊|市集|亲子|比赛|节日|event|activity|activities"),
    FEES("缴费", "缴费通知|收费通知|调价|交费通知|fee notice"),
    OTHER("其他", "(?!)");

    private final String label;
    private final Pattern asked;

    NoticeCategory(String label, String asked) {
        this.label = label;
        this.asked = Pattern.compile(asked, Pattern.CASE_INSENSITIVE);
    }

    /** The Chinese name staff and residents see (停水, 电梯维保…). */
    public String label() {
        return label;
    }

    /** Whether a resident's question names this kind of notice ("最近停水吗" → water). */
    public boolean askedIn(String question) {
        return asked.matcher(question).find();
    }

    /** The category with this code or Chinese name. */
    public static java.util.Optional<NoticeCategory> parse(String s) {
        if (s == null) {
            return java.util.Optional.empty();
        }
        String t = s.strip();
        for (NoticeCategory c : values()) {
            if (c.code().equalsIgnoreCase(t) || c.label.equals(t)) {
                return java.util.Optional.of(c);
            }
        }
        return java.util.Optional.empty();
    }
}
