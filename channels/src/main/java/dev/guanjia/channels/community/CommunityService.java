package dev.guanjia.channels.community;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.guanjia.channels.auth.Authentication;
import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.community.directory.CommunitySummary;
import dev.guanjia.ticketing.workorder.OpenWorkOrders;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Map;
import java.util.Optional;

/**
 * The communities this service holds: what a resident needs to pick theirs and call the office.
 * Their size (residents, staff, open orders) is the company's business: only the community's
 * own staff see it.
 * <pre>
 * curl -s localhost:8080/api/v1/communities
 * curl -s localhost:8080/api/v1/communities/demo
 * </pre>
 */
public final class CommunityService implements HttpService {

    private final CommunityDirectory directory;
    private final OpenWorkOrders openWorkOrders;
    private final Authentication auth;

    public CommunityService(CommunityDirectory directory, OpenWorkOrders openWorkOrders, Authentication auth) {
        this.directory = directory;
        this.openWorkOrders = openWorkOrders;
        this.auth = auth;
    }

    /** What a client sees of a community; counts only for its staff. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
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
        Optional<String> staffOf = staffOf(req);
        res.send(Map.of("communities", directory.list().stream().map(c -> view(c, staffOf)).toList()));
    }

    /** The community whose staff member is calling; empty for residents and callers without a session. */
    private Optional<String> staffOf(ServerRequest req) {
        return auth.caller(req).filter(c -> c.isStaff()).map(c -> c.communityId());
    }

    private void one(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        directory.find(id).ifPresentOrElse(
                c -> res.send(view(c, staffOf(req))),
                () -> res.status(Status.NOT_FOUND_404).send(Map.of(
                        "error", "community_not_found",
                        "message", "没有找到这个小区：" + id)));
    }

    private CommunityView view(CommunitySummary c, Optional<String> staffOf) {
        Counts counts = staffOf.filter(c.id()::equals).isEmpty() ? null : new Counts(c.buildings(), c.houses(),
                c.residents(), c.staff(), openWorkOrders.count(c.id()));
        return new CommunityView(c.id(), c.name(), c.city(), c.address(), c.servicePhone(), c.emergencyPhone(),
                c.officeHours(), counts);
    }
}
