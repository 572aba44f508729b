package dev.guanjia.ticketing.workorder;

import java.util.Arrays;

/** Where a work order stands. Closed and cancelled are final. */
public enum Status {
    SUBMITTED("submitted", "已提交"),
    ASSIGNED("assigned", "已派单"),
    IN_PROGRESS("in_progress", "处理中"),
    PENDING_ACCEPTANCE("pending_acceptance", "待验收"),
    CLOSED("closed", "已完成"),
    CANCELLED("cancelled", "已取消");

    private final String code;
    private final String label;

    Status(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    public boolean isFinal() {
        return this == CLOSED || this == CANCELLED;
    }

    public static Status of(String code) {
        return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown status " + code));
    }
}
