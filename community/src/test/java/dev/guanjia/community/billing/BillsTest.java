package dev.guanjia.community.billing;

import dev.guanjia.testkit.TestDatabase;
import dev.guanjia.testkit.TwoHouseholds;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What payments read and change of the bills: unpaid ones with their ids, and marking paid once. */
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
}
