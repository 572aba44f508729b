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

    private final Sessions sessions;
    private final Clock clock;

    public Authentication(Sessions sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    public Optional<Caller> caller(ServerRequest req) {
        return sessions.resolve(sessionToken(req), clock.instant());
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

    /** The caller, or a 401 answer (and empty) when nobody is signed in. */
    public Optional<Caller> require(ServerRequest req, ServerResponse res) {
        Optional<Caller> caller = caller(req);
        if (caller.isEmpty()) {
            res.status(Status.UNAUTHORIZED_401).send(Map.of("error", "unauthorized",
                    "message", "请先登录或验证身份。"));
        }
        return caller;
    }
}
