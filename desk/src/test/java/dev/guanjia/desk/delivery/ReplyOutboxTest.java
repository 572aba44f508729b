package dev.guanjia.desk.delivery;

import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.desk.conversation.ConversationLog;
import dev.guanjia.testkit.MutableClock;
import dev.guanjia.testkit.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplyOutboxTest {

    private final DataSource db = TestDatabase.fresh("community", "knowledge", "ticketing", "desk", "bot");
    private final PersonalData personalData = PersonalData.ephemeral();
    private final ConversationLog log = new ConversationLog(db, personalData);
    private final MutableClock clock = new MutableClock(Instant.now());
    private final List<String> arrived = new CopyOnWriteArrayList<>();
    private UUID conversation;

    @BeforeEach
    void community() throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO communities VALUES ('c1', '小区', '市', '路', '1', '2', '全天', now())");
        }
        conversation = log.open("c1", "wechat", "wx-openid-1", null);
    }

    private long answered(String question, String answer) {
        ConversationLog.Received in = log.receive(conversation, question, "msg-" + question.hashCode(), Duration.ofSeconds(30));
        log.answer(conversation, in.messageId(), "bot", answer, null, true, clock.instant());
        return in.messageId();
    }

    @Test
    void theBacklogCountsAnswersNotYetDeliveredAndTheOldestOnesAge() throws Exception {
        assertEquals(new ReplyOutbox.Backlog(0, 0), ReplyOutbox.backlog(db));
        answered("电梯停在3楼不动了", "已为您登记电梯报修");
        answered("水管漏水", "已为您登记报修");
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE messages SET at = now() - interval '10 minutes' WHERE body = '已为您登记电梯报修'");
        }
        ReplyOutbox.Backlog waiting = ReplyOutbox.backlog(db);
        assertEquals(2, waiting.waiting());
        assertTrue(waiting.oldestSeconds() >= 600 && waiting.oldestSeconds() < 3600, waiting::toString);
        new ReplyOutbox(db, (community, user, text) -> arrived.add(text), clock).deliverDue(10);
        assertEquals(new ReplyOutbox.Backlog(0, 0), ReplyOutbox.backlog(db), "delivered answers are not backlog");
    }

    @Test
    void anAnswerWaitsOutAnApiOutageOfTwoMinutesAndArrivesOnce() throws Exception {
        Instant down = clock.instant();
        ReplyOutbox outbox = new ReplyOutbox(db, (community, user, text) -> {
            if (clock.instant().isBefore(down.plus(Duration.ofMinutes(2)))) {
                throw new java.io.IOException("connect timed out");
            }
            arrived.add(user + ":" + text);
        }, clock);
        answered("电梯停在3楼不动了", "已为您登记电梯报修");
        int tries = 0;
        while (arrived.isEmpty() && tries++ < 100) {
            outbox.deliverDue(10);
            clock.advance(Duration.ofSeconds(5));
        }
        assertEquals(List.of("wx-openid-1:已为您登记电梯报修"), arrived);
        for (int i = 0; i < 20; i++) {
            clock.advance(Duration.ofMinutes(1));
            outbox.deliverDue(10);
        }
        assertEquals(1, arrived.size(), "never sent twice");
        // back-off: far fewer tries than one every 5 s for two minutes
        assertTrue(value("SELECT attempts FROM reply_deliveries") <= 7, "attempts " + value("SELECT attempts FROM reply_deliveries"));
    }

    @Test
    void aPassiveReplyIsNotPushedAndARetryGetsItAgain() throws Exception {
        ReplyOutbox outbox = new ReplyOutbox(db, (community, user, text) -> arrived.add(text), clock);
        long in = answered("停车卡怎么续费", "在物业服务中心或公众号缴费");
        assertEquals(Optional.of("在物业服务中心或公众号缴费"), outbox.takePassive(in));
        assertEquals(Optional.of("在物业服务中心或公众号缴费"), outbox.takePassive(in), "WeChat's retry");
        clock.advance(Duration.ofMinutes(1));
        outbox.deliverDue(10);
        assertTrue(arrived.isEmpty());
    }

    @Test
    void aPushedAnswerIsNotRepeatedPassively() throws Exception {
        ReplyOutbox outbox = new ReplyOutbox(db, (community, user, text) -> arrived.add(text), clock);
        long in = answered("快递柜在哪", "在2号楼东侧");
        assertEquals(1, outbox.pushNow(in));
        assertEquals(Optional.empty(), outbox.takePassive(in));
        assertEquals(1, arrived.size());
    }

    @Test
    void anAgentsReplyIsQueuedAndRetriedLikeAnAnswer() throws Exception {
        boolean[] up = {false};
        ReplyOutbox outbox = new ReplyOutbox(db, (community, user, text) -> {
            if (!up[0]) {
                throw new java.io.IOException("503");
            }
            arrived.add(text);
        }, clock);
        log.receive(conversation, "还没人联系我", "m-agent", Duration.ofSeconds(30));
        long reply = log.append(conversation, "out", "agent", "text", "师傅十分钟后到", null, null).orElseThrow();
        assertEquals("waiting", outbox.enqueue(reply, conversation));
        up[0] = true;
        clock.advance(Duration.ofSeconds(6));
        assertEquals(1, outbox.deliverDue(10));
        assertEquals(List.of("师傅十分钟后到"), arrived);
        assertEquals("pushed", outbox.enqueue(reply, conversation), "queued once; already there");
        assertEquals(1, arrived.size());
    }

    @Test
    void whenTheWindowHasClosedAPersonIsAskedToFollowUp() throws Exception {
        ReplyOutbox outbox = new ReplyOutbox(db, (community, user, text) -> {
            throw new ReplySender.WindowClosed("errcode 45015");
        }, clock);
        answered("我家水费是多少", "您家本月水费36元");
        outbox.deliverDue(10);
        assertEquals(1, value("SELECT count(*) FROM reply_deliveries WHERE state = 'undelivered'"));
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT state, handoff_summary FROM conversations")) {
            rs.next();
            assertEquals("queued", rs.getString(1));
            assertTrue(rs.getString(2).contains("您家本月水费36元"), rs.getString(2));
        }
    }

    @Test
    void aMessageIsAnsweredOnceAndAnExpiredLeaseCanBeTakenOver() {
        ConversationLog.Received in = log.receive(conversation, "门口的灯不亮", "m-9", Duration.ofMillis(1));
        assertTrue(in.fresh());
        assertFalse(log.receive(conversation, "门口的灯不亮", "m-9", Duration.ofSeconds(30)).fresh(), "a retry");
        assertEquals(1, log.unanswered("c1", "wechat", Duration.ofHours(48), 10).size());
        assertTrue(log.claim(in.messageId(), Duration.ofSeconds(30)), "the lease ended: taken over");
        assertFalse(log.claim(in.messageId(), Duration.ofSeconds(30)), "now leased");
        assertTrue(log.unanswered("c1", "wechat", Duration.ofHours(48), 10).isEmpty());
        assertTrue(log.answer(conversation, in.messageId(), "bot", "已登记", null, true, clock.instant()).isPresent());
        assertTrue(log.answer(conversation, in.messageId(), "bot", "又一次", null, true, clock.instant()).isEmpty(),
                "the first answer stays the only one");
    }

    private long value(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
