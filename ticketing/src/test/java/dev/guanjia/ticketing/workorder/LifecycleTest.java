package dev.guanjia.ticketing.workorder;

import dev.guanjia.ticketing.workorder.Lifecycle.Action;
import dev.guanjia.ticketing.workorder.Lifecycle.Role;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The permission matrix, every role × action × state, without a database. */
class LifecycleTest {

    /**
     * Who may do what from where, written out again by hand: S submitted, A assigned, P in progress,
     * K pending acceptance (验收), C closed, X cancelled; "-" never.
     */
    private static final String[] MATRIX = {
            //          REPORTER OWNER HOUSEHOLD ASSIGNEE TECHNICIAN AGENT SUPERVISOR ADMIN
            "ASSIGN     -    -    -    -    -    -    SA   SA",
            "CLAIM      -    -    -    -    S    -    -    -",
            "START      -    -    -    A    -    -    -    -",
            "COMPLETE   -    -    -    P    -    -    -    -",
            "GIVE_BACK  -    -    -    AP   -    -    -    -",
            "ACCEPT     K    K    K    -    -    -    -    -",
            "REJECT     K    K    K    -    -    -    -    -",
            "CANCEL     SAP  SAP  -    -    -    SAPK SAPK SAPK",
            "RATE       C    C    C    -    -    -    -    -",
            "ATTACH     SAPK SAPK SAPK SAPK SAPK SAPK SAPK SAPK",
            "DETAIL     SAPK SAPK SAPK SAPK SAPK SAPK SAPK SAPK",
            "SCHEDULE   SAP  SAP  SAP  SAP  -    SAP  SAP  SAP",
    };

    private static final Map<Character, Status> STATES = Map.of('S', Status.SUBMITTED, 'A', Status.ASSIGNED,
            'P', Status.IN_PROGRESS, 'K', Status.PENDING_ACCEPTANCE, 'C', Status.CLOSED, 'X', Status.CANCELLED);

    private static final Map<Action, Status> LEADS_TO = Map.of(Action.ASSIGN, Status.ASSIGNED,
            Action.CLAIM, Status.ASSIGNED, Action.START, Status.IN_PROGRESS, Action.COMPLETE, Status.PENDING_ACCEPTANCE,
            Action.GIVE_BACK, Status.SUBMITTED, Action.ACCEPT, Status.CLOSED, Action.REJECT, Status.IN_PROGRESS,
            Action.CANCEL, Status.CANCELLED);

    private static Map<Action, Map<Role, Set<Status>>> expected() {
        Map<Action, Map<Role, Set<Status>>> out = new HashMap<>();
        for (String line : MATRIX) {
            String[] cells = line.trim().split("\\s+");
            Action action = Action.valueOf(cells[0]);
            assertEquals(Role.values().length + 1, cells.length, line);
            Map<Role, Set<Status>> byRole = new HashMap<>();
            for (Role r : Role.values()) {
                Set<Status> states = EnumSet.noneOf(Status.class);
                for (char ch : cells[r.ordinal() + 1].toCharArray()) {
                    if (ch != '-') {
                        states.add(STATES.get(ch));
                    }
                }
                byRole.put(r, states);
            }
            out.put(action, byRole);
        }
        assertEquals(Action.values().length, out.size(), "every action has a row");
        return out;
    }

    @Test
    void everyRoleActionAndStateIsAsTheMatrixSays() {
        Map<Action, Map<Role, Set<Status>>> expected = expected();
        int checked = 0;
        for (Action action : Action.values()) {
            for (Role role : Role.values()) {
                Set<Status> allowed = expected.get(action).get(role);
                assertEquals(allowed, Lifecycle.allowedFrom(action, role), action + " by " + role);
                for (Status from : Status.values()) {
                    String where = action + " by " + role + " from " + from;
                    if (allowed.contains(from)) {
                        assertEquals(LEADS_TO.getOrDefault(action, from),
                                Lifecycle.require(action, Set.of(role), "WO1", from), where);
                    } else {
                        WorkOrderException e = assertThrows(WorkOrderException.class,
                                () -> Lifecycle.require(action, Set.of(role), "WO1", from), where);
                        assertEquals(allowed.isEmpty() ? WorkOrderException.Kind.FORBIDDEN
                                : WorkOrderException.Kind.ILLEGAL_TRANSITION, e.kind(), where);
                    }
                    checked++;
                }
            }
        }
        assertEquals(Action.values().length * Role.values().length * Status.values().length, checked);
    }

    @Test
    void aCallerWithSeveralRolesMayDoWhatAnyOfThemMay() {
        // a supervisor who took the order themselves starts it as its assignee and may still cancel it
        Set<Role> both = EnumSet.of(Role.SUPERVISOR, Role.ASSIGNEE);
        assertEquals(Status.IN_PROGRESS, Lifecycle.require(Action.START, both, "WO1", Status.ASSIGNED));
        assertEquals(Status.CANCELLED, Lifecycle.require(Action.CANCEL, both, "WO1", Status.IN_PROGRESS));
        assertTrue(Lifecycle.mayEver(Action.ASSIGN, both));
        // nobody at all may do anything
        WorkOrderException none = assertThrows(WorkOrderException.class,
                () -> Lifecycle.require(Action.ATTACH, Set.of(), "WO1", Status.SUBMITTED));
        assertEquals(WorkOrderException.Kind.FORBIDDEN, none.kind());
    }

    @Test
    void refusalsSayWhyInTheCallersWords() {
        WorkOrderException family = assertThrows(WorkOrderException.class,
                () -> Lifecycle.require(Action.CANCEL, Set.of(Role.HOUSEHOLD), "WO1", Status.SUBMITTED));
        assertEquals("not_reporter", family.code());
        assertEquals("这张工单是其他家庭成员报修的，只有报修人本人或房屋业主可以取消。", family.getMessage());
        assertEquals("resident_only", assertThrows(WorkOrderException.class,
                () -> Lifecycle.require(Action.RATE, Set.of(Role.AGENT), "WO1", Status.CLOSED)).code());
        assertEquals("role_required", assertThrows(WorkOrderException.class,
                () -> Lifecycle.require(Action.CANCEL, Set.of(Role.TECHNICIAN), "WO1", Status.SUBMITTED)).code());
        assertEquals("not_assignee", assertThrows(WorkOrderException.class,
                () -> Lifecycle.require(Action.START, Set.of(Role.REPORTER), "WO1", Status.ASSIGNED)).code());
        WorkOrderException late = assertThrows(WorkOrderException.class,
                () -> Lifecycle.require(Action.CANCEL, Set.of(Role.REPORTER), "WO1", Status.PENDING_ACCEPTANCE));
        assertEquals("工单WO1当前状态是「待验收」，不能取消。", late.getMessage());
        assertEquals("order_finished", assertThrows(WorkOrderException.class,
                () -> Lifecycle.require(Action.ATTACH, Set.of(Role.REPORTER), "WO1", Status.CLOSED)).code());
    }
}
