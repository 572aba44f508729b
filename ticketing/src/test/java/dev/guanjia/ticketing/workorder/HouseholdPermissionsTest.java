package dev.guanjia.ticketing.workorder;

import dev.guanjia.community.session.Caller;
import dev.guanjia.ticketing.Estate;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A second member of the household against the real database, as {@link Lifecycle} decides: in
 * house 1-1-101 ra is the owner (业主) and ra2 family.
 */
class HouseholdPermissionsTest {

    private static final String REFUSED = "这张工单是其他家庭成员报修的，只有报修人本人或房屋业主可以";

    private final Estate estate = new Estate();
    private final WorkOrders orders = new WorkOrders(estate.db, estate.clock);
    private final Caller owner = estate.resident("ra");
    private final Caller family = estate.resident("ra2");

    private WorkOrder report(Caller who, String text) {
        return orders.create(who, new WorkOrders.NewOrder("1-1-101", null, "web", null, text, null, null, null, null,
                List.of(), null));
    }

    /** Started and completed by its technician: waiting for the household to accept it. */
    private WorkOrder done(WorkOrder w) {
        Caller tech = estate.staff(w.assigneeCode());
        orders.start(tech, w.code(), null);
        return orders.complete(tech, w.code(), "处理好了", null, null);
    }

    private static void refused(String action, Supplier<?> attempt) {
        WorkOrderException e = assertThrows(WorkOrderException.class, attempt::get);
        assertEquals(WorkOrderException.Kind.FORBIDDEN, e.kind(), e.getMessage());
        assertEquals("not_reporter", e.code());
        assertEquals(REFUSED + action + "。", e.getMessage());
    }

    @Test
    void anOldSystemsOrderOfALetFlatIsTheTenantsToCancelButNotTheFamilys() {
        // brought over from the old system: no reporter, no channel on record
        estate.execute("""
                INSERT INTO residents (community_id, code, name, birth_year) VALUES ('c1', 'rt', '乙的租客', 1995)""");
        estate.execute("""
                INSERT INTO resident_houses (resident_id, house_id, role)
                SELECT r.id, h.id, 'tenant' FROM residents r, houses h
                WHERE r.code = 'rt' AND h.community_id = 'c1' AND h.code = '2-1-201'""");
        estate.execute("""
                INSERT INTO work_orders (community_id, code, source, house_id, category, title, status, created_at, updated_at)
                SELECT 'c1', 'WO-OLD-1', 'pack', h.id, 'plumbing', '阳台晾衣杆摇不下来', 'submitted', now(), now()
                FROM houses h WHERE h.community_id = 'c1' AND h.code = '2-1-201'""");
        estate.execute("""
                INSERT INTO work_orders (community_id, code, source, house_id, category, title, status, created_at, updated_at)
                SELECT 'c1', 'WO-OLD-2', 'pack', h.id, 'plumbing', '厨房水槽下水慢', 'submitted', now(), now()
                FROM houses h WHERE h.community_id = 'c1' AND h.code = '1-1-101'""");
        assertEquals(Status.CANCELLED, orders.cancel(estate.resident("rt"), "WO-OLD-1", "自己弄好了", null).status());
        refused("取消", () -> orders.cancel(family, "WO-OLD-2", "不用修了", null));
    }

    @Test
    void familySeesTheOwnersOrderAndChecksTheWorkButMayNotCancelIt() {
        WorkOrder w = report(owner, "卫生间水龙头一直滴水");
        assertTrue(orders.find(family, w.code()).isPresent());
        assertEquals(2, orders.timeline(family, w.code()).size());
        assertTrue(orders.list(family, WorkOrders.Filter.all()).stream().anyMatch(o -> o.code().equals(w.code())));
        refused("取消", () -> orders.cancel(family, w.code(), "不修了", null));
        // adding a photo helps the technician, whoever in the household sends it
        assertEquals(List.of("photo://drip.jpg"), orders.attach(family, w.code(), "photo://drip.jpg").attachments());
        assertEquals(0, estate.count("SELECT count(*) FROM work_order_events WHERE actor = 'resident:ra2'"
                + " AND note <> '补充了图片'"), "the refused cancel left no trace");
        // whoever is at home checks the work done there
        done(w);
        assertEquals(Status.IN_PROGRESS, orders.reject(family, w.code(), "还在滴", null).status());
        orders.complete(estate.staff(w.assigneeCode()), w.code(), "换了阀芯", null, null);
        assertEquals(Status.CLOSED, orders.accept(family, w.code(), null).status());
        assertEquals(5, orders.rate(family, w.code(), 5, null, null).rating());
        WorkOrderException twice = assertThrows(WorkOrderException.class,
                () -> orders.rate(owner, w.code(), 1, "差", null));
        assertEquals("already_rated", twice.code(), "one rating per order, whoever in the household gave it");
    }

    @Test
    void theOwnerMayActOnAnOrderFamilyReported() {
        WorkOrder cancelled = report(family, "阳台灯不亮");
        assertEquals(Status.CANCELLED, orders.cancel(owner, cancelled.code(), "已经自己换了灯泡", null).status());
        WorkOrder w = done(report(family, "厨房下水道堵了"));
        assertEquals(Status.IN_PROGRESS, orders.reject(owner, w.code(), "还是堵", null).status());
        orders.complete(estate.staff(w.assigneeCode()), w.code(), "疏通了", null, null);
        assertEquals(Status.CLOSED, orders.accept(owner, w.code(), null).status());
        assertEquals(4, orders.rate(owner, w.code(), 4, null, null).rating());
        WorkOrderException twice = assertThrows(WorkOrderException.class,
                () -> orders.rate(family, w.code(), 5, null, null));
        assertEquals("already_rated", twice.code());
        // the reporter keeps every right on their own order
        WorkOrder own = done(report(family, "洗手池水管漏水"));
        assertEquals(Status.CLOSED, orders.accept(family, own.code(), null).status());
        assertEquals(3, orders.rate(family, own.code(), 3, null, null).rating());
    }

    @Test
    void anOrderStaffEnteredForTheHouseIsTheOwnersToClose() {
        WorkOrder w = orders.create(estate.staff("a1"), new WorkOrders.NewOrder("1-1-101", null, "console", null,
                "住户来电：卫生间漏水", null, null, null, null, List.of(), null));
        assertTrue(orders.find(family, w.code()).isPresent());
        refused("取消", () -> orders.cancel(family, w.code(), "不用修了", null));
        assertEquals(Status.CANCELLED, orders.cancel(owner, w.code(), "业主说不用修了", null).status());
        // a neighbour does not even see it
        assertEquals(WorkOrderException.Kind.NOT_FOUND, assertThrows(WorkOrderException.class,
                () -> orders.rate(estate.resident("rb"), w.code(), 5, null, null)).kind());
    }
}
