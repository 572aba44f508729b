package dev.guanjia.desk.reporting;

import dev.guanjia.community.category.ServiceCategory;
import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.community.resident.ResidentDirectory;
import dev.guanjia.ticketing.complaint.ComplaintFigures;
import dev.guanjia.ticketing.report.WorkOrderFigures;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes the supervisor's figures straight from the system of record: conversations (started in
 * the period) and messages here, work orders (created in the period) from the ticketing module's
 * figures, buildings from the community module. Nothing is pre-aggregated, so a figure can always
 * be traced to the rows behind it.
 */
public final class KpiReport {

    private static final Map<String, String> INTENTS = Map.of("bill", "账单查询", "repair", "报修",
            "status", "工单进度", "cancel", "取消工单", "rate", "评价", "complaint", "投诉", "handoff", "要求人工",
            "knowledge", "政策咨询", "greeting", "问候");

    private final DataSource db;
    private final java.util.function.Function<String, ZoneId> zones;
    private final WorkOrderFigures orders;
    private final ResidentDirectory residents;
    private final ComplaintFigures complaints;
    private final java.time.Clock clock;

    /** @param zones each community's local time, which the hours of the day are counted in */
    public KpiReport(DataSource db, java.util.function.Function<String, ZoneId> zones, ResidentDirectory residents) {
        this(db, zones, residents, java.time.Clock.systemUTC());
    }

    /** @param clock the service's clock: which complaint deadlines have passed unanswered */
    public KpiReport(DataSource db, java.util.function.Function<String, ZoneId> zones, ResidentDirectory residents,
                     java.time.Clock clock) {
        this.db = db;
        this.zones = zones;
        this.orders = new WorkOrderFigures(db);
        this.complaints = new ComplaintFigures(db);
        this.residents = residents;
        this.clock = clock;
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
                    workOrders(communityId, from, to), byCategory(communityId, from, to), sla(communityId, from, to),
                    satisfaction(q, communityId, from, to), hotSpots(q, communityId, from, to), hours(q),
                    complaints(communityId, from, to));
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

    private Kpis.WorkOrders workOrders(String communityId, Instant from, Instant to) {
        WorkOrderFigures.Totals t = orders.totals(communityId, from, to);
        return new Kpis.WorkOrders(t.created(), t.completed(), ratio(t.completed(), t.created()),
                t.meanHoursToComplete());
    }

    private List<Kpis.CategoryOrders> byCategory(String communityId, Instant from, Instant to) {
        List<Kpis.CategoryOrders> out = new ArrayList<>();
        for (WorkOrderFigures.CategoryTotals c : orders.byCategory(communityId, from, to)) {
            WorkOrderFigures.Totals t = c.totals();
            out.add(new Kpis.CategoryOrders(c.category(), label(c.category()), t.created(), t.completed(),
                    ratio(t.completed(), t.created()), t.meanHoursToComplete()));
        }
        return out;
    }

    private static final Map<String, String> STAGE_LABELS = Map.of("response", "响应", "start", "上门/开工",
            "resolve", "完成");

    private List<Kpis.SlaStage> sla(String communityId, Instant from, Instant to) {
        List<Kpis.SlaStage> out = new ArrayList<>();
        for (WorkOrderFigures.Stage stage : orders.sla(communityId, from, to)) {
            out.add(new Kpis.SlaStage(stage.stage(), STAGE_LABELS.get(stage.stage()), stage.total(), stage.met(),
                    ratio(stage.met(), stage.total())));
        }
        return out;
    }

    private Kpis.Satisfaction satisfaction(Q q, String communityId, Instant from, Instant to) throws SQLException {
        WorkOrderFigures.Ratings ratings = orders.ratings(communityId, from, to);
        try (ResultSet rs = q.run("""
                SELECT count(csat), avg(csat) FROM conversations WHERE community_id = ? AND started_at >= ? AND started_at < ?""",
                q.community, q.from, q.to)) {
            rs.next();
            return new Kpis.Satisfaction(rs.getInt(1), dbl(rs, 2), ratings.count(), ratings.mean());
        }
    }

    private static final Map<String, String> SUBJECTS = Map.of("staff", "员工", "service", "服务", "neighbour", "邻里",
            "noise", "噪音", "fees", "收费", "other", "其他");

    /** Complaints and suggestions: per subject and building, first answers, deadlines met, 回访. */
    private Kpis.Complaints complaints(String communityId, Instant from, Instant to) {
        ComplaintFigures.Totals t = complaints.totals(communityId, from, to, clock.instant());
        return new Kpis.Complaints(t.complaints(), t.suggestions(), t.firstAnswers(),
                t.meanHoursToFirstAnswer(), t.medianHoursToFirstAnswer(),
                ratio(t.answeredInTime(), t.answerDecided()), ratio(t.closedInTime(), t.closeDecided()),
                t.followUps(), ratio(t.resolved(), t.followUps()), t.meanScore(),
                complaints.bySubject(communityId, from, to).stream().map(c -> new Kpis.ComplaintCount(c.kind(),
                        c.key(), SUBJECTS.getOrDefault(c.key(), c.key()), c.count())).toList(),
                complaints.byBuilding(communityId, from, to).stream().map(c -> new Kpis.ComplaintCount(c.kind(),
                        c.key() == null ? "" : c.key(), c.key() == null ? "公共区域" : c.key() + "幢", c.count())).toList());
    }

    /** Work orders by building and category, plus complaint conversations by the resident's building. */
    private List<Kpis.HotSpot> hotSpots(Q q, String communityId, Instant from, Instant to) throws SQLException {
        // (building, category) → count, from the orders' houses and the complaining residents' homes
        Map<List<String>, Integer> counts = new LinkedHashMap<>();
        List<WorkOrderFigures.HouseCount> byHouse = orders.byHouse(communityId, from, to);
        Map<Long, String> houseBuildings = residents.buildingsOfHouses(
                byHouse.stream().map(WorkOrderFigures.HouseCount::houseId).toList());
        for (WorkOrderFigures.HouseCount h : byHouse) {
            String building = h.houseId() == null ? null : houseBuildings.get(h.houseId());
            counts.merge(List.of(building != null ? building : "公共区域", h.category()), h.count(), Integer::sum);
        }
        List<Long> complainers = new ArrayList<>();
        try (ResultSet rs = q.run("""
                SELECT cv.resident_id FROM conversations cv
                WHERE cv.community_id = ? AND cv.started_at >= ? AND cv.started_at < ?
                  AND (cv.intent = 'complaint' OR cv.handoff_reason = 'complaint')""", q.community, q.from, q.to)) {
            while (rs.next()) {
                complainers.add(rs.getObject(1, Long.class));
            }
        }
        Map<Long, String> homes = residents.buildings(complainers);
        for (Long resident : complainers) {
            String building = resident == null ? null : homes.get(resident);
            counts.merge(List.of(building != null ? building : "未知楼栋", "complaint"), 1, Integer::sum);
        }
        // ranked by the database, so ties order by its collation as they always have
        List<String> buildings = new ArrayList<>();
        List<String> categories = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        counts.forEach((k, n) -> {
            buildings.add(k.get(0));
            categories.add(k.get(1));
            numbers.add(n);
        });
        List<Kpis.HotSpot> out = new ArrayList<>();
        try (ResultSet rs = q.run("""
                SELECT building, category, n FROM unnest(?::text[], ?::text[], ?::int[]) AS x(building, category, n)
                ORDER BY 3 DESC, 1, 2 LIMIT 10""", q.c.createArrayOf("text", buildings.toArray()),
                q.c.createArrayOf("text", categories.toArray()), q.c.createArrayOf("integer", numbers.toArray()))) {
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
