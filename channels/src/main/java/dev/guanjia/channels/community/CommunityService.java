package dev.guanjia.channels.community;

import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.community.directory.CommunitySummary;
import dev.guanjia.ticketing.workorder.OpenWorkOrders;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Map;

/**
 * The communities this service holds, with their size.
 * <pre>
 * curl -s localhost:8080/api/v1/communities
 * curl -s localhost:8080/api/v1/communities/demo
 * </pre>
 */
public final class CommunityService implements HttpService {

    private final CommunityDirectory directory;
    private final OpenWorkOrders openWorkOrders;

    public CommunityService(CommunityDirectory directory, OpenWorkOrders openWorkOrders) {
        this.directory = directory;
        this.openWorkOrders = openWorkOrders;
    }

    /** What a client sees of a community. */
    public record CommunityView(String id, String name, String city, String address, String servicePhone,
                                String emergencyPhone, String officeHours, Counts counts) {
    }

    public record Counts(int buildings, int houses, int residents, int staff, int openWorkOrders) {
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .get("/{id}", this::one);
    }

    private void list(ServerRequest req, ServerResponse res) {
        res.send(Map.of("communities", directory.list().stream().map(this::view).toList()));
    }

    private void one(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        directory.find(id).ifPresentOrElse(
                c -> res.send(view(c)),
                () -> res.status(Status.NOT_FOUND_404).send(Map.of(
                        "error", "community_not_found",
                        "message", "没有找到这个小区：" + id)));
    }

    private CommunityView view(CommunitySummary c) {
        return new CommunityView(c.id(), c.name(), c.city(), c.address(), c.servicePhone(), c.emergencyPhone(),
                c.officeHours(), new Counts(c.buildings(), c.houses(), c.residents(), c.staff(),
                openWorkOrders.count(c.id())));
    }
}
