package dev.guanjia.ticketing.workorder;

import dev.guanjia.community.session.Caller;
import dev.guanjia.ticketing.Estate;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkOrdersTest {

    private final Estate estate = new Estate();
    private final WorkOrders orders = new WorkOrders(estate.db, estate.clock);
    private final Caller ra = estate.resident("ra");
    private final Caller rb = estate.resident("rb");

    private WorkOrder report(Caller who, String house, String text) {
        return orders.create(who, new WorkOrders.NewOrder(house, null, "web", null, text, null, null, null, null,
                List.of(), null));
    }

    private static void fails(WorkOrderException.Kind kind, Supplier<?> action) {
        WorkOrderException e = assertThrows(WorkOrderException.class, action::get);
        assertEquals(kind, e.kind(), e.getMessage());
    }

    @Test
    void theWholeLifecycleLeavesATimelineAndNotices() {
        WorkOrder w = report(ra, "1-1-101", "卫生间水龙头一直滴水");
        assertEquals("plumbing", w.category());
        assertEquals(Status.ASSIGNED, w.status());
        Caller tech = estate.staff(w.assigneeCode());
        w = orders.start(tech, w.code(), null);
        assertEquals(Status.IN_PROGRESS, w.status());
        w = orders.complete(tech, w.code(), "更换了阀芯", List.of("photo://after.jpg"), null);
        assertEquals(Status.PENDING_ACCEPTANCE, w.status());
        assertEquals(List.of("photo://after.jpg"), w.attachments());
        w = orders.accept(ra, w.code(), null);
        assertEquals(Status.CLOSED, w.status());
        w = orders.rate(ra, w.code(), 5, "很及时", null);
        assertEquals(5, w.rating());
        List<WorkOrderEvent> timeline = orders.timeline(ra, w.code());
        assertEquals(List.of("submitted", "assigned", "in_progress", "pending_acceptance", "closed", "closed"),
                timeline.stream().map(WorkOrderEvent::toStatus).toList());
        assertEquals("resident:ra", timeline.get(0).actor());
        assertEquals("staff:" + tech.code(), timeline.get(2).actor());
        assertTrue(estate.count("SELECT count(*) FROM outbox WHERE target_kind = 'resident'") >= 4);
        assertEquals(4, w.version(), "each of the four changes after creation raised the version once");
    }

    @Test
    void illegalTransitionsAreRefusedWithAReason() {
        WorkOrder w = report(ra, "1-1-101", "厨房下水道堵了");
        Caller tech = estate.staff(w.assigneeCode());
        fails(WorkOrderException.Kind.ILLEGAL_TRANSITION, () -> orders.complete(tech, w.code(), "", null, null));
        fails(WorkOrderException.Kind.ILLEGAL_TRANSITION, () -> orders.accept(ra, w.code(), null));
        fails(WorkOrderException.Kind.ILLEGAL_TRANSITION, () -> orders.rate(ra, w.code(), 5, null, null));
        fails(WorkOrderException.Kind.FORBIDDEN, () -> orders.start(estate.staff("t3"), w.code(), null));
        fails(WorkOrderException.Kind.FORBIDDEN, () -> orders.start(ra, w.code(), null));
        orders.start(tech, w.code(), null);
        orders.complete(tech, w.code(), "疏通好了", null, null);
        WorkOrderException late = assertThrows(WorkOrderException.class, () -> orders.cancel(ra, w.code(), null, null));
        assertEquals(WorkOrderException.Kind.ILLEGAL_TRANSITION, late.kind());
        assertTrue(late.getMessage().contains("待验收"), late.getMessage());
        fails(WorkOrderException.Kind.INVALID, () -> orders.cancel(estate.staff("a1"), w.code(), " ", null));
        fails(WorkOrderException.Kind.FORBIDDEN, () -> orders.cancel(tech, w.code(), "不想干", null));
        fails(WorkOrderException.Kind.INVALID, () -> orders.rate(ra, w.code(), 6, null, null));
        WorkOrder cancelled = orders.cancel(estate.staff("a1"), w.code(), "住户电话说已自行修好", null);
        assertEquals(Status.CANCELLED, cancelled.status());
        fails(WorkOrderException.Kind.ILLEGAL_TRANSITION, () -> orders.start(tech, w.code(), null));
    }

    /** A visit time said after the order was made becomes its window; not by a stranger, nor once the work is done. */
    @Test
    void aVisitTimeIsSetOnAnOrderMadeBeforeIt() {
        WorkOrder w = report(ra, "1-1-101", "阳台地漏往上冒水");
        assertNull(w.appointmentFrom());
        java.time.OffsetDateTime from = java.time.OffsetDateTime.now(estate.clock).plusDays(1).withHour(9).withMinute(0)
                .withSecond(0).withNano(0);
        WorkOrder set = orders.schedule(ra, w.code(), from, from.plusHours(3), "明天上午", null);
        assertEquals(from.toInstant(), set.appointmentFrom().toInstant());
        assertEquals(from.plusHours(3).toInstant(), set.appointmentTo().toInstant());
        assertEquals(w.status(), set.status());
        assertTrue(orders.timeline(ra, w.code()).stream().anyMatch(e -> e.note().contains("上门时间")));
        fails(WorkOrderException.Kind.NOT_FOUND, () -> orders.schedule(rb, w.code(), from, from.plusHours(1), null, null));
        fails(WorkOrderException.Kind.INVALID, () -> orders.schedule(ra, w.code(), from, from, null, null));
        Caller tech = estate.staff(set.assigneeCode());
        orders.start(tech, w.code(), null);
        orders.complete(tech, w.code(), "疏通好了", null, null);
        fails(WorkOrderException.Kind.ILLEGAL_TRANSITION, () -> orders.schedule(ra, w.code(), from, from.plusHours(1), null, null));
    }

    /** Where exactly, said after a public order was made, joins its place and history; the assignee is told. */
    @Test
    void aDetailSaidAfterThePublicOrderIsAddedToItsPlace() {
        WorkOrder w = orders.create(ra, new WorkOrders.NewOrder(null, "小广场", "wechat", null, "健身器材转盘轴断了",
                null, null, null, null, List.of(), null));
        WorkOrder added = orders.addDetail(ra, w.code(), "1幢后面，靠近垃圾房");
        assertEquals("小广场；1幢后面，靠近垃圾房", added.location());
        assertEquals("小广场；1幢后面，靠近垃圾房；红色那台", orders.addDetail(ra, w.code(), " 红色那台 ").location());
        assertTrue(orders.timeline(ra, w.code()).stream().anyMatch(e -> e.note().equals("补充说明：红色那台")));
        if (w.assigneeCode() != null) {
            assertTrue(estate.count("SELECT count(*) FROM outbox WHERE target_kind = 'staff' AND message LIKE '%住户补充：红色那台%'") >= 1);
        }
        fails(WorkOrderException.Kind.INVALID, () -> orders.addDetail(ra, w.code(), "  "));
        fails(WorkOrderException.Kind.NOT_FOUND, () -> orders.addDetail(rb, w.code(), "别人的单"));
        orders.cancel(ra, w.code(), "已经修好了", null);
        WorkOrderException late = assertThrows(WorkOrderException.class, () -> orders.addDetail(ra, w.code(), "还有一处"));
        assertEquals(WorkOrderException.Kind.ILLEGAL_TRANSITION, late.kind());
        assertTrue(late.getMessage().contains("不能再补充说明"), late.getMessage());
    }

    @Test
    void residentCancelsBeforeWorkStartsAndRatesOnlyOnce() {
        WorkOrder w = report(ra, "1-1-101", "插座没电了");
        assertEquals(Status.CANCELLED, orders.cancel(ra, w.code(), "自己修好了", null).status());
        WorkOrder v = report(ra, "1-1-101", "水管漏水");
        Caller tech = estate.staff(v.assigneeCode());
        orders.start(tech, v.code(), null);
        orders.complete(tech, v.code(), "处理好了", null, null);
        fails(WorkOrderException.Kind.INVALID, () -> orders.reject(ra, v.code(), "", null));
        WorkOrder rejected = orders.reject(ra, v.code(), "还在漏", null);
        assertEquals(Status.IN_PROGRESS, rejected.status());
        orders.complete(tech, v.code(), "重新更换了垫圈", null, null);
        orders.accept(ra, v.code(), null);
        orders.rate(ra, v.code(), 4, null, null);
        fails(WorkOrderException.Kind.ILLEGAL_TRANSITION, () -> orders.rate(ra, v.code(), 1, null, null));
    }

    @Test
    void returnedOrdersGoBackToTheSupervisor() {
        WorkOrder w = report(ra, "1-1-101", "灯不亮");
        Caller tech = estate.staff(w.assigneeCode());
        fails(WorkOrderException.Kind.INVALID, () -> orders.giveBack(tech, w.code(), null, null));
        WorkOrder back = orders.giveBack(tech, w.code(), "需要电工证的作业，我处理不了", null);
        assertEquals(Status.SUBMITTED, back.status());
        assertNull(back.assigneeId());
        assertEquals("supervisor", back.waitingFor());
        assertTrue(estate.count("SELECT count(*) FROM outbox o JOIN staff s ON s.id = o.target_id "
                + "WHERE o.target_kind = 'staff' AND s.code = 'm1'") >= 1);
        WorkOrder reassigned = orders.assign(estate.staff("m1"), w.code(), "t1", null);
        assertEquals("t1", reassigned.assigneeCode());
        fails(WorkOrderException.Kind.FORBIDDEN, () -> orders.assign(estate.staff("a1"), w.code(), "t2", null));
    }

    @Test
    void aResidentNeverSeesOrChangesAnothersOrder() {
        WorkOrder mine = report(ra, "1-1-101", "门锁坏了");
        assertTrue(orders.find(rb, mine.code()).isEmpty());
        fails(WorkOrderException.Kind.NOT_FOUND, () -> orders.cancel(rb, mine.code(), null, null));
        fails(WorkOrderException.Kind.NOT_FOUND, () -> orders.timeline(rb, mine.code()));
        assertTrue(orders.list(rb, WorkOrders.Filter.all()).isEmpty());
        // the household sees it; another community's staff does not
        assertTrue(orders.find(estate.resident("ra2"), mine.code()).isPresent());
        assertTrue(orders.find(estate.staff("tx"), mine.code()).isEmpty());
        fails(WorkOrderException.Kind.FORBIDDEN, () -> report(ra, "2-1-201", "别人家的水管"));
    }

    @Test
    void dispatchMatchesSkillBuildingDutyAndLoad() {
        // building 2 plumbing: only t2 covers building 2
        assertEquals("t2", report(rb, "2-1-201", "水管漏水").assigneeCode());
        // building 1 electrical: only t1 has the skill
        assertEquals("t1", report(ra, "1-1-101", "插座跳闸").assigneeCode());
        // building 1 plumbing: t1 and t2 qualify; each already has one open order, t1 wins by code, then load
        String first = report(ra, "1-1-101", "马桶漏水").assigneeCode();
        String second = report(ra, "1-1-101", "地漏堵塞").assigneeCode();
        assertTrue(!first.equals(second), first + " then " + second + ": the lighter load gets the next one");
        // elevator: t3 has the skill but is off duty -> the supervisor decides
        WorkOrder lift = report(ra, "1-1-101", "电梯按钮失灵");
        assertEquals(Status.SUBMITTED, lift.status());
        assertEquals("supervisor", lift.waitingFor());
        // complaints are the desk's
        assertEquals("supervisor", report(ra, "1-1-101", "投诉保洁态度差").waitingFor());
    }

    @Test
    void emergencyWordsForceEmergencyPriority() {
        WorkOrder w = orders.create(ra, new WorkOrders.NewOrder("1-1-101", null, "web", null, "厨房好像有煤气味",
                null, "low", null, null, List.of(), null));
        assertEquals(Priority.EMERGENCY, w.priority());
        WorkOrder public_ = orders.create(estate.staff("a1"), new WorkOrders.NewOrder(null, "1幢大堂", "console",
                null, "大堂电梯困人了", null, null, null, null, List.of(), "rb"));
        assertEquals(Priority.EMERGENCY, public_.priority());
        assertEquals("elevator", public_.category());
        assertTrue(orders.find(rb, public_.code()).isPresent(), "reported on behalf of rb, so rb follows it");
    }

    @Test
    void grabModeLetsOneOfTwoConcurrentClaimsWin() throws Exception {
        estate.execute("INSERT INTO community_settings VALUES ('c1', 'dispatch.mode', 'grab')");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                WorkOrder w = report(ra, "1-1-101", "水龙头坏了 " + round);
                assertEquals(Status.SUBMITTED, w.status());
                assertEquals("technician", w.waitingFor());
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<String>> results = new ArrayList<>();
                for (String t : List.of("t1", "t2")) {
                    Caller tech = estate.staff(t);
                    results.add(pool.submit(() -> {
                        together.await();
                        try {
                            orders.claim(tech, w.code(), w.version());
                            return "won";
                        } catch (WorkOrderException e) {
                            return e.kind().name();
                        }
                    }));
                }
                List<String> outcome = new ArrayList<>();
                for (Future<String> f : results) {
                    outcome.add(f.get());
                }
                assertEquals(1, outcome.stream().filter("won"::equals).count(), outcome::toString);
                assertTrue(outcome.contains("CONFLICT"), outcome::toString);
                assertEquals(1, estate.count("SELECT count(*) FROM work_order_events e JOIN work_orders w "
                        + "ON w.id = e.work_order_id WHERE w.code = '" + w.code() + "' AND e.to_status = 'assigned'"));
            }
        } finally {
            pool.shutdownNow();
        }
        WorkOrder elsewhere = report(rb, "2-1-201", "水管漏水");
        fails(WorkOrderException.Kind.FORBIDDEN, () -> orders.claim(estate.staff("t1"), elsewhere.code(), null));
    }

    @Test
    void aStaleVersionIsAConflict() {
        WorkOrder w = report(ra, "1-1-101", "水管漏水");
        Caller tech = estate.staff(w.assigneeCode());
        orders.start(tech, w.code(), w.version());
        fails(WorkOrderException.Kind.CONFLICT, () -> orders.complete(tech, w.code(), "好了", null, w.version()));
    }

    @Test
    void staffFilterTheCommunitysOrders() {
        report(ra, "1-1-101", "水管漏水");
        report(rb, "2-1-201", "水管漏水");
        report(ra, "1-1-101", "电梯异响");
        Caller m1 = estate.staff("m1");
        assertEquals(3, orders.list(m1, WorkOrders.Filter.all()).size());
        assertEquals(2, orders.list(m1, new WorkOrders.Filter(null, "plumbing", null, null, false, 50)).size());
        assertEquals(1, orders.list(m1, new WorkOrders.Filter(null, null, "2", null, false, 50)).size());
        assertEquals(1, orders.list(m1, new WorkOrders.Filter("submitted", null, null, null, false, 50)).size());
        assertEquals(1, orders.list(estate.staff("t2"), new WorkOrders.Filter(null, null, null, null, true, 50))
                .size());
        assertEquals(0, orders.list(estate.staff("tx"), WorkOrders.Filter.all()).size());
    }

    @Test
    void aResidentCreatesAtMostFiveOrdersAnHourAndTwoEmergenciesStaffAreNotLimited() {
        for (int i = 0; i < CreationLimit.EMERGENCIES_PER_HOUR; i++) {
            assertEquals(Priority.EMERGENCY, report(ra, "1-1-101", "燃气味很重 " + i).priority());
        }
        TooManyOrders fake = assertThrows(TooManyOrders.class, () -> report(ra, "1-1-101", "燃气味很重"));
        assertEquals(WorkOrderException.Kind.TOO_MANY, fake.kind());
        assertTrue(fake.getMessage().contains("2") && fake.getMessage().contains("119"), fake.getMessage());
        assertTrue(fake.retryAfter().compareTo(java.time.Duration.ofHours(1)) <= 0
                && fake.retryAfter().compareTo(java.time.Duration.ofMinutes(59)) > 0, fake.retryAfter().toString());
        // ordinary orders still go through up to five in the hour
        for (int i = CreationLimit.EMERGENCIES_PER_HOUR; i < CreationLimit.PER_HOUR; i++) {
            report(ra, "1-1-101", "楼道灯不亮 " + i);
        }
        TooManyOrders sixth = assertThrows(TooManyOrders.class, () -> report(ra, "1-1-101", "门口有垃圾"));
        long before = estate.count("SELECT count(*) FROM work_orders");
        assertEquals(CreationLimit.PER_HOUR, before, "nothing was created or dispatched for the refused ones");
        report(rb, "2-1-201", "水管漏水"); // a neighbour is not affected
        orders.create(estate.staff("a1"), new WorkOrders.NewOrder("1-1-101", null, "console", null, "住户来电：门口有垃圾",
                null, null, null, null, List.of(), "ra")); // an agent entering a call is not limited
        estate.clock.advance(sixth.retryAfter().plusSeconds(1));
        report(ra, "1-1-101", "门口有垃圾"); // the hour has slid
        assertEquals(CreationLimit.PER_HOUR + 2, orders.list(ra, WorkOrders.Filter.all()).size(),
                "five in the first hour, the agent's for ra, one an hour later");
    }
}
