package dev.guanjia.ticketing.workorder;

import dev.guanjia.community.audit.AuditLog;
import dev.guanjia.community.resident.Households;
import dev.guanjia.community.staff.StaffDirectory;
import dev.guanjia.ticketing.media.ResidentMedia;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

import static dev.guanjia.ticketing.workorder.WorkOrderException.Kind.CONFLICT;
import static dev.guanjia.ticketing.workorder.WorkOrderException.Kind.INVALID;

/**
 * The work-order tables (work_orders, work_order_events, work_order_attachments): every statement
 * {@link WorkOrders} runs, on the caller's connection and transaction. Only ticketing's tables are
 * named here; the house and staff names an order shows come from community's read methods, one
 * query for a whole list.
 */
final class WorkOrderStore {

    /** A new row, as {@link WorkOrders#create} decided it. */
    record NewRow(String communityId, String code, Long houseId, String location, Long reporterResidentId,
                  Long reporterStaffId, String channel, String category, Priority priority, String title,
                  String description, OffsetDateTime appointmentFrom, OffsetDateTime appointmentTo,
                  Long assigneeId, Status status, OffsetDateTime now, OffsetDateTime responseDue,
                  OffsetDateTime startDue, OffsetDateTime resolveDue, String waitingFor, String dispatchMode) {
    }

    /** Who a list is for: a resident sees theirs and their houses'; staff may narrow to their own. */
    record Scope(Long reporterResidentId, List<Long> residentHouses, Long assigneeId, List<Long> buildingHouses) {
    }

    private static final String SELECT = """
            SELECT w.id, w.community_id, w.code, w.house_id, w.location, w.reporter_resident_id, w.channel,
                   w.category, w.priority, w.title, w.description, w.appointment_from, w.appointment_to,
                   w.assignee_id, w.status, w.waiting_for, w.dispatch_mode, w.rating, w.rating_comment,
                   w.completion_note, w.created_at, w.updated_at, w.closed_at, w.response_due, w.start_due,
                   w.resolve_due, w.response_breached, w.start_breached, w.resolve_breached,
                   (SELECT array_agg(reference ORDER BY id) FROM work_order_attachments a
                    WHERE a.work_order_id = w.id) AS attachments,
                   w.version,
                   coalesce(k.first_answer_breached, false) AS first_answer_breached,
                   coalesce(k.close_breached, false) AS close_breached
            FROM work_orders w LEFT JOIN complaints k ON k.work_order_id = w.id""";
    /** Any deadline missed: a work order's stages, or a complaint's first answer or close. */
    private static final String BREACHED = "(w.response_breached OR w.start_breached OR w.resolve_breached"
            + " OR coalesce(k.first_answer_breached, false) OR coalesce(k.close_breached, false))";

    private final Clock clock;

    WorkOrderStore(Clock clock) {
        this.clock = clock;
    }

    long insert(Connection c, NewRow r) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO work_orders (community_id, code, source, house_id, location, reporter_resident_id,
                    reporter_staff_id, channel, category, priority, title, description, appointment_from,
                    appointment_to, assignee_id, status, created_at, updated_at, response_due, start_due,
                    resolve_due, waiting_for, dispatch_mode)
                VALUES (?, ?, 'runtime', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                RETURNING id""")) {
            s.setString(1, r.communityId());
            s.setString(2, r.code());
            setLong(s, 3, r.houseId());
            s.setString(4, r.location());
            setLong(s, 5, r.reporterResidentId());
            setLong(s, 6, r.reporterStaffId());
            s.setString(7, r.channel());
            s.setString(8, r.category());
            s.setString(9, r.priority().code());
            s.setString(10, r.title());
            s.setString(11, r.description());
            s.setObject(12, r.appointmentFrom());
            s.setObject(13, r.appointmentTo());
            setLong(s, 14, r.assigneeId());
            s.setString(15, r.status().code());
            s.setObject(16, r.now());
            s.setObject(17, r.now());
            s.setObject(18, r.responseDue());
            s.setObject(19, r.startDue());
            s.setObject(20, r.resolveDue());
            s.setString(21, r.waitingFor());
            s.setString(22, r.dispatchMode());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    Optional<WorkOrder> load(Connection c, String communityId, String code) throws SQLException {
        List<WorkOrder> found = query(c, SELECT + " WHERE w.community_id = ? AND w.code = ?",
                List.of(communityId, code));
        return found.stream().findFirst();
    }

    /** The house an order is for (database id), null for a public area. */
    Long houseId(Connection c, long orderId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT house_id FROM work_orders WHERE id = ?")) {
            s.setLong(1, orderId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? (Long) rs.getObject("house_id") : null;
            }
        }
    }

    List<WorkOrder> list(Connection c, String communityId, Scope scope, WorkOrders.Filter f) throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE w.community_id = ?");
        List<Object> args = new ArrayList<>();
        args.add(communityId);
        if (scope.reporterResidentId() != null) {
            where.append(" AND (w.reporter_resident_id = ? OR w.house_id = ANY (?))");
            args.add(scope.reporterResidentId());
            args.add(c.createArrayOf("bigint", scope.residentHouses().toArray()));
        } else if (scope.assigneeId() != null) {
            where.append(" AND w.assignee_id = ?");
            args.add(scope.assigneeId());
        }
        if (f.status() != null) {
            where.append(" AND w.status = ?");
            args.add(f.status());
        }
        if (f.category() != null) {
            where.append(" AND w.category = ?");
            args.add(f.category());
        }
        if (scope.buildingHouses() != null) {
            where.append(" AND w.house_id = ANY (?)");
            args.add(c.createArrayOf("bigint", scope.buildingHouses().toArray()));
        }
        if (f.overdue() != null) {
            where.append(f.overdue() ? " AND " + BREACHED : " AND NOT " + BREACHED);
        }
        return query(c, SELECT + where + " ORDER BY w.created_at DESC, w.id DESC LIMIT "
                + Math.max(1, Math.min(f.limit(), 500)), args);
    }

    /** The optimistic lock: the row changes only if nobody changed it since we read it. */
    void update(Connection c, WorkOrder w, Status to, String sets, Object... values) throws SQLException {
        String sql = "UPDATE work_orders SET status = ?, updated_at = ?, version = version + 1"
                + (sets.isEmpty() ? "" : ", " + sets) + " WHERE id = ? AND version = ?";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            s.setString(i++, to.code());
            s.setObject(i++, OffsetDateTime.now(clock));
            for (Object v : values) {
                if (v == null) {
                    s.setNull(i++, Types.VARCHAR);
                } else {
                    s.setObject(i++, v);
                }
            }
            s.setLong(i++, w.id());
            s.setInt(i, w.version());
            if (s.executeUpdate() != 1) {
                throw conflict(w.code());
            }
        }
    }

    /** A timeline entry; people's changes also go to the tamper-evident audit log, in the same transaction. */
    long event(Connection c, long orderId, String actor, Status from, Status to, String note) throws SQLException {
        long id;
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO work_order_events (work_order_id, at, actor, from_status, to_status, note)
                VALUES (?, ?, ?, ?, ?, ?) RETURNING id""")) {
            s.setLong(1, orderId);
            s.setObject(2, OffsetDateTime.now(clock));
            s.setString(3, actor);
            s.setString(4, from == null ? null : from.code());
            s.setString(5, to.code());
            s.setString(6, note);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        if (!actor.startsWith("system:")) {
            try (PreparedStatement o = c.prepareStatement("SELECT community_id, code FROM work_orders WHERE id = ?")) {
                o.setLong(1, orderId);
                try (ResultSet rs = o.executeQuery()) {
                    rs.next();
                    AuditLog.append(c, actor, "work_order." + to.code(), rs.getString("community_id"),
                            "work_order:" + rs.getString("code"), (from == null ? "new" : from.code()) + " → " + to.code());
                }
            }
        }
        return id;
    }

    List<WorkOrderEvent> timeline(Connection c, long orderId) throws SQLException {
        List<WorkOrderEvent> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT id, at, actor, from_status, to_status, note FROM work_order_events
                WHERE work_order_id = ? ORDER BY at, id""")) {
            s.setLong(1, orderId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new WorkOrderEvent(rs.getLong("id"), rs.getObject("at", OffsetDateTime.class),
                            rs.getString("actor"), rs.getString("from_status"), rs.getString("to_status"),
                            rs.getString("note")));
                }
            }
        }
        return out;
    }

    void addAttachment(Connection c, long orderId, String reference) throws SQLException {
        if (reference == null || reference.isBlank()) {
            return;
        }
        if (reference.strip().startsWith(ResidentMedia.REFERENCE)) {
            // one of our stored photos: it must be this community's and on no other order
            long media;
            try {
                media = Long.parseLong(reference.strip().substring(ResidentMedia.REFERENCE.length()));
            } catch (NumberFormatException e) {
                media = -1;
            }
            if (!ResidentMedia.bind(c, media, orderId)) {
                throw new WorkOrderException(INVALID, "media_unknown", "没有找到这张图片，或它已补充到其他工单：" + reference);
            }
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO work_order_attachments (work_order_id, reference) VALUES (?, ?)")) {
            s.setLong(1, orderId);
            s.setString(2, reference.strip());
            s.executeUpdate();
        }
    }

    /** WO + date + a number from a sequence: readable over the phone, never reused. */
    String newCode(Connection c, OffsetDateTime now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT nextval('work_order_number')");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return "WO" + now.toLocalDate().toString().replace("-", "") + "-" + rs.getLong(1);
        }
    }

    static WorkOrderException conflict(String code) {
        return new WorkOrderException(CONFLICT, "conflict", "工单" + code + "刚刚被其他人修改过，请刷新后再试。");
    }

    /** Rows read by column name; then the houses' and assignees' names for all of them at once. */
    private static List<WorkOrder> query(Connection c, String sql, List<Object> args) throws SQLException {
        List<Read> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(read(rs));
                }
            }
        }
        Set<Long> houseIds = new HashSet<>();
        Set<Long> staffIds = new HashSet<>();
        for (Read r : rows) {
            if (r.houseId() != null) {
                houseIds.add(r.houseId());
            }
            if (r.assigneeId() != null) {
                staffIds.add(r.assigneeId());
            }
        }
        Map<Long, Households.House> houses = Households.houses(c, houseIds);
        Map<Long, StaffDirectory.Member> staff = StaffDirectory.byIds(c, staffIds);
        return rows.stream().map(r -> {
            Households.House h = r.houseId() == null ? null : houses.get(r.houseId());
            return r.build().apply(h == null ? null : h.code(),
                    r.assigneeId() == null ? null : staff.get(r.assigneeId()));
        }).toList();
    }

    /** A row before the house and assignee names are known. */
    private record Read(Long houseId, Long assigneeId, BiFunction<String, StaffDirectory.Member, WorkOrder> build) {
    }

    private static Read read(ResultSet rs) throws SQLException {
        List<String> overdue = new ArrayList<>();
        // a complaint's deadlines: its first answer, and closing it
        for (String stage : List.of("response", "start", "resolve", "first_answer", "close")) {
            if (rs.getBoolean(stage + "_breached")) {
                overdue.add(stage);
            }
        }
        Array att = rs.getArray("attachments");
        List<String> attachments = att == null ? List.of() : List.of((String[]) att.getArray());
        long id = rs.getLong("id");
        String communityId = rs.getString("community_id");
        String code = rs.getString("code");
        Long houseId = (Long) rs.getObject("house_id");
        String location = rs.getString("location");
        Long reporter = (Long) rs.getObject("reporter_resident_id");
        String channel = rs.getString("channel");
        String category = rs.getString("category");
        Priority priority = Priority.of(rs.getString("priority"));
        String title = rs.getString("title");
        String description = rs.getString("description");
        OffsetDateTime appointmentFrom = rs.getObject("appointment_from", OffsetDateTime.class);
        OffsetDateTime appointmentTo = rs.getObject("appointment_to", OffsetDateTime.class);
        Long assigneeId = (Long) rs.getObject("assignee_id");
        Status status = Status.of(rs.getString("status"));
        String waitingFor = rs.getString("waiting_for");
        String dispatchMode = rs.getString("dispatch_mode");
        Integer rating = (Integer) rs.getObject("rating");
        String ratingComment = rs.getString("rating_comment");
        String completionNote = rs.getString("completion_note");
        OffsetDateTime createdAt = rs.getObject("created_at", OffsetDateTime.class);
        OffsetDateTime updatedAt = rs.getObject("updated_at", OffsetDateTime.class);
        OffsetDateTime closedAt = rs.getObject("closed_at", OffsetDateTime.class);
        OffsetDateTime responseDue = rs.getObject("response_due", OffsetDateTime.class);
        OffsetDateTime startDue = rs.getObject("start_due", OffsetDateTime.class);
        OffsetDateTime resolveDue = rs.getObject("resolve_due", OffsetDateTime.class);
        int version = rs.getInt("version");
        return new Read(houseId, assigneeId, (houseCode, assignee) -> new WorkOrder(id, communityId, code, houseCode,
                location, reporter, channel, category, priority, title, description, appointmentFrom, appointmentTo,
                assigneeId, assignee == null ? null : assignee.code(), assignee == null ? null : assignee.name(),
                status, waitingFor, dispatchMode, rating, ratingComment, completionNote, createdAt, updatedAt,
                closedAt, responseDue, startDue, resolveDue, overdue, attachments, version));
    }

    private static void setLong(PreparedStatement s, int i, Long v) throws SQLException {
        if (v == null) {
            s.setNull(i, Types.BIGINT);
        } else {
            s.setLong(i, v);
        }
    }
}
