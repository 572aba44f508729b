package dev.guanjia.ticketing.workorder;

import dev.guanjia.community.audit.AuditLog;
import dev.guanjia.community.category.ServiceCategory;
import dev.guanjia.community.session.Caller;
import dev.guanjia.ticketing.classify.Classification;
import dev.guanjia.ticketing.classify.Classifier;
import dev.guanjia.ticketing.dispatch.Dispatcher;
import dev.guanjia.ticketing.media.ResidentMedia;
import dev.guanjia.ticketing.outbox.Outbox;
import dev.guanjia.ticketing.sla.SlaPolicy;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.guanjia.ticketing.workorder.WorkOrderException.Kind.CONFLICT;
import static dev.guanjia.ticketing.workorder.WorkOrderException.Kind.FORBIDDEN;
import static dev.guanjia.ticketing.workorder.WorkOrderException.Kind.ILLEGAL_TRANSITION;
import static dev.guanjia.ticketing.workorder.WorkOrderException.Kind.INVALID;
import static dev.guanjia.ticketing.workorder.WorkOrderException.Kind.NOT_FOUND;

/**
 * The work-order lifecycle: submitted → assigned → in_progress → pending_acceptance → closed, with
 * cancel, reassignment, return by the technician (退单), rejection by the resident and a rating.
 * Every change is checked (who may do it, from which state), written with its timeline event and
 * its notices in one transaction, and guarded by the order's version: of two concurrent changes
 * one wins and the other gets a conflict.
 */
public final class WorkOrders {

    /** A new order as a resident or staff member describes it; category and priority may be left to us. */
    public record NewOrder(String houseCode, String location, String channel, String title, String description,
                           String category, String priority, OffsetDateTime appointmentFrom,
                           OffsetDateTime appointmentTo, List<String> attachments, String reporterResidentCode) {
    }

    /** What a list of orders is narrowed to; null fields mean "any". */
    public record Filter(String status, String category, String building, Boolean overdue, boolean mine,
                         int limit) {
        public static Filter all() {
            return new Filter(null, null, null, null, false, 100);
        }
    }

    /** The channels an order may come in by (the work_orders.channel CHECK). */
    public static final java.util.Set<String> CHANNELS = java.util.Set.of("wechat", "web", "voice", "console");

    private final DataSource db;
    private final Clock clock;
    private final Classifier classifier;
    private final Dispatcher dispatcher;
    private final SlaPolicy sla;
    private final boolean limited;

    public WorkOrders(DataSource db, Clock clock) {
        this(db, clock, new Classifier(), new Dispatcher(), new SlaPolicy());
    }

    public WorkOrders(DataSource db, Clock clock, Classifier classifier, Dispatcher dispatcher, SlaPolicy sla) {
        this(db, clock, classifier, dispatcher, sla, true);
    }

    private WorkOrders(DataSource db, Clock clock, Classifier classifier, Dispatcher dispatcher, SlaPolicy sla,
                       boolean limited) {
        this.db = db;
        this.clock = clock;
        this.classifier = classifier;
        this.dispatcher = dispatcher;
        this.sla = sla;
        this.limited = limited;
    }

    /**
     * The same service without the per-resident creation limit ({@link CreationLimit}): for load
     * tests that create thousands of orders for a few residents, never for a channel.
     */
    public WorkOrders withoutCreationLimit() {
        return new WorkOrders(db, clock, classifier, dispatcher, sla, false);
    }

    // ---------------------------------------------------------------- create

    public WorkOrder create(Caller caller, NewOrder o) {
        String text = (o.title() == null ? "" : o.title()) + " " + (o.description() == null ? "" : o.description());
        if (text.isBlank()) {
            throw new WorkOrderException(INVALID, "description_missing", "请描述一下需要处理的问题。");
        }
        if (text.length() > 2000) {
            throw new WorkOrderException(INVALID, "description_too_long", "描述太长了，请控制在2000字以内。");
        }
        Classification auto = classifier.classify(text);
        ServiceCategory category = o.category() == null ? auto.category()
                : ServiceCategory.ofCode(o.category()).orElseThrow(() -> new WorkOrderException(INVALID,
                "category_unknown", "没有这个报修类别：" + o.category()));
        // a caller may raise urgency, never lower it below what danger words demand
        Priority asked = o.priority() == null ? auto.priority() : parsePriority(o.priority());
        Priority priority = asked.ordinal() < auto.priority().ordinal() ? asked : auto.priority();
        // checked here, not left to the table's CHECK: a refused insert would be a 500, and its
        // error would quote the resident's row
        if (o.channel() != null && !CHANNELS.contains(o.channel())) {
            throw new WorkOrderException(INVALID, "channel_unknown", "报修渠道只能是 wechat、web、voice 或 console。");
        }
        return inTransaction(c -> {
            Long residentId;
            Long houseId = null;
            String buildingCode = null;
            if (caller.isResident()) {
                residentId = caller.subjectId();
                if (limited) {
                    CreationLimit.check(c, caller.communityId(), residentId, priority, OffsetDateTime.now(clock));
                }
            } else if (o.reporterResidentCode() != null) {
                residentId = idByCode(c, "residents", caller.communityId(), o.reporterResidentCode())
                        .orElseThrow(() -> new WorkOrderException(INVALID, "resident_unknown",
                                "没有找到这位住户：" + o.reporterResidentCode()));
            } else {
                residentId = null;
            }
            if (o.houseCode() != null) {
                try (PreparedStatement s = c.prepareStatement("""
                        SELECT h.id, b.code FROM houses h JOIN buildings b ON b.id = h.building_id
                        WHERE h.community_id = ? AND h.code = ?""")) {
                    s.setString(1, caller.communityId());
                    s.setString(2, o.houseCode());
                    try (ResultSet rs = s.executeQuery()) {
                        if (rs.next()) {
                            houseId = rs.getLong(1);
                            buildingCode = rs.getString(2);
                        }
                    }
                }
                if (houseId == null) {
                    throw new WorkOrderException(INVALID, "house_unknown", "没有找到这个房号：" + o.houseCode());
                }
                if (caller.isResident() && !livesIn(c, caller.subjectId(), houseId)) {
                    throw new WorkOrderException(FORBIDDEN, "not_your_house", "只能为自己名下的房屋报修。");
                }
            } else if (o.location() == null || o.location().isBlank()) {
                throw new WorkOrderException(INVALID, "place_missing", "请告诉我们报修的房号或公共区域位置。");
            }
            OffsetDateTime now = OffsetDateTime.now(clock);
            SlaPolicy.Deadlines d = sla.deadlines(c, caller.communityId(), category.code(), priority);
            Dispatcher.Decision decision = dispatcher.decide(c, caller.communityId(), category.code(), buildingCode,
                    category.isDeskMatter());
            String code = newCode(c, now);
            long id;
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO work_orders (community_id, code, source, house_id, location, reporter_resident_id,
                        reporter_staff_id, channel, category, priority, title, description, appointment_from,
                        appointment_to, assignee_id, status, created_at, updated_at, response_due, start_due,
                        resolve_due, waiting_for, dispatch_mode)
                    VALUES (?, ?, 'runtime', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    RETURNING id""")) {
                s.setString(1, caller.communityId());
                s.setString(2, code);
                setLong(s, 3, houseId);
                s.setString(4, o.location());
                setLong(s, 5, residentId);
                setLong(s, 6, caller.isStaff() ? caller.subjectId() : null);
                s.setString(7, o.channel() == null ? (caller.isStaff() ? "console" : "web") : o.channel());
                s.setString(8, category.code());
                s.setString(9, priority.code());
                s.setString(10, o.title() == null || o.title().isBlank() ? summary(o.description()) : o.title());
                s.setString(11, o.description() == null ? "" : o.description());
                s.setObject(12, o.appointmentFrom());
                s.setObject(13, o.appointmentTo());
                setLong(s, 14, decision.assigneeId());
                s.setString(15, decision.assigneeId() != null ? Status.ASSIGNED.code() : Status.SUBMITTED.code());
                s.setObject(16, now);
                s.setObject(17, now);
                s.setObject(18, now.plus(d.response()));
                s.setObject(19, now.plus(d.start()));
                s.setObject(20, now.plus(d.resolve()));
                s.setString(21, decision.waitingFor());
                s.setString(22, decision.mode());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            for (String a : o.attachments() == null ? List.<String>of() : o.attachments()) {
                addAttachment(c, id, a);
            }
            if (residentId != null) {
                // photos the resident sent before describing the problem belong to this order
                for (long m : ResidentMedia.unattachedPhotos(c, caller.communityId(), residentId, now)) {
                    addAttachment(c, id, ResidentMedia.REFERENCE + m);
                }
            }
            long created = event(c, id, caller.actor(), null, Status.SUBMITTED,
                    category.label() + "，" + priority.label() + "优先级（" + auto.reason() + "）");
            Outbox.toResident(c, caller.communityId(), id, created, residentId,
                    "您的报修已受理，单号" + code + "。");
            if (decision.assigneeId() != null) {
                long assigned = event(c, id, "system:dispatch", Status.SUBMITTED, Status.ASSIGNED, decision.reason());
                Outbox.toStaff(c, caller.communityId(), id, assigned, decision.assigneeId(),
                        "新工单" + code + "：" + category.label() + "，请及时处理。");
                Outbox.toResident(c, caller.communityId(), id, assigned, residentId,
                        "已为您的工单" + code + "安排维修人员。");
            } else if ("supervisor".equals(decision.waitingFor())) {
                long waiting = event(c, id, "system:dispatch", Status.SUBMITTED, Status.SUBMITTED, decision.reason());
                Outbox.toSupervisors(c, caller.communityId(), id, waiting, "工单" + code + "需要主管派单："
                        + decision.reason());
            }
            return load(c, caller.communityId(), code).orElseThrow();
        });
    }

    // ---------------------------------------------------------------- transitions

    /** Supervisor (or admin) gives the order to a staff member; also reassigns. */
    public WorkOrder assign(Caller caller, String code, String staffCode, Integer expectedVersion) {
        requireStaff(caller, "supervisor", "admin");
        return change(caller, code, expectedVersion, (c, w) -> {
            requireState(w, "派单", Status.SUBMITTED, Status.ASSIGNED);
            long staffId = idByCode(c, "staff", caller.communityId(), staffCode).orElseThrow(() ->
                    new WorkOrderException(INVALID, "staff_unknown", "没有这位员工：" + staffCode));
            if (w.assigneeId() != null && w.assigneeId() == staffId) {
                throw new WorkOrderException(INVALID, "same_assignee", "工单已经派给这位员工了。");
            }
            update(c, w, Status.ASSIGNED, "assignee_id = ?, waiting_for = 'technician'", staffId);
            long ev = event(c, w.id(), caller.actor(), w.status(), Status.ASSIGNED,
                    (w.assigneeId() == null ? "派单给 " : "改派给 ") + staffCode);
            Outbox.toStaff(c, w.communityId(), w.id(), ev, staffId, "工单" + w.code() + "已派给您，请及时处理。");
            Outbox.toStaff(c, w.communityId(), w.id(), ev, w.assigneeId(), "工单" + w.code() + "已改派他人。");
            Outbox.toResident(c, w.communityId(), w.id(), ev, w.reporterResidentId(),
                    "您的工单" + w.code() + "已安排维修人员。");
        });
    }

    /** Grab mode: a qualified technician takes an open order; of two at once, one gets it. */
    public WorkOrder claim(Caller caller, String code, Integer expectedVersion) {
        requireStaff(caller, "technician");
        return change(caller, code, expectedVersion, (c, w) -> {
            requireState(w, "抢单", Status.SUBMITTED);
            if (!dispatcher.qualifies(c, caller.subjectId(), w.category(), buildingOf(c, w))) {
                throw new WorkOrderException(FORBIDDEN, "not_qualified", "这张工单不在您的技能或负责楼栋范围内。");
            }
            update(c, w, Status.ASSIGNED, "assignee_id = ?, waiting_for = 'technician'", caller.subjectId());
            long ev = event(c, w.id(), caller.actor(), w.status(), Status.ASSIGNED, "抢单");
            Outbox.toResident(c, w.communityId(), w.id(), ev, w.reporterResidentId(),
                    "您的工单" + w.code() + "已由" + caller.name() + "接单。");
        });
    }

    public WorkOrder start(Caller caller, String code, Integer expectedVersion) {
        return change(caller, code, expectedVersion, (c, w) -> {
            requireAssignee(caller, w);
            requireState(w, "开始处理", Status.ASSIGNED);
            update(c, w, Status.IN_PROGRESS, "started_at = ?", OffsetDateTime.now(clock));
            long ev = event(c, w.id(), caller.actor(), w.status(), Status.IN_PROGRESS, "开始处理");
            Outbox.toResident(c, w.communityId(), w.id(), ev, w.reporterResidentId(),
                    "维修人员已开始处理您的工单" + w.code() + "。");
        });
    }

    public WorkOrder complete(Caller caller, String code, String note, List<String> photos, Integer expectedVersion) {
        return change(caller, code, expectedVersion, (c, w) -> {
            requireAssignee(caller, w);
            requireState(w, "完工", Status.IN_PROGRESS);
            String n = note == null ? "" : note.strip();
            update(c, w, Status.PENDING_ACCEPTANCE, "completion_note = ?", n);
            for (String p : photos == null ? List.<String>of() : photos) {
                addAttachment(c, w.id(), p);
            }
            long ev = event(c, w.id(), caller.actor(), w.status(), Status.PENDING_ACCEPTANCE,
                    n.isEmpty() ? "处理完成" : "处理完成：" + n);
            Outbox.toResident(c, w.communityId(), w.id(), ev, w.reporterResidentId(),
                    "您的工单" + w.code() + "已处理完成，请验收并评价。");
        });
    }

    /** 退单: the assignee gives the order back to dispatch, with a reason. */
    public WorkOrder giveBack(Caller caller, String code, String reason, Integer expectedVersion) {
        return change(caller, code, expectedVersion, (c, w) -> {
            requireAssignee(caller, w);
            requireState(w, "退单", Status.ASSIGNED, Status.IN_PROGRESS);
            String r = requireReason(reason, "退单");
            update(c, w, Status.SUBMITTED, "assignee_id = NULL, waiting_for = 'supervisor', started_at = NULL");
            long ev = event(c, w.id(), caller.actor(), w.status(), Status.SUBMITTED, "退单：" + r);
            Outbox.toSupervisors(c, w.communityId(), w.id(), ev, "工单" + w.code() + "被退回，需要重新派单：" + r);
        });
    }

    public WorkOrder accept(Caller caller, String code, Integer expectedVersion) {
        return change(caller, code, expectedVersion, (c, w) -> {
            requireReporter(caller, w);
            requireState(w, "验收", Status.PENDING_ACCEPTANCE);
            update(c, w, Status.CLOSED, "closed_at = ?", OffsetDateTime.now(clock));
            long ev = event(c, w.id(), caller.actor(), w.status(), Status.CLOSED, "住户验收通过");
            Outbox.toStaff(c, w.communityId(), w.id(), ev, w.assigneeId(), "工单" + w.code() + "已验收通过。");
        });
    }

    public WorkOrder reject(Caller caller, String code, String reason, Integer expectedVersion) {
        return change(caller, code, expectedVersion, (c, w) -> {
            requireReporter(caller, w);
            requireState(w, "验收不通过", Status.PENDING_ACCEPTANCE);
            String r = requireReason(reason, "验收不通过");
            update(c, w, Status.IN_PROGRESS, "completion_note = NULL");
            long ev = event(c, w.id(), caller.actor(), w.status(), Status.IN_PROGRESS, "验收不通过：" + r);
            Outbox.toStaff(c, w.communityId(), w.id(), ev, w.assigneeId(),
                    "工单" + w.code() + "验收未通过，请返工：" + r);
        });
    }

    /** Residents cancel before work starts; staff (agent, supervisor, admin) any time, with a reason. */
    public WorkOrder cancel(Caller caller, String code, String reason, Integer expectedVersion) {
        return change(caller, code, expectedVersion, (c, w) -> {
            String note;
            if (caller.isResident()) {
                requireReporter(caller, w);
                requireState(w, "取消", Status.SUBMITTED, Status.ASSIGNED);
                note = reason == null || reason.isBlank() ? "住户取消" : "住户取消：" + reason.strip();
            } else {
                requireStaff(caller, "agent", "supervisor", "admin");
                requireState(w, "取消", Status.SUBMITTED, Status.ASSIGNED, Status.IN_PROGRESS,
                        Status.PENDING_ACCEPTANCE);
                note = "员工取消：" + requireReason(reason, "取消");
            }
            update(c, w, Status.CANCELLED, "closed_at = ?", OffsetDateTime.now(clock));
            long ev = event(c, w.id(), caller.actor(), w.status(), Status.CANCELLED, note);
            Outbox.toStaff(c, w.communityId(), w.id(), ev, w.assigneeId(), "工单" + w.code() + "已取消。");
            if (caller.isStaff()) {
                Outbox.toResident(c, w.communityId(), w.id(), ev, w.reporterResidentId(),
                        "您的工单" + w.code() + "已取消：" + reason.strip());
            }
        });
    }

    public WorkOrder rate(Caller caller, String code, int rating, String comment, Integer expectedVersion) {
        if (rating < 1 || rating > 5) {
            throw new WorkOrderException(INVALID, "rating_out_of_range", "评分请在1到5之间。");
        }
        return change(caller, code, expectedVersion, (c, w) -> {
            requireReporter(caller, w);
            requireState(w, "评价", Status.CLOSED);
            if (w.rating() != null) {
                throw new WorkOrderException(ILLEGAL_TRANSITION, "already_rated", "这张工单已经评价过了。");
            }
            update(c, w, Status.CLOSED, "rating = ?, rating_comment = ?", rating, comment);
            long ev = event(c, w.id(), caller.actor(), w.status(), Status.CLOSED, "评价 " + rating + " 星"
                    + (comment == null || comment.isBlank() ? "" : "：" + comment.strip()));
            Outbox.toStaff(c, w.communityId(), w.id(), ev, w.assigneeId(),
                    "工单" + w.code() + "收到住户评价：" + rating + "星。");
        });
    }

    /** Adds a photo (or other reference) to an order the caller may see that is not finished yet. */
    public WorkOrder attach(Caller caller, String code, String reference) {
        return change(caller, code, null, (c, w) -> {
            if (w.status().isFinal()) {
                throw new WorkOrderException(ILLEGAL_TRANSITION, "order_finished", "工单" + w.code() + "已经结束，不能再补充图片。");
            }
            addAttachment(c, w.id(), reference);
            event(c, w.id(), caller.actor(), w.status(), w.status(), "补充了图片");
        });
    }

    // ---------------------------------------------------------------- reading

    /** An order the caller may see; empty when it does not exist or is not theirs to see. */
    public Optional<WorkOrder> find(Caller caller, String code) {
        return inTransaction(c -> load(c, caller.communityId(), code).filter(w -> visible(c, caller, w)));
    }

    public List<WorkOrderEvent> timeline(Caller caller, String code) {
        return inTransaction(c -> {
            WorkOrder w = load(c, caller.communityId(), code).filter(o -> visible(c, caller, o))
                    .orElseThrow(() -> notFound(code));
            List<WorkOrderEvent> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT id, at, actor, from_status, to_status, note FROM work_order_events
                    WHERE work_order_id = ? ORDER BY at, id""")) {
                s.setLong(1, w.id());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(new WorkOrderEvent(rs.getLong(1), rs.getObject(2, OffsetDateTime.class),
                                rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)));
                    }
                }
            }
            return out;
        });
    }

    /** Residents: their own (and their household's) orders. Staff: the community's, filtered. */
    public List<WorkOrder> list(Caller caller, Filter f) {
        StringBuilder where = new StringBuilder("w.community_id = ?");
        List<Object> args = new ArrayList<>();
        args.add(caller.communityId());
        if (caller.isResident()) {
            where.append(" AND (w.reporter_resident_id = ? OR w.house_id IN "
                    + "(SELECT house_id FROM resident_houses WHERE resident_id = ?))");
            args.add(caller.subjectId());
            args.add(caller.subjectId());
        } else if (f.mine()) {
            where.append(" AND w.assignee_id = ?");
            args.add(caller.subjectId());
        }
        if (f.status() != null) {
            where.append(" AND w.status = ?");
            args.add(f.status());
        }
        if (f.category() != null) {
            where.append(" AND w.category = ?");
            args.add(f.category());
        }
        if (f.building() != null) {
            where.append(" AND b.code = ?");
            args.add(f.building());
        }
        if (f.overdue() != null) {
            where.append(f.overdue() ? " AND (w.response_breached OR w.start_breached OR w.resolve_breached)"
                    : " AND NOT (w.response_breached OR w.start_breached OR w.resolve_breached)");
        }
        return inTransaction(c -> {
            List<WorkOrder> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(SELECT + " WHERE " + where
                    + " ORDER BY w.created_at DESC, w.id DESC LIMIT " + Math.max(1, Math.min(f.limit(), 500)))) {
                for (int i = 0; i < args.size(); i++) {
                    s.setObject(i + 1, args.get(i));
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(read(rs));
                    }
                }
            }
            return out;
        });
    }

    // ---------------------------------------------------------------- internals

    @FunctionalInterface
    private interface Change {
        void apply(Connection c, WorkOrder current) throws SQLException;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private WorkOrder change(Caller caller, String code, Integer expectedVersion, Change change) {
        return inTransaction(c -> {
            WorkOrder w = load(c, caller.communityId(), code).filter(o -> visible(c, caller, o))
                    .orElseThrow(() -> notFound(code));
            if (expectedVersion != null && expectedVersion != w.version()) {
                throw conflict(code);
            }
            change.apply(c, w);
            return load(c, caller.communityId(), code).orElseThrow();
        });
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
            throw new IllegalStateException("work-order storage failed: " + e.getMessage(), e);
        }
    }

    /** The optimistic lock: the row changes only if nobody changed it since we read it. */
    private void update(Connection c, WorkOrder w, Status to, String sets, Object... values) throws SQLException {
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

    private long event(Connection c, long orderId, String actor, Status from, Status to, String note)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO work_order_events (work_order_id, at, actor, from_status, to_status, note)
                VALUES (?, ?, ?, ?, ?, ?) RETURNING id""")) {
            s.setLong(1, orderId);
            s.setObject(2, OffsetDateTime.now(clock));
            s.setString(3, actor);
            s.setString(4, from == null ? null : from.code());
            s.setString(5, to.code());
            s.setString(6, note);
            long id;
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
            if (!actor.startsWith("system:")) {
                // people's changes also go to the tamper-evident audit log, in the same transaction
                try (PreparedStatement o = c.prepareStatement("SELECT community_id, code FROM work_orders WHERE id = ?")) {
                    o.setLong(1, orderId);
                    try (ResultSet rs = o.executeQuery()) {
                        rs.next();
                        AuditLog.append(c, actor, "work_order." + to.code(), rs.getString(1),
                                "work_order:" + rs.getString(2), (from == null ? "new" : from.code()) + " → " + to.code());
                    }
                }
            }
            return id;
        }
    }

    private static void addAttachment(Connection c, long orderId, String reference) throws SQLException {
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

    private boolean visible(Connection c, Caller caller, WorkOrder w) {
        if (!caller.communityId().equals(w.communityId())) {
            return false;
        }
        if (caller.isStaff()) {
            return true;
        }
        try {
            return w.reporterResidentId() != null && w.reporterResidentId() == caller.subjectId()
                    || w.houseCode() != null && livesIn(c, caller.subjectId(), houseId(c, w));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long houseId(Connection c, WorkOrder w) throws SQLException {
        return idByCode(c, "houses", w.communityId(), w.houseCode()).orElse(-1L);
    }

    private static boolean livesIn(Connection c, long residentId, long houseId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT 1 FROM resident_houses WHERE resident_id = ? AND house_id = ?")) {
            s.setLong(1, residentId);
            s.setLong(2, houseId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String buildingOf(Connection c, WorkOrder w) throws SQLException {
        if (w.houseCode() == null) {
            return null;
        }
        try (PreparedStatement s = c.prepareStatement("""
                SELECT b.code FROM houses h JOIN buildings b ON b.id = h.building_id
                WHERE h.community_id = ? AND h.code = ?""")) {
            s.setString(1, w.communityId());
            s.setString(2, w.houseCode());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static Optional<Long> idByCode(Connection c, String table, String communityId, String code)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT id FROM " + table + " WHERE community_id = ? AND code = ?")) {
            s.setString(1, communityId);
            s.setString(2, code);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    private static void requireState(WorkOrder w, String action, Status... allowed) {
        for (Status s : allowed) {
            if (w.status() == s) {
                return;
            }
        }
        throw new WorkOrderException(ILLEGAL_TRANSITION, "illegal_transition",
                "工单" + w.code() + "当前状态是「" + w.status().label() + "」，不能" + action + "。");
    }

    private static void requireStaff(Caller caller, String... roles) {
        if (!caller.isStaff() || !caller.hasRole(roles)) {
            throw new WorkOrderException(FORBIDDEN, "role_required", "您没有权限执行这个操作。");
        }
    }

    private static void requireAssignee(Caller caller, WorkOrder w) {
        if (!caller.isStaff() || w.assigneeId() == null || w.assigneeId() != caller.subjectId()) {
            throw new WorkOrderException(FORBIDDEN, "not_assignee", "只有负责这张工单的维修人员可以操作。");
        }
    }

    private static void requireReporter(Caller caller, WorkOrder w) {
        if (!caller.isResident()) {
            throw new WorkOrderException(FORBIDDEN, "resident_only", "这一步需要住户本人操作。");
        }
    }

    private static String requireReason(String reason, String action) {
        if (reason == null || reason.isBlank()) {
            throw new WorkOrderException(INVALID, "reason_missing", action + "需要填写原因。");
        }
        return reason.strip();
    }

    private static Priority parsePriority(String p) {
        try {
            return Priority.of(p);
        } catch (IllegalArgumentException e) {
            throw new WorkOrderException(INVALID, "priority_unknown", "没有这个优先级：" + p);
        }
    }

    private static WorkOrderException notFound(String code) {
        return new WorkOrderException(NOT_FOUND, "not_found", "没有找到工单" + code + "。");
    }

    private static WorkOrderException conflict(String code) {
        return new WorkOrderException(CONFLICT, "conflict",
                "工单" + code + "刚刚被其他人修改过，请刷新后再试。");
    }

    private static String summary(String description) {
        String d = description == null ? "" : description.strip().replaceAll("\\s+", " ");
        return d.length() > 30 ? d.substring(0, 30) + "…" : d;
    }

    /** WO + date + a number from a sequence: readable over the phone, never reused. */
    private static String newCode(Connection c, OffsetDateTime now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT nextval('work_order_number')");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return "WO" + now.toLocalDate().toString().replace("-", "") + "-" + rs.getLong(1);
        }
    }

    private static void setLong(PreparedStatement s, int i, Long v) throws SQLException {
        if (v == null) {
            s.setNull(i, Types.BIGINT);
        } else {
            s.setLong(i, v);
        }
    }

    private static final String SELECT = """
            SELECT w.id, w.community_id, w.code, h.code, w.location, w.reporter_resident_id, w.channel, w.category,
                   w.priority, w.title, w.description, w.appointment_from, w.appointment_to, w.assignee_id,
                   st.code, st.name, w.status, w.waiting_for, w.dispatch_mode, w.rating, w.rating_comment,
                   w.completion_note, w.created_at, w.updated_at, w.closed_at, w.response_due, w.start_due,
                   w.resolve_due, w.response_breached, w.start_breached, w.resolve_breached,
                   (SELECT array_agg(reference ORDER BY id) FROM work_order_attachments a WHERE a.work_order_id = w.id),
                   w.version
            FROM work_orders w
            LEFT JOIN houses h ON h.id = w.house_id
            LEFT JOIN buildings b ON b.id = h.building_id
            LEFT JOIN staff st ON st.id = w.assignee_id""";

    private static Optional<WorkOrder> load(Connection c, String communityId, String code) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT + " WHERE w.community_id = ? AND w.code = ?")) {
            s.setString(1, communityId);
            s.setString(2, code);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static WorkOrder read(ResultSet rs) throws SQLException {
        List<String> overdue = new ArrayList<>();
        if (rs.getBoolean(29)) {
            overdue.add("response");
        }
        if (rs.getBoolean(30)) {
            overdue.add("start");
        }
        if (rs.getBoolean(31)) {
            overdue.add("resolve");
        }
        java.sql.Array att = rs.getArray(32);
        return new WorkOrder(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                (Long) rs.getObject(6), rs.getString(7), rs.getString(8), Priority.of(rs.getString(9)),
                rs.getString(10), rs.getString(11), rs.getObject(12, OffsetDateTime.class),
                rs.getObject(13, OffsetDateTime.class), (Long) rs.getObject(14), rs.getString(15), rs.getString(16),
                Status.of(rs.getString(17)), rs.getString(18), rs.getString(19), (Integer) rs.getObject(20),
                rs.getString(21), rs.getString(22), rs.getObject(23, OffsetDateTime.class),
                rs.getObject(24, OffsetDateTime.class), rs.getObject(25, OffsetDateTime.class),
                rs.getObject(26, OffsetDateTime.class), rs.getObject(27, OffsetDateTime.class),
                rs.getObject(28, OffsetDateTime.class), overdue,
                att == null ? List.of() : List.of((String[]) att.getArray()), rs.getInt(33));
    }
}
