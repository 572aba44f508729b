package dev.guanjia.channels.login;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guanjia.channels.auth.Authentication;
import dev.guanjia.community.audit.AuditLog;
import dev.guanjia.community.session.Caller;
import dev.guanjia.community.session.Sessions;
import dev.guanjia.community.staff.StaffAccounts;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import javax.sql.DataSource;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Staff sign-in for the console and the technician page: community + staff code + password.
 * An unknown code and a wrong password get the same answer; guessing is slowed per source address
 * (see {@link SignInBackoff}), never by locking the account, and attempts are also limited per address.
 * The session rides in an HttpOnly, SameSite=Strict cookie; changes must echo the CSRF token.
 * <pre>
 * curl -s -c jar -d '{"community":"cuihu","code":"admin","password":"…"}' localhost:8080/api/v1/staff/login
 * </pre>
 */
public final class StaffLoginService implements HttpService {

    public static final Duration SESSION = Duration.ofHours(12);
    /** The one answer to an unknown code and to a wrong password. */
    public static final String BAD_CREDENTIALS = "工号或密码不正确。";

    private final StaffAccounts accounts;
    private final Sessions sessions;
    private final Authentication auth;
    private final RateLimiter perAddress;
    private final SignInBackoff backoff;
    private final DataSource audit;
    private final Clock clock;
    private final boolean secureCookie;
    private final LongConsumer signedOut;

    /**
     * @param secureCookie mark the cookie Secure (when served over HTTPS or behind a TLS proxy)
     * @param signedOut    told the staff id on sign-out (the console then shows them offline)
     */
    public StaffLoginService(StaffAccounts accounts, Sessions sessions, Authentication auth, RateLimiter perAddress,
                             DataSource audit, Clock clock, boolean secureCookie, LongConsumer signedOut) {
        this(accounts, sessions, auth, perAddress, new SignInBackoff(clock), audit, clock, secureCookie, signedOut);
    }

    /** @param backoff failed sign-ins per source address ({@link SignInBackoff#shared} for several nodes) */
    public StaffLoginService(StaffAccounts accounts, Sessions sessions, Authentication auth, RateLimiter perAddress,
                             SignInBackoff backoff, DataSource audit, Clock clock, boolean secureCookie,
                             LongConsumer signedOut) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.auth = auth;
        this.perAddress = perAddress;
        this.backoff = backoff;
        this.audit = audit;
        this.clock = clock;
        this.secureCookie = secureCookie;
        this.signedOut = signedOut;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/login", this::login)
                .post("/logout", this::logout)
                .get("/me", this::me);
    }

    private void login(ServerRequest req, ServerResponse res) throws IOException {
        String address = dev.guanjia.channels.proxy.ClientAddress.of(req);
        Duration wait = backoff.waitFor(address);
        if (wait.isZero()) {
            wait = perAddress.waitFor("staff-login:" + address);
        }
        if (!wait.isZero()) {
            res.header(HeaderNames.RETRY_AFTER, RateLimiter.seconds(wait));
            LoginService.error(res, Status.TOO_MANY_REQUESTS_429, "rate_limited", "登录尝试太频繁，请"
                    + RateLimiter.seconds(wait) + "秒后再试。");
            return;
        }
        JsonNode b = LoginService.body(req);
        if (b == null) {
            LoginService.error(res, Status.REQUEST_ENTITY_TOO_LARGE_413, "too_large", "请求内容太大。");
            return;
        }
        String community = b.path("community").asText("").strip();
        String code = b.path("code").asText("").strip();
        String password = b.path("password").asText("");
        if (community.isEmpty() || code.isEmpty() || password.isEmpty() || password.length() > 256) {
            LoginService.error(res, Status.BAD_REQUEST_400, "fields_missing", "请填写小区、工号和密码。");
            return;
        }
        StaffAccounts.SignIn outcome = accounts.signIn(community, code, password, clock.instant());
        switch (outcome) {
            case StaffAccounts.SignIn.Accepted a -> {
                String token = sessions.open(community, Caller.Kind.STAFF, code, SESSION);
                AuditLog.record(audit, "staff:" + code, "staff.signed_in", community, "staff:" + code,
                        "from " + address);
                res.header(HeaderNames.SET_COOKIE, cookie(token, SESSION.toSeconds()));
                Caller me = sessions.resolve(token, clock.instant()).orElseThrow();
                Map<String, Object> body = view(me);
                body.put("csrf", Authentication.csrf(token));
                body.put("token", token);
                res.send(body);
            }
            case StaffAccounts.SignIn.Refused r -> {
                backoff.failed(address);
                // the code tried goes to the audit log (for the admin), not into the answer
                AuditLog.record(audit, "anonymous", "staff.sign_in_failed", community, "staff:" + code,
                        "from " + address);
                LoginService.error(res, Status.UNAUTHORIZED_401, "bad_credentials", BAD_CREDENTIALS);
            }
        }
    }

    private void logout(ServerRequest req, ServerResponse res) {
        Optional<Caller> me = auth.requireStaff(req, res, StaffAccounts.ROLES.toArray(String[]::new));
        if (me.isEmpty()) {
            return;
        }
        req.headers().cookies().first(Authentication.STAFF_COOKIE).ifPresent(sessions::revoke);
        String bearer = Authentication.bearer(req);
        if (!bearer.isEmpty()) {
            sessions.revoke(bearer);
        }
        signedOut.accept(me.get().subjectId());
        res.header(HeaderNames.SET_COOKIE, cookie("", 0));
        res.send(Map.of("signedOut", true));
    }

    private void me(ServerRequest req, ServerResponse res) {
        Optional<Caller> me = auth.requireStaff(req, res, StaffAccounts.ROLES.toArray(String[]::new));
        if (me.isEmpty()) {
            return;
        }
        Map<String, Object> body = view(me.get());
        req.headers().cookies().first(Authentication.STAFF_COOKIE)
                .ifPresent(t -> body.put("csrf", Authentication.csrf(t)));
        res.send(body);
    }

    private String cookie(String token, long maxAge) {
        return Authentication.STAFF_COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + maxAge
                + (secureCookie ? "; Secure" : "");
    }

    private static Map<String, Object> view(Caller c) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("community", c.communityId());
        v.put("code", c.code());
        v.put("name", c.name());
        v.put("role", c.role());
        return v;
    }
}
