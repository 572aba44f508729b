package dev.guanjia.community.resident;

import java.util.List;

/** A resident as the service desk knows them, with the houses they belong to. */
public record Resident(long id, String communityId, String code, String name, Integer birthYear,
                       List<Household> houses) {

    /** One house of the resident and their role in it. */
    public record Household(long houseId, String houseCode, String building, String unit, String room,
                            java.math.BigDecimal areaM2, String role) {
    }
}
