package dev.guanjia.channels.dashboard;

import dev.guanjia.channels.auth.Authentication;
import dev.guanjia.community.billing.BillFigures;
import dev.guanjia.community.refusal.Refusal;
import dev.guanjia.community.session.Caller;
import dev.guanjia.payments.figures.PaymentFigures;
import dev.guanjia.payments.reconcile.Finding;
import dev.guanjia.payments.reconcile.ReconciliationRecords;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The supervisor's money figures for their community: the collection rate (收缴率) for the community,
 * each building and each due month, the share paid online through Guanjia, the ageing of arrears,
 * and what the daily reconciliation with WeChat Pay found. Each as JSON (amounts in yuan as decimal
 * strings, "1180.00", so no float rounds them) and as CSV (UTF-8 with a byte-order mark, so Excel
 * reads the Chinese).
 * <pre>
 * curl -s -H "Authorization: Bearer $SUPERVISOR" 'localhost:8080/api/v1/dashboard/collection/rates?from=2026-01&to=2026-12'
 * curl -s -H "Authorization: Bearer $SUPERVISOR" localhost:8080/api/v1/dashboard/collection/ageing.csv
 * curl -s -H "Authorization: Bearer $SUPERVISOR" 'localhost:8080/api/v1/dashboard/collection/findings?from=2026-11-01'
 * curl -s -H "Authorization: Bearer $SUPERVISOR" -d '{"note":"已与微信支付核实，原路退款"}' \
 *      localhost:8080/api/v1/dashboard/collection/findings/12/resolve
 * </pre>
 */
public final class CollectionService implements HttpService {

    private static final String[] ROLES = {"supervisor", "admin"};

    private final BillFigures bills;
    private final PaymentFigures payments;
    private final ReconciliationRecords reconciliation;
    private final Authentication auth;
    private final Clock clock;
    private final Function<String, ZoneId> zones;

    /** @param zones each community's local time: what "today" and "this month" are */
    public CollectionService(BillFigures bills, PaymentFigures payments, ReconciliationRecords reconciliation,
                             Authentication auth, Clock clock, Function<String, ZoneId> zones) {
        this.bills = bills;
        this.payments = payments;
        this.reconciliation = reconciliation;
        this.auth = auth;
        this.clock = clock;
        this.zones = zones;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/rates", this::ratesJson)
                .get("/rates.csv", this::ratesCsv)
                .get("/ageing", this::ageingJson)
                .get("/ageing.csv", this::ageingCsv)
                .get("/findings", this::findingsJson)
                .get("/findings.csv", this::findingsCsv)
                .post("/findings/{id}/resolve", this::resolve);
    }

    /** The collection rate with the online share, for the months asked (default the last twelve). */
    record Rates(BillFigures.CollectionRates collection, BillFigures.Rate online) {
    }

    private Optional<Rates> rates(ServerRequest req, ServerResponse res) {
        Optional<Caller> me = auth.requireStaff(req, res, ROLES);
        if (me.isEmpty()) {
            return Optional.empty();
        }
        String community = me.get().communityId();
        YearMonth now = YearMonth.now(clock.withZone(zones.apply(community)));
        YearMonth from;
        YearMonth to;
        try {
            to = req.query().first("to").map(YearMonth::parse).orElse(now);
            from = req.query().first("from").map(YearMonth::parse).orElse(to.minusMonths(11));
        } catch (DateTimeParseException e) {
            res.status(Status.BAD_REQUEST_400).send(Map.of("error", "bad_month", "message", "月份格式应为 2026-11。"));
            return Optional.empty();
        }
        if (to.isBefore(from) || ChronoUnit.MONTHS.between(from, to) > 35) {
            res.status(Status.BAD_REQUEST_400).send(Map.of("error", "bad_period",
                    "message", "统计区间需要开始月份不晚于结束月份，且不超过三年。"));
            return Optional.empty();
        }
        BillFigures.CollectionRates c = bills.collection(community, from, to);
        return Optional.of(new Rates(c, bills.paidAmong(community, from, to, payments.billsPaidOnline(community))));
    }

    private void ratesJson(ServerRequest req, ServerResponse res) {
        rates(req, res).ifPresent(r -> {
            BillFigures.CollectionRates c = r.collection();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("communityId", c.communityId());
            out.put("from", c.from().toString());
            out.put("to", c.to().toString());
            out.put("community", rate(c.community()));
            out.put("buildings", c.buildings().stream().map(CollectionService::rate).toList());
            out.put("months", c.months().stream().map(CollectionService::rate).toList());
            Map<String, Object> online = new LinkedHashMap<>();
            online.put("bills", r.online().paidBills());
            online.put("collected", r.online().collected().toPlainString());
            online.put("share", share(r.online().collected(), c.community().collected()));
            out.put("online", online);
            out.put("definition", "收缴率 = 到期月份在区间内的账单中已缴金额 ÷ 应收金额；线上缴费占比 = 经管家微信支付缴清的金额 ÷ 已缴金额。");
            res.send(out);
        });
    }

    private static Map<String, Object> rate(BillFigures.Rate r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", r.key());
        m.put("label", r.label());
        m.put("bills", r.bills());
        m.put("paidBills", r.paidBills());
        m.put("billed", r.billed().toPlainString());
        m.put("collected", r.collected().toPlainString());
        m.put("rate", r.rate());
        return m;
    }

    private static Double share(BigDecimal part, BigDecimal whole) {
        return whole.signum() == 0 ? null : part.divide(whole, 6, RoundingMode.HALF_EVEN).doubleValue();
    }

    private void ratesCsv(ServerRequest req, ServerResponse res) {
        rates(req, res).ifPresent(r -> {
            BillFigures.CollectionRates c = r.collection();
            StringBuilder out = new StringBuilder("范围,编号,名称,账单数,已缴账单数,应收金额(元),实收金额(元),收缴率\n");
            rateRow(out, "小区", c.community(), c.communityId(), c.from() + "至" + c.to());
            c.buildings().forEach(b -> rateRow(out, "楼栋", b, b.key(), b.label()));
            c.months().forEach(m -> rateRow(out, "到期月份", m, m.key(), m.label()));
            row(out, "线上缴费", "online", "经管家微信支付缴清", "", String.valueOf(r.online().paidBills()), "",
                    r.online().collected().toPlainString(), ratio(share(r.online().collected(), c.community().collected())));
            csv(res, "collection-" + c.communityId() + ".csv", out);
        });
    }

    private static void rateRow(StringBuilder out, String scope, BillFigures.Rate r, String key, String label) {
        row(out, scope, key, label, String.valueOf(r.bills()), String.valueOf(r.paidBills()),
                r.billed().toPlainString(), r.collected().toPlainString(), ratio(r.rate()));
    }

    private static String ratio(Double r) {
        return r == null ? "" : String.format(Locale.ROOT, "%.4f", r);
    }

    private Optional<Map.Entry<String, List<BillFigures.Bucket>>> ageing(ServerRequest req, ServerResponse res) {
        return auth.requireStaff(req, res, ROLES).map(me -> {
            LocalDate today = LocalDate.now(clock.withZone(zones.apply(me.communityId())));
            return Map.entry(me.communityId(), bills.ageing(me.communityId(), today));
        });
    }

    private void ageingJson(ServerRequest req, ServerResponse res) {
        ageing(req, res).ifPresent(a -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("communityId", a.getKey());
            out.put("today", LocalDate.now(clock.withZone(zones.apply(a.getKey()))).toString());
            out.put("buckets", a.getValue().stream().map(b -> Map.of("key", b.key(), "label", b.label(),
                    "bills", b.bills(), "amount", b.amount().toPlainString())).toList());
            res.send(out);
        });
    }

    private void ageingCsv(ServerRequest req, ServerResponse res) {
        ageing(req, res).ifPresent(a -> {
            StringBuilder out = new StringBuilder("账龄,编号,账单数,欠费金额(元)\n");
            a.getValue().forEach(b -> row(out, b.label(), b.key(), String.valueOf(b.bills()), b.amount().toPlainString()));
            csv(res, "arrears-" + a.getKey() + ".csv", out);
        });
    }

    private record Findings(String communityId, LocalDate from, LocalDate to, List<Finding> findings) {
    }

    private Optional<Findings> findings(ServerRequest req, ServerResponse res) {
        Optional<Caller> me = auth.requireStaff(req, res, ROLES);
        if (me.isEmpty()) {
            return Optional.empty();
        }
        String community = me.get().communityId();
        LocalDate today = LocalDate.now(clock.withZone(zones.apply(community)));
        LocalDate from;
        LocalDate to;
        try {
            to = req.query().first("to").map(LocalDate::parse).orElse(today);
            from = req.query().first("from").map(LocalDate::parse).orElse(to.minusDays(30));
        } catch (DateTimeParseException e) {
            res.status(Status.BAD_REQUEST_400).send(Map.of("error", "bad_date", "message", "日期格式应为 2026-11-01。"));
            return Optional.empty();
        }
        if (to.isBefore(from) || ChronoUnit.DAYS.between(from, to) > 366) {
            res.status(Status.BAD_REQUEST_400).send(Map.of("error", "bad_period",
                    "message", "统计区间需要开始日期不晚于结束日期，且不超过一年。"));
            return Optional.empty();
        }
        return Optional.of(new Findings(community, from, to, reconciliation.findings(community, from, to)));
    }

    private void findingsJson(ServerRequest req, ServerResponse res) {
        findings(req, res).ifPresent(f -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("from", f.from().toString());
            out.put("to", f.to().toString());
            out.put("findings", f.findings().stream().map(CollectionService::finding).toList());
            // the last runs show whether the daily job ran and why one failed (a download refused)
            out.put("runs", reconciliation.runs(10).stream().map(CollectionService::run).toList());
            res.send(out);
        });
    }

    private static Map<String, Object> finding(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("day", f.day().toString());
        m.put("kind", f.kind().code());
        m.put("label", f.kind().label());
        m.put("outTradeNo", f.outTradeNo());
        m.put("transactionId", f.transactionId());
        m.put("outRefundNo", f.outRefundNo());
        m.put("wechatYuan", plain(yuan(f.wechatFen())));
        m.put("ourYuan", plain(yuan(f.ourFen())));
        m.put("foundAt", f.foundAt().toString());
        m.put("status", f.status());
        return m;
    }

    private static final int MAX_NOTE_BYTES = 4_000;

    /**
     * A supervisor settled a finding outside Guanjia and says what was done (the note is required
     * and audited); nothing else changes, and a re-run of the day does not raise it again.
     */
    private void resolve(ServerRequest req, ServerResponse res) {
        Optional<Caller> me = auth.requireStaff(req, res, ROLES);
        if (me.isEmpty()) {
            return;
        }
        long id;
        try {
            id = Long.parseLong(req.path().pathParameters().get("id"));
        } catch (NumberFormatException e) {
            throw new Refusal(Refusal.Reason.NOT_FOUND, "not_found", "没有找到这条对账差异。");
        }
        String note;
        try {
            byte[] raw = req.content().inputStream().readNBytes(MAX_NOTE_BYTES + 1);
            if (raw.length > MAX_NOTE_BYTES) {
                throw new Refusal(Refusal.Reason.INVALID, "too_large", "内容太长了。");
            }
            com.fasterxml.jackson.databind.JsonNode n = raw.length == 0 ? null
                    : dev.guanjia.channels.json.JsonBody.parse(raw).get("note");
            note = n == null || n.isNull() ? "" : n.asText().strip();
        } catch (java.io.IOException e) {
            throw new Refusal(Refusal.Reason.INVALID, "bad_json", "请求格式不正确。");
        }
        if (note.isEmpty()) {
            throw new Refusal(Refusal.Reason.INVALID, "note_missing", "请写明处理情况（例如已退款、已与微信支付核实）。");
        }
        if (!reconciliation.resolve(id, me.get().communityId(), me.get().actor(), note)) {
            throw new Refusal(Refusal.Reason.NOT_FOUND, "not_found", "没有找到这条待处理的对账差异。");
        }
        res.send(Map.of("id", id, "status", "resolved"));
    }

    private static Map<String, Object> run(ReconciliationRecords.Run r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("day", r.day().toString());
        m.put("startedAt", r.startedAt().toString());
        m.put("finishedAt", r.finishedAt() == null ? null : r.finishedAt().toString());
        m.put("trigger", r.trigger());
        m.put("billRows", r.billRows());
        m.put("findings", r.findings());
        m.put("error", r.error());
        return m;
    }

    private static String plain(BigDecimal v) {
        return v == null ? null : v.toPlainString();
    }

    private static BigDecimal yuan(Long fen) {
        return fen == null ? null : BigDecimal.valueOf(fen, 2);
    }

    private void findingsCsv(ServerRequest req, ServerResponse res) {
        findings(req, res).ifPresent(f -> {
            StringBuilder out = new StringBuilder(
                    "账单日,类型,编号,商户订单号,微信支付单号,商户退款单号,微信金额(元),本系统金额(元),发现时间,状态\n");
            for (Finding x : f.findings()) {
                BigDecimal w = yuan(x.wechatFen());
                BigDecimal o = yuan(x.ourFen());
                row(out, x.day().toString(), x.kind().label(), x.kind().code(), x.outTradeNo(), nz(x.transactionId()),
                        nz(x.outRefundNo()), w == null ? "" : w.toPlainString(), o == null ? "" : o.toPlainString(),
                        x.foundAt().toString(), "open".equals(x.status()) ? "待处理" : "已处理");
            }
            csv(res, "reconciliation-" + f.communityId() + ".csv", out);
        });
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static void row(StringBuilder out, String... cells) {
        for (int i = 0; i < cells.length; i++) {
            out.append(i == 0 ? "" : ",").append(Csv.cell(cells[i]));
        }
        out.append('\n');
    }

    private static void csv(ServerResponse res, String filename, StringBuilder body) {
        res.header(HeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8")
                .header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"");
        // a byte-order mark, so spreadsheet programs read the Chinese as UTF-8
        res.send(("\uFEFF" + body).getBytes(StandardCharsets.UTF_8));
    }
}
