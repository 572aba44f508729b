package dev.guanjia.desk.conversation;

import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConversationLogTest {

    private final DataSource db = TestDatabase.fresh("community", "knowledge", "ticketing", "desk", "bot");
    private final PersonalData personalData = PersonalData.ephemeral();

    @Test
    void messagesAreKeptInOrderAndChannelRetriesStoredOnce() throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO communities VALUES ('c1', '小区', '市', '路', '1', '2', '全天', now())");
        }
        ConversationLog log = new ConversationLog(db, personalData);
        UUID id = log.open("c1", "wechat", "wx-openid-1", null);
        assertTrue(log.append(id, "in", "resident", "text", "电梯坏了", null, "msg-1").isPresent());
        assertTrue(log.append(id, "in", "resident", "text", "电梯坏了", null, "msg-1").isEmpty(), "WeChat retry");
        assertTrue(log.append(id, "out", "bot", "text", "已为您登记报修", "{\"actions\":[]}", null).isPresent());
        List<Message> messages = log.messages(id);
        assertEquals(List.of("电梯坏了", "已为您登记报修"), messages.stream().map(Message::body).toList());
        assertEquals("bot", messages.get(1).author());
    }

    @Test
    void aTallyCountsAChannelsStoredMessagesAndThoseWithoutAnAnswer() throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO communities VALUES ('c1', '小区', '市', '路', '1', '2', '全天', now())");
        }
        ConversationLog log = new ConversationLog(db, personalData);
        UUID wechat = log.open("c1", "wechat", "wx-openid-1", null);
        long first = log.receive(wechat, "电梯坏了", "msg-1", java.time.Duration.ofSeconds(45)).messageId();
        assertEquals(first, log.receive(wechat, "电梯坏了", "msg-1", java.time.Duration.ofSeconds(45)).messageId());
        log.receive(wechat, "还在吗", "msg-2", java.time.Duration.ofSeconds(45));
        assertTrue(log.answer(wechat, first, "bot", "已为您登记报修", null, false, java.time.Instant.now()).isPresent());
        UUID web = log.open("c1", "web", "anonymous", null);
        long asked = log.receive(web, "物业费怎么交", null, java.time.Duration.ofSeconds(45)).messageId();
        log.answer(web, asked, "bot", "在线缴费即可", null, false, java.time.Instant.now());
        try (Connection c = db.getConnection()) {
            assertEquals(new ConversationLog.Tally(2, 1, 0), ConversationLog.tally(c, "wechat"));
        }
        // the same MsgId of the same follower in a second conversation: what a race opening two would store
        log.receive(log.open("c1", "wechat", "wx-openid-1", null), "电梯坏了", "msg-1", java.time.Duration.ofSeconds(45));
        try (Connection c = db.getConnection()) {
            assertEquals(new ConversationLog.Tally(3, 2, 1), ConversationLog.tally(c, "wechat"));
            assertEquals(new ConversationLog.Tally(1, 0, 0), ConversationLog.tally(c, "web"));
            assertEquals(new ConversationLog.Tally(0, 0, 0), ConversationLog.tally(c, "voice"));
        }
    }

    /** Two nodes find a message whose node died at once: the lease lets one of them answer it. */
    @Test
    void twoClaimersOfAnExpiredLeaseOneWins() throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO communities VALUES ('c1', '小区', '市', '路', '1', '2', '全天', now())");
        }
        ConversationLog log = new ConversationLog(db, personalData);
        UUID id = log.open("c1", "web", "anonymous", null);
        long in = log.receive(id, "停车费多少", "web:abcdefgh01", java.time.Duration.ofMillis(1)).messageId();
        Thread.sleep(20); // its node is gone: the lease ended
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(8);
        List<java.util.concurrent.Future<Boolean>> claims = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                claims.add(pool.submit(() -> {
                    together.await();
                    return log.claim(in, java.time.Duration.ofSeconds(30));
                }));
            }
        }
        long won = 0;
        for (var f : claims) {
            won += f.get() ? 1 : 0;
        }
        assertEquals(1, won, "one claimer answers it");
        assertTrue(log.progress(in).orElseThrow().leased(), "leased again, to the winner");
        assertTrue(log.unanswered("c1", "web", java.time.Duration.ofHours(1), 10).isEmpty(), "nobody else resumes it");
    }

    /**
     * A page's message and its resend (two nodes, at once, before the page knows its conversation)
     * are stored once in one conversation; another sender's same id is their own message.
     */
    @Test
    void aMessageNamedByItsSenderIsStoredOnceWhateverTheResends() throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO communities VALUES ('c1', '小区', '市', '路', '1', '2', '全天', now())");
        }
        ConversationLog log = new ConversationLog(db, personalData);
        java.time.Duration lease = java.time.Duration.ofSeconds(30);
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(6);
        List<java.util.concurrent.Future<ConversationLog.Receipt>> sends = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(6)) {
            for (int i = 0; i < 6; i++) {
                sends.add(pool.submit(() -> {
                    together.await();
                    return log.receiveOnce("c1", "web", "R-0105", null, ConversationLog.Opening.NOBODY, "我家欠费多少",
                            "web:client-0001", lease);
                }));
            }
        }
        List<ConversationLog.Receipt> receipts = new java.util.ArrayList<>();
        for (var f : sends) {
            receipts.add(f.get());
        }
        assertEquals(1, receipts.stream().filter(ConversationLog.Receipt::fresh).count(), "stored by one send");
        assertEquals(1, receipts.stream().map(ConversationLog.Receipt::messageId).distinct().count());
        UUID conversation = receipts.get(0).conversation();
        assertEquals(1, receipts.stream().map(ConversationLog.Receipt::conversation).distinct().count(), "one conversation");
        // a later resend naming the conversation finds it too
        ConversationLog.Receipt again = log.receiveOnce("c1", "web", "R-0105", conversation,
                ConversationLog.Opening.NOBODY, "我家欠费多少", "web:client-0001", lease);
        assertEquals(receipts.get(0).messageId(), again.messageId());
        // the same id from someone else is not theirs to read: a message of its own
        ConversationLog.Receipt other = log.receiveOnce("c1", "web", "R-0201", null, ConversationLog.Opening.NOBODY,
                "停车费多少", "web:client-0001", lease);
        assertTrue(other.fresh());
        ConversationLog.Progress p = log.progress(again.messageId()).orElseThrow();
        assertTrue(p.awaiting() && p.leased() && p.answer().isEmpty(), "waiting for its answer");
        log.answer(conversation, again.messageId(), "bot", "您家当前欠费0元。", null, false, java.time.Instant.now());
        ConversationLog.Progress answered = log.progress(again.messageId()).orElseThrow();
        assertTrue(!answered.awaiting() && answered.answer().isPresent());
        assertEquals("您家当前欠费0元。", answered.answer().get().body());
    }
}
