package dev.guanjia.ticketing.sla;

import dev.guanjia.ticketing.outbox.Outbox;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;

/**
 * Marks orders whose deadlines passed: response (still unassigned), start (not yet in progress),
 * resolution (not yet done). Each breach is marked once, written to the timeline as an escalation
 * and sent to the community's supervisors. Run it every minute; the clock is injectable for tests.
 */
public final class SlaMonitor {

    /** Which deadline, the states in which it is still open, and how the escalation reads. */
    private record Stage(String flag, String due, String openStates, String label) {
    }

    private static final Stage[] STAGES = {
            new Stage("response_breached", "response_due", "'submitted'", "响应超时：仍未派单"),
            new Stage("start_breached", "start_due", "'submitted', 'assigned'", "到场超时：仍未开始处理"),
            new Stage("resolve_breached", "resolve_due", "'submitted', 'assigned', 'in_progress'", "处理超时：仍未完成"),
    };

    private final DataSource db;
    private final Clock clock;

    public SlaMonitor(DataSource db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Returns how many breaches were newly marked. */
    public int sweep() throws SQLException {
        OffsetDateTime now = OffsetDateTime.now(clock);
        int marked = 0;
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (Stage stage : STAGES) {
                    try (PreparedStatement s = c.prepareStatement("""
                            UPDATE work_orders SET %1$s = true
                            WHERE NOT %1$s AND %2$s < ? AND status IN (%3$s)
                            RETURNING id, community_id, code, status""".formatted(stage.flag(), stage.due(),
                            stage.openStates()))) {
                        s.setObject(1, now);
                        try (ResultSet rs = s.executeQuery()) {
                            while (rs.next()) {
                                long event = escalate(c, rs.getLong(1), rs.getString(4), stage.label(), now);
                                Outbox.toSupervisors(c, rs.getString(2), rs.getLong(1), event,
                                        "工单" + rs.getString(3) + stage.label() + "，请跟进。");
                                marked++;
                            }
                        }
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return marked;
    }

    private static long escalate(Connection c, long orderId, String status, String label, OffsetDateTime now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO work_order_events (work_order_id, at, actor, from_status, to_status, note)
                VALUES (?, ?, 'system:sla', ?, ?, ?) RETURNING id""")) {
            s.setLong(1, orderId);
            s.setObject(2, now);
            s.setString(3, status);
            s.setString(4, status);
            s.setString(5, "升级主管：" + label);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
