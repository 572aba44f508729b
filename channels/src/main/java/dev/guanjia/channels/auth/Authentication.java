package dev.guanjia.channels.auth;

import dev.guanjia.community.session.Caller;
import dev.guanjia.community.session.Sessions;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the signed-in caller of a request: a bearer token in the Authorization header, or the
 * session cookie the web pages use. The identity always comes from the server's session store.
 */
public final class Authentication {

    public static final String COOKIE = "guanjia_session";
    /** Staff sign in on the console with their own cookie, so one browser can hold both roles apart. */
    public static final String STAFF_COOKIE = "guanjia_staff";
    /** Changes made with the staff cookie must echo this header (a cross-site form cannot). */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private final Sessions sessions;
    private final Clock clock;

    public Authentication(Sessions sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    /**
     * The caller: a bearer token, else a resident's session cookie, else a staff member's cookie. A
     * change (POST, PUT, DELETE) made with the staff cookie without the matching CSRF header is not
     * signed in.
     */
    public Optional<Caller> caller(ServerRequest req) {
        return resolve(req).filter(r -> r.csrfOk()).map(Resolved::caller);
    }

    private record Resolved(Caller caller, boolean csrfOk) {
    }

    private Optional<Resolved> resolve(ServerRequest req) {
        String bearer = bearer(req);
        if (!bearer.isEmpty()) {
            return sessions.resolve(bearer, clock.instant()).map(c -> new Resolved(c, true));
        }
        Optional<Caller> resident = req.headers().cookies().first(COOKIE)
                .flatMap(t -> sessions.resolve(t, clock.instant())).filter(Caller::isResident);
        if (resident.isPresent()) {
            return resident.map(c -> new Resolved(c, true));
        }
        Optional<String> staffToken = req.headers().cookies().first(STAFF_COOKIE).asOptional();
        return staffToken.flatMap(t -> sessions.resolve(t, clock.instant())).filter(Caller::isStaff)
                .map(c -> new Resolved(c, safe(req) || csrf(staffToken.get()).equals(
                        req.headers().first(io.helidon.http.HeaderNames.create(CSRF_HEADER)).orElse(""))));
    }

    private static boolean safe(ServerRequest req) {
        String m = req.prologue().method().text();
        return "GET".equals(m) || "HEAD".equals(m) || "OPTIONS".equals(m);
    }

    /** The CSRF token that belongs to a session token: derived, so nothing more is stored. */
    public static String csrf(String sessionToken) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(("csrf:" + sessionToken).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The token of an Authorization: Bearer header; empty when there is none. */
    public static String bearer(ServerRequest req) {
        String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        return header.startsWith("Bearer ") ? header.substring(7).strip() : "";
    }

    /** The session token a request carries: the bearer token, else the session cookie; null when neither. */
    public static String sessionToken(ServerRequest req) {
        String bearer = bearer(req);
        return bearer.isEmpty() ? req.headers().cookies().first(COOKIE).orElse(null) : bearer;
    }

    /** The caller, or a 401 answer (403 for a missing CSRF header) and empty. */
    public Optional<Caller> require(ServerRequest req, ServerResponse res) {
        Optional<Resolved> r = resolve(req);
        if (r.isEmpty()) {
            res.status(Status.UNAUTHORIZED_401).send(Map.of("error", "unauthorized",
                    "message", "请先登录或验证身份。"));
            return Optional.empty();
        }
        if (!r.get().csrfOk()) {
            res.status(Status.FORBIDDEN_403).send(Map.of("error", "csrf",
                    "message", "页面已过期，请刷新后重试。"));
            return Optional.empty();
        }
        return Optional.of(r.get().caller());
    }

    /** A signed-in staff member with one of the roles, or a 401/403 answer and empty. */
    public Optional<Caller> requireStaff(ServerRequest req, ServerResponse res, String... roles) {
        Optional<Caller> caller = require(req, res);
        if (caller.isPresent() && (!caller.get().isStaff() || !caller.get().hasRole(roles))) {
            res.status(Status.FORBIDDEN_403).send(Map.of("error", "forbidden", "message", "没有权限进行此操作。"));
            return Optional.empty();
        }
        return caller;
    }
}
