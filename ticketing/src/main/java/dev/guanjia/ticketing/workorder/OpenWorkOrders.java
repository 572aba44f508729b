package dev.guanjia.ticketing.workorder;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** How many work orders of a community still need someone: neither closed nor cancelled. */
public final class OpenWorkOrders {

    private final DataSource db;

    public OpenWorkOrders(DataSource db) {
        this.db = db;
    }

    public int count(String communityId) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT count(*) FROM work_orders
                WHERE community_id = ? AND status NOT IN ('closed', 'cancelled')""")) {
            s.setString(1, communityId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count open work orders: " + e.getMessage(), e);
        }
    }
}
