package dev.guanjia.ticketing.workorder;

import dev.guanjia.community.category.ServiceCategory;
import dev.guanjia.community.resident.Households;
import dev.guanjia.community.session.Caller;
import dev.guanjia.community.staff.StaffRoster;
import dev.guanjia.ticketing.classify.Classification;
import dev.guanjia.ticketing.classify.Classifier;
import dev.guanjia.ticketing.complaint.Complaint;
import dev.guanjia.ticketing.complaint.Complaints;
import dev.guanjia.ticketing.dispatch.Dispatcher;
import dev.guanjia.ticketing.media.ResidentMedia;
import dev.guanjia.ticketing.outbox.Outbox;
import dev.guanjia.ticketing.sla.SlaPolicy;
import dev.guanjia.ticketing.workorder.Lifecycle.Action;
import dev.guanjia.ticketing.workorder.Lifecycle.Role;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.guanjia.ticketing.workorder.WorkOrderException.Kind.FORBIDDEN;
import static dev.guanjia.ticketing.workorder.WorkOrderException.Kind.ILLEGAL_TRANSITION;
import static dev.guanjia.ticketing.workorder.WorkOrderException.Kind.INVALID;
import static dev.guanjia.ticketing.workorder.WorkOrderException.Kind.NOT_FOUND;

/**
 * The work-order service: submitted → assigned → in_progress → pending_acceptance → closed, with
 * cancel, reassignment, return by the technician (退单), rejection by the resident and a rating.
 * Every change is checked against the {@link Lifecycle} table (who may do it, from which state),
 * written through the {@link WorkOrderStore} with its timeline event and its notices
 * ({@link WorkOrderNotices}) in one transaction, and guarded by the order's version: of two
 * concurrent changes one wins and the other gets a conflict. Houses, residents and staff are
 * community's: looked up through its read methods, never in our SQL.
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
    private final WorkOrderStore store;

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
        this.store = new WorkOrderStore(clock);
    }

    /**
     * The same service without the per-resident creation limit ({@link CreationLimit}): for load
     * tests that create thousands of orders for a few residents, never for a channel.
     */
    public WorkOrders withoutCreationLimit() {
        return new WorkOrders(db, clock, classifier, dispatcher, sla, false);
    }

    /** Complaints and suggestions: the orders of those categories, answered by the supervisor. */
    public Complaints complaints() {
        return new Complaints(db, clock);
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
            if (caller.isResident()) {
                residentId = caller.subjectId();
                if (limited) {
                    CreationLimit.check(c, caller.communityId(), residentId, priority, OffsetDateTime.now(clock));
                }
            } else if (o.reporterResidentCode() != null) {
                residentId = Households.residentId(c, caller.communityId(), o.reporterResidentCode())
                        .orElseThrow(() -> new WorkOrderException(INVALID, "resident_unknown",
                                "没有找到这位住户：" + o.reporterResidentCode()));
            } else {
                residentId = null;
            }
            Households.House house = null;
            if (o.houseCode() != null) {
                house = Households.house(c, caller.communityId(), o.houseCode()).orElseThrow(() ->
                        new WorkOrderException(INVALID, "house_unknown", "没有找到这个房号：" + o.houseCode()));
                if (caller.isResident() && Households.role(c, caller.subjectId(), house.id()).isEmpty()) {
                    throw new WorkOrderException(FORBIDDEN, "not_your_house", "只能为自己名下的房屋报修。");
                }
            } else if (o.location() == null || o.location().isBlank()) {
                throw new WorkOrderException(INVALID, "place_missing", "请告诉我们报修的房号或公共区域位置。");
            }
            OffsetDateTime now = OffsetDateTime.now(clock);
            // a complaint or suggestion keeps its own deadlines (ticketing/complaint), not the repair stages
            boolean complaint = Complaint.isKind(category.code());
            SlaPolicy.Deadlines d = sla.deadlines(c, caller.communityId(), category.code(), priority);
            Dispatcher.Decision decision = dispatcher.decide(c, caller.communityId(), category.code(),
                    house == null ? null : house.buildingCode(), category.isDeskMatter());
            String code = store.newCode(c, now);
            long id = store.insert(c, new WorkOrderStore.NewRow(caller.communityId(), code,
                    house == null ? null : house.id(), o.location(), residentId,
                    caller.isStaff() ? caller.subjectId() : null,
                    o.channel() == null ? (caller.isStaff() ? "console" : "web") : o.channel(), category.code(),
                    priority, o.title() == null || o.title().isBlank() ? summary(o.description()) : o.title(),
                    o.description() == null ? "" : o.description(), o.appointmentFrom(), o.appointmentTo(),
                    decision.assigneeId(), decision.assigneeId() != null ? Status.ASSIGNED : Status.SUBMITTED, now,
                    complaint ? null : now.plus(d.response()), complaint ? null : now.plus(d.start()),
                    complaint ? null : now.plus(d.resolve()), decision.waitingFor(),
                    decision.mode()));
            for (String a : o.attachments() == null ? List.<String>of() : o.attachments()) {
                store.addAttachment(c, id, a);
            }
            if (residentId != null) {
                // photos the resident sent before describing the problem belong to this order
                for (long m : ResidentMedia.unattachedPhotos(c, caller.communityId(), residentId, now)) {
                    store.addAttachment(c, id, ResidentMedia.REFERENCE + m);
                }
            }
            long created = store.event(c, id, caller.actor(), null, Status.SUBMITTED,
                    category.label() + "，" + priority.label() + "优先级（" + auto.reason() + "）");
            Outbox.toResident(c, caller.communityId(), id, created, residentId, complaint
                    ? WorkOrderNotices.receivedComplaint(code, category.label()) : WorkOrderNotices.received(code));
            if (decision.assigneeId() != null) {
                long assigned = store.event(c, id, "system:dispatch", Status.SUBMITTED, Status.ASSIGNED,
                        decision.reason());
                Outbox.toStaff(c, caller.communityId(), id, assigned, decision.assigneeId(),
                        WorkOrderNotices.newOrder(code, category.label()));
                Outbox.toResident(c, caller.communityId(), id, assigned, residentId,
                        WorkOrderNotices.dispatched(code));
            } else if (complaint) {
                // routed to the supervisors with what it is about and by when it must be answered
                Complaints.open(c, id, code, caller.communityId(), category.code(),
                        o.description() == null || o.description().isBlank() ? o.title() : o.description(),
                        house == null ? null : house.buildingCode(), residentId, created, now);
            } else if ("supervisor".equals(decision.waitingFor())) {
                long waiting = store.event(c, id, "system:dispatch", Status.SUBMITTED, Status.SUBMITTED,
                        decision.reason());
                Outbox.toSupervisors(c, caller.communityId(), id, waiting,
                        WorkOrderNotices.needsDispatch(code, decision.reason()));
            }
            return store.load(c, caller.communityId(), code).orElseThrow();
        });
    }

    // ---------------------------------------------------------------- transitions

    /** Supervisor (or admin) gives the order to a staff member; also reassigns. */
    public WorkOrder assign(Caller caller, String code, String staffCode, Integer expectedVersion) {
        Lifecycle.permit(Action.ASSIGN, staffRoles(caller));
        return change(caller, code, expectedVersion, Action.ASSIGN, (c, w, to) -> {
            long staffId = StaffRoster.idByCode(c, caller.communityId(), staffCode).orElseThrow(() ->
                    new WorkOrderException(INVALID, "staff_unknown", "没有这位员工：" + staffCode));
            if (w.assigneeId() != null && w.assigneeId() == staffId) {
                throw new WorkOrderException(INVALID, "same_assignee", "工单已经派给这位员工了。");
            }
            store.update(c, w, to, "assignee_id = ?, waiting_for = 'technician'", staffId);
            long ev = store.event(c, w.id(), caller.actor(), w.status(), to,
                    (w.assigneeId() == null ? "派单给 " : "改派给 ") + staffCode);
            Outbox.toStaff(c, w.communityId(), w.id(), ev, staffId, WorkOrderNotices.yours(w.code()));
            Outbox.toStaff(c, w.communityId(), w.id(), ev, w.assigneeId(), WorkOrderNotices.reassigned(w.code()));
            Outbox.toResident(c, w.communityId(), w.id(), ev, w.reporterResidentId(),
                    WorkOrderNotices.assigned(w.code()));
        });
    }

    /** Grab mode: a qualified technician takes an open order; of two at once, one gets it. */
    public WorkOrder claim(Caller caller, String code, Integer expectedVersion) {
        Lifecycle.permit(Action.CLAIM, staffRoles(caller));
        return change(caller, code, expectedVersion, Action.CLAIM, (c, w, to) -> {
            if (!dispatcher.qualifies(c, caller.subjectId(), w.category(), buildingOf(c, w))) {
                throw new WorkOrderException(FORBIDDEN, "not_qualified", "这张工单不在您的技能或负责楼栋范围内。");
            }
            store.update(c, w, to, "assignee_id = ?, waiting_for = 'technician'", caller.subjectId());
            long ev = store.event(c, w.id(), caller.actor(), w.status(), to, "抢单");
            Outbox.toResident(c, w.communityId(), w.id(), ev, w.reporterResidentId(),
                    WorkOrderNotices.claimed(w.code(), caller.name()));
        });
    }

    public WorkOrder start(Caller caller, String code, Integer expectedVersion) {
        return change(caller, code, expectedVersion, Action.START, (c, w, to) -> {
            store.update(c, w, to, "started_at = ?", OffsetDateTime.now(clock));
            long ev = store.event(c, w.id(), caller.actor(), w.status(), to, "开始处理");
            Outbox.toResident(c, w.communityId(), w.id(), ev, w.reporterResidentId(),
                    WorkOrderNotices.started(w.code()));
        });
    }

    public WorkOrder complete(Caller caller, String code, String note, List<String> photos, Integer expectedVersion) {
        return change(caller, code, expectedVersion, Action.COMPLETE, (c, w, to) -> {
            String n = note == null ? "" : note.strip();
            store.update(c, w, to, "completion_note = ?", n);
            for (String p : photos == null ? List.<String>of() : photos) {
                store.addAttachment(c, w.id(), p);
            }
            long ev = store.event(c, w.id(), caller.actor(), w.status(), to, n.isEmpty() ? "处理完成" : "处理完成：" + n);
            Outbox.toResident(c, w.communityId(), w.id(), ev, w.reporterResidentId(),
                    WorkOrderNotices.completed(w.code()));
        });
    }

    /** 退单: the assignee gives the order back to dispatch, with a reason. */
    public WorkOrder giveBack(Caller caller, String code, String reason, Integer expectedVersion) {
        return change(caller, code, expectedVersion, Action.GIVE_BACK, (c, w, to) -> {
            String r = requireReason(reason, "退单");
            store.update(c, w, to, "assignee_id = NULL, waiting_for = 'supervisor', started_at = NULL");
            long ev = store.event(c, w.id(), caller.actor(), w.status(), to, "退单：" + r);
            Outbox.toSupervisors(c, w.communityId(), w.id(), ev, WorkOrderNotices.givenBack(w.code(), r));
        });
    }

    public WorkOrder accept(Caller caller, String code, Integer expectedVersion) {
        return change(caller, code, expectedVersion, Action.ACCEPT, (c, w, to) -> {
            store.update(c, w, to, "closed_at = ?", OffsetDateTime.now(clock));
            long ev = store.event(c, w.id(), caller.actor(), w.status(), to, "住户验收通过");
            Outbox.toStaff(c, w.communityId(), w.id(), ev, w.assigneeId(), WorkOrderNotices.accepted(w.code()));
        });
    }

    public WorkOrder reject(Caller caller, String code, String reason, Integer expectedVersion) {
        return change(caller, code, expectedVersion, Action.REJECT, (c, w, to) -> {
            String r = requireReason(reason, "验收不通过");
            store.update(c, w, to, "completion_note = NULL");
            long ev = store.event(c, w.id(), caller.actor(), w.status(), to, "验收不通过：" + r);
            Outbox.toStaff(c, w.communityId(), w.id(), ev, w.assigneeId(), WorkOrderNotices.rejected(w.code(), r));
        });
    }

    /** Residents cancel before work starts; staff (agent, supervisor, admin) any time, with a reason. */
    public WorkOrder cancel(Caller caller, String code, String reason, Integer expectedVersion) {
        return change(caller, code, expectedVersion, Action.CANCEL, (c, w, to) -> {
            String note = caller.isResident()
                    ? (reason == null || reason.isBlank() ? "住户取消" : "住户取消：" + reason.strip())
                    : "员工取消：" + requireReason(reason, "取消");
            store.update(c, w, to, "closed_at = ?", OffsetDateTime.now(clock));
            long ev = store.event(c, w.id(), caller.actor(), w.status(), to, note);
            Outbox.toStaff(c, w.communityId(), w.id(), ev, w.assigneeId(), WorkOrderNotices.cancelled(w.code()));
            if (caller.isStaff()) {
                Outbox.toResident(c, w.communityId(), w.id(), ev, w.reporterResidentId(),
                        WorkOrderNotices.cancelledByStaff(w.code(), reason.strip()));
            }
        });
    }

    public WorkOrder rate(Caller caller, String code, int rating, String comment, Integer expectedVersion) {
        if (rating < 1 || rating > 5) {
            throw new WorkOrderException(INVALID, "rating_out_of_range", "评分请在1到5之间。");
        }
        return change(caller, code, expectedVersion, Action.RATE, (c, w, to) -> {
            if (w.rating() != null) {
                throw new WorkOrderException(ILLEGAL_TRANSITION, "already_rated", "这张工单已经评价过了。");
            }
            store.update(c, w, to, "rating = ?, rating_comment = ?", rating, comment);
            long ev = store.event(c, w.id(), caller.actor(), w.status(), to, "评价 " + rating + " 星"
                    + (comment == null || comment.isBlank() ? "" : "：" + comment.strip()));
            Outbox.toStaff(c, w.communityId(), w.id(), ev, w.assigneeId(), WorkOrderNotices.rated(w.code(), rating));
        });
    }

    /**
     * Sets when someone is home for the visit, on an order made before the time was said (an urgent one
     * registered at once, "明天上午来吧" in the next message) or to change it: before the work is done,
     * by its household or staff. The assignee is told the new window.
     */
    public WorkOrder schedule(Caller caller, String code, OffsetDateTime from, OffsetDateTime to, String said,
                              Integer expectedVersion) {
        if (from == null || to == null || !to.isAfter(from)) {
            throw new WorkOrderException(INVALID, "invalid_window", "上门时间不完整，请说明哪天、几点。");
        }
        return change(caller, code, expectedVersion, Action.SCHEDULE, (c, w, next) -> {
            store.update(c, w, next, "appointment_from = ?, appointment_to = ?", from, to);
            String window = from.toLocalDate() + " " + from.toLocalTime() + "-" + to.toLocalTime();
            long ev = store.event(c, w.id(), caller.actor(), w.status(), next, "上门时间：" + window
                    + (said == null || said.isBlank() ? "" : "（" + said.strip() + "）"));
            Outbox.toStaff(c, w.communityId(), w.id(), ev, w.assigneeId(), WorkOrderNotices.scheduled(w.code(), window));
        });
    }

    /** Adds a photo (or other reference) to an order the caller may see that is not finished yet. */
    public WorkOrder attach(Caller caller, String code, String reference) {
        return change(caller, code, null, Action.ATTACH, (c, w, to) -> {
            store.addAttachment(c, w.id(), reference);
            store.event(c, w.id(), caller.actor(), w.status(), to, "补充了图片");
        });
    }

    /**
     * Adds what the resident said after the order was made — where exactly a public fault is ("A1栋后面那块
     * 小广场"), what else is wrong — to its place and its history; the assignee is told.
     */
    public WorkOrder addDetail(Caller caller, String code, String words) {
        if (words == null || words.isBlank()) {
            throw new WorkOrderException(INVALID, "empty_detail", "补充说明不能为空。");
        }
        String said = words.strip();
        return change(caller, code, null, Action.DETAIL, (c, w, to) -> {
            String place = w.location() == null || w.location().isBlank() ? said : w.location() + "；" + said;
            store.update(c, w, to, "location = ?", place);
            long ev = store.event(c, w.id(), caller.actor(), w.status(), to, "补充说明：" + said);
            Outbox.toStaff(c, w.communityId(), w.id(), ev, w.assigneeId(), WorkOrderNotices.detailAdded(w.code(), said));
        });
    }

    // ---------------------------------------------------------------- reading

    /** An order the caller may see; empty when it does not exist or is not theirs to see. */
    public Optional<WorkOrder> find(Caller caller, String code) {
        return inTransaction(c -> visible(c, caller, code).map(Visible::order));
    }

    public List<WorkOrderEvent> timeline(Caller caller, String code) {
        return inTransaction(c -> store.timeline(c, visible(c, caller, code).orElseThrow(() -> notFound(code))
                .order().id()));
    }

    /** Residents: their own (and their household's) orders. Staff: the community's, filtered. */
    public List<WorkOrder> list(Caller caller, Filter f) {
        return inTransaction(c -> {
            WorkOrderStore.Scope scope = new WorkOrderStore.Scope(
                    caller.isResident() ? caller.subjectId() : null,
                    caller.isResident() ? Households.houseIds(c, caller.subjectId()) : List.of(),
                    !caller.isResident() && f.mine() ? caller.subjectId() : null,
                    f.building() == null ? null
                            : Households.houseIdsInBuilding(c, caller.communityId(), f.building()));
            return store.list(c, caller.communityId(), scope, f);
        });
    }

    // ---------------------------------------------------------------- internals

    @FunctionalInterface
    private interface Change {
        void apply(Connection c, WorkOrder current, Status to) throws SQLException;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** An order the caller may see, with what the caller is towards it. */
    private record Visible(WorkOrder order, Set<Role> roles) {
    }

    private WorkOrder change(Caller caller, String code, Integer expectedVersion, Action action, Change change) {
        return inTransaction(c -> {
            Visible v = visible(c, caller, code).orElseThrow(() -> notFound(code));
            WorkOrder w = v.order();
            if (expectedVersion != null && expectedVersion != w.version()) {
                throw WorkOrderStore.conflict(code);
            }
            Status to = Lifecycle.require(action, v.roles(), w.code(), w.status());
            change.apply(c, w, to);
            return store.load(c, caller.communityId(), code).orElseThrow();
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

    /**
     * The order, when the caller may see it: staff of its community; the resident who reported it;
     * any member of its house's household.
     */
    private Optional<Visible> visible(Connection c, Caller caller, String code) throws SQLException {
        Optional<WorkOrder> found = store.load(c, caller.communityId(), code)
                .filter(w -> caller.communityId().equals(w.communityId()));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        WorkOrder w = found.get();
        Set<Role> roles = caller.isStaff() ? staffRoles(caller) : EnumSet.noneOf(Role.class);
        if (caller.isStaff()) {
            if (w.assigneeId() != null && w.assigneeId() == caller.subjectId()) {
                roles.add(Role.ASSIGNEE);
            }
            return Optional.of(new Visible(w, roles));
        }
        if (w.reporterResidentId() != null && w.reporterResidentId() == caller.subjectId()) {
            roles.add(Role.REPORTER);
        }
        Long houseId = w.houseCode() == null ? null : store.houseId(c, w.id());
        if (houseId != null) {
            Households.role(c, caller.subjectId(), houseId).ifPresent(r -> {
                if (Households.OWNER.equals(r)) {
                    roles.add(Role.OWNER);
                } else if (!roles.contains(Role.REPORTER)) {
                    // a let flat's tenant is who lives there and reports its repairs: an order of that flat with no
                    // reporter on record (brought over from the old system) is the tenant's as its reporter's; one
                    // staff entered for the house stays the owner's to close, and family stays household
                    roles.add(w.reporterResidentId() == null && w.channel() == null && "tenant".equals(r)
                            ? Role.REPORTER : Role.HOUSEHOLD);
                }
            });
        }
        return roles.isEmpty() ? Optional.empty() : Optional.of(new Visible(w, roles));
    }

    /** What a staff member's account makes them towards any order of the community. */
    private static Set<Role> staffRoles(Caller caller) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Role r = caller.isStaff() ? Role.ofStaff(caller.role()) : null;
        if (r != null) {
            roles.add(r);
        }
        return roles;
    }

    private static String buildingOf(Connection c, WorkOrder w) throws SQLException {
        return w.houseCode() == null ? null
                : Households.house(c, w.communityId(), w.houseCode()).map(Households.House::buildingCode).orElse(null);
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

    private static String summary(String description) {
        String d = description == null ? "" : description.strip().replaceAll("\\s+", " ");
        return d.length() > 30 ? d.substring(0, 30) + "…" : d;
    }
}
