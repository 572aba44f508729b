package dev.guanjia.payments.reconcile;

import dev.guanjia.payments.merchant.Merchant;
import dev.guanjia.payments.merchant.MerchantException;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares one day's WeChat Pay trade bill with the payments and refunds recorded here and stores
 * every mismatch as a {@link Finding}. It changes no order, payment or bill: what is wrong is for
 * people to look into. A re-run of a day replaces that day's open findings (resolved ones stay and
 * are not raised again). Every run is recorded, a failed download included.
 * <p>
 * The bill's day is a Beijing calendar day: payments by their success time, refunds by the time
 * WeChat accepted them (our request time). A day without any trade has no bill at WeChat
 * ({@code NO_STATEMENT_EXIST}): it is reconciled as an empty bill, so a payment marked here for that
 * day still shows.
 */
public final class Reconciliation {

    public static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    /** WeChat has the previous day's bill ready from 10:00 Beijing time. */
    public static final LocalTime BILL_READY = LocalTime.of(10, 0);
    /** A failed daily attempt is taken again (by any node) after this long, a few times. */
    static final Duration RETRY_AFTER = Duration.ofMinutes(30);
    static final int MAX_ATTEMPTS = 8;
    /** Days the daily job looks back, so a day missed while no node ran is still reconciled. */
    static final int CATCH_UP_DAYS = 3;
    /** The advisory lock's first key: reconciliation of a day (the second key is the day). */
    private static final int DAY_LOCK = 0x52454331;

    private final DataSource db;
    private final Merchant merchant;
    private final Clock clock;

    public Reconciliation(DataSource db, Merchant merchant, Clock clock) {
        this.db = db;
        this.merchant = merchant;
        this.clock = clock;
    }

    /** What one run found; {@code error} is set when the bill could not be had or read. */
    public record Outcome(long runId, LocalDate day, int billRows, int billPayments, int billRefunds,
                          int ourPayments, int ourRefunds, List<Finding> findings, String billSha1, String error) {

        public boolean failed() {
            return error != null;
        }

        public boolean clean() {
            return error == null && findings.isEmpty();
        }
    }

    /**
     * The daily round: once it is past 10:00 in Beijing, each of the last few days not yet
     * reconciled is claimed (one node wins a day, through its row) and reconciled.
     */
    public List<Outcome> runDaily() {
        OffsetDateTime now = clock.instant().atZone(BEIJING).toOffsetDateTime();
        if (now.toLocalTime().isBefore(BILL_READY)) {
            return List.of();
        }
        List<Outcome> out = new ArrayList<>();
        LocalDate yesterday = now.toLocalDate().minusDays(1);
        for (LocalDate day = yesterday.minusDays(CATCH_UP_DAYS - 1); !day.isAfter(yesterday); day = day.plusDays(1)) {
            if (claim(day)) {
                Outcome o = run(day, "job");
                if (!o.failed()) {
                    markDone(day);
                }
                out.add(o);
            }
        }
        return out;
    }

    /** Takes the day unless it is done, another node took it lately, or it failed too often. */
    boolean claim(LocalDate day) {
        Instant now = clock.instant();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO payment_reconcile_days (day, claimed_at) VALUES (?, ?)
                ON CONFLICT (day) DO UPDATE SET claimed_at = EXCLUDED.claimed_at,
                    attempts = payment_reconcile_days.attempts + 1
                WHERE payment_reconcile_days.done_at IS NULL AND payment_reconcile_days.claimed_at < ?
                  AND payment_reconcile_days.attempts < ?
                RETURNING day""")) {
            s.setObject(1, day);
            s.setTimestamp(2, Timestamp.from(now));
            s.setTimestamp(3, Timestamp.from(now.minus(RETRY_AFTER)));
            s.setInt(4, MAX_ATTEMPTS);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot claim reconciliation day " + day + ": " + e.getMessage(), e);
        }
    }

    private void markDone(LocalDate day) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE payment_reconcile_days SET done_at = ? WHERE day = ?")) {
            s.setTimestamp(1, Timestamp.from(clock.instant()));
            s.setObject(2, day);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot mark reconciliation day " + day + " done: " + e.getMessage(), e);
        }
    }

    /** Reconciles one day now; {@code trigger} is "job" or "cli". */
    public Outcome run(LocalDate day, String trigger) {
        long runId = startRun(day, trigger);
        byte[] bytes;
        TradeBill bill;
        String sha1 = null;
        try (InputStream in = merchant.tradeBill(day)) {
            bytes = in.readAllBytes();
            sha1 = sha1(bytes);
            bill = TradeBill.parse(new ByteArrayInputStream(bytes));
        } catch (MerchantException e) {
            if ("NO_STATEMENT_EXIST".equals(e.code())) {
                bill = new TradeBill(List.of(), new TradeBill.Summary(0, 0, 0, 0, 0));
            } else {
                return failRun(runId, day, null, "trade bill not downloaded: "
                        + (e.code() == null ? "" : e.code() + " ") + e.getMessage());
            }
        } catch (IOException e) {
            return failRun(runId, day, sha1, "trade bill not downloaded: " + e.getMessage());
        } catch (TradeBill.Unreadable e) {
            return failRun(runId, day, sha1, "trade bill unreadable: " + e.getMessage());
        }
        try {
            return compare(runId, day, bill, sha1);
        } catch (RuntimeException e) {
            return failRun(runId, day, sha1, "comparison failed: " + e.getMessage());
        }
    }

    private record Ours(String outTradeNo, String communityId, String state, long orderFen, String transactionId,
                        Long paidFen) {
        boolean marked() {
            return paidFen != null || "paid".equals(state);
        }

        long paid() {
            return paidFen != null ? paidFen : orderFen;
        }
    }

    private record OurRefund(String outRefundNo, String outTradeNo, String communityId, long amountFen, String state) {
    }

    private Outcome compare(long runId, LocalDate day, TradeBill bill, String sha1) {
        Instant from = day.atStartOfDay(BEIJING).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(BEIJING).toInstant();
        OffsetDateTime found = clock.instant().atOffset(ZoneOffset.UTC);
        List<Finding> findings = new ArrayList<>();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                // a command-line run and the job on the same day take turns, so neither doubles the findings
                try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
                    lock.setInt(1, DAY_LOCK);
                    lock.setInt(2, (int) day.toEpochDay());
                    lock.execute();
                }
                // payments: each SUCCESS row against our order of that number, whatever day we have it on
                List<TradeBill.Row> billPayments = bill.payments();
                Map<String, Ours> byNo = orders(c, billPayments.stream().map(TradeBill.Row::outTradeNo).toList());
                Set<String> inBill = new HashSet<>();
                for (TradeBill.Row r : billPayments) {
                    inBill.add(r.outTradeNo());
                    Ours o = byNo.get(r.outTradeNo());
                    if (o == null || !o.marked()) {
                        findings.add(finding(day, Finding.Kind.PAID_NOT_MARKED, o == null ? null : o.communityId(),
                                r.outTradeNo(), r.transactionId(), null, r.orderFen(), o == null ? null : o.orderFen(), found));
                    } else if (o.paid() != r.orderFen()) {
                        findings.add(finding(day, Finding.Kind.AMOUNT_DIFFERS, o.communityId(), r.outTradeNo(),
                                r.transactionId(), null, r.orderFen(), o.paid(), found));
                    } else if (o.transactionId() != null && !o.transactionId().equals(r.transactionId())) {
                        findings.add(finding(day, Finding.Kind.TRANSACTION_DIFFERS, o.communityId(), r.outTradeNo(),
                                r.transactionId(), null, r.orderFen(), o.paid(), found));
                    }
                }
                List<Ours> ourDay = paidOn(c, from, to);
                for (Ours o : ourDay) {
                    if (!inBill.contains(o.outTradeNo())) {
                        findings.add(finding(day, Finding.Kind.MARKED_NOT_IN_BILL, o.communityId(), o.outTradeNo(),
                                o.transactionId(), null, null, o.paid(), found));
                    }
                }
                // refunds: each REFUND row against our refund of that number
                List<TradeBill.Row> billRefunds = bill.refunds();
                Map<String, OurRefund> refunds = refunds(c, billRefunds.stream()
                        .map(TradeBill.Row::outRefundNo).filter(n -> n != null).toList());
                Set<String> refundsInBill = new HashSet<>();
                for (TradeBill.Row r : billRefunds) {
                    long asked = r.requestedRefundFen() != 0 ? r.requestedRefundFen() : r.refundFen();
                    refundsInBill.add(r.outRefundNo());
                    OurRefund o = r.outRefundNo() == null ? null : refunds.get(r.outRefundNo());
                    if (o == null || o.state().equals("closed")) {
                        findings.add(finding(day, Finding.Kind.REFUND_NOT_RECORDED,
                                o == null ? communityOf(byNo, c, r.outTradeNo()) : o.communityId(), r.outTradeNo(),
                                r.transactionId(), r.outRefundNo(), asked, o == null ? null : o.amountFen(), found));
                    } else if (o.amountFen() != asked) {
                        findings.add(finding(day, Finding.Kind.REFUND_AMOUNT_DIFFERS, o.communityId(), r.outTradeNo(),
                                r.transactionId(), r.outRefundNo(), asked, o.amountFen(), found));
                    }
                }
                List<OurRefund> ourRefunds = refundedOn(c, from, to);
                for (OurRefund o : ourRefunds) {
                    if (!refundsInBill.contains(o.outRefundNo())) {
                        findings.add(finding(day, Finding.Kind.REFUND_NOT_IN_BILL, o.communityId(), o.outTradeNo(),
                                null, o.outRefundNo(), null, o.amountFen(), found));
                    }
                }
                List<Finding> stored = store(c, runId, day, findings);
                Outcome outcome = new Outcome(runId, day, bill.rows().size(), billPayments.size(), billRefunds.size(),
                        ourDay.size(), ourRefunds.size(), stored, sha1, null);
                finishRun(c, outcome);
                c.commit();
                return outcome;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static Finding finding(LocalDate day, Finding.Kind kind, String community, String outTradeNo,
                                   String transactionId, String outRefundNo, Long wechatFen, Long ourFen,
                                   OffsetDateTime found) {
        return new Finding(0, day, kind, community, outTradeNo, transactionId == null || transactionId.isEmpty()
                ? null : transactionId, outRefundNo, wechatFen, ourFen, found, "open");
    }

    private static Map<String, Ours> orders(Connection c, List<String> numbers) throws SQLException {
        Map<String, Ours> out = new HashMap<>();
        if (numbers.isEmpty()) {
            return out;
        }
        try (PreparedStatement s = c.prepareStatement("""
                SELECT o.out_trade_no, o.community_id, o.state, o.amount_fen, coalesce(p.transaction_id, o.transaction_id),
                       p.amount_fen
                FROM payment_orders o LEFT JOIN payments p ON p.order_id = o.id
                WHERE o.out_trade_no = ANY (?)""")) {
            s.setArray(1, c.createArrayOf("text", numbers.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Ours o = ours(rs);
                    out.put(o.outTradeNo(), o);
                }
            }
        }
        return out;
    }

    private static Ours ours(ResultSet rs) throws SQLException {
        long paid = rs.getLong(6);
        return new Ours(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                rs.wasNull() ? null : paid);
    }

    /** Orders we hold as paid on the day: by the payment's success time, else the order's paid time. */
    private static List<Ours> paidOn(Connection c, Instant from, Instant to) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT o.out_trade_no, o.community_id, o.state, o.amount_fen, coalesce(p.transaction_id, o.transaction_id),
                       p.amount_fen
                FROM payment_orders o LEFT JOIN payments p ON p.order_id = o.id
                WHERE (p.id IS NOT NULL AND p.success_time >= ? AND p.success_time < ?)
                   OR (p.id IS NULL AND o.state = 'paid' AND o.paid_at >= ? AND o.paid_at < ?)
                ORDER BY o.out_trade_no""")) {
            s.setTimestamp(1, Timestamp.from(from));
            s.setTimestamp(2, Timestamp.from(to));
            s.setTimestamp(3, Timestamp.from(from));
            s.setTimestamp(4, Timestamp.from(to));
            List<Ours> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(ours(rs));
                }
            }
            return out;
        }
    }

    private static Map<String, OurRefund> refunds(Connection c, List<String> numbers) throws SQLException {
        Map<String, OurRefund> out = new HashMap<>();
        if (numbers.isEmpty()) {
            return out;
        }
        try (PreparedStatement s = c.prepareStatement("""
                SELECT r.out_refund_no, o.out_trade_no, o.community_id, r.amount_fen, r.state
                FROM payment_refunds r JOIN payment_orders o ON o.id = r.order_id
                WHERE r.out_refund_no = ANY (?)""")) {
            s.setArray(1, c.createArrayOf("text", numbers.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new OurRefund(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getLong(4), rs.getString(5)));
                }
            }
        }
        return out;
    }

    /** Refunds WeChat accepted on the day, as far as we know: asked for then and not closed. */
    private static List<OurRefund> refundedOn(Connection c, Instant from, Instant to) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT r.out_refund_no, o.out_trade_no, o.community_id, r.amount_fen, r.state
                FROM payment_refunds r JOIN payment_orders o ON o.id = r.order_id
                WHERE r.created_at >= ? AND r.created_at < ? AND r.state IN ('processing', 'success')
                ORDER BY r.out_refund_no""")) {
            s.setTimestamp(1, Timestamp.from(from));
            s.setTimestamp(2, Timestamp.from(to));
            List<OurRefund> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new OurRefund(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getString(5)));
                }
            }
            return out;
        }
    }

    private static String communityOf(Map<String, Ours> known, Connection c, String outTradeNo) throws SQLException {
        Ours o = known.get(outTradeNo);
        if (o != null) {
            return o.communityId();
        }
        Ours found = orders(c, List.of(outTradeNo)).get(outTradeNo);
        return found == null ? null : found.communityId();
    }

    /** Replaces the day's open findings; one a person resolved is not raised again. */
    private static List<Finding> store(Connection c, long runId, LocalDate day, List<Finding> findings)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "DELETE FROM payment_reconcile_findings WHERE day = ? AND status = 'open'")) {
            s.setObject(1, day);
            s.executeUpdate();
        }
        List<Finding> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO payment_reconcile_findings (day, kind, community_id, out_trade_no, transaction_id,
                    out_refund_no, wechat_fen, our_fen, found_at, run_id)
                SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
                WHERE NOT EXISTS (SELECT 1 FROM payment_reconcile_findings f WHERE f.day = ? AND f.kind = ?
                    AND f.out_trade_no = ? AND f.out_refund_no IS NOT DISTINCT FROM ? AND f.status = 'resolved')
                RETURNING id""")) {
            for (Finding f : findings) {
                s.setObject(1, day);
                s.setString(2, f.kind().code());
                s.setString(3, f.communityId());
                s.setString(4, f.outTradeNo());
                s.setString(5, f.transactionId());
                s.setString(6, f.outRefundNo());
                setLong(s, 7, f.wechatFen());
                setLong(s, 8, f.ourFen());
                s.setObject(9, f.foundAt());
                s.setLong(10, runId);
                s.setObject(11, day);
                s.setString(12, f.kind().code());
                s.setString(13, f.outTradeNo());
                s.setString(14, f.outRefundNo());
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        out.add(new Finding(rs.getLong(1), f.day(), f.kind(), f.communityId(), f.outTradeNo(),
                                f.transactionId(), f.outRefundNo(), f.wechatFen(), f.ourFen(), f.foundAt(), f.status()));
                    }
                }
            }
        }
        return out;
    }

    private static void setLong(PreparedStatement s, int i, Long v) throws SQLException {
        if (v == null) {
            s.setNull(i, Types.BIGINT);
        } else {
            s.setLong(i, v);
        }
    }

    private long startRun(LocalDate day, String trigger) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO payment_reconcile_runs (day, started_at, trigger) VALUES (?, ?, ?) RETURNING id")) {
            s.setObject(1, day);
            s.setTimestamp(2, Timestamp.from(clock.instant()));
            s.setString(3, trigger);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record a reconciliation run: " + e.getMessage(), e);
        }
    }

    private void finishRun(Connection c, Outcome o) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE payment_reconcile_runs SET finished_at = ?, bill_rows = ?, bill_payments = ?, bill_refunds = ?,
                    our_payments = ?, our_refunds = ?, findings = ?, bill_sha1 = ?, error = ?
                WHERE id = ?""")) {
            s.setTimestamp(1, Timestamp.from(clock.instant()));
            s.setInt(2, o.billRows());
            s.setInt(3, o.billPayments());
            s.setInt(4, o.billRefunds());
            s.setInt(5, o.ourPayments());
            s.setInt(6, o.ourRefunds());
            s.setInt(7, o.findings().size());
            s.setString(8, o.billSha1());
            s.setString(9, o.error());
            s.setLong(10, o.runId());
            s.executeUpdate();
        }
    }

    private Outcome failRun(long runId, LocalDate day, String sha1, String error) {
        Outcome o = new Outcome(runId, day, 0, 0, 0, 0, 0, List.of(), sha1, error);
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE payment_reconcile_runs SET finished_at = ?, bill_sha1 = ?, error = ? WHERE id = ?")) {
            s.setTimestamp(1, Timestamp.from(clock.instant()));
            s.setString(2, sha1);
            s.setString(3, error);
            s.setLong(4, runId);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the failed reconciliation run: " + e.getMessage(), e);
        }
        return o;
    }

    private static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts of open findings by kind, for a summary line. */
    public static Map<Finding.Kind, Integer> byKind(List<Finding> findings) {
        Map<Finding.Kind, Integer> out = new LinkedHashMap<>();
        for (Finding f : findings) {
            out.merge(f.kind(), 1, Integer::sum);
        }
        return out;
    }
}
