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
 * <p>
 * The stored text is still read every turn (another node may have answered in between), but when it
 * is the text this store last read or wrote, the messages parsed then are used again, and a write
 * serialises only the messages it has not serialised before: parsing and writing a conversation's
 * whole memory as JSON every turn was a twentieth of a chat turn's CPU.
 */
public final class PostgresChatMemoryStore implements ChatMemoryStore {

    private final DataSource db;
    /** Memories of turns under way, written back by {@link #flush}. */
    private final java.util.Map<String, List<ChatMessage>> turns = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Set<String> dirty = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Memories as last read or written here, keyed by memory id; started over past {@link #KNOWN_LIMIT}. */
    private final java.util.Map<String, Known> known = new java.util.concurrent.ConcurrentHashMap<>();
    static final int KNOWN_LIMIT = 2048;

    /**
     * A stored memory's text, its messages, and each message's own JSON (null: not serialised here).
     * Messages are immutable, so the same objects may serve every turn that finds the same text.
     */
    private record Known(String json, List<ChatMessage> messages, List<String> parts) {
    }

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
                return rs.next() ? parsed(memoryId.toString(), rs.getString(1)) : List.of();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read chat memory: " + e.getMessage(), e);
        }
    }

    /** The messages of a stored text: those parsed or written before when the text is the same. */
    private List<ChatMessage> parsed(String id, String json) {
        Known k = known.get(id);
        if (k != null && k.json().equals(json)) {
            return k.messages();
        }
        List<ChatMessage> messages = List.copyOf(ChatMessageDeserializer.messagesFromJson(json));
        remember(id, new Known(json, messages, null));
        return messages;
    }

    private void remember(String id, Known k) {
        if (known.size() >= KNOWN_LIMIT) {
            known.clear();
        }
        known.put(id, k);
    }

    /**
     * The JSON array of these messages, as {@link ChatMessageSerializer#messagesToJson} writes it, made
     * from the JSON of each message: reused for messages this store read or wrote before.
     */
    private Known serialised(String id, List<ChatMessage> messages) {
        Known k = known.get(id);
        java.util.Map<ChatMessage, String> had = new java.util.IdentityHashMap<>();
        if (k != null && k.parts() != null) {
            for (int i = 0; i < k.messages().size(); i++) {
                had.put(k.messages().get(i), k.parts().get(i));
            }
        }
        List<String> parts = new java.util.ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            String part = had.get(m);
            parts.add(part != null ? part : one(m));
        }
        return new Known("[" + String.join(",", parts) + "]", List.copyOf(messages), List.copyOf(parts));
    }

    /** One message's JSON: the serialiser's array of it without the brackets. */
    private static String one(ChatMessage m) {
        String array = ChatMessageSerializer.messagesToJson(List.of(m));
        return array.substring(1, array.length() - 1);
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
        // Committed without waiting for the WAL flush (~4 ms of fsync a turn): the turn's answer is stored
        // durably right after and flushes this record with its own; a crash in between loses the memory
        // of a turn whose answer was not stored either, and that message is answered again.
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                WITH async AS (SELECT set_config('synchronous_commit', 'off', true))
                INSERT INTO chat_memory (memory_id, messages, updated_at) SELECT ?, ?, now() FROM async
                ON CONFLICT (memory_id) DO UPDATE SET messages = excluded.messages, updated_at = now()""")) {
            Known k = serialised(memoryId.toString(), messages);
            s.setString(1, memoryId.toString());
            s.setString(2, k.json());
            s.executeUpdate();
            remember(memoryId.toString(), k);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store chat memory: " + e.getMessage(), e);
        }
    }

    @Override
    public void deleteMessages(Object memoryId) {
        turns.remove(memoryId.toString());
        dirty.remove(memoryId.toString());
        known.remove(memoryId.toString());
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
