package dev.guanjia.channels.metrics;

import dev.guanjia.channels.proxy.ClientAddress;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: the service's figures in Prometheus' text format, as the app's registry
 * writes them (names in README, Operations). No personal data, but volumes and failures: an
 * operator can require a bearer token ({@code metrics.token}) and/or a client address in listed
 * ranges ({@code metrics.allow}, the client found behind trusted proxies as for rate limits).
 * A client outside the ranges gets 403 whatever it sends; one inside without the token, 401.
 * <pre>
 * curl -s localhost:8080/metrics | grep guanjia_turns
 * curl -s -H "Authorization: Bearer $GUANJIA_METRICS_TOKEN" localhost:8080/metrics
 * </pre>
 */
public final class MetricsService implements HttpService {

    private final Supplier<String> scrape;
    private final byte[] token;
    private final Predicate<String> allowed;

    /** Open to anyone reaching the port. */
    public MetricsService(Supplier<String> scrape) {
        this(scrape, null, List.of());
    }

    /**
     * @param token  bearer token required; null: none
     * @param allow  addresses and CIDR ranges a client must be in (checked at start); empty: any
     */
    public MetricsService(Supplier<String> scrape, String token, List<String> allow) {
        this.scrape = scrape;
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.allowed = allow.isEmpty() ? address -> true : ClientAddress.within(allow);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::metrics);
    }

    private void metrics(ServerRequest req, ServerResponse res) {
        if (!allowed.test(ClientAddress.of(req))) {
            refuse(res, Status.FORBIDDEN_403, "metrics are not served to this address (metrics.allow)\n");
            return;
        }
        if (token != null && !bears(req)) {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"metrics\"");
            refuse(res, Status.UNAUTHORIZED_401, "metrics need 'Authorization: Bearer <metrics.token>'\n");
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8").send(scrape.get());
    }

    /** The request carries the token; compared in constant time, so timing tells nothing of it. */
    private boolean bears(ServerRequest req) {
        String auth = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        if (!auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(token, auth.substring(7).strip().getBytes(StandardCharsets.UTF_8));
    }

    private static void refuse(ServerResponse res, Status status, String why) {
        res.status(status).header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8").send(why);
    }
}
