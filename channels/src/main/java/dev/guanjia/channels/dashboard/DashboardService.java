package dev.guanjia.channels.dashboard;

import dev.guanjia.desk.reporting.KpiReport;
import dev.guanjia.desk.reporting.Kpis;
import dev.guanjia.channels.auth.Authentication;
import dev.guanjia.community.session.Caller;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The supervisor's figures for their community and a period of days (from and to inclusive,
 * local dates; default the last 7 days): JSON, CSV for a spreadsheet, and SVG charts.
 * <pre>
 * curl -s -H "Authorization: Bearer $SUPERVISOR" 'localhost:8080/api/v1/dashboard/kpis?from=2026-11-01&to=2026-11-30'
 * curl -s -H "Authorization: Bearer $SUPERVISOR" localhost:8080/api/v1/dashboard/kpis.csv
 * curl -s -H "Authorization: Bearer $SUPERVISOR" localhost:8080/api/v1/dashboard/charts/hours.svg
 * </pre>
 */
public final class DashboardService implements HttpService {

    private static final String[] ROLES = {"supervisor", "admin"};
    public static final List<String> CHARTS = List.of("hours", "categories", "containment", "hotspots");

    private final KpiReport report;
    private final Authentication auth;
    private final Clock clock;
    private final java.util.function.Function<String, ZoneId> zones;

    /** @param zones each community's local time: the days a period is made of */
    public DashboardService(KpiReport report, Authentication auth, Clock clock,
                            java.util.function.Function<String, ZoneId> zones) {
        this.report = report;
        this.auth = auth;
        this.clock = clock;
        this.zones = zones;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/kpis", this::json)
                .get("/kpis.csv", this::csv)
                .get("/charts/{name}", this::chart);
    }

    private Optional<Kpis> kpis(ServerRequest req, ServerResponse res) {
        Optional<Caller> me = auth.requireStaff(req, res, ROLES);
        if (me.isEmpty()) {
            return Optional.empty();
        }
        ZoneId zone = zones.apply(me.get().communityId());
        LocalDate today = LocalDate.now(clock.withZone(zone));
        LocalDate from;
        LocalDate to;
        try {
            to = req.query().first("to").map(LocalDate::parse).orElse(today);
            from = req.query().first("from").map(LocalDate::parse).orElse(to.minusDays(6));
        } catch (DateTimeParseException e) {
            res.status(Status.BAD_REQUEST_400).send(Map.of("error", "bad_date", "message", "日期格式应为 2026-11-01。"));
            return Optional.empty();
        }
        if (to.isBefore(from) || ChronoUnit.DAYS.between(from, to) > 366) {
            res.status(Status.BAD_REQUEST_400).send(Map.of("error", "bad_period",
                    "message", "统计区间需要开始日期不晚于结束日期，且不超过一年。"));
            return Optional.empty();
        }
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
        return Optional.of(report.compute(me.get().communityId(), start, end));
    }

    private void json(ServerRequest req, ServerResponse res) {
        kpis(req, res).ifPresent(k -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("kpis", k);
            out.put("containmentDefinition", Kpis.CONTAINMENT_DEFINITION);
            out.put("charts", CHARTS);
            res.send(out);
        });
    }

    private void csv(ServerRequest req, ServerResponse res) {
        kpis(req, res).ifPresent(k -> {
            res.header(HeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8")
                    .header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"kpis-" + k.communityId() + ".csv\"");
            // a byte-order mark, so spreadsheet programs read the Chinese as UTF-8
            res.send(("\uFEFF" + Csv.of(k, zones.apply(k.communityId()))).getBytes(StandardCharsets.UTF_8));
        });
    }

    private void chart(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("name").replaceFirst("\\.svg$", "");
        if (!CHARTS.contains(name)) {
            res.status(Status.NOT_FOUND_404).send(Map.of("error", "not_found", "message", "没有这个图表。"));
            return;
        }
        kpis(req, res).ifPresent(k -> {
            String svg = switch (name) {
                case "hours" -> {
                    List<BarChart.Bar> bars = new ArrayList<>();
                    for (int h = 0; h < 24; h++) {
                        bars.add(new BarChart.Bar(String.valueOf(h), k.messagesByHour()[h],
                                String.valueOf(k.messagesByHour()[h])));
                    }
                    yield BarChart.columns("各时段住户消息数（繁忙时段）", bars);
                }
                case "categories" -> BarChart.rows("各类工单完成率", k.ordersByCategory().stream()
                        .map(c -> new BarChart.Bar(c.label(), c.completionRate() == null ? 0 : c.completionRate(),
                                c.completed() + "/" + c.created() + " " + percent(c.completionRate())
                                        + (c.meanHoursToComplete() == null ? ""
                                        : String.format(Locale.ROOT, " 平均%.1f小时", c.meanHoursToComplete()))))
                        .toList());
                case "containment" -> BarChart.rows("机器人独立解决率（按意图）", k.containmentByIntent().stream()
                        .map(c -> new BarChart.Bar(c.label(), c.rate() == null ? 0 : c.rate(),
                                c.contained() + "/" + c.total() + " " + percent(c.rate())))
                        .toList());
                default -> BarChart.rows("投诉与报修热点（楼栋×类别）", k.hotSpots().stream()
                        .map(h -> new BarChart.Bar(h.building() + "栋 · " + h.label(), h.count(), h.count() + "件"))
                        .toList());
            };
            res.header(HeaderNames.CONTENT_TYPE, "image/svg+xml; charset=utf-8").send(svg);
        });
    }

    static String percent(Double rate) {
        return rate == null ? "—" : String.format(Locale.ROOT, "%.0f%%", rate * 100);
    }
}
