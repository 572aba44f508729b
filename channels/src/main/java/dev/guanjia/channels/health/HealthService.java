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
 * {@code GET /health/live}: 200 whenever the process answers (restart it when this fails).
 * {@code GET /health/ready}: 200 when this node should be given traffic: its readiness probes
 * (the database reachable, the knowledge index built) are up; 503 otherwise.
 * <pre>curl -s localhost:8080/health
 * curl -s localhost:8080/health/live
 * curl -s localhost:8080/health/ready</pre>
 */
public final class HealthService implements HttpService {

    private final List<HealthProbe> probes;
    private final List<HealthProbe> readiness;

    public HealthService(List<HealthProbe> probes) {
        this(probes, probes);
    }

    /**
     * @param probes    everything /health reports
     * @param readiness what decides /health/ready: quick checks, each bounded in time
     */
    public HealthService(List<HealthProbe> probes, List<HealthProbe> readiness) {
        this.probes = List.copyOf(probes);
        this.readiness = List.copyOf(readiness);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> answer(res, probes))
                .get("/live", this::live)
                .get("/ready", (req, res) -> answer(res, readiness));
    }

    private void live(ServerRequest req, ServerResponse res) {
        res.send(Map.of("status", "UP"));
    }

    private static void answer(ServerResponse res, List<HealthProbe> checks) {
        List<HealthProbe.Result> results = new ArrayList<>();
        boolean up = true;
        for (HealthProbe p : checks) {
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
