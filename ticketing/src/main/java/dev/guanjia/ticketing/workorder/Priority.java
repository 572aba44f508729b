package dev.guanjia.ticketing.workorder;

import dev.guanjia.community.code.Coded;

/** How urgent a work order is; emergency means danger to people or property. */
public enum Priority implements Coded {
    EMERGENCY("紧急"),
    HIGH("高"),
    NORMAL("普通"),
    LOW("低");

    private final String label;

    Priority(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    public static Priority of(String code) {
        return Coded.require(Priority.class, code);
    }
}
