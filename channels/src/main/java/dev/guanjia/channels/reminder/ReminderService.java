package dev.guanjia.channels.reminder;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guanjia.channels.auth.Authentication;
import dev.guanjia.channels.json.JsonBody;
import dev.guanjia.community.refusal.Refusal;
import dev.guanjia.community.session.Caller;
import dev.guanjia.payments.reminder.ReminderOptOuts;
import dev.guanjia.payments.reminder.ReminderPolicies;
import dev.guanjia.payments.reminder.ReminderPolicy;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Payment reminders (催缴): a signed-in resident turns them off or on again; a supervisor or admin
 * reads and sets their community's policy.
 * <pre>
 * curl -s -H "Authorization: Bearer $TOKEN" localhost:8080/api/v1/reminders/me
 * curl -s -X PUT -H "Authorization: Bearer $TOKEN" -d '{"enabled":false}' localhost:8080/api/v1/reminders/me
 * curl -s -b "guanjia_staff=$STAFF" -H "X-CSRF-Token: $CSRF" localhost:8080/api/v1/reminders/policy
 * curl -s -X PUT -b "guanjia_staff=$STAFF" -H "X-CSRF-Token: $CSRF" \
 *      -d '{"enabled":true,"daysBefore":3,"overdue":true,"overdueRepeatDays":7,"overdueLimit":3,
 *           "channels":["wechat","sms"],"quietStart":"21:00","quietEnd":"08:00"}' localhost:8080/api/v1/reminders/policy
 * </pre>
 */
public final class ReminderService implements HttpService {

    private static final int MAX_BODY = 4096;

    private final ReminderPolicies policies;
    private final ReminderOptOuts optOuts;
    private final Authentication auth;

    public ReminderService(ReminderPolicies policies, ReminderOptOuts optOuts, Authentication auth) {
        this.policies = policies;
        this.optOuts = optOuts;
        this.auth = auth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/me", this::mine)
                .put("/me", this::setMine)
                .get("/policy", this::policy)
                .put("/policy", this::setPolicy);
    }

    private Optional<Caller> resident(ServerRequest req, ServerResponse res) {
        Optional<Caller> me = auth.require(req, res);
        if (me.isPresent() && !me.get().isResident()) {
            throw new Refusal(Refusal.Reason.FORBIDDEN, "residents_only", "缴费提醒的设置只能由住户本人修改。");
        }
        return me;
    }

    private void mine(ServerRequest req, ServerResponse res) {
        resident(req, res).ifPresent(me -> res.send(Map.of("enabled",
                !optOuts.optedOut(me.communityId(), me.subjectId()))));
    }

    private void setMine(ServerRequest req, ServerResponse res) {
        Optional<Caller> me = resident(req, res);
        if (me.isEmpty()) {
            return;
        }
        JsonNode body = body(req);
        if (!body.path("enabled").isBoolean()) {
            throw new Refusal(Refusal.Reason.INVALID, "enabled_missing", "请说明是否接收缴费提醒：{\"enabled\": true 或 false}。");
        }
        boolean enabled = body.get("enabled").asBoolean();
        if (enabled) {
            optOuts.optIn(me.get().communityId(), me.get().subjectId(), "web");
        } else {
            optOuts.optOut(me.get().communityId(), me.get().subjectId(), "web");
        }
        res.send(Map.of("enabled", enabled, "message", enabled ? "已恢复缴费提醒，账单到期前和逾期后会通知您。"
                : "已关闭缴费提醒，之后不再发送催缴通知；账单仍可随时查询。"));
    }

    private Optional<Caller> manager(ServerRequest req, ServerResponse res) {
        return auth.requireStaff(req, res, "supervisor", "admin");
    }

    private void policy(ServerRequest req, ServerResponse res) {
        manager(req, res).ifPresent(me -> res.send(json(policies.of(me.communityId()))));
    }

    private void setPolicy(ServerRequest req, ServerResponse res) {
        Optional<Caller> me = manager(req, res);
        if (me.isEmpty()) {
            return;
        }
        ReminderPolicy now = policies.of(me.get().communityId());
        JsonNode b = body(req);
        ReminderPolicy next;
        try {
            List<String> channels = new ArrayList<>();
            if (b.has("channels")) {
                b.get("channels").forEach(n -> channels.add(n.asText()));
            } else {
                channels.addAll(now.channels());
            }
            next = new ReminderPolicy(now.communityId(), b.path("enabled").asBoolean(now.enabled()),
                    b.path("daysBefore").asInt(now.daysBefore()), b.path("overdue").asBoolean(now.overdue()),
                    b.path("overdueRepeatDays").asInt(now.overdueRepeatDays()),
                    b.path("overdueLimit").asInt(now.overdueLimit()), channels,
                    b.has("quietStart") ? LocalTime.parse(b.get("quietStart").asText()) : now.quietStart(),
                    b.has("quietEnd") ? LocalTime.parse(b.get("quietEnd").asText()) : now.quietEnd());
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new Refusal(Refusal.Reason.INVALID, "bad_policy", "提醒设置不正确：" + e.getMessage());
        }
        policies.save(next, me.get().actor());
        res.send(json(next));
    }

    private static Map<String, Object> json(ReminderPolicy p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("community", p.communityId());
        out.put("enabled", p.enabled());
        out.put("daysBefore", p.daysBefore());
        out.put("overdue", p.overdue());
        out.put("overdueRepeatDays", p.overdueRepeatDays());
        out.put("overdueLimit", p.overdueLimit());
        out.put("channels", p.channels());
        out.put("quietStart", p.quietStart().toString());
        out.put("quietEnd", p.quietEnd().toString());
        return out;
    }

    private static JsonNode body(ServerRequest req) {
        return JsonBody.object(req.content().inputStream(), MAX_BODY);
    }
}
