package dev.guanjia.ticketing.dispatch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Chooses who takes a new order. In assign mode (指派, the default): the on-duty technician whose
 * skills include the category and who covers the building, with the fewest open orders. In grab
 * mode (抢单): nobody yet — qualified technicians see it and claim it. Nobody qualified, or a matter
 * for the desk (complaint, suggestion): the supervisor decides.
 */
public final class Dispatcher {

    public static final String MODE_SETTING = "dispatch.mode";

    /** The decision: assignee (null when none), what the order waits for, and why (Chinese, for the timeline). */
    public record Decision(Long assigneeId, String mode, String waitingFor, String reason) {
    }

    public Decision decide(Connection c, String communityId, String category, String buildingCode,
                           boolean deskMatter) throws SQLException {
        String mode = mode(c, communityId);
        if (deskMatter) {
            return new Decision(null, mode, "supervisor", "投诉、建议类事项由主管安排专人处理");
        }
        if ("grab".equals(mode)) {
            boolean anyone = qualified(c, communityId, category, buildingCode) != null;
            return anyone ? new Decision(null, mode, "technician", "抢单模式：等待符合条件的维修人员接单")
                    : new Decision(null, mode, "supervisor", "当前没有符合条件的值班维修人员，等待主管派单");
        }
        Long best = qualified(c, communityId, category, buildingCode);
        return best != null ? new Decision(best, mode, "technician", "按技能、负责楼栋、值班和工作量自动派单")
                : new Decision(null, mode, "supervisor", "当前没有符合条件的值班维修人员，等待主管派单");
    }

    /** Whether this technician may claim or be given an order of this category in this building. */
    public boolean qualifies(Connection c, long staffId, String category, String buildingCode) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT 1 FROM staff WHERE id = ? AND role = 'technician' AND ? = ANY (skills)
                  AND (? IS NULL OR ? = ANY (buildings))""")) {
            s.setLong(1, staffId);
            s.setString(2, category);
            s.setString(3, buildingCode);
            s.setString(4, buildingCode);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The least-loaded qualified technician on duty, or null. */
    private static Long qualified(Connection c, String communityId, String category, String buildingCode)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT st.id FROM staff st
                WHERE st.community_id = ? AND st.role = 'technician' AND st.on_duty
                  AND ? = ANY (st.skills) AND (? IS NULL OR ? = ANY (st.buildings))
                ORDER BY (SELECT count(*) FROM work_orders w
                          WHERE w.assignee_id = st.id AND w.status IN ('assigned', 'in_progress')), st.code
                LIMIT 1""")) {
            s.setString(1, communityId);
            s.setString(2, category);
            s.setString(3, buildingCode);
            s.setString(4, buildingCode);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static String mode(Connection c, String communityId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT value FROM community_settings WHERE community_id = ? AND key = ?")) {
            s.setString(1, communityId);
            s.setString(2, MODE_SETTING);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : "assign";
            }
        }
    }
}
