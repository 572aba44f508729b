package dev.guanjia.community.category;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a work order is about, and equally what a technician is skilled in: dispatch matches one
 * to the other, so both modules share this list.
 */
public enum ServiceCategory {
    PLUMBING("plumbing", "水暖"),
    ELECTRICAL("electrical", "电路"),
    ELEVATOR("elevator", "电梯"),
    DOOR_ACCESS("door_access", "门禁/门锁"),
    PUBLIC_FACILITY("public_facility", "公共设施"),
    CLEANING("cleaning", "保洁"),
    GREENING("greening", "绿化"),
    SECURITY("security", "安保"),
    PARKING("parking", "停车"),
    NOISE("noise", "噪音扰民"),
    COMPLAINT("complaint", "投诉"),
    SUGGESTION("suggestion", "建议"),
    OTHER("other", "其他");

    private final String code;
    private final String label;

    ServiceCategory(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public String code() {
        return code;
    }

    /** The Chinese name residents and staff see. */
    public String label() {
        return label;
    }

    public static Optional<ServiceCategory> ofCode(String code) {
        return Arrays.stream(values()).filter(c -> c.code.equals(code)).findFirst();
    }

    /** Categories a non-technician (agent, supervisor) may own: nothing to repair, only to follow up. */
    public boolean isDeskMatter() {
        return this == COMPLAINT || this == SUGGESTION || this == OTHER;
    }
}
