package dev.guanjia.app.logging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.app.config.ConfigException;
import dev.guanjia.app.config.ConfigLoader;
import dev.guanjia.community.logging.LogContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two log formats, with the ids of the work the thread is doing. */
class LogLinesTest {

    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        LogContext.clear();
    }

    private static LogRecord record(String message, Throwable thrown) {
        LogRecord r = new LogRecord(Level.WARNING, message);
        r.setLoggerName("dev.guanjia.desk.conversation.ServiceDesk");
        r.setThrown(thrown);
        return r;
    }

    @Test
    void textLinesNameTheRequestAndTheConversationWhenThereAreAny() {
        LogLines.Text text = new LogLines.Text();
        String outside = text.format(record("audit head", null));
        assertTrue(outside.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d WARNING dev\\.guanjia\\.desk\\.conversation"
                + "\\.ServiceDesk: audit head\\R"), outside);

        LogContext.startRequest("req-1");
        String line = LogContext.inConversation("6f0c2d9e-0000-4000-8000-000000000001",
                () -> text.format(record("turn failed", null)));
        assertTrue(line.contains("ServiceDesk [req=req-1 conv=6f0c2d9e-0000-4000-8000-000000000001]: turn failed"), line);
        // the conversation ends with its turn, the request goes on
        assertTrue(text.format(record("after", null)).contains("ServiceDesk [req=req-1]: after"));
    }

    @Test
    void jsonLinesAreOneObjectEachAndParse() throws Exception {
        LogLines.Json json = new LogLines.Json();
        LogContext.startRequest("lb-42");
        String line = LogContext.inConversation("conv-9", () -> json.format(
                record("quote \" backslash \\ newline\nand 中文", new IllegalStateException("boom"))));
        assertEquals(1, line.strip().lines().count(), "one line, the stack trace inside it");
        JsonNode n = new ObjectMapper().readTree(line);
        assertEquals("WARNING", n.get("level").asText());
        assertEquals("lb-42", n.get("request_id").asText());
        assertEquals("conv-9", n.get("conversation_id").asText());
        assertEquals("quote \" backslash \\ newline\nand 中文", n.get("message").asText());
        assertTrue(n.get("error").asText().startsWith("java.lang.IllegalStateException: boom"), n::toString);
        assertTrue(n.get("time").asText().endsWith("Z"));

        LogContext.clear();
        JsonNode bare = new ObjectMapper().readTree(json.format(record("plain", null)));
        assertFalse(bare.has("request_id") || bare.has("conversation_id") || bare.has("error"), bare::toString);
    }

    @Test
    void workHandedToAnotherThreadKeepsTheIds() throws Exception {
        LogContext.startRequest("req-7");
        String[] seen = new String[1];
        Thread t = Thread.ofVirtual().start(LogContext.carried(() -> seen[0] = LogContext.requestId()));
        t.join();
        assertEquals("req-7", seen[0]);
    }

    @Test
    void aBackgroundJobsRoundIsNamedInBothFormats() throws Exception {
        LogLines.Text text = new LogLines.Text();
        LogLines.Json json = new LogLines.Json();
        String[] lines = new String[3];
        LogContext.inJob("9a3c00d2e1f4b5a6", () -> {
            lines[0] = text.format(record("2 work-order deadline(s) passed", null));
            lines[1] = json.format(record("sweep", null));
            // a turn the job runs names its conversation too, and the job stays
            lines[2] = LogContext.inConversation("conv-3", () -> text.format(record("turn", null)));
        });
        assertTrue(lines[0].contains("ServiceDesk [job=9a3c00d2e1f4b5a6]: 2 work-order"), lines[0]);
        JsonNode n = new ObjectMapper().readTree(lines[1]);
        assertEquals("9a3c00d2e1f4b5a6", n.get("job_id").asText());
        assertFalse(n.has("request_id"), n::toString);
        assertTrue(lines[2].contains("[conv=conv-3 job=9a3c00d2e1f4b5a6]: turn"), lines[2]);
        // the round is over: lines after it name no job
        assertFalse(text.format(record("after", null)).contains("job="));
        assertFalse(new ObjectMapper().readTree(json.format(record("after", null))).has("job_id"));
    }

    @Test
    void theSettingChoosesTheFormatAndRefusesOthers() {
        assertEquals("text", ConfigLoader.load(Map.of(), dir).logFormat());
        assertEquals("json", ConfigLoader.load(Map.of("GUANJIA_LOGGING_FORMAT", "json"), dir).logFormat());
        assertTrue(LogLines.formatter("json") instanceof LogLines.Json);
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Map.of("GUANJIA_LOGGING_FORMAT", "xml"), dir));
        assertTrue(e.getMessage().contains("logging.format must be text or json"), e.getMessage());
    }
}
