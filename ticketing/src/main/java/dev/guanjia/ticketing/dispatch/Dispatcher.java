package dev.guanjia.ticketing.dispatch;

import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.community.staff.StaffRoster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        return StaffRoster.qualifies(c, staffId, category, buildingCode);
    }

    /** The least-loaded qualified technician on duty (by pack id among equals), or null. */
    private static Long qualified(Connection c, String communityId, String category, String buildingCode)
            throws SQLException {
        List<Long> candidates = StaffRoster.onDutyTechnicians(c, communityId, category, buildingCode);
        if (candidates.isEmpty()) {
            return null;
        }
        Map<Long, Long> load = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT assignee_id, count(*) AS open FROM work_orders
                WHERE assignee_id = ANY (?) AND status IN ('assigned', 'in_progress') GROUP BY assignee_id""")) {
            s.setArray(1, c.createArrayOf("bigint", candidates.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    load.put(rs.getLong("assignee_id"), rs.getLong("open"));
                }
            }
        }
        // candidates come in pack-id order and min keeps the first of equals
        return candidates.stream().min(Comparator.comparingLong(id -> load.getOrDefault(id, 0L))).orElseThrow();
    }

    private static String mode(Connection c, String communityId) throws SQLException {
        return CommunityDirectory.setting(c, communityId, MODE_SETTING).orElse("assign");
    }
}
