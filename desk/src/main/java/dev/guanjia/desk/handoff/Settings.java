package dev.guanjia.desk.handoff;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Per-community hand-off settings (table community_settings), with the defaults a desk starts from. */
final class Settings {

    /** A waiting resident past this many minutes is shown as breached and supervisors are alerted. */
    static final String WAIT_SLA = "handoff.wait_sla_minutes";
    /** Past this expected wait the resident is offered a callback instead of waiting. */
    static final String CALLBACK_AFTER = "handoff.callback_after_minutes";

    private Settings() {
    }

    static int waitSlaMinutes(DataSource db, String communityId) {
        return minutes(db, communityId, WAIT_SLA, 5);
    }

    static int callbackAfterMinutes(DataSource db, String communityId) {
        return minutes(db, communityId, CALLBACK_AFTER, 10);
    }

    private static int minutes(DataSource db, String communityId, String key, int fallback) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT value FROM community_settings WHERE community_id = ? AND key = ?")) {
            s.setString(1, communityId);
            s.setString(2, key);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    int v = Integer.parseInt(rs.getString(1).strip());
                    return v > 0 ? v : fallback;
                }
                return fallback;
            }
        } catch (SQLException | NumberFormatException e) {
            return fallback;
        }
    }
}
