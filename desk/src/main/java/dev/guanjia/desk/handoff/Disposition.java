package dev.guanjia.desk.handoff;

import dev.guanjia.community.code.Coded;

import java.util.Optional;

/** How an agent ended a conversation, for the supervisor's report. */
public enum Disposition implements Coded {
    RESOLVED("已解决"),
    WORK_ORDER("已转工单"),
    CALLBACK("待回电"),
    NO_REPLY("住户未回复"),
    INVALID("无效会话"),
    OTHER("其他");

    private final String label;

    Disposition(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    public static Optional<Disposition> of(String code) {
        return Coded.find(Disposition.class, code);
    }
}
