package dev.guanjia.desk.reporting;

import dev.guanjia.community.category.ServiceCategory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Computes the supervisor's figures straight from the system of record: conversations (started in
 * the period), work orders (created in the period) and messages. Nothing is pre-aggregated, so a
 * figure can always be traced to the rows behind it.
 */
public final class KpiReport {

    private static final Map<String, String> INTENTS = Map.of("bill", "账单查询", "repair", "报修",
            "status", "工单进度", "cancel", "取消工单", "rate", "评价", "complaint", "投诉", "handoff", "要求人工",
            "knowledge", "政策咨询", "greeting", "问候");

    private final DataSource db;
    private final java.util.function.Function<String, ZoneId> zones;

    /** @param zones each community's local time, which the hours of the day are counted in */
    public KpiReport(DataSource db, java.util.function.Function<String, ZoneId> zones) {
        this.db = db;
        this.zones = zones;
    }

    public Kpis compute(String communityId, Instant from, Instant to) {
        try (Connection c = db.getConnection()) {
            Q q = new Q(c, communityId, from, to);
            return new Kpis(communityId, from, to, conversations(q), containment(q), botFirstResponse(q),
                    q.seconds("""
                            SELECT extract(epoch FROM first_agent_reply_at - queued_at) FROM conversations
                            WHERE community_id = ? AND started_at >= ? AND started_at < ?
                              AND first_agent_reply_at IS NOT NULL AND queued_at IS NOT NULL"""),
                    q.seconds("""
                            SELECT extract(epoch FROM claimed_at - queued_at) FROM conversations
                            WHERE community_id = ? AND started_at >= ? AND started_at < ?
                              AND claimed_at IS NOT NULL AND queued_at IS NOT NULL"""),
                    q.count("""
                            SELECT count(*) FROM conversations WHERE community_id = ? AND started_at >= ?
                              AND started_at < ? AND wait_breached_at IS NOT NULL"""),
                    workOrders(q), byCategory(q), sla(q), satisfaction(q), hotSpots(q), hours(q));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot compute KPIs: " + e.getMessage(), e);
        }
    }

    // conversations that said more than hello
    private static final String COUNTED = """
            FROM conversations cv WHERE cv.community_id = ? AND cv.started_at >= ? AND cv.started_at < ?
              AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = cv.id AND m.direction = 'in')
              AND coalesce(cv.intent, '') <> 'greeting'""";
    private static final String CONTAINED = "NOT cv.handed_off AND NOT EXISTS "
            + "(SELECT 1 FROM callbacks cb WHERE cb.conversation_id = cv.id)";

    private Kpis.Conversations conversations(Q q) throws SQLException {
        int callbacks = q.count("""
                SELECT count(*) FROM callbacks cb JOIN conversations cv ON cv.id = cb.conversation_id
                WHERE cv.community_id = ? AND cv.started_at >= ? AND cv.started_at < ?""");
        try (ResultSet rs = q.run("SELECT count(*), count(*) FILTER (WHERE cv.handed_off), count(*) FILTER (WHERE "
                + CONTAINED + ") " + COUNTED, q.community, q.from, q.to)) {
            rs.next();
            int total = rs.getInt(1);
            return new Kpis.Conversations(total, rs.getInt(2), rs.getInt(3), ratio(rs.getInt(3), total),
                    ratio(rs.getInt(2), total), callbacks);
        }
    }

    private List<Kpis.IntentContainment> containment(Q q) throws SQLException {
        List<Kpis.IntentContainment> out = new ArrayList<>();
        try (ResultSet rs = q.run("SELECT coalesce(cv.intent, 'unknown'), count(*), count(*) FILTER (WHERE "
                + CONTAINED + ") " + COUNTED + " GROUP BY 1 ORDER BY 2 DESC, 1", q.community, q.from, q.to)) {
            while (rs.next()) {
                String intent = rs.getString(1);
                out.add(new Kpis.IntentContainment(intent, INTENTS.getOrDefault(intent, "未分类"), rs.getInt(2),
                        rs.getInt(3), ratio(rs.getInt(3), rs.getInt(2))));
            }
        }
        return out;
    }

    /** From each resident message to the next message sent back (by the bot or a person). */
    private Kpis.Seconds botFirstResponse(Q q) throws SQLException {
        return q.seconds("""
                SELECT extract(epoch FROM (SELECT min(o.at) FROM messages o WHERE o.conversation_id = i.conversation_id
                                             AND o.direction = 'out' AND o.id > i.id) - i.at)
                FROM messages i JOIN conversations cv ON cv.id = i.conversation_id
                WHERE cv.community_id = ? AND i.at >= ? AND i.at < ? AND i.direction = 'in'
                  AND EXISTS (SELECT 1 FROM messages o WHERE o.conversation_id = i.conversation_id
                              AND o.direction = 'out' AND o.id > i.id)""");
    }

    private static final String ORDERS = """
            FROM work_orders w WHERE w.community_id = ? AND w.created_at >= ? AND w.created_at < ?
              AND w.status <> 'cancelled'""";
    private static final String DONE_AT = "coalesce((SELECT min(e.at) FROM work_order_events e WHERE "
            + "e.work_order_id = w.id AND e.to_status IN ('pending_acceptance', 'closed')), w.closed_at)";

    private Kpis.WorkOrders workOrders(Q q) throws SQLException {
        try (ResultSet rs = q.run("SELECT count(*), count(*) FILTER (WHERE w.status IN ('pending_acceptance', 'closed')), "
                + "avg(extract(epoch FROM " + DONE_AT + " - w.created_at) / 3600) FILTER (WHERE w.status IN "
                + "('pending_acceptance', 'closed')) " + ORDERS, q.community, q.from, q.to)) {
            rs.next();
            return new Kpis.WorkOrders(rs.getInt(1), rs.getInt(2), ratio(rs.getInt(2), rs.getInt(1)), dbl(rs, 3));
        }
    }

    private List<Kpis.CategoryOrders> byCategory(Q q) throws SQLException {
        List<Kpis.CategoryOrders> out = new ArrayList<>();
        try (ResultSet rs = q.run("SELECT w.category, count(*), count(*) FILTER (WHERE w.status IN "
                + "('pending_acceptance', 'closed')), avg(extract(epoch FROM " + DONE_AT + " - w.created_at) / 3600) "
                + "FILTER (WHERE w.status IN ('pending_acceptance', 'closed')) " + ORDERS
                + " GROUP BY 1 ORDER BY 2 DESC, 1", q.community, q.from, q.to)) {
            while (rs.next()) {
                out.add(new Kpis.CategoryOrders(rs.getString(1), label(rs.getString(1)), rs.getInt(2), rs.getInt(3),
                        ratio(rs.getInt(3), rs.getInt(2)), dbl(rs, 4)));
            }
        }
        return out;
    }

    private List<Kpis.SlaStage> sla(Q q) throws SQLException {
        List<Kpis.SlaStage> out = new ArrayList<>();
        for (String[] stage : new String[][]{{"response", "响应"}, {"start", "上门/开工"}, {"resolve", "完成"}}) {
            try (ResultSet rs = q.run("SELECT count(*), count(*) FILTER (WHERE NOT w." + stage[0] + "_breached) "
                    + ORDERS + " AND w." + stage[0] + "_due IS NOT NULL", q.community, q.from, q.to)) {
                rs.next();
                out.add(new Kpis.SlaStage(stage[0], stage[1], rs.getInt(1), rs.getInt(2),
                        ratio(rs.getInt(2), rs.getInt(1))));
            }
        }
        return out;
    }

    private Kpis.Satisfaction satisfaction(Q q) throws SQLException {
        try (ResultSet rs = q.run("""
                SELECT (SELECT count(csat) FROM conversations WHERE community_id = ? AND started_at >= ? AND started_at < ?),
                       (SELECT avg(csat) FROM conversations WHERE community_id = ? AND started_at >= ? AND started_at < ?),
                       (SELECT count(rating) FROM work_orders WHERE community_id = ? AND created_at >= ? AND created_at < ?),
                       (SELECT avg(rating) FROM work_orders WHERE community_id = ? AND created_at >= ? AND created_at < ?)""",
                q.community, q.from, q.to, q.community, q.from, q.to, q.community, q.from, q.to, q.community, q.from,
                q.to)) {
            rs.next();
            return new Kpis.Satisfaction(rs.getInt(1), dbl(rs, 2), rs.getInt(3), dbl(rs, 4));
        }
    }

    /** Work orders by building and category, plus complaint conversations by the resident's building. */
    private List<Kpis.HotSpot> hotSpots(Q q) throws SQLException {
        List<Kpis.HotSpot> out = new ArrayList<>();
        try (ResultSet rs = q.run("""
                SELECT building, category, count(*) FROM (
                    SELECT coalesce(b.code, '公共区域') AS building, w.category AS category
                    FROM work_orders w LEFT JOIN houses h ON h.id = w.house_id LEFT JOIN buildings b ON b.id = h.building_id
                    WHERE w.community_id = ? AND w.created_at >= ? AND w.created_at < ? AND w.status <> 'cancelled'
                    UNION ALL
                    SELECT coalesce((SELECT b.code FROM resident_houses rh JOIN houses h ON h.id = rh.house_id
                                     JOIN buildings b ON b.id = h.building_id WHERE rh.resident_id = cv.resident_id
                                     ORDER BY b.code LIMIT 1), '未知楼栋'), 'complaint'
                    FROM conversations cv WHERE cv.community_id = ? AND cv.started_at >= ? AND cv.started_at < ?
                      AND (cv.intent = 'complaint' OR cv.handoff_reason = 'complaint')) x
                GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT 10""",
                q.community, q.from, q.to, q.community, q.from, q.to)) {
            while (rs.next()) {
                out.add(new Kpis.HotSpot(rs.getString(1), rs.getString(2), label(rs.getString(2)), rs.getInt(3)));
            }
        }
        return out;
    }

    private int[] hours(Q q) throws SQLException {
        int[] out = new int[24];
        try (ResultSet rs = q.run("""
                SELECT extract(hour FROM m.at AT TIME ZONE ?)::int, count(*) FROM messages m
                JOIN conversations cv ON cv.id = m.conversation_id
                WHERE m.direction = 'in' AND cv.community_id = ? AND m.at >= ? AND m.at < ? GROUP BY 1""",
                zones.apply(q.community).getId(), q.community, q.from, q.to)) {
            while (rs.next()) {
                out[rs.getInt(1)] = rs.getInt(2);
            }
        }
        return out;
    }

    private static String label(String category) {
        return ServiceCategory.ofCode(category).map(ServiceCategory::label).orElse(category);
    }

    private static Double ratio(int part, int whole) {
        return whole == 0 ? null : (double) part / whole;
    }

    private static Double dbl(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    /** The connection and period every query of one report shares. */
    private static final class Q {
        final Connection c;
        final String community;
        final Timestamp from;
        final Timestamp to;

        Q(Connection c, String community, Instant from, Instant to) {
            this.c = c;
            this.community = community;
            this.from = Timestamp.from(from);
            this.to = Timestamp.from(to);
        }

        ResultSet run(String sql, Object... params) throws SQLException {
            PreparedStatement s = c.prepareStatement(sql);
            s.closeOnCompletion();
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            return s.executeQuery();
        }

        int count(String sql) throws SQLException {
            try (ResultSet rs = run(sql, community, from, to)) {
                rs.next();
                return rs.getInt(1);
            }
        }

        /** Statistics of a one-column query over (community, from, to). */
        Kpis.Seconds seconds(String sql) throws SQLException {
            try (ResultSet rs = run("SELECT count(v), avg(v), percentile_cont(0.5) WITHIN GROUP (ORDER BY v), "
                    + "percentile_cont(0.9) WITHIN GROUP (ORDER BY v) FROM (" + sql + ") AS t(v)", community, from, to)) {
                rs.next();
                return new Kpis.Seconds(rs.getInt(1), dbl(rs, 2), dbl(rs, 3), dbl(rs, 4));
            }
        }
    }
}
