package dev.guanjia.bot.memory;

import dev.guanjia.testkit.TestDatabase;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class PostgresChatMemoryStoreTest {

    private final DataSource db = TestDatabase.fresh("bot");

    @Test
    void storesWhatTheSerialiserWritesAndReusesMessagesItKnows() throws Exception {
        PostgresChatMemoryStore store = new PostgresChatMemoryStore(db);
        List<ChatMessage> first = List.of(SystemMessage.from("你是物业客服"), UserMessage.from("物业费怎么交"),
                AiMessage.from(ToolExecutionRequest.builder().id("1").name("searchKnowledge")
                        .arguments("{\"question\":\"物业费\\\"怎么交\"}").build()),
                ToolExecutionResultMessage.from("1", "searchKnowledge", "[{\"title\":\"缴费\"}]"),
                AiMessage.from("可以在服务中心交。"));
        store.updateMessages("c1", first);
        assertEquals(ChatMessageSerializer.messagesToJson(first), stored("c1"));

        store.begin("c1");
        List<ChatMessage> read = store.getMessages("c1");
        assertEquals(first, read);
        assertSame(first.get(1), read.get(1), "the text this store wrote is not parsed again");

        // a window that dropped the oldest message and added two: spliced from the known parts
        List<ChatMessage> next = new ArrayList<>(read.subList(1, read.size()));
        next.add(UserMessage.from("停车怎么收费"));
        next.add(AiMessage.from("每月300元。"));
        store.updateMessages("c1", next);
        store.flush("c1");
        assertEquals(ChatMessageSerializer.messagesToJson(next), stored("c1"));
        assertEquals(next, new PostgresChatMemoryStore(db).getMessages("c1"));
    }

    @Test
    void readsAnotherWritersMemoryAnew() throws Exception {
        PostgresChatMemoryStore here = new PostgresChatMemoryStore(db);
        here.updateMessages("c2", List.of(UserMessage.from("你好")));
        assertEquals(List.of(UserMessage.from("你好")), here.getMessages("c2"));
        // another node answered in between
        List<ChatMessage> there = List.of(UserMessage.from("你好"), AiMessage.from("您好，请问有什么可以帮您？"));
        new PostgresChatMemoryStore(db).updateMessages("c2", there);
        assertEquals(there, here.getMessages("c2"));
        try (Connection c = db.getConnection()) {
            PostgresChatMemoryStore.forget(c, "c2");
        }
        assertEquals(List.of(), here.getMessages("c2"));
    }

    private String stored(String id) throws Exception {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT messages FROM chat_memory WHERE memory_id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
