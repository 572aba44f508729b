package dev.guanjia.payments.order;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The orders of one bill, for those who charge a bill of their own (bookings): whether a payment of
 * it is under way, and which settled order paid it, so a refund can name that order.
 */
public final class BillOrders {

    private BillOrders() {
    }

    /** The settled order that paid a bill, and how much of it was that bill's. */
    public record PaidBy(String outTradeNo, long billFen) {
    }

    /** Whether an open order holds the bill (the resident is paying it now), in the caller's transaction. */
    public static boolean paying(Connection c, long billId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT 1 FROM payment_order_bills ob JOIN payment_orders o ON o.id = ob.order_id
                 WHERE ob.bill_id = ? AND ob.held AND o.state = 'open'""")) {
            s.setLong(1, billId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The paid order that settled the bill (not a duplicate one), if any. */
    public static Optional<PaidBy> paidBy(Connection c, long billId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT o.out_trade_no, ob.amount_fen
                  FROM payment_order_bills ob JOIN payment_orders o ON o.id = ob.order_id
                  JOIN payments p ON p.order_id = o.id
                 WHERE ob.bill_id = ? AND o.state = 'paid' AND NOT p.duplicate
                 ORDER BY p.settled_at LIMIT 1""")) {
            s.setLong(1, billId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new PaidBy(rs.getString(1), rs.getLong(2))) : Optional.empty();
            }
        }
    }
}
