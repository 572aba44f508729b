package dev.guanjia.community.audit;

import dev.guanjia.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditLogTest {

    private final DataSource db = TestDatabase.fresh("community");

    @Test
    void chainHoldsUntilARowIsChanged() throws SQLException {
        try (Connection c = db.getConnection()) {
            AuditLog.append(c, "staff:s1", "bill.viewed", "c1", "resident r1", "");
            AuditLog.append(c, "staff:s2", "work_order.updated", "c1", "w1", "status assigned");
            AuditLog.append(c, "cli", "pack.imported", null, null, "3 houses");
            assertEquals(-1, AuditLog.firstBroken(c));
            try (Statement s = c.createStatement()) {
                // only someone bypassing the append-only trigger can do this; the chain still shows it
                s.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update");
                s.executeUpdate("UPDATE audit_log SET actor = 'staff:someone-else' WHERE action = 'work_order.updated'");
            }
            long broken = AuditLog.firstBroken(c);
            assertTrue(broken > 0);
            try (Statement s = c.createStatement()) {
                var rs = s.executeQuery("SELECT action FROM audit_log WHERE id = " + broken);
                rs.next();
                assertEquals("work_order.updated", rs.getString(1));
            }
        }
    }

    @Test
    void rowsCannotBeUpdatedOrDeleted() throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            AuditLog.append(c, "cli", "pack.imported", "c1", null, "");
            SQLException update = assertThrows(SQLException.class,
                    () -> s.executeUpdate("UPDATE audit_log SET actor = 'x'"));
            assertTrue(update.getMessage().contains("append-only"));
            assertThrows(SQLException.class, () -> s.executeUpdate("DELETE FROM audit_log"));
        }
    }
}
