package dev.guanjia.community.billing;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
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
     * caller's connection (and transaction). Guanjia's own charges (a booking's fee, which lapses
     * unpaid within minutes) are not reminded of.
     */
    public static List<Outstanding> outstandingDueBy(Connection c, String communityId, LocalDate dueBy)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT + """
                 WHERE b.community_id = ? AND b.status <> 'paid' AND b.due <= ? AND b.origin = 'pack'
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

    /**
     * A bill as payments see it: its database id, whose house, what for, how much and whether it is
     * paid. Amounts in yuan as stored; {@link #amountFen()} for WeChat Pay.
     */
    public record Payable(long id, String code, String communityId, long houseId, String houseCode, String itemName,
                          String period, BigDecimal amount, LocalDate due, boolean paid) {
        public long amountFen() {
            return amount.movePointRight(2).longValueExact();
        }
    }

    private static final String PAYABLE = """
            SELECT b.id, b.code, b.community_id, h.id, h.code, f.name, b.period, b.amount, b.due, b.status = 'paid'
            FROM bills b JOIN houses h ON h.id = b.house_id JOIN fee_items f ON f.id = b.fee_item_id
            """;

    /** The unpaid bills of these houses (database ids), oldest due first. */
    public List<Payable> unpaidOf(List<Long> houseIds) {
        if (houseIds.isEmpty()) {
            return List.of();
        }
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(PAYABLE
                + "WHERE b.house_id = ANY (?) AND b.status <> 'paid' ORDER BY b.due, h.code, f.code, b.id")) {
            s.setArray(1, c.createArrayOf("bigint", houseIds.toArray()));
            return payables(s);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read unpaid bills: " + e.getMessage(), e);
        }
    }

    /** Bills by database id, paid or not, in the caller's transaction (oldest due first). */
    public static List<Payable> byIds(Connection c, Collection<Long> billIds) throws SQLException {
        if (billIds.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement s = c.prepareStatement(PAYABLE + "WHERE b.id = ANY (?) ORDER BY b.due, h.code, f.code, b.id")) {
            s.setArray(1, c.createArrayOf("bigint", billIds.toArray()));
            return payables(s);
        }
    }

    /** The same, each bill's row locked until the caller's transaction ends (settling a payment). */
    public static List<Payable> lockForPayment(Connection c, Collection<Long> billIds) throws SQLException {
        if (billIds.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement s = c.prepareStatement(PAYABLE + "WHERE b.id = ANY (?) ORDER BY b.id FOR UPDATE OF b")) {
            s.setArray(1, c.createArrayOf("bigint", billIds.toArray()));
            return payables(s);
        }
    }

    /**
     * Marks these bills paid on a day, in the caller's transaction (a payment settled with its record
     * and audit entry). Locks them first; refuses, changing nothing, when any is unknown or already paid,
     * so a bill is never marked paid twice.
     */
    public static void markPaid(Connection c, Collection<Long> billIds, LocalDate paidOn) throws SQLException {
        if (billIds.isEmpty()) {
            return;
        }
        Long[] ids = billIds.stream().distinct().sorted().toArray(Long[]::new);
        List<String> paid = new ArrayList<>();
        int found = 0;
        try (PreparedStatement s = c.prepareStatement(
                "SELECT code, status FROM bills WHERE id = ANY (?) ORDER BY id FOR UPDATE")) {
            s.setArray(1, c.createArrayOf("bigint", ids));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found++;
                    if ("paid".equals(rs.getString(2))) {
                        paid.add(rs.getString(1));
                    }
                }
            }
        }
        if (found != ids.length) {
            throw new IllegalStateException((ids.length - found) + " of the bills to mark paid do not exist");
        }
        if (!paid.isEmpty()) {
            throw new IllegalStateException("bills already paid: " + String.join(", ", paid));
        }
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE bills SET status = 'paid', paid_at = ? WHERE id = ANY (?)")) {
            s.setObject(1, paidOn);
            s.setArray(2, c.createArrayOf("bigint", ids));
            s.executeUpdate();
        }
    }

    private static List<Payable> payables(PreparedStatement s) throws SQLException {
        List<Payable> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(new Payable(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getBigDecimal(8), rs.getDate(9).toLocalDate(),
                        rs.getBoolean(10)));
            }
        }
        return out;
    }

    /** The fee item under which Guanjia's own charges (a facility booking's fee) are billed. */
    public static final String SERVICE_ITEM = "guanjia-booking";

    /**
     * Charges a house a one-off amount Guanjia itself asks for (a facility booking's fee), in the
     * caller's transaction, due on {@code due}: an ordinary bill from then on, so it is paid, settled,
     * receipted, reconciled and refunded like any other. A pack re-import leaves it alone.
     * Returns the bill's database id.
     */
    public static long charge(Connection c, String communityId, long houseId, String code, String itemName,
                              String period, BigDecimal amount, LocalDate due) throws SQLException {
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("a charge must be positive: " + amount);
        }
        long item;
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO fee_items (community_id, code, name, unit_price, unit, basis, cycle, origin)
                VALUES (?, ?, ?, ?, '次', 'fixed', 'once', 'service')
                ON CONFLICT (community_id, code) DO UPDATE SET name = excluded.name
                RETURNING id""")) {
            s.setString(1, communityId);
            s.setString(2, SERVICE_ITEM);
            s.setString(3, itemName);
            s.setBigDecimal(4, amount);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                item = rs.getLong(1);
            }
        }
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO bills (community_id, code, house_id, fee_item_id, period, amount, due, status, origin)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'unpaid', 'service') RETURNING id""")) {
            s.setString(1, communityId);
            s.setString(2, code);
            s.setLong(3, houseId);
            s.setLong(4, item);
            s.setString(5, period);
            s.setBigDecimal(6, amount);
            s.setObject(7, due);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Whether a bill is paid, its row locked until the caller's transaction ends; empty when gone. */
    public static java.util.Optional<Boolean> lockPaid(Connection c, long billId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT status = 'paid' FROM bills WHERE id = ? FOR UPDATE")) {
            s.setLong(1, billId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? java.util.Optional.of(rs.getBoolean(1)) : java.util.Optional.empty();
            }
        }
    }

    /**
     * Takes back one of Guanjia's own charges that was never paid (the booking it was for lapsed or
     * was cancelled), in the caller's transaction. Pack bills and paid ones are never removed: false.
     */
    public static boolean withdraw(Connection c, long billId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "DELETE FROM bills WHERE id = ? AND origin = 'service' AND status <> 'paid'")) {
            s.setLong(1, billId);
            return s.executeUpdate() == 1;
        }
    }

    /** Removes every charge Guanjia made itself (evaluation runs start each case from the pack as imported). */
    public static void removeServiceCharges(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM bills WHERE origin = 'service'")) {
            s.executeUpdate();
        }
    }
}
