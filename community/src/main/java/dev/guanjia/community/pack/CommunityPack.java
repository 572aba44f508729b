package dev.guanjia.community.pack;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The community part of a pack (community.yaml) as read: every entry keeps the line it came from,
 * so validation can point at it.
 */
public record CommunityPack(
        Community community,
        List<Building> buildings,
        List<House> houses,
        List<Resident> residents,
        List<Staff> staff,
        List<FeeItem> feeItems,
        List<Bill> bills,
        List<WorkOrder> workOrders,
        List<Bookable> bookables) {

    /** @param timeZone the community's local time (appointments, report days); null: {@link #DEFAULT_ZONE} */
    public record Community(String id, String name, String city, String address,
                            String servicePhone, String emergencyPhone, String officeHours,
                            java.time.ZoneId timeZone) {
    }

    /** Where a pack does not say otherwise, communities keep China's time. */
    public static final java.time.ZoneId DEFAULT_ZONE = java.time.ZoneId.of("Asia/Shanghai");

    public record Building(String id, String name, List<String> units, Integer floors, Integer elevators,
                           int line) {
    }

    public record House(String id, String building, String unit, String room, BigDecimal areaM2, String type,
                        int line) {
    }

    public record Resident(String id, String name, String phone, String wechatOpenid, List<String> houses,
                           String role, Integer birthYear, int line) {
    }

    public record Staff(String id, String name, String role, List<String> skills, List<String> buildings,
                        Boolean onDuty, String phone, int line) {
    }

    public record FeeItem(String code, String name, BigDecimal unitPrice, String unit, String basis, String cycle,
                          int line) {
    }

    public record Bill(String id, String house, String item, String period, BigDecimal amount, LocalDate due,
                       String status, LocalDate paidAt, int line) {
    }

    /** Work-order history shipped with the pack; the ticketing module stores it. */
    public record WorkOrder(String id, String house, String category, String title, String status,
                            OffsetDateTime created, OffsetDateTime closed, String assignee, Integer rating,
                            int line) {
    }

    /**
     * What residents can book (预约); the bookings module stores it.
     *
     * @param open "09:00-21:00", the hours slots lie within
     */
    public record Bookable(String id, String name, String open, Integer slotMinutes, Integer capacity,
                           BigDecimal fee, Integer advanceDays, int line) {
    }
}
