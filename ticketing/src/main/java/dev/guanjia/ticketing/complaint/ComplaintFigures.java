package dev.guanjia.ticketing.complaint;

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
 * Complaint and suggestion figures of one community and period (created in it, cancelled ones left
 * out), for the supervisor's dashboard: counts per kind and subject and per building, time to the
 * first answer, deadlines met, and the residents' 回访. A deadline counts as met when the answer (or
 * the close) came by it; as missed when it came later or has passed without one; complaints whose
 * deadline is still ahead and unanswered are not counted either way.
 */
public final class ComplaintFigures {

    public record Count(String kind, String key, int count) {
    }

    /**
     * @param firstAnswers   complaints answered, with the mean and median hours to the first answer
     * @param answeredInTime complaints whose first-answer deadline was met / decided (met or missed)
     * @param closedInTime   complaints closed by the close deadline / decided
     * @param followUps      回访 answers; resolved how many; mean score of those scored
     */
    public record Totals(int complaints, int suggestions, int firstAnswers, Double meanHoursToFirstAnswer,
                         Double medianHoursToFirstAnswer, int answeredInTime, int answerDecided, int closedInTime,
                         int closeDecided, int followUps, int resolved, int scored, Double meanScore) {
    }

    private static final String OF = """
            FROM complaints k JOIN work_orders w ON w.id = k.work_order_id
            WHERE k.community_id = ? AND k.created_at >= ? AND k.created_at < ? AND w.status <> 'cancelled'""";

    private final DataSource db;

    public ComplaintFigures(DataSource db) {
        this.db = db;
    }

    /** The totals; {@code now} decides which unanswered deadlines have passed. */
    public Totals totals(String communityId, Instant from, Instant to, Instant now) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT count(*) FILTER (WHERE k.kind = 'complaint'), count(*) FILTER (WHERE k.kind = 'suggestion'),
                  count(k.first_answered_at),
                  avg(extract(epoch FROM k.first_answered_at - k.created_at) / 3600),
                  percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM k.first_answered_at - k.created_at) / 3600),
                  count(*) FILTER (WHERE k.kind = 'complaint' AND k.first_answered_at <= k.first_answer_due),
                  count(*) FILTER (WHERE k.kind = 'complaint' AND (k.first_answered_at IS NOT NULL OR k.first_answer_due < ?)),
                  count(*) FILTER (WHERE k.kind = 'complaint' AND k.closed_at <= k.close_due),
                  count(*) FILTER (WHERE k.kind = 'complaint' AND (k.closed_at IS NOT NULL OR k.close_due < ?)),
                  count(k.follow_up_at), count(*) FILTER (WHERE k.follow_up_resolved),
                  count(k.follow_up_score), avg(k.follow_up_score)
                """ + OF)) {
            s.setTimestamp(1, Timestamp.from(now));
            s.setTimestamp(2, Timestamp.from(now));
            s.setString(3, communityId);
            s.setTimestamp(4, Timestamp.from(from));
            s.setTimestamp(5, Timestamp.from(to));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Totals(rs.getInt(1), rs.getInt(2), rs.getInt(3), dbl(rs, 4), dbl(rs, 5), rs.getInt(6),
                        rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getInt(10), rs.getInt(11), rs.getInt(12),
                        dbl(rs, 13));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count complaints: " + e.getMessage(), e);
        }
    }

    /** Per kind and subject (staff, service, neighbour, noise, fees, other), most first. */
    public List<Count> bySubject(String communityId, Instant from, Instant to) {
        return counts("SELECT k.kind, k.subject, count(*) " + OF + " GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2",
                communityId, from, to);
    }

    /** Per kind and the reporter's building (null: none on record), most first. */
    public List<Count> byBuilding(String communityId, Instant from, Instant to) {
        return counts("SELECT k.kind, k.building_code, count(*) " + OF + " GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2",
                communityId, from, to);
    }

    private List<Count> counts(String sql, String communityId, Instant from, Instant to) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, communityId);
            s.setTimestamp(2, Timestamp.from(from));
            s.setTimestamp(3, Timestamp.from(to));
            List<Count> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Count(rs.getString(1), rs.getString(2), rs.getInt(3)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count complaints: " + e.getMessage(), e);
        }
    }

    private static Double dbl(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? null : v;
    }
}
