package dev.guanjia.ticketing.workorder;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static dev.guanjia.ticketing.workorder.Status.ASSIGNED;
import static dev.guanjia.ticketing.workorder.Status.CANCELLED;
import static dev.guanjia.ticketing.workorder.Status.CLOSED;
import static dev.guanjia.ticketing.workorder.Status.IN_PROGRESS;
import static dev.guanjia.ticketing.workorder.Status.PENDING_ACCEPTANCE;
import static dev.guanjia.ticketing.workorder.Status.SUBMITTED;
import static dev.guanjia.ticketing.workorder.WorkOrderException.Kind.FORBIDDEN;
import static dev.guanjia.ticketing.workorder.WorkOrderException.Kind.ILLEGAL_TRANSITION;

/**
 * The work-order state machine as one table: for each action, which roles may take it and from
 * which states, and where it leads. Nothing here reads a database: the caller's roles towards an
 * order are worked out by {@link WorkOrders} and passed in.
 *
 * <p>Who may do what for a household (a house has an owner 业主 and maybe tenants or family):
 * <ul>
 * <li>the reporter (报修人) may cancel their order before work starts;</li>
 * <li>the owner of the order's house may do the same for an order another member of the household
 *     reported (or staff entered for the house): the owner answers to the property company for the
 *     house;</li>
 * <li>any member of the household (reporter, owner, tenant, family) sees the order, follows its
 *     timeline, adds photos, and accepts, rejects and rates the work: it was done in their home, and
 *     whoever is at home when the technician finishes is who checks it;</li>
 * <li>no other member may cancel someone else's order: a relative must not be able to withdraw a
 *     repair the reporter still waits for;</li>
 * <li>staff: supervisors and admins assign; technicians claim in grab mode; only the assignee starts,
 *     completes or gives an order back; agents, supervisors and admins may cancel (with a reason)
 *     until the order is closed.</li>
 * </ul>
 * A role that may take an action, but not from the order's present state, is told the state
 * (illegal transition); a role that may never take it is refused (forbidden).
 */
public final class Lifecycle {

    /** What a caller can be towards one order; a caller may be several (a supervisor who is the assignee). */
    public enum Role {
        /** The resident who reported the order. */
        REPORTER,
        /** The owner (业主) of the order's house, not its reporter. */
        OWNER,
        /** Another member of the order's household (tenant, family), not its reporter. */
        HOUSEHOLD,
        /** The staff member the order is assigned to. */
        ASSIGNEE,
        TECHNICIAN,
        AGENT,
        SUPERVISOR,
        ADMIN;

        /** The role a staff member's account gives (agent, technician, supervisor, admin), or null. */
        public static Role ofStaff(String role) {
            return switch (role == null ? "" : role) {
                case "agent" -> AGENT;
                case "technician" -> TECHNICIAN;
                case "supervisor" -> SUPERVISOR;
                case "admin" -> ADMIN;
                default -> null;
            };
        }

        boolean isResident() {
            return this == REPORTER || this == OWNER || this == HOUSEHOLD;
        }
    }

    /** What can be done to an order; the label is how refusals name it, to is where it leads (null: stays). */
    public enum Action {
        ASSIGN("派单", ASSIGNED),
        CLAIM("抢单", ASSIGNED),
        START("开始处理", IN_PROGRESS),
        COMPLETE("完工", PENDING_ACCEPTANCE),
        GIVE_BACK("退单", SUBMITTED),
        ACCEPT("验收", CLOSED),
        REJECT("验收不通过", IN_PROGRESS),
        CANCEL("取消", CANCELLED),
        RATE("评价", null),
        ATTACH("补充图片", null),
        DETAIL("补充说明", null),
        SCHEDULE("约上门时间", null);

        private final String label;
        private final Status to;

        Action(String label, Status to) {
            this.label = label;
            this.to = to;
        }

        public String label() {
            return label;
        }

        /** The state after the action taken from the given one. */
        public Status to(Status from) {
            return to == null ? from : to;
        }
    }

    private static final Set<Status> OPEN = EnumSet.of(SUBMITTED, ASSIGNED, IN_PROGRESS, PENDING_ACCEPTANCE);
    private static final Map<Action, Map<Role, Set<Status>>> TABLE = new EnumMap<>(Action.class);

    static {
        allow(Action.ASSIGN, EnumSet.of(SUBMITTED, ASSIGNED), Role.SUPERVISOR, Role.ADMIN);
        allow(Action.CLAIM, EnumSet.of(SUBMITTED), Role.TECHNICIAN);
        allow(Action.START, EnumSet.of(ASSIGNED), Role.ASSIGNEE);
        allow(Action.COMPLETE, EnumSet.of(IN_PROGRESS), Role.ASSIGNEE);
        allow(Action.GIVE_BACK, EnumSet.of(ASSIGNED, IN_PROGRESS), Role.ASSIGNEE);
        allow(Action.ACCEPT, EnumSet.of(PENDING_ACCEPTANCE), Role.REPORTER, Role.OWNER, Role.HOUSEHOLD);
        allow(Action.REJECT, EnumSet.of(PENDING_ACCEPTANCE), Role.REPORTER, Role.OWNER, Role.HOUSEHOLD);
        // a resident may call off a visit until the work is done ("自己弄好了，师傅别来了"); the technician is told
        allow(Action.CANCEL, EnumSet.of(SUBMITTED, ASSIGNED, IN_PROGRESS), Role.REPORTER, Role.OWNER);
        allow(Action.CANCEL, OPEN, Role.AGENT, Role.SUPERVISOR, Role.ADMIN);
        allow(Action.RATE, EnumSet.of(CLOSED), Role.REPORTER, Role.OWNER, Role.HOUSEHOLD);
        allow(Action.ATTACH, OPEN, Role.values());
        // where exactly, what else: said after the order was made ("就在3栋后面那块小广场")
        allow(Action.DETAIL, OPEN, Role.values());
        // a visit time said after the order was made ("明天上午来吧"), or changed, before the work is done
        allow(Action.SCHEDULE, EnumSet.of(SUBMITTED, ASSIGNED, IN_PROGRESS), Role.REPORTER, Role.OWNER, Role.HOUSEHOLD,
                Role.ASSIGNEE, Role.AGENT, Role.SUPERVISOR, Role.ADMIN);
    }

    private Lifecycle() {
    }

    private static void allow(Action action, Set<Status> from, Role... roles) {
        for (Role r : roles) {
            TABLE.computeIfAbsent(action, a -> new EnumMap<>(Role.class)).put(r, Collections.unmodifiableSet(from));
        }
    }

    /** The states this role may take the action from; empty when it may never take it. */
    public static Set<Status> allowedFrom(Action action, Role role) {
        return TABLE.getOrDefault(action, Map.of()).getOrDefault(role, Set.of());
    }

    /** Whether a caller with these roles may ever take the action (whatever the order's state). */
    public static boolean mayEver(Action action, Set<Role> roles) {
        return roles.stream().anyMatch(r -> !allowedFrom(action, r).isEmpty());
    }

    /** Refuses (forbidden) a caller none of whose roles may ever take the action. */
    public static void permit(Action action, Set<Role> roles) {
        if (!mayEver(action, roles)) {
            throw refusal(action, roles);
        }
    }

    /**
     * Refuses unless one of the roles may take the action from the order's state; returns the
     * state the order moves to.
     */
    public static Status require(Action action, Set<Role> roles, String orderCode, Status from) {
        permit(action, roles);
        for (Role r : roles) {
            if (allowedFrom(action, r).contains(from)) {
                return action.to(from);
            }
        }
        if (action == Action.ATTACH || action == Action.DETAIL) {
            throw new WorkOrderException(ILLEGAL_TRANSITION, "order_finished",
                    "工单" + orderCode + "已经结束，不能再" + action.label() + "。");
        }
        throw new WorkOrderException(ILLEGAL_TRANSITION, "illegal_transition",
                "工单" + orderCode + "当前状态是「" + from.label() + "」，不能" + action.label() + "。");
    }

    /** Why a caller may not take the action, in the words the caller sees. */
    private static WorkOrderException refusal(Action action, Set<Role> roles) {
        boolean resident = roles.stream().anyMatch(Role::isResident);
        return switch (action) {
            case START, COMPLETE, GIVE_BACK ->
                    new WorkOrderException(FORBIDDEN, "not_assignee", "只有负责这张工单的维修人员可以操作。");
            case ACCEPT, REJECT, RATE, CANCEL -> resident
                    ? new WorkOrderException(FORBIDDEN, "not_reporter",
                    "这张工单是其他家庭成员报修的，只有报修人本人或房屋业主可以" + action.label() + "。")
                    : action == Action.CANCEL ? roleRequired()
                    : new WorkOrderException(FORBIDDEN, "resident_only", "这一步需要住户本人操作。");
            default -> roleRequired();
        };
    }

    private static WorkOrderException roleRequired() {
        return new WorkOrderException(FORBIDDEN, "role_required", "您没有权限执行这个操作。");
    }
}
