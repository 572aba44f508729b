package dev.guanjia.community.billing;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Reads the bills of houses. Callers decide whose houses; this class only reads what it is given. */
public final class Bills {

    private final DataSource db;

    public Bills(DataSource db) {
        this.db = db;
    }

    /** An unpaid bill with the database ids of itself and its house (for payment reminders). */
    public record Outstanding(long id, long houseId, Bill bill) {
    }

    /**
     * The community's bills not paid yet and due on or before the day, oldest due first, in the
     * caller's connection (and transaction).
     */
    public static List<Outstanding> outstandingDueBy(Connection c, String communityId, LocalDate dueBy)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT + """
                 WHERE b.community_id = ? AND b.status <> 'paid' AND b.due <= ?
                ORDER BY b.due, h.code, f.code""")) {
            s.setString(1, communityId);
            s.setObject(2, dueBy);
            List<Outstanding> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Outstanding(rs.getLong("id"), rs.getLong("house_id"), bill(rs)));
                }
            }
            return out;
        }
    }

    private static final String SELECT = """
            SELECT b.code, h.code, f.code, f.name, b.period, b.amount, b.due, b.status, b.paid_at,
                   f.unit_price, f.unit, f.basis, f.cycle, h.area_m2, b.id, b.house_id
            FROM bills b JOIN houses h ON h.id = b.house_id JOIN fee_items f ON f.id = b.fee_item_id""";

    private static Bill bill(ResultSet rs) throws SQLException {
        return new Bill(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getBigDecimal(6), rs.getDate(7).toLocalDate(), rs.getString(8),
                rs.getDate(9) == null ? null : rs.getDate(9).toLocalDate(), rs.getBigDecimal(10),
                rs.getString(11), rs.getString(12), rs.getString(13), rs.getBigDecimal(14));
    }

    /** Bills of these houses (database ids), newest period first. */
    public List<Bill> ofHouses(List<Long> houseIds) {
        if (houseIds.isEmpty()) {
            return List.of();
        }
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT b.code, h.code, f.code, f.name, b.period, b.amount, b.due, b.status, b.paid_at,
                       f.unit_price, f.unit, f.basis, f.cycle, h.area_m2
                FROM bills b JOIN houses h ON h.id = b.house_id JOIN fee_items f ON f.id = b.fee_item_id
                WHERE b.house_id = ANY (?) ORDER BY h.code, b.due DESC, f.code""")) {
            s.setArray(1, c.createArrayOf("bigint", houseIds.toArray()));
            List<Bill> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Bill(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getBigDecimal(6), rs.getDate(7).toLocalDate(), rs.getString(8),
                            rs.getDate(9) == null ? null : rs.getDate(9).toLocalDate(), rs.getBigDecimal(10),
                            rs.getString(11), rs.getString(12), rs.getString(13), rs.getBigDecimal(14)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read bills: " + e.getMessage(), e);
        }
    }
}
