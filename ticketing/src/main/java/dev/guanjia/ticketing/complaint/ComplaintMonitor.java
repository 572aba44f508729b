package dev.guanjia.ticketing.complaint;

import dev.guanjia.ticketing.outbox.Outbox;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Marks complaints whose deadlines passed: no first answer in time, or not closed in time. Each
 * breach is flagged once on the complaint (the console shows it), written to the timeline, logged
 * and sent to the community's supervisors. Suggestions have deadlines to aim at but never breach.
 * Run it every minute, next to the repair SLA sweep.
 */
public final class ComplaintMonitor {

    private static final Logger LOG = Logger.getLogger(ComplaintMonitor.class.getName());

    private record Stage(String flag, String due, String stillOpen, String label) {
    }

    private static final Stage[] STAGES = {
            new Stage("first_answer_breached", "first_answer_due", "k.first_answered_at IS NULL", "超时未首次答复"),
            new Stage("close_breached", "close_due", "k.closed_at IS NULL", "超时未办结"),
    };

    private final DataSource db;
    private final Clock clock;

    public ComplaintMonitor(DataSource db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Returns how many breaches were newly flagged. */
    public int sweep() throws SQLException {
        OffsetDateTime now = OffsetDateTime.now(clock);
        int marked = 0;
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (Stage stage : STAGES) {
                    List<Long> ids = new ArrayList<>();
                    try (PreparedStatement s = c.prepareStatement("""
                            UPDATE complaints k SET %1$s = true FROM work_orders w
                            WHERE w.id = k.work_order_id AND k.kind = 'complaint' AND NOT k.%1$s AND k.%2$s < ?
                              AND %3$s AND w.status NOT IN ('closed', 'cancelled')
                            RETURNING k.work_order_id""".formatted(stage.flag(), stage.due(), stage.stillOpen()))) {
                        s.setObject(1, now);
                        try (ResultSet rs = s.executeQuery()) {
                            while (rs.next()) {
                                ids.add(rs.getLong(1));
                            }
                        }
                    }
                    for (long id : ids) {
                        Complaint k = Complaints.load(c, "k.work_order_id = ?", id).get(0);
                        long event = Complaints.event(c, id, "system:sla", k.status(), k.status(),
                                "升级主管：投诉" + stage.label(), now);
                        Outbox.toSupervisors(c, k.communityId(), id, event, ComplaintNotices.breach(k, stage.label()));
                        LOG.warning("complaint " + k.code() + " of community " + k.communityId() + " breached "
                                + stage.due() + " ("
                                + (stage.flag().startsWith("first") ? k.firstAnswerDue() : k.closeDue())
                                + "); supervisors notified");
                        marked++;
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
        return marked;
    }
}
