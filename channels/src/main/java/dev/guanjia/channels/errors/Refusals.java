package dev.guanjia.channels.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.channels.login.RateLimiter;
import dev.guanjia.community.refusal.Refusal;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How the server refuses what it cannot serve: one JSON shape ({@code {"error": code, "message":
 * 中文}}) for every refusal, whether the routing answers it or the connection layer does before
 * any route runs (bad request line, over-long URI, over-large headers, broken chunked framing,
 * HTTP/1.0). The text of an exception — a parser's "Unrecognized token … at [Source …", a class
 * name, a stack — never reaches the caller; what went wrong stays in the log, and there without
 * the request's content.
 */
public final class Refusals {

    private static final Logger LOG = Logger.getLogger(Refusals.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private Refusals() {
    }

    /** The body for a refusal with this status: an English code and a sentence for a resident. */
    public static Map<String, Object> body(Status status) {
        Map<String, Object> m = new LinkedHashMap<>();
        int code = status.code();
        m.put("error", switch (code) {
            case 400 -> "bad_request";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 408 -> "timeout";
            case 413 -> "too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 429 -> "too_many_requests";
            case 431 -> "headers_too_large";
            case 503 -> "unavailable";
            case 505 -> "http_version_not_supported";
            default -> code >= 500 ? "internal" : "refused";
        });
        m.put("message", switch (code) {
            case 404 -> "没有这个地址。";
            case 405 -> "这个地址不支持这种请求方式。";
            case 408 -> "请求超时，请重试。";
            case 413 -> "请求内容太大了。";
            case 414 -> "请求地址太长了。";
            case 415 -> "请求内容的格式不受支持。";
            case 429 -> "请求太频繁，请稍后再试。";
            case 431 -> "请求头太大了。";
            case 503 -> "服务暂时不可用，请稍后再试。";
            // an operator meets this one (a proxy speaking HTTP/1.0): say what to change, in English too
            case 505 -> "请使用 HTTP/1.1 访问。HTTP/1.1 is required (nginx: proxy_http_version 1.1;).";
            default -> code >= 500 ? "服务暂时出错，请稍后再试。" : "请求无法处理。";
        });
        return m;
    }

    /**
     * Answers for refusals made before routing (the connection layer): the same JSON as the routes
     * give, instead of Helidon's empty body; the connection-layer message is not echoed.
     */
    public static DirectHandlers directHandlers() {
        DirectHandler handler = (request, eventType, status, headers, message) -> {
            byte[] entity;
            try {
                entity = JSON.writeValueAsBytes(body(status));
            } catch (JsonProcessingException e) {
                entity = "{\"error\":\"refused\"}".getBytes(StandardCharsets.UTF_8);
            }
            return DirectHandler.TransportResponse.builder()
                    .status(status)
                    .headers(headers)
                    .header(HeaderNames.CONTENT_TYPE, "application/json; charset=utf-8")
                    .keepAlive(eventType.keepAlive())
                    .entity(entity)
                    .build();
        };
        DirectHandlers.Builder b = DirectHandlers.builder();
        for (DirectHandler.EventType t : DirectHandler.EventType.values()) {
            b.addHandler(t, handler);
        }
        return b.build();
    }

    /**
     * The routing's error handling, registered once: a domain's refusal (a hand-off, a work order,
     * bad input a route found) answers with its status, code and sentence; whatever else a route let
     * slip gets a plain answer for the caller, the details only in the log.
     */
    public static void register(HttpRouting.Builder routing) {
        routing.error(Refusal.class, Refusals::refused)
                .error(RuntimeException.class, Refusals::unhandled);
    }

    /** {@code {"error": code, "message": 中文}} with the status of the refusal's reason. */
    static void refused(ServerRequest req, ServerResponse res, Refusal e) {
        if (res.isSent()) {
            return;
        }
        if (e.retryAfter() != null) {
            res.header(HeaderNames.RETRY_AFTER, RateLimiter.seconds(e.retryAfter()));
        }
        res.status(status(e.reason())).send(Map.of("error", e.code(), "message", e.getMessage()));
    }

    static Status status(Refusal.Reason reason) {
        return switch (reason) {
            case NOT_FOUND -> Status.NOT_FOUND_404;
            case FORBIDDEN -> Status.FORBIDDEN_403;
            case INVALID -> Status.BAD_REQUEST_400;
            case CONFLICT -> Status.CONFLICT_409;
            case TOO_MANY -> Status.TOO_MANY_REQUESTS_429;
            case TOO_LARGE -> Status.REQUEST_ENTITY_TOO_LARGE_413;
        };
    }

    private static void unhandled(ServerRequest req, ServerResponse res, RuntimeException e) {
        if (res.isSent()) {
            return;
        }
        // a client that vanished mid-request is not an error of ours
        boolean gone = e instanceof UncheckedIOException
                || e.getClass().getName().endsWith("InsufficientDataAvailableException");
        RequestException framing = cause(e, RequestException.class);
        if (!gone && (framing != null && framing.status().code() < 500 || readingBody(e))) {
            // the request's framing broke while a route read its body (a chunk size line "zz" fails in
            // the server's number parser): what is left of the body cannot be told from the next
            // request, so answer once, 400, and close the connection
            Status status = framing != null && framing.status().code() < 500 ? framing.status() : Status.BAD_REQUEST_400;
            res.status(status).header(HeaderValues.CONNECTION_CLOSE).send(body(status));
            return;
        }
        if (e instanceof HttpException http && http.status().code() < 500) {
            // the server's own refusals (no such path, method not allowed, bad request line)
            res.status(http.status()).send(body(http.status()));
            return;
        }
        // the exception's class and place are enough to find the fault; its message may quote the
        // request (a database constraint quotes the failing row), so it is not logged
        LOG.log(gone ? Level.FINE : Level.WARNING, () -> "unhandled error on " + req.prologue().method().text() + " "
                + req.prologue().uriPath().path() + ": " + shape(e));
        res.status(Status.INTERNAL_SERVER_ERROR_500).send(body(Status.INTERNAL_SERVER_ERROR_500));
    }

    /** True when the failure came from the server decoding the request body off the connection. */
    static boolean readingBody(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (StackTraceElement f : t.getStackTrace()) {
                if (f.getClassName().equals("io.helidon.webserver.http1.Http1Connection")
                        && (f.getMethodName().equals("readNextChunk")
                        || f.getMethodName().equals("readEntityFromPipeline"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /**
     * Exception classes along the cause chain (with a database error's SQLState), the first frames of
     * the outermost and of the deepest: where and what, without any message.
     */
    static String shape(Throwable e) {
        StringBuilder out = new StringBuilder();
        Throwable deepest = e;
        for (Throwable t = e; t != null && out.length() < 2000; t = t.getCause() == t ? null : t.getCause()) {
            out.append(out.length() == 0 ? "" : " <- ").append(t.getClass().getName());
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
                out.append(" (SQLState ").append(sql.getSQLState()).append(')');
            }
            deepest = t;
        }
        frames(out, e);
        if (deepest != e) {
            out.append("\n\tcaused at");
            frames(out, deepest);
        }
        return out.toString();
    }

    private static void frames(StringBuilder out, Throwable t) {
        StackTraceElement[] frames = t.getStackTrace();
        for (int i = 0; i < Math.min(8, frames.length); i++) {
            out.append("\n\tat ").append(frames[i]);
        }
    }
}
