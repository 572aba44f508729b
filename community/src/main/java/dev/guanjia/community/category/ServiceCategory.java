package dev.guanjia.community.category;

import dev.guanjia.community.code.Coded;

import java.util.Optional;

/**
 * What a work order is about, and equally what a technician is skilled in: dispatch matches one
 * to the other, so both modules share this list.
 */
public enum ServiceCategory implements Coded {
    PLUMBING("水暖"),
    ELECTRICAL("电路"),
    ELEVATOR("电梯"),
    DOOR_ACCESS("门禁/门锁"),
    PUBLIC_FACILITY("公共设施"),
    CLEANING("保洁"),
    GREENING("绿化"),
    SECURITY("安保"),
    PARKING("停车"),
    NOISE("噪音扰民"),
    COMPLAINT("投诉"),
    SUGGESTION("建议"),
    OTHER("其他");

    private final String label;

    ServiceCategory(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    public static Optional<ServiceCategory> ofCode(String code) {
        return Coded.find(ServiceCategory.class, code);
    }

    /** Categories a non-technician (agent, supervisor) may own: nothing to repair, only to follow up. */
    public boolean isDeskMatter() {
        return this == COMPLAINT || this == SUGGESTION || this == OTHER;
    }
}
