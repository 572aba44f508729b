package dev.guanjia.desk.handoff;

import java.util.Arrays;
import java.util.Optional;

/** How an agent ended a conversation, for the supervisor's report. */
public enum Disposition {
    RESOLVED("resolved", "已解决"),
    WORK_ORDER("work_order", "已转工单"),
    CALLBACK("callback", "待回电"),
    NO_REPLY("no_reply", "住户未回复"),
    INVALID("invalid", "无效会话"),
    OTHER("other", "其他");

    private final String code;
    private final String label;

    Disposition(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    public static Optional<Disposition> of(String code) {
        return Arrays.stream(values()).filter(d -> d.code.equals(code)).findFirst();
    }
}
