package dev.guanjia.channels.notice;

import dev.guanjia.channels.auth.Authentication;
import dev.guanjia.community.refusal.Refusal;
import dev.guanjia.community.resident.Resident;
import dev.guanjia.community.resident.Residents;
import dev.guanjia.community.session.Caller;
import dev.guanjia.notices.notice.Notice;
import dev.guanjia.notices.notice.Notices;
import dev.guanjia.notices.receipt.NoticeReach;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The web chat's banner: the current notices for the signed-in resident's buildings (their own
 * building's first, then the whole community's), or the whole community's for a visitor. A
 * signed-in resident's view counts as a read receipt on the web.
 * <pre>curl -s 'localhost:8080/api/v1/notices?community=c1'</pre>
 */
public final class NoticeBoardService implements HttpService {

    private final Notices notices;
    private final NoticeReach reach;
    private final Residents residents;
    private final Authentication auth;
    private final Predicate<String> communityExists;

    public NoticeBoardService(Notices notices, NoticeReach reach, Residents residents, Authentication auth,
                              Predicate<String> communityExists) {
        this.notices = notices;
        this.reach = reach;
        this.residents = residents;
        this.auth = auth;
        this.communityExists = communityExists;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::current);
    }

    private void current(ServerRequest req, ServerResponse res) {
        Optional<Caller> me = auth.caller(req).filter(Caller::isResident);
        String community = me.map(Caller::communityId).orElseGet(() -> req.query().first("community").orElse(""));
        if (!communityExists.test(community)) {
            throw new Refusal(Refusal.Reason.NOT_FOUND, "community_not_found", "没有这个小区。");
        }
        Optional<Resident> resident = me.flatMap(c -> residents.find(c.communityId(), c.subjectId()));
        List<String> buildings = resident.map(r -> r.houses().stream().map(Resident.Household::building).distinct()
                .toList()).orElse(null);
        List<Notice> current = notices.current(community, buildings);
        resident.ifPresent(r -> reach.seen(current.stream().map(Notice::id).toList(), r.id(), NoticeReach.WEB));
        res.send(Map.of("community", community, "notices", current.stream().map(NoticeBoardService::view).toList()));
    }

    /** A notice as residents and staff read it. */
    static Map<String, Object> view(Notice n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", n.id());
        m.put("title", n.title());
        m.put("body", n.body());
        m.put("category", n.category().code());
        m.put("label", n.category().label());
        m.put("buildings", n.buildings());
        m.put("validFrom", n.validFrom().toString());
        m.put("validUntil", n.validUntil().toString());
        return m;
    }
}
