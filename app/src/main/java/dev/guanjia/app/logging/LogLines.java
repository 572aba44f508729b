package dev.guanjia.app.logging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.community.logging.LogContext;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * How operator log lines look: {@code logging.format: text} (one line: time, level, logger, the
 * request, conversation and job ids when there are any, message) or {@code json} (one JSON object a
 * line, for a log shipper). The ids come from {@link LogContext}, set at the HTTP edge, for each turn
 * and for each round of a background job.
 */
public final class LogLines {

    private LogLines() {
    }

    /** The setting's values. */
    public static final java.util.List<String> FORMATS = java.util.List.of("text", "json");

    /** The formatter for a setting's value. */
    public static Formatter formatter(String format) {
        return "json".equals(format) ? new Json() : new Text();
    }

    /**
     * Gives every handler of the root logger this format (the console handler of logging.properties);
     * with none there, adds a console handler.
     */
    public static void install(String format) {
        Logger root = Logger.getLogger("");
        Handler[] handlers = root.getHandlers();
        if (handlers.length == 0) {
            ConsoleHandler console = new ConsoleHandler();
            root.addHandler(console);
            handlers = new Handler[]{console};
        }
        for (Handler h : handlers) {
            h.setFormatter(formatter(format));
        }
    }

    private static String thrown(LogRecord r) {
        if (r.getThrown() == null) {
            return null;
        }
        StringWriter w = new StringWriter();
        try (PrintWriter p = new PrintWriter(w)) {
            r.getThrown().printStackTrace(p);
        }
        return w.toString().stripTrailing();
    }

    /** {@code 2026-12-03T21:00:00 INFO dev.guanjia.X [req=… conv=… job=…]: message}, local time as before. */
    public static final class Text extends Formatter {

        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

        @Override
        public String format(LogRecord r) {
            StringBuilder b = new StringBuilder(160)
                    .append(TIME.format(LocalDateTime.ofInstant(r.getInstant(), ZoneId.systemDefault())))
                    .append(' ').append(r.getLevel().getLocalizedName()).append(' ').append(r.getLoggerName());
            LogContext.Ids ids = LogContext.snapshot();
            StringBuilder named = new StringBuilder();
            name(named, "req", ids.requestId());
            name(named, "conv", ids.conversationId());
            name(named, "job", ids.jobId());
            if (!named.isEmpty()) {
                b.append(" [").append(named).append(']');
            }
            b.append(": ").append(formatMessage(r));
            String thrown = thrown(r);
            if (thrown != null) {
                b.append(System.lineSeparator()).append(thrown);
            }
            return b.append(System.lineSeparator()).toString();
        }

        private static void name(StringBuilder named, String key, String id) {
            if (id != null) {
                named.append(named.isEmpty() ? "" : " ").append(key).append('=').append(id);
            }
        }
    }

    /**
     * {@code {"time":"…Z","level":"INFO","logger":"…","thread":"…","request_id":"…","conversation_id":"…",
     * "job_id":"…","message":"…","error":"…"}}; the ids and error only when there are some.
     */
    public static final class Json extends Formatter {

        private static final ObjectMapper JSON = new ObjectMapper();

        @Override
        public String format(LogRecord r) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("time", r.getInstant().toString());
            line.put("level", r.getLevel().getName());
            line.put("logger", r.getLoggerName());
            line.put("thread", Thread.currentThread().getName());
            LogContext.Ids ids = LogContext.snapshot();
            if (ids.requestId() != null) {
                line.put("request_id", ids.requestId());
            }
            if (ids.conversationId() != null) {
                line.put("conversation_id", ids.conversationId());
            }
            if (ids.jobId() != null) {
                line.put("job_id", ids.jobId());
            }
            line.put("message", formatMessage(r));
            String thrown = thrown(r);
            if (thrown != null) {
                line.put("error", thrown);
            }
            try {
                return JSON.writeValueAsString(line) + System.lineSeparator();
            } catch (JsonProcessingException e) {
                return "{\"level\":\"SEVERE\",\"message\":\"log line not written as JSON\"}" + System.lineSeparator();
            }
        }
    }
}
