package dev.guanjia.community.resident;

import java.util.List;
import java.util.Locale;

/** A resident as the service desk knows them, with the houses they belong to. */
public record Resident(long id, String communityId, String code, String name, Integer birthYear,
                       List<Household> houses) {

    /** What a house is used for, read from its free-text type: where a home repair or a booking can belong. */
    public enum Use {
        /** a flat, villa or apartment someone lives in */
        DWELLING,
        /** a shop or office */
        BUSINESS,
        /** a parking space, garage or storage room: nobody lives there */
        PARKING_OR_STORAGE;

        static Use of(String houseType) {
            String t = houseType == null ? "" : houseType.toLowerCase(Locale.ROOT);
            if (t.matches(".*(park|garage|carport|storage|store ?room|cellar|车位|车库|停车|储藏|储物|杂物|地下室|库房).*")) {
                return PARKING_OR_STORAGE;
            }
            if (t.matches(".*(shop|store|retail|commercial|office|business|商铺|商业|门面|门市|底商|铺面|店|写字|办公|商用).*")) {
                return BUSINESS;
            }
            return DWELLING;
        }
    }

    /** One house of the resident and their role in it. */
    public record Household(long houseId, String houseCode, String building, String unit, String room,
                            java.math.BigDecimal areaM2, String role, String houseType) {

        public Use use() {
            return Use.of(houseType);
        }
    }

    /**
     * The one house a matter of the given use can concern, when the resident's houses leave only one
     * ("厨房漏水" from someone with a flat and a parking space is the flat's); empty when none or several fit.
     */
    public java.util.Optional<Household> onlyHouseFor(Use use) {
        List<Household> fit = houses.stream().filter(h -> h.use() == use).toList();
        return fit.size() == 1 ? java.util.Optional.of(fit.get(0)) : java.util.Optional.empty();
    }
}
