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
}
