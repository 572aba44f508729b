package dev.guanjia.community.resident;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ResidentTest {

    private static Resident.Household house(String code, String type) {
        String[] p = code.split("-");
        return new Resident.Household(code.hashCode(), code, p[0], p[1], p[2], new BigDecimal("90.00"), "owner", type);
    }

    private static final Resident TWO_FLATS = new Resident(1, "c1", "r1", "甲", 1960,
            List.of(house("6-1-1802", "residential"), house("12-2-602", "住宅")));

    private static Resident.Household in(String code, String buildingName) {
        String[] p = code.split("-");
        return new Resident.Household(code.hashCode(), code, p[0], p[1], p[2], new BigDecimal("90.00"), "owner",
                "residential", false, buildingName);
    }

    @Test
    void theKindOfBuildingSaidPointsAtOneOfTwoHouses() {
        Resident r = new Resident(1, "c1", "r1", "甲", 1960,
                List.of(in("A3-1-1502", "A3栋"), in("C2-2-201", "C2栋（叠拼别墅）"), in("S-1-05", "沿街商铺")));
        assertEquals("叠拼别墅", r.houses().get(1).buildingKind());
        assertEquals("", r.houses().get(0).buildingKind());
        assertEquals("C2-2-201", r.pointedAt("第二套，别墅那边的").orElseThrow().houseCode());
        assertEquals("S-1-05", r.pointedAt("商铺那间的卷帘门").orElseThrow().houseCode());
        assertEquals("A3-1-1502", r.pointedAt("周六搬进A3那套").orElseThrow().houseCode());
        assertEquals(Optional.empty(), r.pointedAt("家里的水管"));
        // the noun alone is somewhere else, not one's house
        assertEquals(Optional.empty(), r.pointedAt("楼下商铺半夜还在装修"));
    }

    @Test
    void aBuildingOrAFloorSaidPointsAtOneOfTwoFlats() {
        assertEquals("6-1-1802", TWO_FLATS.pointedAt("6栋那套厨房漏水").orElseThrow().houseCode());
        assertEquals("12-2-602", TWO_FLATS.pointedAt("十二号楼的家里没电了").orElseThrow().houseCode());
        assertEquals("6-1-1802", TWO_FLATS.pointedAt("六栋的").orElseThrow().houseCode());
        assertEquals("6-1-1802", TWO_FLATS.pointedAt("18楼那套马桶堵了").orElseThrow().houseCode());
        assertEquals("12-2-602", TWO_FLATS.pointedAt("住6层的那套").orElseThrow().houseCode());
        // a date, a clock time or the stairs name no house
        assertEquals(Optional.empty(), TWO_FLATS.pointedAt("6号上午10点家里有人"));
        assertEquals(Optional.empty(), TWO_FLATS.pointedAt("6楼道的灯坏了"));
        assertEquals(Optional.empty(), TWO_FLATS.pointedAt("卫生间漏水"));
    }

    @Test
    void aHouseIsNamedByItsCodeItsRoomNumberOrWhereItIs() {
        assertEquals("12-2-602", TWO_FLATS.named("12-2-602的燃气表").orElseThrow().houseCode());
        assertEquals("6-1-1802", TWO_FLATS.named("1802阳台的灯").orElseThrow().houseCode());
        assertEquals("12-2-602", TWO_FLATS.named("十二号楼的").orElseThrow().houseCode());
        // a clock time or a day is no room number; nothing named leaves the choice to the resident
        assertEquals(Optional.empty(), TWO_FLATS.named("明天8点以后"));
        assertEquals(Optional.empty(), TWO_FLATS.named("卫生间漏水"));
        // two houses with the same room number in different buildings: the room alone names neither
        Resident same = new Resident(1, "c1", "r1", "甲", 1960, List.of(house("3-1-501", "residential"),
                house("5-2-501", "residential")));
        assertEquals(Optional.empty(), same.named("501厨房"));
        assertEquals("5-2-501", same.named("5栋501厨房").orElseThrow().houseCode());
        Resident one = new Resident(1, "c1", "r1", "甲", 1960, List.of(house("3-1-501", "residential")));
        assertEquals("3-1-501", one.named("厨房漏水").orElseThrow().houseCode());
    }

    @Test
    void aParkingSpaceOrShopBesideOneFlatLeavesTheFlatForAHomeMatter() {
        Resident r = new Resident(1, "c1", "r1", "甲", 1960, List.of(house("3-1-501", "residential"),
                house("P-B1-066", "车位"), house("S-1-103", "shop")));
        assertEquals("3-1-501", r.onlyHouseFor(Resident.Use.DWELLING).orElseThrow().houseCode());
        assertEquals("P-B1-066", r.onlyHouseFor(Resident.Use.PARKING_OR_STORAGE).orElseThrow().houseCode());
        assertEquals("S-1-103", r.onlyHouseFor(Resident.Use.BUSINESS).orElseThrow().houseCode());
        assertEquals(Optional.empty(), TWO_FLATS.onlyHouseFor(Resident.Use.DWELLING));
        assertEquals(Resident.Use.DWELLING, house("1-1-101", "villa").use());
        assertEquals(Resident.Use.BUSINESS, house("1-1-101", "底商").use());
        assertEquals(Resident.Use.PARKING_OR_STORAGE, house("1-1-101", "storage room").use());
    }

    @Test
    void aLandlordsHomeIsTheFlatNotLetToATenant() {
        Resident landlord = new Resident(1, "c1", "r1", "甲", 1960, List.of(
                new Resident.Household(1, "9-2-1402", "9", "2", "1402", new BigDecimal("90.00"), "owner", "residential", false),
                new Resident.Household(2, "9-2-2201", "9", "2", "2201", new BigDecimal("90.00"), "owner", "residential", true)));
        assertEquals("9-2-1402", landlord.onlyHouseFor(Resident.Use.DWELLING).orElseThrow().houseCode());
        assertEquals("9-2-2201", landlord.onlyLetHouse().orElseThrow().houseCode());
        assertEquals(Optional.empty(), TWO_FLATS.onlyLetHouse());
    }
}
