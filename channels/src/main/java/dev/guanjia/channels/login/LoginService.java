package dev.guanjia.channels.login;

import dev.guanjia.community.sms.Sms;
import dev.guanjia.community.sms.SmsSender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.channels.auth.Authentication;
import dev.guanjia.community.session.Caller;
import dev.guanjia.community.session.LoginCodes;
import dev.guanjia.community.session.Sessions;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Residents sign in with their phone and a one-time code.
 * <pre>
 * curl -s -d '{"community":"cuihu","phone":"13962000104"}' localhost:8080/api/v1/auth/code
 * curl -s -d '{"community":"cuihu","phone":"13962000104","code":"123456"}' localhost:8080/api/v1/auth/login
 * </pre>
 * The answer to a code request is the same whether or not the phone is registered, so the
 * endpoint cannot be used to find out who lives in the community.
 */
public final class LoginService implements HttpService {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SESSION = Duration.ofDays(7);

    private final LoginCodes codes;
    private final Sessions sessions;
    private final SmsSender sms;
    private final RateLimiter perClient;
    private final String secure;

    public LoginService(LoginCodes codes, Sessions sessions, SmsSender sms, RateLimiter perClient) {
        this(codes, sessions, sms, perClient, false);
    }

    /** @param secureCookie mark the session cookie Secure (HTTPS, or behind a TLS proxy) */
    public LoginService(LoginCodes codes, Sessions sessions, SmsSender sms, RateLimiter perClient,
                        boolean secureCookie) {
        this.secure = secureCookie ? "; Secure" : "";
        this.codes = codes;
        this.sessions = sessions;
        this.sms = sms;
        this.perClient = perClient;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/code", this::code)
                .post("/login", this::login)
                .post("/logout", this::logout);
    }

    private void code(ServerRequest req, ServerResponse res) throws IOException {
        Duration wait = perClient.waitFor("code:" + dev.guanjia.channels.proxy.ClientAddress.of(req));
        if (!wait.isZero()) {
            res.header(HeaderNames.RETRY_AFTER, RateLimiter.seconds(wait));
            error(res, Status.TOO_MANY_REQUESTS_429, "rate_limited", "请求太频繁，请稍后再试。");
            return;
        }
        JsonNode b = body(req);
        if (b == null) {
            error(res, Status.REQUEST_ENTITY_TOO_LARGE_413, "too_large", "请求内容太大。");
            return;
        }
        String community = b.path("community").asText("");
        String phone = b.path("phone").asText("").strip();
        if (!phone.matches("\\d{7,12}")) {
            error(res, Status.BAD_REQUEST_400, "phone_invalid", "请输入正确的手机号。");
            return;
        }
        try {
            codes.issue(community, phone).ifPresent(code -> sms.send(new Sms(phone, "login_code", Map.of("code", code),
                    "【物业管家】您的登录验证码是" + code + "，5分钟内有效。如非本人操作请忽略。")));
        } catch (LoginCodes.TooSoon e) {
            res.header(HeaderNames.RETRY_AFTER, RateLimiter.seconds(e.retryAfter()));
            error(res, Status.TOO_MANY_REQUESTS_429, "too_soon", e.getMessage());
            return;
        }
        res.send(Map.of("sent", true, "message", "如果该手机号已在本小区登记，验证码已发送，5分钟内有效。"));
    }

    private void login(ServerRequest req, ServerResponse res) throws IOException {
        JsonNode b = body(req);
        if (b == null) {
            error(res, Status.REQUEST_ENTITY_TOO_LARGE_413, "too_large", "请求内容太大。");
            return;
        }
        String community = b.path("community").asText("");
        Optional<String> resident = codes.verify(community, b.path("phone").asText("").strip(),
                b.path("code").asText(""));
        if (resident.isEmpty()) {
            error(res, Status.UNAUTHORIZED_401, "code_invalid", "验证码不正确或已过期，请重新获取。");
            return;
        }
        String token = sessions.open(community, Caller.Kind.RESIDENT, resident.get(), SESSION);
        res.header(HeaderNames.SET_COOKIE, Authentication.COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Lax; Max-Age="
                + SESSION.toSeconds() + secure);
        res.send(Map.of("token", token, "expiresInSeconds", SESSION.toSeconds()));
    }

    private void logout(ServerRequest req, ServerResponse res) {
        String token = Authentication.sessionToken(req);
        if (token != null) {
            sessions.revoke(token);
        }
        res.header(HeaderNames.SET_COOKIE, Authentication.COOKIE + "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0" + secure);
        res.send(Map.of("signedOut", true));
    }

    /** The JSON body (an empty object when it is not JSON); null when it is over 16 KB. */
    public static JsonNode body(ServerRequest req) throws IOException {
        byte[] raw = req.content().inputStream().readNBytes(16 * 1024 + 1);
        if (raw.length > 16 * 1024) {
            return null;
        }
        try {
            return raw.length == 0 ? JSON.createObjectNode() : dev.guanjia.channels.json.JsonBody.parse(raw);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    static void error(ServerResponse res, Status status, String code, String message) {
        res.status(status).send(Map.of("error", code, "message", message));
    }
}
