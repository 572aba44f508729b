package dev.guanjia.channels.health;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /health}: 200 with every probe's result when all are up, 503 otherwise.
 * <pre>curl -s localhost:8080/health</pre>
 */
public final class HealthService implements HttpService {

    private final List<HealthProbe> probes;

    public HealthService(List<HealthProbe> probes) {
        this.probes = List.copyOf(probes);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::health);
    }

    private void health(ServerRequest req, ServerResponse res) {
        List<HealthProbe.Result> results = new ArrayList<>();
        boolean up = true;
        for (HealthProbe p : probes) {
            HealthProbe.Result r;
            try {
                r = p.check();
            } catch (RuntimeException e) {
                r = new HealthProbe.Result(p.getClass().getSimpleName(), false, e.getMessage());
            }
            results.add(r);
            up &= r.up();
        }
        res.status(up ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503)
                .send(Map.of("status", up ? "UP" : "DOWN", "checks", results));
    }
}
