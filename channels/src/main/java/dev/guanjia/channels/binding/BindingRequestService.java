package dev.guanjia.channels.binding;

import dev.guanjia.desk.conversation.ConversationLog;
import dev.guanjia.desk.handoff.ChannelDelivery;
import dev.guanjia.channels.auth.Authentication;
import dev.guanjia.community.resident.BindingRequests;
import dev.guanjia.community.session.Caller;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Binding requests by name and house, for the service centre: list the waiting ones, confirm one
 * (the follower's channel is bound to the resident and told so in their chat) or turn it down.
 * <pre>
 * GET  /api/v1/binding-requests
 * POST /api/v1/binding-requests/{id}/confirm   {"resident":"c09"}   (optional when the claim matched a resident)
 * POST /api/v1/binding-requests/{id}/reject
 * </pre>
 */
public final class BindingRequestService implements HttpService {

    private static final Logger LOG = Logger.getLogger(BindingRequestService.class.getName());
    private static final String[] ROLES = {"agent", "supervisor", "admin"};

    private final BindingRequests requests;
    private final ConversationLog log;
    private final Map<String, ChannelDelivery> deliveries;
    private final Authentication auth;

    /** @param deliveries how to reach a follower per channel ("wechat"); a missing one: the chat log only */
    public BindingRequestService(BindingRequests requests, ConversationLog log, Map<String, ChannelDelivery> deliveries,
                                 Authentication auth) {
        this.requests = requests;
        this.log = log;
        this.deliveries = deliveries;
        this.auth = auth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .post("/{id}/{action}", this::decide);
    }

    private void list(ServerRequest req, ServerResponse res) {
        auth.requireStaff(req, res, ROLES).ifPresent(me -> res.send(Map.of("requests", requests.open(me.communityId()))));
    }

    private void decide(ServerRequest req, ServerResponse res) throws IOException {
        var staff = auth.requireStaff(req, res, ROLES);
        if (staff.isEmpty()) {
            return;
        }
        Caller me = staff.get();
        long id;
        try {
            id = Long.parseLong(req.path().pathParameters().get("id"));
        } catch (NumberFormatException e) {
            res.status(Status.NOT_FOUND_404).send(Map.of("error", "not_found", "message", "没有这个待处理的绑定申请。"));
            return;
        }
        var body = dev.guanjia.channels.login.LoginService.body(req);
        if (body == null) {
            res.status(Status.REQUEST_ENTITY_TOO_LARGE_413).send(Map.of("error", "too_large", "message", "请求内容太大。"));
            return;
        }
        try {
            String action = req.path().pathParameters().get("action");
            BindingRequests.Confirmed done;
            String tell;
            switch (action) {
                case "confirm" -> {
                    done = requests.confirm(me.communityId(), id, body.path("resident").asText(""), me.code());
                    tell = "服务中心已核实您的身份，微信绑定成功！现在可以查询账单、报修和查看工单进度了。";
                }
                case "reject" -> {
                    done = requests.reject(me.communityId(), id, me.code());
                    tell = "抱歉，您的绑定申请未能核实通过。请发送您在物业登记的手机号用验证码绑定，或带上身份证件到物业服务中心办理。";
                }
                default -> {
                    res.status(Status.NOT_FOUND_404).send(Map.of("error", "unknown_action", "message", "不支持的操作。"));
                    return;
                }
            }
            tellFollower(me.communityId(), done, tell);
            res.send(Map.of("status", "confirm".equals(action) ? "confirmed" : "rejected",
                    "requests", requests.open(me.communityId())));
        } catch (BindingRequests.Refused e) {
            res.status("not_found".equals(e.code()) ? Status.NOT_FOUND_404 : Status.CONFLICT_409)
                    .send(Map.of("error", e.code(), "message", e.getMessage()));
        }
    }

    /** The outcome goes into the follower's conversation and, where the channel allows, to their phone. */
    private void tellFollower(String communityId, BindingRequests.Confirmed done, String text) {
        if (done.conversationId() == null) {
            return;
        }
        long message = log.append(done.conversationId(), "out", "bot", "text", text, null, null).orElseThrow();
        ChannelDelivery channel = deliveries.get("wechat_openid".equals(done.kind()) ? "wechat" : done.kind());
        if (channel == null) {
            return;
        }
        try {
            channel.deliver(communityId, done.conversationId(), message, done.value(), text);
        } catch (ChannelDelivery.Retrying e) {
            LOG.log(Level.INFO, "binding outcome queued for the follower; the outbox retries it");
        } catch (Exception e) {
            LOG.log(Level.INFO, "binding outcome not delivered to the follower: " + e.getMessage());
        }
    }
}
