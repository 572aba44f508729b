package dev.guanjia.bot.memory;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** The agent's memory in PostgreSQL, so a conversation continues after a restart. */
public final class PostgresChatMemoryStore implements ChatMemoryStore {

    private final DataSource db;

    public PostgresChatMemoryStore(DataSource db) {
        this.db = db;
    }

    @Override
    public List<ChatMessage> getMessages(Object memoryId) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT messages FROM chat_memory WHERE memory_id = ?")) {
            s.setString(1, memoryId.toString());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? ChatMessageDeserializer.messagesFromJson(rs.getString(1)) : List.of();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read chat memory: " + e.getMessage(), e);
        }
    }

    @Override
    public void updateMessages(Object memoryId, List<ChatMessage> messages) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO chat_memory (memory_id, messages, updated_at) VALUES (?, ?, now())
                ON CONFLICT (memory_id) DO UPDATE SET messages = excluded.messages, updated_at = now()""")) {
            s.setString(1, memoryId.toString());
            s.setString(2, ChatMessageSerializer.messagesToJson(messages));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store chat memory: " + e.getMessage(), e);
        }
    }

    @Override
    public void deleteMessages(Object memoryId) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "DELETE FROM chat_memory WHERE memory_id = ?")) {
            s.setString(1, memoryId.toString());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete chat memory: " + e.getMessage(), e);
        }
    }
}
