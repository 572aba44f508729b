package dev.guanjia.channels.requestid;

import dev.guanjia.community.logging.LogContext;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every request gets an id, for the log lines written while it is served and for the caller: the
 * caller's own {@code X-Request-Id} when it is a plain token (a proxy's or a load balancer's, so
 * their logs and ours meet), else a new one; it is sent back in {@code X-Request-Id}. With the
 * logger {@code dev.guanjia.access} at FINE, one line per request: method, path (no query: it may
 * hold a resident's words), status and time.
 */
public final class RequestIds {

    public static final HeaderName HEADER = HeaderNames.create("X-Request-Id");

    private static final Logger ACCESS = Logger.getLogger("dev.guanjia.access");

    private RequestIds() {
    }

    /** Registers the filter; register it before any other, so their lines carry the id too. */
    public static void register(HttpRouting.Builder routing) {
        routing.addFilter((chain, req, res) -> {
            String id = LogContext.acceptOrCreate(req.headers().first(HEADER).orElse(null));
            LogContext.startRequest(id);
            res.header(HEADER, id);
            long start = System.nanoTime();
            // not cleared when a handler throws: the error handler's line is then written with the id
            // (the thread's next request replaces it)
            chain.proceed();
            if (ACCESS.isLoggable(Level.FINE)) {
                ACCESS.fine(req.prologue().method().text() + " " + req.path().absolute().path() + " " + res.status().code()
                        + " " + (System.nanoTime() - start) / 1_000_000 + " ms");
            }
            LogContext.clear();
        });
    }
}
