package dev.guanjia.channels.workorder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.guanjia.channels.auth.Authentication;
import dev.guanjia.community.refusal.Refusal;
import dev.guanjia.community.session.Caller;
import dev.guanjia.ticketing.media.ResidentMedia;
import dev.guanjia.ticketing.workorder.WorkOrder;
import dev.guanjia.ticketing.workorder.WorkOrderEvent;
import dev.guanjia.ticketing.workorder.WorkOrderException;
import dev.guanjia.ticketing.workorder.WorkOrders;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Work orders over HTTP. Everyone must be signed in; what each caller may see and do is decided by
 * the work-order service (residents: their household's orders; staff: their community's, by role).
 * <pre>
 * curl -s -H "Authorization: Bearer $TOKEN" localhost:8080/api/v1/work-orders
 * curl -s -H "Authorization: Bearer $TOKEN" -d '{"house":"A1-1-201","description":"厨房水管漏水"}' \
 *      localhost:8080/api/v1/work-orders
 * curl -s -H "Authorization: Bearer $TOKEN" localhost:8080/api/v1/work-orders/WO20261126012345
 * curl -s -H "Authorization: Bearer $TOKEN" -d '{"rating":5}' localhost:8080/api/v1/work-orders/WO…/rate
 * </pre>
 * Actions: assign {staff}, claim, start, complete {note, photos}, return {reason}, accept,
 * reject {reason}, cancel {reason}, rate {rating, comment}; each may carry "version" to refuse a
 * change made on a stale view (409). Refusals are answered by the routing's one handler ({@code Refusals}).
 */
public final class WorkOrderService implements HttpService {

    private static final int MAX_BODY = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WorkOrders orders;
    private final Authentication auth;

    public WorkOrderService(WorkOrders orders, Authentication auth) {
        this.orders = orders;
        this.auth = auth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .post("/", this::create)
                .get("/{code}", this::one)
                .post("/{code}/assign", action((c, code, b, v) -> orders.assign(c, code, text(b, "staff"), v)))
                .post("/{code}/claim", action((c, code, b, v) -> orders.claim(c, code, v)))
                .post("/{code}/start", action((c, code, b, v) -> orders.start(c, code, v)))
                .post("/{code}/complete", action((c, code, b, v) ->
                        orders.complete(c, code, text(b, "note"), texts(b, "photos"), v)))
                .post("/{code}/return", action((c, code, b, v) -> orders.giveBack(c, code, text(b, "reason"), v)))
                .post("/{code}/accept", action((c, code, b, v) -> orders.accept(c, code, v)))
                .post("/{code}/reject", action((c, code, b, v) -> orders.reject(c, code, text(b, "reason"), v)))
                .post("/{code}/cancel", action((c, code, b, v) -> orders.cancel(c, code, text(b, "reason"), v)))
                .post("/{code}/rate", action((c, code, b, v) ->
                        orders.rate(c, code, b.path("rating").asInt(0), text(b, "comment"), v)))
                .post("/{code}/{action}", this::unknownAction);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Optional<Caller> caller = auth.require(req, res);
        if (caller.isEmpty()) {
            return;
        }
        var q = req.query();
        WorkOrders.Filter f = new WorkOrders.Filter(q.first("status").orElse(null), q.first("category").orElse(null),
                q.first("building").orElse(null), q.first("overdue").map(Boolean::parseBoolean).orElse(null),
                q.first("mine").map(Boolean::parseBoolean).orElse(false),
                q.first("limit").map(WorkOrderService::intOr100).orElse(100));
        res.send(Map.of("workOrders", orders.list(caller.get(), f).stream().map(WorkOrderService::view).toList()));
    }

    private void create(ServerRequest req, ServerResponse res) {
        Optional<Caller> caller = auth.require(req, res);
        if (caller.isEmpty()) {
            return;
        }
        JsonNode b = body(req);
        WorkOrder w = orders.create(caller.get(), new WorkOrders.NewOrder(text(b, "house"), text(b, "location"),
                text(b, "channel"), text(b, "title"), text(b, "description"), text(b, "category"),
                text(b, "priority"), time(b, "appointmentFrom"), time(b, "appointmentTo"), texts(b, "attachments"),
                text(b, "resident")));
        res.status(Status.CREATED_201).send(view(w));
    }

    private void one(ServerRequest req, ServerResponse res) {
        Optional<Caller> caller = auth.require(req, res);
        if (caller.isEmpty()) {
            return;
        }
        String code = req.path().pathParameters().get("code");
        WorkOrder w = orders.find(caller.get(), code).orElseThrow(() -> new WorkOrderException(
                WorkOrderException.Kind.NOT_FOUND, "not_found", "没有找到工单" + code + "。"));
        Map<String, Object> body = view(w);
        body.put("timeline", orders.timeline(caller.get(), code).stream().map(WorkOrderService::view).toList());
        res.send(body);
    }

    /** One change to one order: what it does with the caller, the order's code, the JSON and its "version". */
    @FunctionalInterface
    private interface Action {
        WorkOrder apply(Caller caller, String code, JsonNode body, Integer version);
    }

    /** A route for one action: signed-in callers only; answers the order as it is afterwards. */
    private Handler action(Action action) {
        return (req, res) -> {
            Optional<Caller> caller = auth.require(req, res);
            if (caller.isEmpty()) {
                return;
            }
            String code = req.path().pathParameters().get("code");
            JsonNode b = body(req);
            Integer v = b.hasNonNull("version") ? b.get("version").asInt() : null;
            res.send(view(action.apply(caller.get(), code, b, v)));
        };
    }

    /** An action work orders do not have: refused like the others, after the same checks. */
    private void unknownAction(ServerRequest req, ServerResponse res) throws Exception {
        String action = req.path().pathParameters().get("action");
        action((c, code, b, v) -> {
            throw new WorkOrderException(WorkOrderException.Kind.NOT_FOUND, "unknown_action", "不支持的操作：" + action);
        }).handle(req, res);
    }

    /** The request's JSON; an empty body is JSON null (every field absent). */
    private static JsonNode body(ServerRequest req) {
        try {
            byte[] raw = req.content().inputStream().readNBytes(MAX_BODY + 1);
            if (raw.length > MAX_BODY) {
                throw new Refusal(Refusal.Reason.TOO_LARGE, "too_large", "请求内容超过" + (MAX_BODY / 1024) + "KB。");
            }
            return raw.length == 0 ? NullNode.getInstance() : dev.guanjia.channels.json.JsonBody.parse(raw);
        } catch (IOException | IllegalArgumentException e) {
            // a parser's message ("Unrecognized token … at [Source …") is for nobody outside
            throw new Refusal(Refusal.Reason.INVALID, "bad_request", "请求格式不正确，请提交 JSON。");
        }
    }

    private static String text(JsonNode b, String field) {
        JsonNode n = b.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static List<String> texts(JsonNode b, String field) {
        List<String> out = new ArrayList<>();
        b.path(field).forEach(n -> out.add(n.asText()));
        return out;
    }

    private static OffsetDateTime time(JsonNode b, String field) {
        String t = text(b, field);
        if (t == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(t);
        } catch (DateTimeParseException e) {
            throw new WorkOrderException(WorkOrderException.Kind.INVALID, "time_invalid",
                    field + " 需要带时区的时间，如 2026-11-27T09:00:00+08:00");
        }
    }

    private static int intOr100(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    /** A work order as JSON: codes, labels in Chinese, ISO times. */
    public static Map<String, Object> view(WorkOrder w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", w.code());
        m.put("house", w.houseCode());
        m.put("location", w.location());
        m.put("category", w.category());
        m.put("priority", w.priority().code());
        m.put("priorityLabel", w.priority().label());
        m.put("title", w.title());
        m.put("description", w.description());
        m.put("status", w.status().code());
        m.put("statusLabel", w.status().label());
        m.put("assignee", w.assigneeCode());
        m.put("assigneeName", w.assigneeName());
        m.put("waitingFor", w.waitingFor());
        m.put("channel", w.channel());
        m.put("appointmentFrom", iso(w.appointmentFrom()));
        m.put("appointmentTo", iso(w.appointmentTo()));
        m.put("rating", w.rating());
        m.put("completionNote", w.completionNote());
        m.put("attachments", w.attachments());
        // photos residents sent, stored by us: staff pages load them from the media endpoint
        m.put("photos", w.attachments().stream().filter(a -> a.startsWith(ResidentMedia.REFERENCE))
                .map(a -> a.substring(ResidentMedia.REFERENCE.length())).filter(a -> a.matches("\\d{1,18}"))
                .map(a -> dev.guanjia.channels.media.MediaService.url(Long.parseLong(a))).toList());
        m.put("createdAt", iso(w.createdAt()));
        m.put("updatedAt", iso(w.updatedAt()));
        m.put("closedAt", iso(w.closedAt()));
        m.put("responseDue", iso(w.responseDue()));
        m.put("startDue", iso(w.startDue()));
        m.put("resolveDue", iso(w.resolveDue()));
        m.put("overdue", w.overdue());
        m.put("version", w.version());
        return m;
    }

    private static Map<String, Object> view(WorkOrderEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", iso(e.at()));
        m.put("actor", e.actor());
        m.put("from", e.fromStatus());
        m.put("to", e.toStatus());
        m.put("note", e.note());
        return m;
    }

    private static String iso(OffsetDateTime t) {
        return t == null ? null : t.toString();
    }
}
