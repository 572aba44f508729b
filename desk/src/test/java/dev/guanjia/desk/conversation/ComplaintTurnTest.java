package dev.guanjia.desk.conversation;

import dev.guanjia.bot.local.LocalChatModel;
import dev.guanjia.bot.turn.Action;
import dev.guanjia.bot.turn.Identity;
import dev.guanjia.bot.turn.TurnResult;
import dev.guanjia.community.session.Caller;
import dev.guanjia.testkit.MutableClock;
import dev.guanjia.ticketing.complaint.Complaint;
import dev.guanjia.ticketing.complaint.Complaints;
import dev.guanjia.ticketing.workorder.WorkOrders;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Complaints and suggestions in the conversation: recognised in many wordings, recorded in the
 * resident's words for the supervisor, with the deadline said in the community's time from the
 * service's clock; the supervisor's answer is followed by the resident's 回访 in the chat.
 */
class ComplaintTurnTest {

    /** 10:00 UTC is 18:00 in Shanghai: a first answer is due the next day at 18:00 local. */
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
    private final WorkOrders orders = new WorkOrders(BotEstate.db, clock).withoutCreationLimit();
    private final Complaints complaints = new Complaints(BotEstate.db, clock);

    @BeforeAll
    static void build() throws Exception {
        BotEstate.build();
        try (Connection c = BotEstate.db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO staff (community_id, code, name, role, skills, buildings, on_duty) VALUES "
                    + "('c1', 'boss', '主管老周', 'supervisor', '{}', '{}', true) ON CONFLICT DO NOTHING");
        }
    }

    private ServiceDesk desk() {
        return BotEstate.desk(new LocalChatModel(BotEstate.intents), orders);
    }

    private static TurnResult say(ServiceDesk desk, Identity who, String text) {
        return desk.turn("c1", desk.open("c1", who), who, text);
    }

    private static Map<String, Object> created(TurnResult r) {
        return r.actions().stream().filter(a -> a.type().equals("work_order.created")).map(Action::details)
                .findFirst().orElseThrow(() -> new AssertionError("no work order: " + r));
    }

    @Test
    void complaintsInManyWordingsAreRecordedWithTheirDeadline() {
        ServiceDesk desk = desk();
        Map<String, String> said = Map.of(
                "我要投诉你们的保安，晚上叫他开门还骂人", "staff",
                "这物业还管不管事？楼道垃圾堆了一个礼拜", "service",
                "物业乱收费，电梯费多收了我两个月", "fees",
                "邻居把杂物堆在楼道里，太过分了，说了好几次也没人管", "neighbour",
                "Your staff are rude and the management is useless", "staff",
                "楼上半夜装修吵得睡不着，投诉好几次了", "noise");
        for (var e : said.entrySet()) {
            TurnResult r = say(desk, BotEstate.OWNER, e.getKey());
            Map<String, Object> order = created(r);
            assertEquals("complaint", order.get("category"), e.getKey() + " → " + r);
            Complaint k = complaints.find(staff(), (String) order.get("id")).orElseThrow();
            assertEquals(e.getKey(), k.words(), "the resident's own words");
            assertEquals(e.getValue(), k.subject().code(), e.getKey());
            assertEquals(Instant.parse("2026-12-04T10:00:00Z"), k.firstAnswerDue().toInstant());
            String reply = r.reply();
            assertTrue(reply.contains("12月4日18:00前给您首次答复") || reply.contains("first answer by Dec 4, 18:00"), reply);
            assertTrue(reply.contains("主管") || reply.contains("supervisor"), reply);
            assertTrue(reply.contains((String) order.get("id")), reply);
            assertTrue(r.handoff(), "a person is brought in too: " + r);
        }
    }

    @Test
    void aComplaintThatNamesTheMoneyPaidIsNoQuestionOfTheBills() {
        for (String said : new String[]{"The guard at the gate was rude to me again, that is not the service we pay for",
                "物业费一分不少交，保洁员还冲我骂骂咧咧的"}) {
            TurnResult r = say(desk(), BotEstate.OWNER, said);
            assertEquals("complaint", created(r).get("category"), said + " → " + r);
            assertTrue(r.actions().stream().noneMatch(a -> a.type().startsWith("bill.") || a.type().startsWith("payment.")),
                    said + " → " + r);
        }
    }

    @Test
    void aComplaintOnlyTheIntentExamplesRecogniseIsRecordedToo() {
        TurnResult r = say(desk(), BotEstate.OWNER, "钱照收不误，事情一概不理，像话吗");
        Map<String, Object> order = created(r);
        assertEquals("complaint", order.get("category"), r.toString());
        assertTrue(r.reply().contains("12月4日18:00前给您首次答复"), r.reply());
        assertTrue(r.handoff(), r.toString());
    }

    @Test
    void aSuggestionIsAcknowledgedWithoutAPerson() {
        TurnResult r = say(desk(), BotEstate.OWNER, "建议小区在1幢门口多装一组快递柜");
        assertEquals("suggestion", created(r).get("category"), r.toString());
        assertFalse(r.handoff(), r.toString());
        assertTrue(r.reply().contains("感谢您的建议"), r.reply());
    }

    /** A neighbour's car in one's space or their noise, bitterly told: moving the car or the noise is what is asked. */
    @Test
    void aNeighboursCarInOnesSpaceOrTheirNoiseBitterlyToldIsThatMatter() {
        ServiceDesk desk = desk();
        for (String[] said : new String[][]{{"我那地面车位让一辆白车给占了，车上连个挪车电话都没留，这不欺负人吗", "parking"},
                {"楼上天天半夜蹦迪，咚咚咚的，还让不让人活了", "noise"}}) {
            TurnResult r = say(desk, BotEstate.OWNER, said[0]);
            Map<String, Object> order = created(r);
            assertEquals(said[1], order.get("category"), said[0] + " → " + r);
            assertFalse(r.handoff(), said[0] + " → " + r);
            BotEstate.cancelOrders(java.util.List.of(order.get("id")));
        }
        // the company blamed for it stays a complaint about the company
        TurnResult blamed = say(desk, BotEstate.OWNER, "车位天天被外来车占，物业根本不管，我要投诉");
        assertEquals("complaint", created(blamed).get("category"), blamed.toString());
    }

    @Test
    void aRepairSymptomIsStillARepair() {
        ServiceDesk desk = desk();
        String conv = desk.open("c1", BotEstate.NEIGHBOUR);
        TurnResult ask = desk.turn("c1", conv, BotEstate.NEIGHBOUR, "厨房水龙头一直在滴水，关不紧");
        assertTrue(ask.actions().isEmpty() && !ask.handoff(), "asks when someone is home: " + ask);
        TurnResult r = desk.turn("c1", conv, BotEstate.NEIGHBOUR, "明天上午都在家");
        Map<String, Object> order = created(r);
        assertEquals("plumbing", order.get("category"), r.toString());
        assertTrue(complaints.find(staff(), (String) order.get("id")).isEmpty(), "no complaint record for a repair");
    }

    @Test
    void theSupervisorsAnswerIsFollowedUpInTheChat() {
        ServiceDesk desk = desk();
        Identity neighbour = BotEstate.NEIGHBOUR;
        TurnResult r = say(desk, neighbour, "你们保洁阿姨态度太差了，叫她帮忙还爱理不理");
        String code = (String) created(r).get("id");
        clock.advance(Duration.ofHours(3));
        complaints.answer(staff(), code, "已与保洁主管谈话，阿姨会当面致歉。", true);
        TurnResult verdict = say(desk, neighbour, "解决了，5分");
        assertTrue(verdict.actions().stream().anyMatch(a -> a.type().equals("complaint.followed_up")), verdict.toString());
        Complaint k = complaints.find(staff(), code).orElseThrow();
        assertEquals(Boolean.TRUE, k.followUpResolved());
        assertEquals(5, k.followUpScore());
        // once answered, a bare "好了" is an ordinary message again, not a second verdict
        TurnResult later = say(desk, neighbour, "5分");
        assertTrue(later.actions().stream().noneMatch(a -> a.type().equals("complaint.followed_up")), later.toString());
    }

    private static Caller staff() {
        try (Connection c = BotEstate.db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM staff WHERE code = 'boss'")) {
            rs.next();
            return new Caller("c1", Caller.Kind.STAFF, rs.getLong(1), "supervisor", "boss", "主管老周");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
