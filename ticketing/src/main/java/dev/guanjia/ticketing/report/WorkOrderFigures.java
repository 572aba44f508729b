package dev.guanjia.ticketing.report;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Work-order figures of one community and period (orders created in it, cancelled ones left out),
 * for the supervisor's report: straight from the orders and their events, nothing pre-aggregated.
 * An order counts as completed once it reached pending acceptance or closed; its time to complete
 * runs from creation to the first of those.
 */
public final class WorkOrderFigures {

    /** Orders created, completed, and mean hours to complete (null when none completed). */
    public record Totals(int created, int completed, Double meanHoursToComplete) {
    }

    public record CategoryTotals(String category, Totals totals) {
    }

    /** One SLA stage (response, start, resolve): orders with that deadline, and those that met it. */
    public record Stage(String stage, int total, int met) {
    }

    /** Residents' ratings of orders created in the period. */
    public record Ratings(int count, Double mean) {
    }

    /** Orders per house (null: common areas, no house) and category. */
    public record HouseCount(Long houseId, String category, int count) {
    }

    public static final List<String> STAGES = List.of("response", "start", "resolve");

    private static final String ORDERS = """
            FROM work_orders w WHERE w.community_id = ? AND w.created_at >= ? AND w.created_at < ?
              AND w.status <> 'cancelled'""";
    private static final String DONE_AT = "coalesce((SELECT min(e.at) FROM work_order_events e WHERE "
            + "e.work_order_id = w.id AND e.to_status IN ('pending_acceptance', 'closed')), w.closed_at)";
    private static final String TOTALS = "count(*), count(*) FILTER (WHERE w.status IN ('pending_acceptance', "
            + "'closed')), avg(extract(epoch FROM " + DONE_AT + " - w.created_at) / 3600) FILTER (WHERE w.status IN "
            + "('pending_acceptance', 'closed')) ";

    private final DataSource db;

    public WorkOrderFigures(DataSource db) {
        this.db = db;
    }

    public Totals totals(String communityId, Instant from, Instant to) {
        return query("SELECT " + TOTALS + ORDERS, communityId, from, to, rs -> totals(rs, 1)).get(0);
    }

    /** By category, most orders first. */
    public List<CategoryTotals> byCategory(String communityId, Instant from, Instant to) {
        return query("SELECT " + TOTALS + ", w.category " + ORDERS + " GROUP BY w.category ORDER BY 1 DESC, w.category",
                communityId, from, to, rs -> new CategoryTotals(rs.getString(4), totals(rs, 1)));
    }

    /** The three SLA stages in order. */
    public List<Stage> sla(String communityId, Instant from, Instant to) {
        List<Stage> out = new ArrayList<>();
        for (String stage : STAGES) {
            out.addAll(query("SELECT count(*), count(*) FILTER (WHERE NOT w." + stage + "_breached) " + ORDERS
                            + " AND w." + stage + "_due IS NOT NULL", communityId, from, to,
                    rs -> new Stage(stage, rs.getInt(1), rs.getInt(2))));
        }
        return out;
    }

    /** Ratings of orders created in the period, cancelled ones included (a resident may rate those). */
    public Ratings ratings(String communityId, Instant from, Instant to) {
        return query("""
                SELECT count(rating), avg(rating) FROM work_orders
                WHERE community_id = ? AND created_at >= ? AND created_at < ?""", communityId, from, to,
                rs -> new Ratings(rs.getInt(1), dbl(rs, 2))).get(0);
    }

    /** Orders by house and category (the report places houses in buildings). */
    public List<HouseCount> byHouse(String communityId, Instant from, Instant to) {
        return query("SELECT w.house_id, w.category, count(*) " + ORDERS + " GROUP BY 1, 2", communityId, from, to,
                rs -> new HouseCount(rs.getObject(1, Long.class), rs.getString(2), rs.getInt(3)));
    }

    /** The community's orders now in this status, whenever made. */
    public long count(String communityId, String status) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM work_orders WHERE community_id = ? AND status = ?")) {
            s.setString(1, communityId);
            s.setString(2, status);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count work orders: " + e.getMessage(), e);
        }
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, String communityId, Instant from, Instant to, Row<T> row) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, communityId);
            s.setTimestamp(2, Timestamp.from(from));
            s.setTimestamp(3, Timestamp.from(to));
            List<T> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(row.read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot compute work-order figures: " + e.getMessage(), e);
        }
    }

    private static Totals totals(ResultSet rs, int first) throws SQLException {
        return new Totals(rs.getInt(first), rs.getInt(first + 1), dbl(rs, first + 2));
    }

    private static Double dbl(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
