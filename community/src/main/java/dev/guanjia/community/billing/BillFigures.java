package dev.guanjia.community.billing;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * A community's bills in figures for supervisors: the collection rate (收缴率, collected ÷ billed by
 * amount) of the bills due in a span of months, for the community, each building and each due
 * month, and the ageing of what is still unpaid. A bill counts as collected when it is paid; it
 * belongs to the month it falls due in (periods are written differently from fee to fee: 2026-Q4,
 * 2026-11…, the due date is the same for all).
 */
public final class BillFigures {

    private final DataSource db;

    public BillFigures(DataSource db) {
        this.db = db;
    }

    /** Billed and collected for one group of bills; amounts in yuan. */
    public record Rate(String key, String label, int bills, int paidBills, BigDecimal billed, BigDecimal collected) {

        /** Collected ÷ billed, null when nothing was billed. */
        public Double rate() {
            return billed.signum() == 0 ? null
                    : collected.divide(billed, 6, RoundingMode.HALF_EVEN).doubleValue();
        }
    }

    /** The collection rate of the bills due from {@code from} to {@code to} (months, both included). */
    public record CollectionRates(String communityId, YearMonth from, YearMonth to, Rate community, List<Rate> buildings,
                             List<Rate> months) {
    }

    public CollectionRates collection(String communityId, YearMonth from, YearMonth to) {
        LocalDate start = from.atDay(1);
        LocalDate end = to.plusMonths(1).atDay(1);
        try (Connection c = db.getConnection()) {
            Rate total = rates(c, """
                    SELECT '', '', count(*), count(*) FILTER (WHERE b.status = 'paid'), coalesce(sum(b.amount), 0),
                           coalesce(sum(b.amount) FILTER (WHERE b.status = 'paid'), 0)
                    FROM bills b WHERE b.community_id = ? AND b.due >= ? AND b.due < ?""",
                    communityId, start, end).getFirst();
            List<Rate> buildings = rates(c, """
                    SELECT bu.code, bu.name, count(*), count(*) FILTER (WHERE b.status = 'paid'), sum(b.amount),
                           coalesce(sum(b.amount) FILTER (WHERE b.status = 'paid'), 0)
                    FROM bills b JOIN houses h ON h.id = b.house_id JOIN buildings bu ON bu.id = h.building_id
                    WHERE b.community_id = ? AND b.due >= ? AND b.due < ?
                    GROUP BY bu.code, bu.name ORDER BY bu.code""", communityId, start, end);
            List<Rate> months = rates(c, """
                    SELECT to_char(b.due, 'YYYY-MM'), to_char(b.due, 'YYYY"年"FMMM"月"'), count(*),
                           count(*) FILTER (WHERE b.status = 'paid'), sum(b.amount),
                           coalesce(sum(b.amount) FILTER (WHERE b.status = 'paid'), 0)
                    FROM bills b WHERE b.community_id = ? AND b.due >= ? AND b.due < ?
                    GROUP BY 1, 2 ORDER BY 1""", communityId, start, end);
            return new CollectionRates(communityId, from, to, total, buildings, months);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read bill figures: " + e.getMessage(), e);
        }
    }

    /**
     * The paid bills among these (database ids) that fall due in the span: how much of what was
     * collected came in one way (online payment, say), against {@link CollectionRates#community()}.
     */
    public Rate paidAmong(String communityId, YearMonth from, YearMonth to, java.util.Collection<Long> billIds) {
        try (Connection c = db.getConnection()) {
            return rates(c, """
                    SELECT '', '', count(*), count(*), coalesce(sum(b.amount), 0), coalesce(sum(b.amount), 0)
                    FROM bills b WHERE b.community_id = ? AND b.due >= ? AND b.due < ? AND b.status = 'paid'
                      AND b.id = ANY (?)""", communityId, from.atDay(1), to.plusMonths(1).atDay(1),
                    c.createArrayOf("bigint", billIds.toArray())).getFirst();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read bill figures: " + e.getMessage(), e);
        }
    }

    private static List<Rate> rates(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            List<Rate> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Rate(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4),
                            rs.getBigDecimal(5).setScale(2, RoundingMode.UNNECESSARY),
                            rs.getBigDecimal(6).setScale(2, RoundingMode.UNNECESSARY)));
                }
            }
            return out;
        }
    }

    /** Unpaid bills of one age; {@code key}: not_due, 1_30, 31_60, 61_90, over_90 (days past due). */
    public record Bucket(String key, String label, int bills, BigDecimal amount) {
    }

    private static final String[][] BUCKETS = {{"not_due", "未到期"}, {"1_30", "逾期1–30天"},
            {"31_60", "逾期31–60天"}, {"61_90", "逾期61–90天"}, {"over_90", "逾期90天以上"}};

    /** What is unpaid on {@code today} (the community's own date), by days past its due date; all five buckets. */
    public List<Bucket> ageing(String communityId, LocalDate today) {
        int[] counts = new int[BUCKETS.length];
        BigDecimal[] amounts = new BigDecimal[BUCKETS.length];
        java.util.Arrays.fill(amounts, BigDecimal.ZERO.setScale(2));
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT CASE WHEN b.due >= ? THEN 0 WHEN ?::date - b.due <= 30 THEN 1 WHEN ?::date - b.due <= 60 THEN 2
                            WHEN ?::date - b.due <= 90 THEN 3 ELSE 4 END, count(*), sum(b.amount)
                FROM bills b WHERE b.community_id = ? AND b.status <> 'paid'
                GROUP BY 1""")) {
            for (int i = 1; i <= 4; i++) {
                s.setObject(i, today);
            }
            s.setString(5, communityId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    counts[rs.getInt(1)] = rs.getInt(2);
                    amounts[rs.getInt(1)] = rs.getBigDecimal(3).setScale(2, RoundingMode.UNNECESSARY);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read bill ageing: " + e.getMessage(), e);
        }
        List<Bucket> out = new ArrayList<>();
        for (int i = 0; i < BUCKETS.length; i++) {
            out.add(new Bucket(BUCKETS[i][0], BUCKETS[i][1], counts[i], amounts[i]));
        }
        return out;
    }
}
