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
                            java.math.BigDecimal areaM2, String role, String houseType, boolean letToTenant,
                            String buildingName) {

        public Household(long houseId, String houseCode, String building, String unit, String room,
                         java.math.BigDecimal areaM2, String role, String houseType, boolean letToTenant) {
            this(houseId, houseCode, building, unit, room, areaM2, role, houseType, letToTenant, null);
        }

        public Household(long houseId, String houseCode, String building, String unit, String room,
                         java.math.BigDecimal areaM2, String role, String houseType) {
            this(houseId, houseCode, building, unit, room, areaM2, role, houseType, false);
        }

        /**
         * The kind of building its name gives beside its number ("B1栋（洋房）" → 洋房, "沿街商铺" → 沿街商铺,
         * "1号楼（高层住宅）" → 高层住宅): how residents tell their houses apart ("洋房那套"); empty when the name
         * is only the number.
         */
        private static final java.util.regex.Pattern BRACKETED = java.util.regex.Pattern.compile("[（(]([^）)]+)[）)]");

        public String buildingKind() {
            if (buildingName == null) {
                return "";
            }
            java.util.regex.Matcher bracketed = BRACKETED.matcher(buildingName);
            if (bracketed.find()) {
                return bracketed.group(1).strip();
            }
            return (building == null ? buildingName : buildingName.replace(building, ""))
                    .replaceAll("号楼|栋|幢|座|楼|#", "").strip();
        }

        /**
         * Whether the text points at this house by its kind of building, the whole kind or its last two characters
         * (its head noun: 洋房, 商铺, 别墅) said as a home ("洋房那边的", "商铺那间") — not the noun alone ("楼下商铺吵").
         */
        boolean kindSaid(String text) {
            String kind = buildingKind();
            if (kind.length() < 2) {
                return false;
            }
            String head = kind.substring(kind.length() - 2);
            return java.util.regex.Pattern.compile("(" + java.util.regex.Pattern.quote(kind) + "|" + java.util.regex.Pattern.quote(head)
                    + ")(的)?((那|这)(套|边|间|头)|房子)").matcher(text).find();
        }

        /** An owner's house where a tenant lives: not the home the owner means by "我家". */
        public boolean letByThisOwner() {
            return letToTenant && "owner".equals(role);
        }

        public Use use() {
            return Use.of(houseType);
        }
    }

    private static final String[] DIGITS = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

    /** 6 → 六, 12 → 十二, 21 → 二十一: how a building number is also written. */
    private static String chinese(int n) {
        if (n < 10) {
            return DIGITS[n];
        }
        return (n / 10 == 1 ? "" : DIGITS[n / 10]) + "十" + (n % 10 == 0 ? "" : DIGITS[n % 10]);
    }

    /**
     * The house the text names: by its code ("3-2-501"), by its room number ("501", when only one house has
     * it), as the resident's only house, or by the building or floor said ("6栋那套"); empty when it names none.
     */
    public java.util.Optional<Household> named(String text) {
        if (text == null) {
            return houses.size() == 1 ? java.util.Optional.of(houses.get(0)) : java.util.Optional.empty();
        }
        for (Household h : houses) {
            if (text.contains(h.houseCode())) {
                return java.util.Optional.of(h);
            }
        }
        // a room number of three or more digits, so "8点" or "2号" name no room
        List<Household> byRoom = houses.stream().filter(h -> {
            String room = h.room() != null ? h.room() : h.houseCode().substring(h.houseCode().lastIndexOf('-') + 1);
            return room.length() >= 3 && text.matches("(?s).*(?<!\\d)" + java.util.regex.Pattern.quote(room) + "(?!\\d).*");
        }).toList();
        if (byRoom.size() == 1) {
            return java.util.Optional.of(byRoom.get(0));
        }
        if (houses.size() == 1) {
            return java.util.Optional.of(houses.get(0));
        }
        return pointedAt(text);
    }

    /**
     * The one house the text points at by its building ("6栋那套", "六号楼") or its floor ("18楼那套" for room
     * 1802), when only one of the resident's houses fits; empty otherwise. Codes and room numbers are matched
     * by the callers first.
     */
    public java.util.Optional<Household> pointedAt(String text) {
        if (text == null || houses.size() < 2) {
            return java.util.Optional.empty();
        }
        List<Household> byBuilding = houses.stream().filter(h -> h.building() != null && !h.building().isBlank()
                && mentionsBuilding(text, h.building())).toList();
        if (byBuilding.size() == 1) {
            return java.util.Optional.of(byBuilding.get(0));
        }
        // "洋房那边的", "高层那套", "商铺的": the kind of building
        List<Household> byKind = houses.stream().filter(h -> h.kindSaid(text)).toList();
        if (byKind.size() == 1) {
            return java.util.Optional.of(byKind.get(0));
        }
        List<Household> byFloor = houses.stream().filter(h -> {
            String room = h.room() == null ? "" : h.room();
            return room.matches("\\d{3,4}") && text.matches(".*(?<![\\d栋幢座号#-])"
                    + java.util.regex.Pattern.quote(String.valueOf(Integer.parseInt(room.substring(0, room.length() - 2))))
                    + "\\s*(楼|层)(?!\\d|下|上|道|梯|顶).*");
        }).toList();
        return byFloor.size() == 1 ? java.util.Optional.of(byFloor.get(0)) : java.util.Optional.empty();
    }

    private static boolean mentionsBuilding(String text, String building) {
        String b = java.util.regex.Pattern.quote(building);
        // "6栋", "6号楼", or the code with the home after it ("搬进A1那套", "B2那边的")
        String mark = "\\s*(栋|幢|座|号楼|#楼|#|号院|期|(的)?(那|这)(套|边|间)|的房子)";
        if (text.matches("(?s).*(?<![\\dA-Za-z])" + b + mark + ".*")) {
            return true;
        }
        if (building.matches("\\d{1,2}")) {
            String zh = chinese(Integer.parseInt(building));
            return text.matches("(?s).*(?<![一二三四五六七八九十])" + zh + "(栋|幢|座|号楼).*");
        }
        return false;
    }

    /**
     * The one house a matter of the given use can concern, when the resident's houses leave only one
     * ("厨房漏水" from someone with a flat and a parking space is the flat's); empty when none or several fit.
     */
    public java.util.Optional<Household> onlyHouseFor(Use use) {
        List<Household> fit = houses.stream().filter(h -> h.use() == use).toList();
        if (fit.size() > 1 && use == Use.DWELLING) {
            // a landlord with a flat of their own and one let: "my home" is the one they live in
            fit = fit.stream().filter(h -> !h.letByThisOwner()).toList();
        }
        return fit.size() == 1 ? java.util.Optional.of(fit.get(0)) : java.util.Optional.empty();
    }

    /** The one house this owner lets to a tenant, when the matter is said to be the let one's ("出租的那套"). */
    public java.util.Optional<Household> onlyLetHouse() {
        List<Household> let = houses.stream().filter(Household::letByThisOwner).toList();
        return let.size() == 1 ? java.util.Optional.of(let.get(0)) : java.util.Optional.empty();
    }
}
