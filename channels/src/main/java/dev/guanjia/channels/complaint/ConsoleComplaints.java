package dev.guanjia.channels.complaint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guanjia.channels.auth.Authentication;
import dev.guanjia.channels.json.JsonBody;
import dev.guanjia.community.session.Caller;
import dev.guanjia.ticketing.complaint.Complaint;
import dev.guanjia.ticketing.complaint.Complaints;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Complaints and suggestions in the console: agents, supervisors and admins read the community's
 * (breaches flagged, repeats linked); supervisors and admins answer, which reaches the resident in
 * their own channel and asks whether it resolved the matter.
 * <pre>
 * curl -s -b guanjia_staff=$S 'localhost:8080/api/v1/console/complaints?open=true'
 * curl -s -b guanjia_staff=$S -H "X-CSRF-Token: $C" -d '{"text":"已与保安队长谈话","close":true}' \
 *      localhost:8080/api/v1/console/complaints/$CODE/reply
 * </pre>
 */
public final class ConsoleComplaints implements HttpService {

    private static final String[] READING = {"agent", "supervisor", "admin"};
    private static final String[] ANSWERING = {"supervisor", "admin"};

    private final Complaints complaints;
    private final Authentication auth;

    public ConsoleComplaints(Complaints complaints, Authentication auth) {
        this.complaints = complaints;
        this.auth = auth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list).get("/{code}", this::one).post("/{code}/reply", this::reply);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Optional<Caller> me = auth.requireStaff(req, res, READING);
        if (me.isEmpty()) {
            return;
        }
        boolean open = req.query().first("open").map(Boolean::parseBoolean).orElse(false);
        res.send(Map.of("complaints", complaints.list(me.get(), open, 200).stream().map(ConsoleComplaints::view).toList()));
    }

    private void one(ServerRequest req, ServerResponse res) {
        Optional<Caller> me = auth.requireStaff(req, res, READING);
        if (me.isEmpty()) {
            return;
        }
        Optional<Complaint> k = complaints.find(me.get(), req.path().pathParameters().get("code"));
        if (k.isEmpty()) {
            res.status(Status.NOT_FOUND_404).send(Map.of("error", "not_found", "message", "没有找到这条投诉或建议。"));
            return;
        }
        res.send(view(k.get()));
    }

    private void reply(ServerRequest req, ServerResponse res) throws IOException {
        Optional<Caller> me = auth.requireStaff(req, res, ANSWERING);
        if (me.isEmpty()) {
            return;
        }
        JsonNode b;
        try {
            b = JsonBody.parse(req.content().inputStream().readNBytes(16384));
        } catch (IOException e) {
            res.status(Status.BAD_REQUEST_400).send(Map.of("error", "bad_json", "message", "请求格式不正确。"));
            return;
        }
        // refusals (not found, closed, empty text) are answered by the one refusal handler
        Complaint k = complaints.answer(me.get(), req.path().pathParameters().get("code"), b.path("text").asText(""),
                b.path("close").asBoolean(false));
        res.send(view(k));
    }

    static Map<String, Object> view(Complaint k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", k.code());
        m.put("kind", k.kind());
        m.put("subject", k.subject().code());
        m.put("subjectLabel", k.subject().label());
        m.put("words", k.words());
        m.put("house", k.houseCode());
        m.put("building", k.buildingCode());
        m.put("status", k.status());
        m.put("createdAt", time(k.createdAt()));
        m.put("firstAnswerDue", time(k.firstAnswerDue()));
        m.put("closeDue", time(k.closeDue()));
        m.put("firstAnsweredAt", time(k.firstAnsweredAt()));
        m.put("closedAt", time(k.closedAt()));
        m.put("answer", k.answer());
        m.put("answeredBy", k.answeredBy());
        // what the console flags: a complaint past a deadline (suggestions never are)
        m.put("breached", k.firstAnswerBreached() || k.closeBreached());
        m.put("firstAnswerBreached", k.firstAnswerBreached());
        m.put("closeBreached", k.closeBreached());
        m.put("linkedTo", k.linkedTo());
        m.put("repeats", k.repeats());
        m.put("followUpResolved", k.followUpResolved());
        m.put("followUpScore", k.followUpScore());
        m.put("followUpAt", time(k.followUpAt()));
        return m;
    }

    private static String time(OffsetDateTime t) {
        return t == null ? null : t.toString();
    }
}
