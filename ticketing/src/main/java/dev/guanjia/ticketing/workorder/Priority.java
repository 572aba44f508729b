package dev.guanjia.ticketing.workorder;

import java.util.Arrays;

/** How urgent a work order is; emergency means danger to people or property. */
public enum Priority {
    EMERGENCY("emergency", "紧急"),
    HIGH("high", "高"),
    NORMAL("normal", "普通"),
    LOW("low", "低");

    private final String code;
    private final String label;

    Priority(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    public static Priority of(String code) {
        return Arrays.stream(values()).filter(p -> p.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown priority " + code));
    }
}
