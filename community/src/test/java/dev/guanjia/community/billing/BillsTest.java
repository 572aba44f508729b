package dev.guanjia.community.billing;

import dev.guanjia.testkit.TestDatabase;
import dev.guanjia.testkit.TwoHouseholds;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What payments read of the bills and change: unpaid ones with their ids, marking paid once, and the
 * unpaid bills payment reminders ask for by due date. */
class BillsTest {

    @Test
    void unpaidBillsAreMarkedPaidOnceInTheCallersTransaction() throws Exception {
        DataSource db = TestDatabase.fresh("community");
        long house;
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            TwoHouseholds.insert(c);
            try (ResultSet rs = s.executeQuery("SELECT id FROM houses WHERE code = '1-1-101'")) {
                rs.next();
                house = rs.getLong(1);
            }
        }
        Bills bills = new Bills(db);
        List<Bills.Payable> unpaid = bills.unpaidOf(List.of(house));
        assertEquals(1, unpaid.size());
        Bills.Payable b1 = unpaid.getFirst();
        assertEquals("b1", b1.code());
        assertEquals(60000, b1.amountFen());
        assertEquals("1-1-101", b1.houseCode());
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            Bills.markPaid(c, List.of(b1.id()), LocalDate.of(2026, 12, 3));
            c.rollback(); // the caller's transaction decides
        }
        assertEquals(1, bills.unpaidOf(List.of(house)).size());
        try (Connection c = db.getConnection()) {
            Bills.markPaid(c, List.of(b1.id()), LocalDate.of(2026, 12, 3));
            IllegalStateException twice = assertThrows(IllegalStateException.class,
                    () -> Bills.markPaid(c, List.of(b1.id()), LocalDate.of(2026, 12, 4)));
            assertTrue(twice.getMessage().contains("b1"), twice.getMessage());
            assertTrue(Bills.byIds(c, List.of(b1.id())).getFirst().paid());
        }
        assertTrue(bills.unpaidOf(List.of(house)).isEmpty());
        assertEquals(LocalDate.of(2026, 12, 3), bills.ofHouses(List.of(house)).getFirst().paidAt());
    }

    @Test
    void outstandingBillsDueByADayOldestFirstPaidOnesLeftOut() throws SQLException {
        DataSource db = TestDatabase.fresh("community");
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
