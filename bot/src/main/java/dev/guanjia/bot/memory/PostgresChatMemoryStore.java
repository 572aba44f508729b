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

/**
 * The agent's memory in PostgreSQL, so a conversation continues after a restart. Within one turn
 * the memory is read once and written once: the AI service reads and rewrites it after every step
 * (question, tool calls, tool results, answer), which would otherwise be a round trip each.
 */
public final class PostgresChatMemoryStore implements ChatMemoryStore {

    private final DataSource db;
    /** Memories of turns under way, written back by {@link #flush}. */
    private final java.util.Map<String, List<ChatMessage>> turns = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Set<String> dirty = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Keeps this memory in process until {@link #flush}: the turn reads it once. */
    public void begin(Object memoryId) {
        turns.put(memoryId.toString(), new java.util.ArrayList<>(read(memoryId)));
    }

    /** Writes the turn's memory once, if it changed, and forgets the in-process copy. */
    public void flush(Object memoryId) {
        String id = memoryId.toString();
        List<ChatMessage> messages = turns.remove(id);
        if (messages != null && dirty.remove(id)) {
            write(id, messages);
        }
    }

    public PostgresChatMemoryStore(DataSource db) {
        this.db = db;
    }

    @Override
    public List<ChatMessage> getMessages(Object memoryId) {
        List<ChatMessage> during = turns.get(memoryId.toString());
        return during != null ? List.copyOf(during) : read(memoryId);
    }

    private List<ChatMessage> read(Object memoryId) {
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
        String id = memoryId.toString();
        if (turns.computeIfPresent(id, (k, v) -> new java.util.ArrayList<>(messages)) != null) {
            dirty.add(id);
            return;
        }
        write(id, messages);
    }

    private void write(Object memoryId, List<ChatMessage> messages) {
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
        turns.remove(memoryId.toString());
        dirty.remove(memoryId.toString());
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "DELETE FROM chat_memory WHERE memory_id = ?")) {
            s.setString(1, memoryId.toString());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete chat memory: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes one conversation's memory inside the caller's transaction (a resident's data erased
     * or expired with the conversation).
     */
    public static void forget(Connection c, String memoryId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM chat_memory WHERE memory_id = ?")) {
            s.setString(1, memoryId);
            s.executeUpdate();
        }
    }

    /** Deletes every conversation's memory (an evaluation run starting over). */
    public static void forgetAll(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM chat_memory")) {
            s.executeUpdate();
        }
    }
}
