package dev.guanjia.ticketing.workorder;

import dev.guanjia.community.code.Coded;

/** Where a work order stands. Closed and cancelled are final. */
public enum Status implements Coded {
    SUBMITTED("已提交"),
    ASSIGNED("已派单"),
    IN_PROGRESS("处理中"),
    PENDING_ACCEPTANCE("待验收"),
    CLOSED("已完成"),
    CANCELLED("已取消");

    private final String label;

    Status(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    public boolean isFinal() {
        return this == CLOSED || this == CANCELLED;
    }

    public static Status of(String code) {
        return Coded.require(Status.class, code);
    }
}
