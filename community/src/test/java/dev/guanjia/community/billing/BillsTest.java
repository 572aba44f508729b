package dev.guanjia.community.billing;

import dev.guanjia.testkit.TestDatabase;
import dev.guanjia.testkit.TwoHouseholds;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The unpaid bills payment reminders ask for, by due date, in the caller's connection. */
class BillsTest {

    private final DataSource db = TestDatabase.fresh("community");

    @Test
    void outstandingBillsDueByADayOldestFirstPaidOnesLeftOut() throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            TwoHouseholds.insert(c);
            s.execute("""
                    INSERT INTO bills (community_id, code, house_id, fee_item_id, period, amount, due, status, paid_at)
                    SELECT 'c1', v.code, h.id, f.id, v.period, 600.00, v.due::date, v.status, v.paid::date
                    FROM (VALUES ('b0', '2026-Q3', '2026-09-30', 'overdue', NULL),
                                 ('bp', '2026-Q2', '2026-06-30', 'paid', '2026-06-01')) v(code, period, due, status, paid)
                    JOIN houses h ON h.code = '1-1-101' JOIN fee_items f ON f.code = 'property'""");
            List<Bills.Outstanding> due = Bills.outstandingDueBy(c, "c1", LocalDate.of(2026, 12, 31));
            assertEquals(List.of("b0", "b1", "b2"), due.stream().map(o -> o.bill().code()).toList());
            assertEquals(List.of("b0"), Bills.outstandingDueBy(c, "c1", LocalDate.of(2026, 12, 30)).stream()
                    .map(o -> o.bill().code()).toList());
            assertEquals(due.get(0).houseId(), due.get(1).houseId(), "b0 and b1 are both 1-1-101's");
            assertEquals("物业服务费", due.get(0).bill().itemName());
            assertEquals(List.of(), Bills.outstandingDueBy(c, "c2", LocalDate.of(2026, 12, 31)));
        }
    }
}
