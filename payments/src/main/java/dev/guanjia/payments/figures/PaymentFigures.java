package dev.guanjia.payments.figures;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Payments in figures for supervisors: which bills were paid through Guanjia (WeChat Pay). */
public final class PaymentFigures {

    private final DataSource db;

    public PaymentFigures(DataSource db) {
        this.db = db;
    }

    /**
     * The bills (database ids) a settled order of the community paid. A payment that came after the
     * bills were already paid (a duplicate, to be refunded) does not count.
     */
    public List<Long> billsPaidOnline(String communityId) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT DISTINCT ob.bill_id
                FROM payment_order_bills ob JOIN payment_orders o ON o.id = ob.order_id
                JOIN payments p ON p.order_id = o.id
                WHERE o.community_id = ? AND NOT p.duplicate
                ORDER BY ob.bill_id""")) {
            s.setString(1, communityId);
            List<Long> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read online payments: " + e.getMessage(), e);
        }
    }
}
