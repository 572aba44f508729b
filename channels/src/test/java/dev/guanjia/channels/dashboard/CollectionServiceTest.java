package dev.guanjia.channels.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.channels.ServedEstate;
import dev.guanjia.community.billing.BillFigures;
import dev.guanjia.payments.figures.PaymentFigures;
import dev.guanjia.payments.reconcile.ReconciliationRecords;
import dev.guanjia.testkit.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The collection figures over real HTTP and PostgreSQL: exact rates and ageing on seeded bills, the
 * online share from seeded payments, reconciliation findings, CSV as Excel needs it, roles.
 */
class CollectionServiceTest {

    private static final String BASE = "/api/v1/dashboard/collection";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServedEstate estate;
    private String supervisor;

    @BeforeEach
    void start() throws Exception {
        estate = new ServedEstate();
        TestDatabase.migrate(estate.db, "payments");
        try (Connection c = estate.db.getConnection(); Statement s = c.createStatement()) {
            // TwoHouseholds has b1 600.00 (1-1-101) and b2 480.00 (1-1-102), both due 2026-12-31 and unpaid
            s.execute("INSERT INTO buildings (community_id, code, name, units, floors, elevators) "
                    + "VALUES ('c1', '2', '2幢', '{1}', 6, 0)");
            s.execute("""
                    INSERT INTO houses (community_id, code, building_id, unit, room, area_m2, house_type)
                    SELECT 'c1', '2-1-201', id, '1', '201', 90.00, 'residential' FROM buildings WHERE code = '2'""");
            s.execute("""
                    INSERT INTO bills (community_id, code, house_id, fee_item_id, period, amount, due, status, paid_at)
                    SELECT 'c1', v.code, h.id, f.id, v.period, v.amount, v.due::date, v.status, v.paid::date
                    FROM (VALUES
                      ('b3', '1-1-101', '2026-Q3', 600.00, '2026-09-30', 'paid', '2026-09-20'),
                      ('b4', '1-1-102', '2026-Q3', 480.00, '2026-09-30', 'paid', '2026-10-01'),
                      ('b5', '2-1-201', '2026-Q3', 300.00, '2026-09-30', 'overdue', NULL),
                      ('b6', '2-1-201', '2026-11', 300.00, '2026-11-15', 'overdue', NULL),
                      ('b7', '2-1-201', '2026-10', 250.00, '2026-10-20', 'overdue', NULL),
                      ('b8', '2-1-201', '2026-Q2', 200.00, '2026-06-30', 'overdue', NULL),
                      ('b9', '1-1-101', '2026-11', 100.00, '2026-11-30', 'paid', '2026-11-28'),
                      ('b10', '2-1-201', '2025-Q2', 999.00, '2025-06-30', 'paid', '2025-06-01'),
                      ('b11', '1-1-102', '2026-10', 50.00, '2026-11-03', 'overdue', NULL),
                      ('b12', '1-1-102', '2026-12', 70.00, '2026-12-03', 'unpaid', NULL),
                      ('b13', '1-1-101', '2026-08', 40.00, '2026-09-04', 'overdue', NULL)
                    ) v(code, house, period, amount, due, status, paid)
                    JOIN houses h ON h.code = v.house JOIN fee_items f ON f.code = 'property'""");
            // b3 paid through Guanjia; b4's payment came after it was paid at the desk (a duplicate);
            // b1 is held by an order still open
            s.execute("""
                    INSERT INTO payment_orders (out_trade_no, community_id, resident_id, channel, trade_type,
                        description, amount_fen, state, expires_at, paid_at, transaction_id) VALUES
                      ('PFonline00001', 'c1', 1, 'wechat', 'JSAPI', '物业费', 60000, 'paid', now(), now(), '4200000001'),
                      ('PFdup00000001', 'c1', 2, 'web', 'NATIVE', '物业费', 48000, 'paid', now(), now(), '4200000002'),
                      ('PFopen0000001', 'c1', 1, 'wechat', 'JSAPI', '物业费', 60000, 'open', now(), NULL, NULL)""");
            s.execute("""
                    INSERT INTO payment_order_bills (order_id, bill_id, bill_code, amount_fen, held)
                    SELECT o.id, b.id, b.code, (b.amount * 100)::bigint, o.state = 'open'
                    FROM (VALUES ('PFonline00001', 'b3'), ('PFdup00000001', 'b4'), ('PFopen0000001', 'b1')) v(no, bill)
                    JOIN payment_orders o ON o.out_trade_no = v.no JOIN bills b ON b.code = v.bill""");
            s.execute("""
                    INSERT INTO payments (order_id, transaction_id, amount_fen, success_time, settled_by, duplicate)
                    SELECT id, transaction_id, amount_fen, now(), 'notify', out_trade_no = 'PFdup00000001'
                    FROM payment_orders WHERE state = 'paid'""");
            s.execute("""
                    INSERT INTO payment_reconcile_runs (day, started_at, finished_at, trigger, bill_rows, findings, error)
                    VALUES ('2026-12-01', '2026-12-02T02:05:00Z', '2026-12-02T02:05:01Z', 'job', 3, 2, NULL),
                           ('2026-12-02', '2026-12-03T02:05:00Z', '2026-12-03T02:05:02Z', 'job', NULL, NULL,
                            'trade bill not downloaded: STATEMENT_CREATING 账单生成中')""");
            s.execute("""
                    INSERT INTO payment_reconcile_findings (day, kind, community_id, out_trade_no, transaction_id,
                        wechat_fen, our_fen, found_at, run_id)
                    SELECT '2026-12-01', v.kind, v.community, v.no, v.tx, v.wechat, v.ours, '2026-12-02T02:05:01Z', r.id
                    FROM (VALUES ('paid_not_marked', 'c1', 'PFopen0000001', '4200000099', 60000, 60000),
                                 ('amount_differs', 'c2', 'PFelsewhere01', '4200000098', 30001, 30000),
                                 ('paid_not_marked', NULL, 'PFunknown0001', '4200000097', 8800, NULL))
                         v(kind, community, no, tx, wechat, ours)
                    JOIN payment_reconcile_runs r ON r.day = '2026-12-01'""");
        }
        Clock clock = Clock.fixed(Instant.parse("2026-12-03T04:00:00Z"), ZoneOffset.UTC); // noon in Beijing
        CollectionService service = new CollectionService(new BillFigures(estate.db), new PaymentFigures(estate.db),
                new ReconciliationRecords(estate.db, clock), estate.auth, clock, id -> ZoneId.of("Asia/Shanghai"));
        estate.serve(r -> r.register(BASE, service));
        supervisor = estate.staff("c1", "s1");
    }

    @AfterEach
    void stop() {
        estate.close();
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> r = estate.get(BASE + path, supervisor);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private static String row(JsonNode n) {
        return n.get("key").asText() + " " + n.get("bills").asInt() + "/" + n.get("paidBills").asInt() + " "
                + n.get("collected").asText() + "/" + n.get("billed").asText()
                + " " + (n.get("rate").isNull() ? "-" : String.format("%.4f", n.get("rate").asDouble()));
    }

    @Test
    void collectionRateForTheCommunityEachBuildingAndEachDueMonth() throws Exception {
        JsonNode r = json("/rates?from=2026-01&to=2026-12");
        assertEquals(" 12/3 1180.00/3470.00 0.3401", row(r.get("community")), "b10 of 2025 is outside the months");
        assertEquals("1 8/3 1180.00/2420.00 0.4876", row(r.get("buildings").get(0)));
        assertEquals("2 4/0 0.00/1050.00 0.0000", row(r.get("buildings").get(1)));
        assertEquals(2, r.get("buildings").size());
        StringBuilder months = new StringBuilder();
        r.get("months").forEach(m -> months.append(row(m)).append("; "));
        assertEquals("2026-06 1/0 0.00/200.00 0.0000; 2026-09 4/2 1080.00/1420.00 0.7606; "
                + "2026-10 1/0 0.00/250.00 0.0000; 2026-11 3/1 100.00/450.00 0.2222; "
                + "2026-12 3/0 0.00/1150.00 0.0000; ", months.toString());
        assertEquals("2026年9月", r.get("months").get(1).get("label").asText());
        // only b3 was paid through Guanjia: the duplicate payment and the open order do not count
        assertEquals(1, r.get("online").get("bills").asInt());
        assertEquals("600.00", r.get("online").get("collected").asText());
        assertEquals(0.508475, r.get("online").get("share").asDouble(), 1e-6);
        // the default is the twelve months up to this one, the same bills here
        assertEquals(" 12/3 1180.00/3470.00 0.3401", row(json("/rates").get("community")));
        assertEquals(" 1/1 999.00/999.00 1.0000", row(json("/rates?from=2025-06&to=2025-06").get("community")));
    }

    @Test
    void arrearsByDaysPastDue() throws Exception {
        JsonNode a = json("/ageing");
        assertEquals("2026-12-03", a.get("today").asText());
        StringBuilder buckets = new StringBuilder();
        a.get("buckets").forEach(b -> buckets.append(b.get("key").asText()).append(' ').append(b.get("bills").asInt())
                .append(' ').append(b.get("amount").asText()).append("; "));
        // due today is not yet due; 30 days past due is still 1–30; 90 days is still 61–90
        assertEquals("not_due 3 1150.00; 1_30 2 350.00; 31_60 1 250.00; 61_90 2 340.00; over_90 1 200.00; ",
                buckets.toString());
    }

    @Test
    void csvDownloadsOpenInExcelWithTheSameFigures() throws Exception {
        HttpResponse<byte[]> r = estate.http().send(estate.request(BASE + "/rates.csv?from=2026-01&to=2026-12",
                supervisor).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertEquals("text/csv; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(r.headers().firstValue("Content-Disposition").orElseThrow().contains("collection-c1.csv"));
        byte[] body = r.body();
        assertEquals(0xEF, body[0] & 0xff);
        assertEquals(0xBB, body[1] & 0xff);
        assertEquals(0xBF, body[2] & 0xff);
        String text = new String(body, 3, body.length - 3, StandardCharsets.UTF_8);
        assertEquals("""
                范围,编号,名称,账单数,已缴账单数,应收金额(元),实收金额(元),收缴率
                小区,c1,2026-01至2026-12,12,3,3470.00,1180.00,0.3401
                楼栋,1,1幢,8,3,2420.00,1180.00,0.4876
                楼栋,2,2幢,4,0,1050.00,0.00,0.0000
                到期月份,2026-06,2026年6月,1,0,200.00,0.00,0.0000
                到期月份,2026-09,2026年9月,4,2,1420.00,1080.00,0.7606
                到期月份,2026-10,2026年10月,1,0,250.00,0.00,0.0000
                到期月份,2026-11,2026年11月,3,1,450.00,100.00,0.2222
                到期月份,2026-12,2026年12月,3,0,1150.00,0.00,0.0000
                线上缴费,online,经管家微信支付缴清,,1,,600.00,0.5085
                """, text);
        String ageing = estate.get(BASE + "/ageing.csv", supervisor).body();
        assertEquals("""
                \uFEFF账龄,编号,账单数,欠费金额(元)
                未到期,not_due,3,1150.00
                逾期1–30天,1_30,2,350.00
                逾期31–60天,31_60,1,250.00
                逾期61–90天,61_90,2,340.00
                逾期90天以上,over_90,1,200.00
                """, ageing);
        String findings = estate.get(BASE + "/findings.csv?from=2026-11-01&to=2026-12-03", supervisor).body();
        assertEquals("""
                \uFEFF账单日,类型,编号,商户订单号,微信支付单号,商户退款单号,微信金额(元),本系统金额(元),发现时间,状态
                2026-12-01,微信已收款，本系统未记为已缴,paid_not_marked,PFopen0000001,4200000099,,600.00,600.00,2026-12-02T02:05:01Z,待处理
                2026-12-01,微信已收款，本系统未记为已缴,paid_not_marked,PFunknown0001,4200000097,,88.00,,2026-12-02T02:05:01Z,待处理
                """, findings, "c2's finding is not c1's; the one of no known order is everyone's");
    }

    @Test
    void findingsWithTheRunsThatShowAFailedDownload() throws Exception {
        JsonNode f = json("/findings?from=2026-11-01");
        assertEquals(2, f.get("findings").size());
        assertEquals("paid_not_marked", f.get("findings").get(0).get("kind").asText());
        assertEquals("600.00", f.get("findings").get(0).get("wechatYuan").asText());
        assertTrue(f.get("runs").get(0).get("error").asText().contains("STATEMENT_CREATING"), f.toString());
        assertEquals(3, f.get("runs").get(1).get("billRows").asInt());
    }

    @Test
    void aSupervisorResolvesAFindingWithANote() throws Exception {
        long own;
        long other;
        try (Connection c = estate.db.getConnection(); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT id, community_id FROM payment_reconcile_findings "
                     + "WHERE community_id IS NOT NULL ORDER BY community_id")) {
            rs.next();
            own = rs.getLong(1);
            rs.next();
            other = rs.getLong(1);
        }
        String path = BASE + "/findings/" + own + "/resolve";
        assertEquals(403, estate.post(path, estate.staff("c1", "a2"), "{\"note\":\"x\"}").statusCode());
        HttpResponse<String> missing = estate.post(path, supervisor, "{\"note\":\"  \"}");
        assertEquals(400, missing.statusCode());
        assertTrue(missing.body().contains("note_missing"), missing.body());
        assertEquals(404, estate.post(BASE + "/findings/" + other + "/resolve", supervisor, "{\"note\":\"x\"}")
                .statusCode(), "another community's finding");
        assertEquals(200, estate.post(path, supervisor, "{\"note\":\"已与微信支付核实，业主已线下缴清\"}").statusCode());
        assertEquals(404, estate.post(path, supervisor, "{\"note\":\"again\"}").statusCode(), "resolved once");
        assertTrue(estate.get(BASE + "/findings.csv?from=2026-11-01", supervisor).body()
                .contains("PFopen0000001,4200000099,,600.00,600.00,2026-12-02T02:05:01Z,已处理"));
        try (Connection c = estate.db.getConnection(); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT resolved_by, note FROM payment_reconcile_findings WHERE id = "
                     + own)) {
            rs.next();
            assertEquals("staff:s1", rs.getString(1));
            assertEquals("已与微信支付核实，业主已线下缴清", rs.getString(2));
        }
    }

    @Test
    void supervisorsAndAdminsOnly() throws Exception {
        try (Connection c = estate.db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO staff (community_id, code, name, role) VALUES ('c1', 'ad', '站长', 'admin')");
        }
        String agent = estate.staff("c1", "a2");
        String technician = estate.staff("c1", "t1");
        String otherAgent = estate.staff("c2", "x1");
        String admin = estate.staff("c1", "ad");
        for (String path : new String[]{"/rates", "/rates.csv", "/ageing", "/ageing.csv", "/findings", "/findings.csv"}) {
            assertEquals(401, estate.get(BASE + path, null).statusCode(), path);
            assertEquals(403, estate.get(BASE + path, estate.resident("r1")).statusCode(), path);
            assertEquals(403, estate.get(BASE + path, agent).statusCode(), path);
            assertEquals(403, estate.get(BASE + path, technician).statusCode(), path);
            assertEquals(403, estate.get(BASE + path, otherAgent).statusCode(), path);
            assertEquals(200, estate.get(BASE + path, supervisor).statusCode(), path);
            assertEquals(200, estate.get(BASE + path, admin).statusCode(), path);
        }
        assertEquals(400, estate.get(BASE + "/rates?from=2026-13", supervisor).statusCode());
        assertEquals(400, estate.get(BASE + "/rates?from=2026-12&to=2026-01", supervisor).statusCode());
        assertEquals(400, estate.get(BASE + "/findings?from=yesterday", supervisor).statusCode());
    }
}
