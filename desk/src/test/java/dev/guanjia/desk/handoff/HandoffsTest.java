package dev.guanjia.desk.handoff;

import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.desk.conversation.ConversationLog;
import dev.guanjia.desk.conversation.Message;
import dev.guanjia.community.session.Caller;
import dev.guanjia.testkit.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HandoffsTest {

    private final DataSource db = TestDatabase.fresh("community", "knowledge", "ticketing", "desk", "bot");
    private final PersonalData personalData = PersonalData.ephemeral();
    private final List<String> wechatSent = new CopyOnWriteArrayList<>();
    private Handoffs handoffs;
    private ConversationLog log;
    private Caller a1;
    private Caller a2;
    private Caller boss;
    private Caller tech;
    private Caller stranger;

    @BeforeEach
    void estate() throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO communities VALUES ('c1', '测试苑', '市', '路', '1', '2', '全天', now()), "
                    + "('c2', '别苑', '市', '路', '1', '2', '全天', now())");
            s.execute("INSERT INTO staff (community_id, code, name, role) VALUES ('c1', 'a1', '小李', 'agent'), "
                    + "('c1', 'a2', '小王', 'agent'), ('c1', 's1', '张主管', 'supervisor'), "
                    + "('c1', 't1', '王师傅', 'technician'), ('c2', 'x1', '外人', 'agent')");
        }
        a1 = staff("c1", "a1", "agent", "小李");
        a2 = staff("c1", "a2", "agent", "小王");
        boss = staff("c1", "s1", "supervisor", "张主管");
        tech = staff("c1", "t1", "technician", "王师傅");
        stranger = staff("c2", "x1", "agent", "外人");
        log = new ConversationLog(db, personalData);
        handoffs = new Handoffs(db, log, Map.of("voice", ChannelDelivery.byCallback(new Callbacks(db, personalData)), "wechat", (community, conversation, message, user, text) -> {
            if (user.equals("wx-blocked")) {
                throw new IllegalStateException("45015 response out of time limit");
            }
            wechatSent.add(user + ":" + text);
        }), new dev.guanjia.community.staff.StaffDirectory(db), new dev.guanjia.community.resident.ResidentDirectory(db,
                personalData), personalData, dev.guanjia.community.change.ChangeFeed.NONE);
    }

    private Caller staff(String community, String code, String role, String name) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM staff WHERE code = '" + code + "'")) {
            rs.next();
            return new Caller(community, Caller.Kind.STAFF, rs.getLong(1), role, code, name);
        }
    }

    private UUID queued(String channel, String user) {
        UUID id = log.open("c1", channel, user, null);
        log.append(id, "in", "resident", "text", "我要找人工", null, null);
        log.queueForHuman(id, "resident asked for a person", "访客：要人工");
        return id;
    }

    @Test
    void twoAgentsClaimingAtOnceLeaveExactlyOneOwner() throws Exception {
        UUID id = queued("web", "anonymous");
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<String>> results = new ArrayList<>();
        for (Caller agent : List.of(a1, a2)) {
            results.add(pool.submit((Callable<String>) () -> {
                go.await();
                try {
                    return handoffs.claim(agent, id).agentCode();
                } catch (HandoffException e) {
                    return "refused:" + e.code();
                }
            }));
        }
        go.countDown();
        List<String> outcomes = new ArrayList<>();
        for (Future<String> f : results) {
            outcomes.add(f.get());
        }
        pool.shutdown();
        assertEquals(1, outcomes.stream().filter(o -> o.startsWith("refused:not_waiting")).count(), outcomes.toString());
        String owner = outcomes.stream().filter(o -> !o.startsWith("refused")).findFirst().orElseThrow();
        assertEquals(owner, handoffs.detail(boss, id).agentCode());
        assertEquals(1, handoffs.queue(a1).size());
        assertEquals("human", handoffs.queue(a1).get(0).state());
    }

    @Test
    void onlyTheOwnerOrASupervisorTalksAndOtherCommunitiesSeeNothing() {
        UUID id = queued("web", "anonymous");
        assertThrows(HandoffException.class, () -> handoffs.queue(tech), "technicians have no console");
        assertTrue(handoffs.queue(stranger).isEmpty(), "another community's queue is its own");
        HandoffException e = assertThrows(HandoffException.class, () -> handoffs.claim(stranger, id));
        assertEquals(HandoffException.Kind.NOT_FOUND, e.kind());
        assertThrows(HandoffException.class, () -> handoffs.reply(a1, id, "您好"), "claim first");
        handoffs.claim(a1, id);
        assertEquals(HandoffException.Kind.FORBIDDEN,
                assertThrows(HandoffException.class, () -> handoffs.reply(a2, id, "我来")).kind());
        assertTrue(handoffs.reply(boss, id, "主管补充一句").delivered());
        assertEquals(HandoffException.Kind.FORBIDDEN,
                assertThrows(HandoffException.class, () -> handoffs.assign(a2, id, "a2")).kind());
        handoffs.transfer(a1, id, "a2");
        assertEquals("a2", handoffs.detail(a1, id).agentCode());
        assertThrows(HandoffException.class, () -> handoffs.transfer(a1, id, "t1"), "only console staff take chats");
        handoffs.reply(a2, id, "您好，我是小王");
        assertEquals(HandoffException.Kind.INVALID,
                assertThrows(HandoffException.class, () -> handoffs.reply(a2, id, "  ")).kind());
        List<String> authors = log.messages(id).stream().map(m -> m.author() + ":" + m.body()).toList();
        assertTrue(authors.contains("system:人工客服小李已接入，请问有什么可以帮您？"), authors.toString());
        assertTrue(authors.contains("agent:您好，我是小王"), authors.toString());
        assertEquals(1, handoffs.notes(boss, id).size(), "the transfer left a note");
    }

    @Test
    void repliesReachWeChatAndAFailedDeliveryIsReportedNotLost() {
        UUID ok = queued("wechat", "wx-1");
        handoffs.claim(a1, ok);
        Handoffs.Reply r = handoffs.reply(a1, ok, "已经帮您登记");
        assertTrue(r.delivered());
        assertTrue(wechatSent.contains("wx-1:已经帮您登记"), wechatSent.toString());
        UUID blocked = queued("wechat", "wx-blocked");
        handoffs.claim(a1, blocked);
        Handoffs.Reply failed = handoffs.reply(a1, blocked, "在吗");
        assertFalse(failed.delivered());
        assertTrue(failed.problem().contains("45015"), failed.problem());
        assertTrue(log.messages(blocked).stream().anyMatch(m -> m.body().equals("在吗")), "stored all the same");
        UUID phone = queued("voice", "13700000009");
        handoffs.claim(a1, phone);
        assertTrue(handoffs.reply(a1, phone, "水费已经查到了").delivered());
        Callbacks.Task task = new Callbacks(db, personalData).open(a1).stream().filter(t -> t.request().contains("水费已经查到了"))
                .findFirst().orElseThrow(() -> new AssertionError("the phone reply waits as a callback task"));
        assertEquals("137****0009", task.contact(), "masked until someone takes the task");
        new Callbacks(db, personalData).claim(a2, task.id());
        assertEquals("13700000009", new Callbacks(db, personalData).open(a2).get(0).contact(), "in full for the one who calls");
        assertEquals("137****0009", new Callbacks(db, personalData).open(a1).get(0).contact());
    }

    @Test
    void aBotAnswerThatDidNotReachTheResidentShowsInTheQueueAndCanBeTakenOver() throws SQLException {
        UUID fine = log.open("c1", "wechat", "wx-fine", null);
        var in = log.receive(fine, "快递柜在哪", "m-1", java.time.Duration.ofSeconds(30));
        log.answer(fine, in.messageId(), "bot", "在2号楼东侧", null, true, java.time.Instant.now());
        UUID lost = log.open("c1", "wechat", "wx-lost", null);
        var in2 = log.receive(lost, "电梯困人了吗", "m-2", java.time.Duration.ofSeconds(30));
        log.answer(lost, in2.messageId(), "bot", "请问是几号楼的电梯？", null, true, java.time.Instant.now());
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE reply_deliveries SET attempts = 3 WHERE message_id = (SELECT id FROM messages"
                    + " WHERE body = '请问是几号楼的电梯？')");
        }
        List<Handoffs.QueueEntry> queue = handoffs.queue(a1);
        assertEquals(List.of(lost), queue.stream().map(Handoffs.QueueEntry::id).toList(), "only the undelivered one");
        assertTrue(queue.get(0).undelivered());
        assertEquals("bot", queue.get(0).state());
        assertThrows(HandoffException.class, () -> handoffs.claim(a1, fine), "a delivered bot conversation is not taken");
        assertEquals("human", handoffs.claim(a1, lost).state());
    }

    @Test
    void returningToTheBotAsksForAScoreAndClosingEndsTheConversation() {
        UUID id = queued("web", "anonymous");
        handoffs.claim(a1, id);
        handoffs.returnToBot(a1, id);
        assertEquals("bot", handoffs.detail(a1, id).state());
        Message last = log.messages(id).get(log.messages(id).size() - 1);
        assertEquals("csat", last.kind());
        assertTrue(log.csatPending(id));
        assertTrue(log.recordCsat(id, 4));
        assertFalse(log.recordCsat(id, 5), "one score per request");
        assertEquals(4, handoffs.detail(a1, id).csat());
        assertThrows(HandoffException.class, () -> handoffs.returnToBot(a1, id), "already the bot's");

        UUID other = queued("web", "anonymous");
        handoffs.claim(a2, other);
        assertEquals(HandoffException.Kind.INVALID,
                assertThrows(HandoffException.class, () -> handoffs.close(a2, other, "whatever")).kind());
        Handoffs.Detail closed = handoffs.close(a2, other, "resolved");
        assertEquals("closed", closed.state());
        assertEquals("resolved", closed.disposition());
        assertTrue(log.latest("c1", "web", "anonymous").map(x -> !x.equals(other)).orElse(true),
                "a closed conversation is not continued");
        assertNull(handoffs.queue(a1).stream().filter(q -> q.id().equals(other)).findFirst().orElse(null));
    }

    @Test
    void waitsAreEstimatedFromAgentsOnlineAndCallbacksGoToOneAgent() throws SQLException {
        Availability availability = new Availability(db);
        assertEquals(0, availability.estimate("c1").agentsOnline());
        assertTrue(availability.estimate("c1").offerCallback(), "nobody online: offer a callback");
        availability.seen(a1.subjectId());
        queued("web", "anonymous");
        queued("web", "anonymous");
        dev.guanjia.bot.handoff.HumanDesk.Wait e = availability.estimate("c1");
        assertEquals(1, e.agentsOnline());
        assertEquals(2, e.waiting());
        assertEquals(8, e.expectedMinutes(), "two waiting × 4 default minutes ÷ one agent");
        assertFalse(e.offerCallback(), "8 minutes is under the default 10");
        availability.seen(a2.subjectId());
        assertEquals(4, availability.estimate("c1").expectedMinutes());
        availability.left(a2.subjectId());
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO community_settings VALUES ('c1', 'handoff.callback_after_minutes', '5')");
        }
        assertTrue(availability.estimate("c1").offerCallback());

        Callbacks callbacks = new Callbacks(db, personalData);
        UUID id = queued("voice", "13700000009");
        long task = callbacks.request("c1", id, "voice", null, "13700000009", "问水费");
        assertEquals(task, callbacks.request("c1", id, "voice", null, "13700000009", "再问一次"), "one open task");
        assertEquals("问水费\n再问一次", callbacks.open(a1).get(0).request(), "carrying both requests");
        assertEquals(1, callbacks.open(a1).size());
        assertTrue(callbacks.open(stranger).isEmpty());
        callbacks.claim(a1, task);
        assertThrows(HandoffException.class, () -> callbacks.claim(a2, task));
        assertThrows(HandoffException.class, () -> callbacks.done(a2, task, "打过了"));
        callbacks.done(a1, task, "已回电，住户满意");
        assertTrue(callbacks.open(a1).isEmpty());
    }

    @Test
    void waitsPastTheCommunitysLimitAreFlaggedOnce() throws SQLException {
        UUID id = queued("web", "anonymous");
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE conversations SET queued_at = now() - interval '7 minutes' WHERE id = '" + id + "'");
        }
        assertTrue(handoffs.queue(a1).get(0).waitBreached(), "default limit 5 minutes");
        assertEquals(List.of(id), handoffs.markBreachedWaits().stream().map(Handoffs.Breach::id).toList());
        assertTrue(handoffs.markBreachedWaits().isEmpty(), "alerted once");
    }
}
