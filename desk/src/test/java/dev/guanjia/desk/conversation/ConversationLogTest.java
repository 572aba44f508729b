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
}
