package dev.guanjia.payments.reconcile;

import dev.guanjia.community.audit.AuditLog;
import dev.guanjia.community.code.Coded;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * What reconciliation left for people: its findings and its runs, read without WeChat Pay (the
 * dashboard shows them whether or not payments are configured), and a finding marked resolved.
 */
public final class ReconciliationRecords {

    private final DataSource db;
    private final Clock clock;

    public ReconciliationRecords(DataSource db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Open and resolved findings of a community (and those of no known community), newest day first. */
    public List<Finding> findings(String communityId, LocalDate from, LocalDate to) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT id, day, kind, community_id, out_trade_no, transaction_id, out_refund_no, wechat_fen, our_fen,
                       found_at, status
                FROM payment_reconcile_findings
                WHERE (community_id = ? OR community_id IS NULL) AND day >= ? AND day <= ?
                ORDER BY day DESC, kind, out_trade_no""")) {
            s.setString(1, communityId);
            s.setObject(2, from);
            s.setObject(3, to);
            List<Finding> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long w = rs.getLong(8);
                    Long wechat = rs.wasNull() ? null : w;
                    long o = rs.getLong(9);
                    Long ours = rs.wasNull() ? null : o;
                    out.add(new Finding(rs.getLong(1), rs.getObject(2, LocalDate.class),
                            Coded.require(Finding.Kind.class, rs.getString(3)), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), wechat, ours, rs.getObject(10, OffsetDateTime.class),
                            rs.getString(11)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read reconciliation findings: " + e.getMessage(), e);
        }
    }

    /** A run as recorded: {@code finishedAt} null while under way (or when the node stopped mid-run). */
    public record Run(long id, LocalDate day, OffsetDateTime startedAt, OffsetDateTime finishedAt, String trigger,
                      Integer billRows, Integer findings, String billSha1, String error) {
    }

    /** The latest runs, newest first. */
    public List<Run> runs(int limit) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT id, day, started_at, finished_at, trigger, bill_rows, findings, bill_sha1, error
                FROM payment_reconcile_runs ORDER BY started_at DESC, id DESC LIMIT ?""")) {
            s.setInt(1, limit);
            List<Run> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Run(rs.getLong(1), rs.getObject(2, LocalDate.class),
                            rs.getObject(3, OffsetDateTime.class), rs.getObject(4, OffsetDateTime.class),
                            rs.getString(5), (Integer) rs.getObject(6), (Integer) rs.getObject(7), rs.getString(8),
                            rs.getString(9)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read reconciliation runs: " + e.getMessage(), e);
        }
    }

    /**
     * A person looked into an open finding of their community (or of no known one) and settled it
     * outside Guanjia (a refund, a word with WeChat Pay); it stays, with who and why, in the audit
     * log too, and a re-run does not raise it again. False when there is no such open finding.
     */
    public boolean resolve(long findingId, String communityId, String actor, String note) {
        if (note == null || note.isBlank()) {
            throw new IllegalArgumentException("a resolved finding needs a note saying what was done");
        }
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("""
                    UPDATE payment_reconcile_findings SET status = 'resolved', resolved_by = ?, resolved_at = ?, note = ?
                    WHERE id = ? AND status = 'open' AND (community_id = ? OR community_id IS NULL)
                    RETURNING kind, out_trade_no""")) {
                s.setString(1, actor);
                s.setTimestamp(2, Timestamp.from(clock.instant()));
                s.setString(3, note.strip());
                s.setLong(4, findingId);
                s.setString(5, communityId);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        c.rollback();
                        return false;
                    }
                    AuditLog.append(c, actor, "payments.finding.resolved", communityId, "order:" + rs.getString(2),
                            rs.getString(1) + ": " + note.strip());
                }
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot resolve finding " + findingId + ": " + e.getMessage(), e);
        }
    }
}
