package dev.guanjia.channels.metrics;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.function.Supplier;

/**
 * {@code GET /metrics}: the service's figures in Prometheus' text format, as the app's registry
 * writes them (names in README, Operations).
 * <pre>curl -s localhost:8080/metrics | grep guanjia_turns</pre>
 */
public final class MetricsService implements HttpService {

    private final Supplier<String> scrape;

    public MetricsService(Supplier<String> scrape) {
        this.scrape = scrape;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::metrics);
    }

    private void metrics(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8").send(scrape.get());
    }
}
