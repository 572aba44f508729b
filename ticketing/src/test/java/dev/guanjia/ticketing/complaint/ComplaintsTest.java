package dev.guanjia.ticketing.complaint;

import dev.guanjia.community.session.Caller;
import dev.guanjia.ticketing.Estate;
import dev.guanjia.ticketing.sla.SlaMonitor;
import dev.guanjia.ticketing.workorder.WorkOrder;
import dev.guanjia.ticketing.workorder.WorkOrderException;
import dev.guanjia.ticketing.workorder.WorkOrders;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComplaintsTest {

    private final Estate estate = new Estate();
    private final WorkOrders orders = new WorkOrders(estate.db, estate.clock);
    private final Complaints complaints = new Complaints(estate.db, estate.clock);
    private final ComplaintMonitor monitor = new ComplaintMonitor(estate.db, estate.clock);

    private WorkOrder complain(String resident, String house, String category, String words) {
        return orders.create(estate.resident(resident), new WorkOrders.NewOrder(house, null, "web", null, words,
                category, null, null, null, List.of(), null));
    }

    @Test
    void aComplaintGoesToTheSupervisorWithItsOwnDeadlinesAndWords() {
        WorkOrder w = complain("ra", "1-1-101", "complaint", "保安态度太差了，晚上叫他开门还骂人");
        assertNull(w.assigneeId(), "not dispatched to a technician");
        assertEquals("supervisor", w.waitingFor());
        assertNull(w.responseDue(), "no repair stages on a complaint");
        Complaint k = complaints.find(estate.staff("a1"), w.code()).orElseThrow();
        assertEquals(Subject.STAFF, k.subject());
        assertEquals("保安态度太差了，晚上叫他开门还骂人", k.words());
        assertEquals(k.createdAt().plusHours(24), k.firstAnswerDue());
        assertEquals(k.createdAt().plusHours(72), k.closeDue());
        assertEquals("1", k.buildingCode());
        assertEquals(1, estate.count("SELECT count(*) FROM outbox o JOIN staff s ON s.id = o.target_id "
                + "WHERE s.code = 'm1' AND o.message LIKE '新投诉" + w.code() + "%24小时内首次答复%'"));
        assertEquals(0, estate.count("SELECT count(*) FROM outbox o JOIN staff s ON s.id = o.target_id "
                + "WHERE o.target_kind = 'staff' AND s.role = 'technician'"));
    }

    @Test
    void aBreachedDeadlineFlagsTheSupervisorOnceAndTheRepairSweepLeavesItAlone() throws Exception {
        WorkOrder w = complain("ra", "1-1-101", "complaint", "物业费乱收费，多收了我两个月");
        estate.clock.advance(Duration.ofHours(23));
        assertEquals(0, monitor.sweep());
        estate.clock.advance(Duration.ofHours(1).plusMinutes(1));
        assertEquals(1, monitor.sweep());
        assertEquals(0, monitor.sweep(), "a breach is flagged once");
        assertEquals(0, new SlaMonitor(estate.db, estate.clock).sweep(), "the repair stages do not apply");
        Complaint k = complaints.find(estate.staff("m1"), w.code()).orElseThrow();
        assertTrue(k.firstAnswerBreached());
        assertFalse(k.closeBreached());
        // the work-order list's "overdue" filter shows it with the repairs that missed a deadline
        WorkOrders.Filter overdue = new WorkOrders.Filter(null, null, null, true, false, 100);
        WorkOrder listed = orders.list(estate.staff("m1"), overdue).stream().filter(o -> o.code().equals(w.code()))
                .findFirst().orElseThrow(() -> new AssertionError("a breached complaint is overdue"));
        assertEquals(List.of("first_answer"), listed.overdue());
        assertTrue(orders.list(estate.staff("m1"), new WorkOrders.Filter(null, null, null, false, false, 100))
                .stream().noneMatch(o -> o.code().equals(w.code())));
        assertEquals(1, estate.count("SELECT count(*) FROM outbox o JOIN staff s ON s.id = o.target_id "
                + "WHERE s.code = 'm1' AND o.message LIKE '%超时未首次答复%'"));
        assertTrue(orders.timeline(estate.staff("m1"), w.code()).stream()
                .anyMatch(e -> e.actor().equals("system:sla") && e.note().contains("超时未首次答复")));
        // answered late but not closed: the close deadline breaches too
        complaints.answer(estate.staff("m1"), w.code(), "已核实，正在与财务核对账单。", false);
        estate.clock.advance(Duration.ofHours(48));
        assertEquals(1, monitor.sweep());
        assertTrue(complaints.find(estate.staff("m1"), w.code()).orElseThrow().closeBreached());
    }

    @Test
    void aSuggestionIsAnsweredButNeverBreaches() throws Exception {
        WorkOrder w = complain("rb", "2-1-201", "suggestion", "建议小区多装几个快递柜");
        estate.clock.advance(Duration.ofDays(10));
        assertEquals(0, monitor.sweep());
        Complaint k = complaints.find(estate.staff("m1"), w.code()).orElseThrow();
        assertFalse(k.firstAnswerBreached() || k.closeBreached());
        complaints.answer(estate.staff("m1"), w.code(), "谢谢，下月在2幢门口加装一组。", true);
        assertEquals(1, estate.count("SELECT count(*) FROM outbox o JOIN residents r ON r.id = o.target_id "
                + "WHERE o.target_kind = 'resident' AND r.code = 'rb' AND o.message LIKE '感谢您的建议%下月在2幢门口加装一组%'"));
    }

    @Test
    void theSupervisorAnswersTheResidentIsAskedAndTheFollowUpIsRecorded() {
        WorkOrder w = complain("ra", "1-1-101", "complaint", "楼上天天半夜装修，太吵了");
        Caller ra = estate.resident("ra");
        assertThrows(WorkOrderException.class, () -> complaints.followUp(ra, w.code(), true, null),
                "nothing to follow up before an answer");
        Complaint answered = complaints.answer(estate.staff("m1"), w.code(), "已联系楼上业主，夜间22点后停止施工。", true);
        assertEquals("closed", answered.status());
        assertTrue(answered.firstAnsweredAt() != null && answered.closedAt() != null);
        assertEquals(1, estate.count("SELECT count(*) FROM outbox o JOIN residents r ON r.id = o.target_id "
                + "WHERE o.target_kind = 'resident' AND r.code = 'ra' AND o.message LIKE '%物业主管答复：已联系楼上业主%解决了%'"));
        assertEquals(w.code(), complaints.awaitingFollowUp(ra).orElseThrow().code());
        assertTrue(complaints.awaitingFollowUp(estate.resident("rb")).isEmpty());
        Complaint done = complaints.followUp(ra, w.code(), false, 2);
        assertEquals(Boolean.FALSE, done.followUpResolved());
        assertEquals(2, done.followUpScore());
        assertTrue(complaints.awaitingFollowUp(ra).isEmpty());
        assertEquals(1, estate.count("SELECT count(*) FROM outbox o JOIN staff s ON s.id = o.target_id "
                + "WHERE s.code = 'm1' AND o.message LIKE '%住户回访：未解决%'"));
        // another household member cannot answer for the reporter
        assertThrows(WorkOrderException.class, () -> complaints.followUp(estate.resident("rb"), w.code(), true, 5));
        assertThrows(WorkOrderException.class, () -> complaints.answer(estate.staff("m1"), w.code(), "再补充", false),
                "a closed complaint takes no more answers");
    }

    @Test
    void onlySupervisorsAnswerAndTechniciansDoNotRead() {
        WorkOrder w = complain("ra", "1-1-101", "complaint", "保洁阿姨态度不好");
        WorkOrderException agent = assertThrows(WorkOrderException.class,
                () -> complaints.answer(estate.staff("a1"), w.code(), "好的", false));
        assertEquals("role_forbidden", agent.code());
        assertThrows(WorkOrderException.class, () -> complaints.list(estate.staff("t1"), false, 10));
        assertEquals(1, complaints.list(estate.staff("a1"), true, 10).size());
        assertTrue(complaints.find(estate.resident("rb"), w.code()).isEmpty(), "not another resident's");
    }

    @Test
    void repeatedComplaintsOnOneTopicAreLinkedToTheFirst() {
        WorkOrder first = complain("ra", "1-1-101", "complaint", "小区门口的垃圾一直没人清理，物业服务太差");
        estate.clock.advance(Duration.ofDays(2));
        WorkOrder again = complain("ra", "1-1-101", "complaint", "又投诉一次，服务还是一样差");
        estate.clock.advance(Duration.ofDays(1));
        // the same building, another household, the same subject
        WorkOrder neighbour = complain("ra2", "1-1-101", "complaint", "物业不作为，服务太差");
        WorkOrder otherSubject = complain("ra", "1-1-101", "complaint", "物业费乱收费");
        WorkOrder otherBuilding = complain("rb", "2-1-201", "complaint", "服务太差");
        Caller m1 = estate.staff("m1");
        assertEquals(first.code(), complaints.find(m1, again.code()).orElseThrow().linkedTo());
        assertEquals(first.code(), complaints.find(m1, neighbour.code()).orElseThrow().linkedTo());
        assertNull(complaints.find(m1, otherSubject.code()).orElseThrow().linkedTo());
        assertNull(complaints.find(m1, otherBuilding.code()).orElseThrow().linkedTo());
        assertEquals(2, complaints.find(m1, first.code()).orElseThrow().repeats());
        estate.clock.advance(Duration.ofDays(8));
        WorkOrder late = complain("ra", "1-1-101", "complaint", "服务太差");
        assertNull(complaints.find(m1, late.code()).orElseThrow().linkedTo(), "outside the 7-day window");
    }

    @Test
    void theDashboardCountsSubjectsBuildingsFirstAnswersDeadlinesAndFollowUps() {
        java.time.Instant from = estate.clock.instant().minusSeconds(1);
        WorkOrder onTime = complain("ra", "1-1-101", "complaint", "保安态度太差");
        WorkOrder late = complain("rb", "2-1-201", "complaint", "物业费乱收费");
        complain("rb", "2-1-201", "suggestion", "建议多装快递柜");
        estate.clock.advance(Duration.ofHours(2));
        complaints.answer(estate.staff("m1"), onTime.code(), "已处理", true);
        complaints.followUp(estate.resident("ra"), onTime.code(), true, 4);
        estate.clock.advance(Duration.ofHours(30));
        complaints.answer(estate.staff("m1"), late.code(), "已核对账单", false);
        ComplaintFigures figures = new ComplaintFigures(estate.db);
        ComplaintFigures.Totals t = figures.totals("c1", from, estate.clock.instant(), estate.clock.instant());
        assertEquals(2, t.complaints());
        assertEquals(1, t.suggestions());
        assertEquals(2, t.firstAnswers());
        assertEquals(17.0, t.meanHoursToFirstAnswer(), 0.01);
        assertEquals(1, t.answeredInTime());
        assertEquals(2, t.answerDecided());
        assertEquals(1, t.closedInTime());
        assertEquals(1, t.closeDecided(), "the late one's close deadline (72 h) is still ahead");
        assertEquals(1, t.followUps());
        assertEquals(1, t.resolved());
        assertEquals(4.0, t.meanScore());
        assertTrue(figures.byBuilding("c1", from, estate.clock.instant())
                .contains(new ComplaintFigures.Count("complaint", "2", 1)));
        assertTrue(figures.bySubject("c1", from, estate.clock.instant())
                .contains(new ComplaintFigures.Count("complaint", "fees", 1)));
    }

    @Test
    void aCommunitySetsItsOwnDeadlines() {
        estate.execute("INSERT INTO community_settings (community_id, key, value) VALUES "
                + "('c1', 'complaint.first_answer_hours', '4'), ('c1', 'complaint.close_hours', '48')");
        WorkOrder w = complain("ra", "1-1-101", "complaint", "保安态度太差");
        Complaint k = complaints.find(estate.staff("m1"), w.code()).orElseThrow();
        assertEquals(k.createdAt().plusHours(4), k.firstAnswerDue());
        assertEquals(k.createdAt().plusHours(48), k.closeDue());
    }
}
