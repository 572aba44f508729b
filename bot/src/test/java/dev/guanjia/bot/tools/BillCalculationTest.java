package dev.guanjia.bot.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.guanjia.community.billing.Bill;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** How a bill's sum is shown beside it, so residents can check it. */
class BillCalculationTest {

    private static Bill fixed(String unitPrice, String cycle, String amount) {
        return new Bill("b1", "1-1-101", "parking", "车位管理费", "2026Q4", new BigDecimal(amount), LocalDate.of(2026, 12, 31),
                "unpaid", null, new BigDecimal(unitPrice), "月", "fixed", cycle, null);
    }

    @Test
    void aWholePeriodIsPriceTimesMonths() {
        assertEquals("150元 × 3个月 = 450元", ServiceDeskTools.calculation(fixed("150", "quarterly", "450")));
    }

    @Test
    void aShortShareIsShownAsItsFactor() {
        assertEquals("150元 × 3个月 × 0.5 = 225元", ServiceDeskTools.calculation(fixed("150", "quarterly", "225")));
    }

    /** A third of a quarter has no short decimal: the sum charged is said, and the bills are still listed. */
    @Test
    void aShareWithNoShortDecimalIsSaidAsTheSumCharged() {
        assertEquals("150元 × 3个月，本期应收150元", ServiceDeskTools.calculation(fixed("150", "quarterly", "150")));
        assertEquals("20元 × 3个月，本期应收20.02元", ServiceDeskTools.calculation(fixed("20", "quarterly", "20.02")));
    }
}
