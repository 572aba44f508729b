package dev.guanjia.ticketing.complaint;

import dev.guanjia.community.resident.Households;
import dev.guanjia.community.session.Caller;
import dev.guanjia.ticketing.outbox.Outbox;
import dev.guanjia.ticketing.workorder.WorkOrderException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.guanjia.ticketing.workorder.WorkOrderException.Kind.FORBIDDEN;
import static dev.guanjia.ticketing.workorder.WorkOrderException.Kind.ILLEGAL_TRANSITION;
import static dev.guanjia.ticketing.workorder.WorkOrderException.Kind.INVALID;
import static dev.guanjia.ticketing.workorder.WorkOrderException.Kind.NOT_FOUND;

/**
 * Complaints and suggestions (投诉建议): work orders of their own kind, answered by the community's
 * supervisor rather than dispatched to a technician. A complaint is opened with its work order
 * ({@link #open}, in that order's transaction); the supervisor answers ({@link #answer}, which
 * reaches the resident through the work-order outbox and asks whether it resolved the matter); the
 * resident's 回访 answer is recorded ({@link #followUp}). Agents read; supervisors and admins answer.
 */
public final class Complaints {

    /** Staff who may read complaints; of them only {@link #ANSWERING} answer. */
    private static final Set<String> READING = Set.of("agent", "supervisor", "admin");
    private static final Set<String> ANSWERING = Set.of("supervisor", "admin");
    /** How long after an answer a bare "解决了" or "4分" is still taken as the 回访 answer. */
    private static final java.time.Duration FOLLOW_UP_WINDOW = java.time.Duration.ofDays(7);

    private static final String SELECT = """
            SELECT k.work_order_id, w.code, k.community_id, k.kind, k.subject, k.words, w.house_id, k.building_code,
                   w.reporter_resident_id, w.status, k.created_at, k.first_answer_due, k.close_due,
                   k.first_answered_at, k.closed_at, k.answer, k.answered_by, k.first_answer_breached,
                   k.close_breached, (SELECT f.code FROM work_orders f WHERE f.id = k.linked_to) AS linked_code,
                   (SELECT count(*) FROM complaints r WHERE r.linked_to = k.work_order_id) AS repeats,
                   k.follow_up_asked_at, k.follow_up_resolved, k.follow_up_score, k.follow_up_at
            FROM complaints k JOIN work_orders w ON w.id = k.work_order_id""";

    private final DataSource db;
    private final Clock clock;

    public Complaints(DataSource db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- opening

    /**
     * Records the order just inserted as a complaint or suggestion, on the order's connection and
     * transaction: subject from the words, deadlines from the community's terms, the link to the
     * first complaint on the same subject by the same resident or from the same building within the
     * repeat window, and a notice to the supervisors saying by when it must be answered.
     */
    public static Complaint open(Connection c, long orderId, String code, String communityId, String kind,
                                 String words, String buildingCode, Long residentId, long eventId,
                                 OffsetDateTime now) throws SQLException {
        ComplaintPolicy.Terms terms = ComplaintPolicy.terms(c, communityId);
        Subject subject = Subject.of(words);
        Long first = null;
        try (PreparedStatement s = c.prepareStatement("""
                SELECT coalesce(k.linked_to, k.work_order_id) FROM complaints k JOIN work_orders w ON w.id = k.work_order_id
                WHERE k.community_id = ? AND k.kind = ? AND k.subject = ? AND k.created_at >= ?
                  AND w.status <> 'cancelled'
                  AND (w.reporter_resident_id = ? OR k.building_code = ?)
                ORDER BY k.created_at, k.work_order_id LIMIT 1""")) {
            s.setString(1, communityId);
            s.setString(2, kind);
            s.setString(3, subject.code());
            s.setObject(4, now.minus(terms.repeatWindow()));
            s.setObject(5, residentId);
            s.setString(6, buildingCode);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    first = rs.getLong(1);
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO complaints (work_order_id, community_id, kind, subject, words, building_code,
                    first_answer_due, close_due, linked_to, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            s.setLong(1, orderId);
            s.setString(2, communityId);
            s.setString(3, kind);
            s.setString(4, subject.code());
            s.setString(5, words);
            s.setString(6, buildingCode);
            s.setObject(7, now.plus(terms.firstAnswer()));
            s.setObject(8, now.plus(terms.close()));
            s.setObject(9, first);
            s.setObject(10, now);
            s.executeUpdate();
        }
        Complaint k = load(c, "k.work_order_id = ?", orderId).get(0);
        Outbox.toSupervisors(c, communityId, orderId, eventId, ComplaintNotices.toSupervisor(k));
        return k;
    }

    // ---------------------------------------------------------------- reading

    /** The community's complaints and suggestions, newest first; open ones only when asked. */
    public List<Complaint> list(Caller caller, boolean openOnly, int limit) {
        requireStaff(caller, READING);
        return inTransaction(c -> load(c, "k.community_id = ?" + (openOnly
                ? " AND k.closed_at IS NULL AND w.status <> 'cancelled'" : "")
                + " ORDER BY k.created_at DESC, k.work_order_id DESC LIMIT " + Math.max(1, Math.min(limit, 500)),
                caller.communityId()));
    }

    /** One complaint, for the community's staff or its own reporter. */
    public Optional<Complaint> find(Caller caller, String code) {
        if (caller.isStaff()) {
            requireStaff(caller, READING);
        }
        return inTransaction(c -> byCode(c, caller.communityId(), code))
                .filter(k -> caller.isStaff() || k.residentId() != null && k.residentId() == caller.subjectId());
    }

    /** The complaint the resident was last asked about and has not answered yet (回访), within a week. */
    public Optional<Complaint> awaitingFollowUp(Caller resident) {
        OffsetDateTime since = OffsetDateTime.now(clock).minus(FOLLOW_UP_WINDOW);
        return inTransaction(c -> load(c, """
                k.community_id = ? AND w.reporter_resident_id = ? AND k.follow_up_asked_at >= ?
                  AND (k.follow_up_at IS NULL OR k.follow_up_at < k.follow_up_asked_at)
                ORDER BY k.follow_up_asked_at DESC LIMIT 1""", resident.communityId(), resident.subjectId(), since))
                .stream().findFirst();
    }

    // ---------------------------------------------------------------- answering

    /**
     * The supervisor's answer: kept on the complaint (the first one stops the first-answer clock),
     * written to the timeline and sent to the resident, who is asked whether it resolved the matter.
     * {@code close} ends it (the close clock stops; the order is closed).
     */
    public Complaint answer(Caller caller, String code, String text, boolean close) {
        requireStaff(caller, ANSWERING);
        String answer = text == null ? "" : text.strip();
        if (answer.isEmpty()) {
            throw new WorkOrderException(INVALID, "answer_missing", "请填写答复内容。");
        }
        if (answer.length() > 2000) {
            throw new WorkOrderException(INVALID, "answer_too_long", "答复太长了，请控制在2000字以内。");
        }
        return inTransaction(c -> {
            Complaint k = locked(c, caller.communityId(), code);
            if (k.closedAt() != null || "cancelled".equals(k.status()) || "closed".equals(k.status())) {
                throw new WorkOrderException(ILLEGAL_TRANSITION, "complaint_closed", "这条" + label(k) + "已经办结，不能再答复。");
            }
            OffsetDateTime now = OffsetDateTime.now(clock);
            try (PreparedStatement s = c.prepareStatement("""
                    UPDATE complaints SET answer = ?, answered_by = ?,
                        first_answered_at = coalesce(first_answered_at, ?), closed_at = ?, follow_up_asked_at = ?
                    WHERE work_order_id = ?""")) {
                s.setString(1, answer);
                s.setString(2, caller.code());
                s.setObject(3, now);
                s.setObject(4, close ? now : null);
                s.setObject(5, now);
                s.setLong(6, k.id());
                s.executeUpdate();
            }
            String to = close ? "closed" : "submitted".equals(k.status()) ? "in_progress" : k.status();
            try (PreparedStatement s = c.prepareStatement("""
                    UPDATE work_orders SET status = ?, updated_at = ?, version = version + 1,
                        started_at = coalesce(started_at, ?), closed_at = ?
                    WHERE id = ?""")) {
                s.setString(1, to);
                s.setObject(2, now);
                s.setObject(3, now);
                s.setObject(4, close ? now : null);
                s.setLong(5, k.id());
                s.executeUpdate();
            }
            long event = event(c, k.id(), caller.actor(), k.status(), to,
                    (close ? "主管答复并办结：" : "主管答复：") + answer, now);
            Outbox.toResident(c, k.communityId(), k.id(), event, k.residentId(), ComplaintNotices.answer(k, answer));
            return byCode(c, caller.communityId(), code).orElseThrow();
        });
    }

    /**
     * The resident's 回访: whether the answer resolved the matter and/or a score of 1–5. A later
     * answer replaces an earlier one; "not resolved" on a closed complaint tells the supervisors.
     */
    public Complaint followUp(Caller resident, String code, Boolean resolved, Integer score) {
        if (!resident.isResident()) {
            throw new WorkOrderException(FORBIDDEN, "not_resident", "回访只能由提出的住户本人填写。");
        }
        if (resolved == null && score == null) {
            throw new WorkOrderException(INVALID, "follow_up_missing", "请告诉我们是否已解决，或打1到5分。");
        }
        if (score != null && (score < 1 || score > 5)) {
            throw new WorkOrderException(INVALID, "rating_out_of_range", "评分请在1到5之间。");
        }
        return inTransaction(c -> {
            Complaint k = locked(c, resident.communityId(), code);
            if (k.residentId() == null || k.residentId() != resident.subjectId()) {
                throw new WorkOrderException(NOT_FOUND, "not_found", "没有找到" + code + "。");
            }
            if (k.followUpAskedAt() == null) {
                throw new WorkOrderException(ILLEGAL_TRANSITION, "not_answered", "主管还没有答复，答复后再请您评价。");
            }
            OffsetDateTime now = OffsetDateTime.now(clock);
            try (PreparedStatement s = c.prepareStatement("""
                    UPDATE complaints SET follow_up_resolved = coalesce(?, follow_up_resolved),
                        follow_up_score = coalesce(?, follow_up_score), follow_up_at = ?
                    WHERE work_order_id = ?""")) {
                s.setObject(1, resolved);
                s.setObject(2, score);
                s.setObject(3, now);
                s.setLong(4, k.id());
                s.executeUpdate();
            }
            String note = "住户回访：" + (resolved == null ? "" : resolved ? "已解决" : "未解决")
                    + (score == null ? "" : (resolved == null ? "" : "，") + score + "分");
            long event = event(c, k.id(), resident.actor(), k.status(), k.status(), note, now);
            if (Boolean.FALSE.equals(resolved) || score != null && score <= 2) {
                Outbox.toSupervisors(c, k.communityId(), k.id(), event, ComplaintNotices.unresolved(k, note));
            }
            return byCode(c, resident.communityId(), code).orElseThrow();
        });
    }

    // ---------------------------------------------------------------- internals

    static List<Complaint> load(Connection c, String where, Object... args) throws SQLException {
        List<Complaint> out = new ArrayList<>();
        List<Long> houseIds = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(SELECT + " WHERE " + where)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Long house = rs.getObject(7, Long.class);
                    if (house != null) {
                        houseIds.add(house);
                    }
                    Object[] r = new Object[25];
                    for (int i = 0; i < r.length; i++) {
                        r[i] = rs.getObject(i + 1);
                    }
                    r[10] = rs.getObject(11, OffsetDateTime.class);
                    r[11] = rs.getObject(12, OffsetDateTime.class);
                    r[12] = rs.getObject(13, OffsetDateTime.class);
                    r[13] = rs.getObject(14, OffsetDateTime.class);
                    r[14] = rs.getObject(15, OffsetDateTime.class);
                    r[21] = rs.getObject(22, OffsetDateTime.class);
                    r[24] = rs.getObject(25, OffsetDateTime.class);
                    rows.add(r);
                }
            }
        }
        Map<Long, Households.House> houses = Households.houses(c, new HashSet<>(houseIds));
        for (Object[] r : rows) {
            Households.House h = r[6] == null ? null : houses.get(((Number) r[6]).longValue());
            out.add(new Complaint(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3],
                    Subject.ofCode((String) r[4]).orElse(Subject.OTHER), (String) r[5], h == null ? null : h.code(),
                    (String) r[7], r[8] == null ? null : ((Number) r[8]).longValue(), (String) r[9],
                    (OffsetDateTime) r[10], (OffsetDateTime) r[11], (OffsetDateTime) r[12], (OffsetDateTime) r[13],
                    (OffsetDateTime) r[14], (String) r[15], (String) r[16], (Boolean) r[17], (Boolean) r[18],
                    (String) r[19], ((Number) r[20]).intValue(), (OffsetDateTime) r[21], (Boolean) r[22],
                    r[23] == null ? null : ((Number) r[23]).intValue(), (OffsetDateTime) r[24]));
        }
        return out;
    }

    private static Optional<Complaint> byCode(Connection c, String communityId, String code) throws SQLException {
        return load(c, "k.community_id = ? AND w.code = ?", communityId, code).stream().findFirst();
    }

    /** The complaint, its row locked for this transaction: two answers at once are applied one after the other. */
    private static Complaint locked(Connection c, String communityId, String code) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT k.work_order_id FROM complaints k JOIN work_orders w ON w.id = k.work_order_id
                WHERE k.community_id = ? AND w.code = ? FOR UPDATE OF k""")) {
            s.setString(1, communityId);
            s.setString(2, code);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new WorkOrderException(NOT_FOUND, "not_found", "没有找到投诉或建议" + code + "。");
                }
            }
        }
        return byCode(c, communityId, code).orElseThrow();
    }

    static long event(Connection c, long orderId, String actor, String from, String to, String note,
                      OffsetDateTime at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO work_order_events (work_order_id, at, actor, from_status, to_status, note)
                VALUES (?, ?, ?, ?, ?, ?) RETURNING id""")) {
            s.setLong(1, orderId);
            s.setObject(2, at);
            s.setString(3, actor);
            s.setString(4, from);
            s.setString(5, to);
            s.setString(6, note);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String label(Complaint k) {
        return k.isSuggestion() ? "建议" : "投诉";
    }

    private static void requireStaff(Caller caller, Set<String> roles) {
        if (!caller.isStaff() || !roles.contains(caller.role())) {
            throw new WorkOrderException(FORBIDDEN, "role_forbidden", roles.contains("agent")
                    ? "只有客服、主管和管理员可以查看投诉建议。" : "只有主管或管理员可以答复投诉建议。");
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("complaint storage failed: " + e.getMessage(), e);
        }
    }
}
