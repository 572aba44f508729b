package dev.guanjia.community.billing;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One bill of a house, with what it is for and how it was computed. */
public record Bill(String code, String houseCode, String itemCode, String itemName, String period,
                   BigDecimal amount, LocalDate due, String status, LocalDate paidAt, BigDecimal unitPrice,
                   String unit, String basis, String cycle, BigDecimal areaM2) {

    public boolean outstanding() {
        return !"paid".equals(status);
    }

    /**
     * Whether the bill is overdue on that day (the community's today): marked so in the records, or
     * still unpaid after its due day. A pack's "unpaid" is as of when it was written, not forever.
     */
    public boolean overdueOn(LocalDate today) {
        return outstanding() && ("overdue".equals(status) || due.isBefore(today));
    }

    /** Months a bill of this fee item covers. */
    public int months() {
        return switch (cycle) {
            case "quarterly" -> 3;
            case "semiannual" -> 6;
            case "yearly" -> 12;
            default -> 1;
        };
    }
}
