package dev.guanjia.channels.complaint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guanjia.channels.auth.Authentication;
import dev.guanjia.channels.json.JsonBody;
import dev.guanjia.community.session.Caller;
import dev.guanjia.ticketing.complaint.Complaints;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * A resident's 回访 on the web: whether the supervisor's answer resolved the matter, and/or 1–5.
 * (In a conversation the bot reads "解决了" / "4分" instead.)
 * <pre>
 * curl -s -H "Authorization: Bearer $T" -d '{"resolved":true,"score":5}' localhost:8080/api/v1/complaints/$CODE/follow-up
 * </pre>
 */
public final class ComplaintFollowUps implements HttpService {

    private final Complaints complaints;
    private final Authentication auth;

    public ComplaintFollowUps(Complaints complaints, Authentication auth) {
        this.complaints = complaints;
        this.auth = auth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{code}", this::one).post("/{code}/follow-up", this::followUp);
    }

    private void one(ServerRequest req, ServerResponse res) {
        Optional<Caller> me = auth.require(req, res);
        if (me.isEmpty()) {
            return;
        }
        complaints.find(me.get(), req.path().pathParameters().get("code")).ifPresentOrElse(
                k -> res.send(ConsoleComplaints.view(k)),
                () -> res.status(Status.NOT_FOUND_404).send(Map.of("error", "not_found", "message", "没有找到这条投诉或建议。")));
    }

    private void followUp(ServerRequest req, ServerResponse res) throws IOException {
        Optional<Caller> me = auth.require(req, res);
        if (me.isEmpty()) {
            return;
        }
        JsonNode b;
        try {
            b = JsonBody.parse(req.content().inputStream().readNBytes(4096));
        } catch (IOException e) {
            res.status(Status.BAD_REQUEST_400).send(Map.of("error", "bad_json", "message", "请求格式不正确。"));
            return;
        }
        Boolean resolved = b.path("resolved").isBoolean() ? b.path("resolved").asBoolean() : null;
        Integer score = b.path("score").isInt() ? b.path("score").asInt() : null;
        res.send(ConsoleComplaints.view(complaints.followUp(me.get(), req.path().pathParameters().get("code"),
                resolved, score)));
    }
}
