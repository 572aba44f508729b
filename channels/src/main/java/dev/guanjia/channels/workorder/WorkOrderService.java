package dev.guanjia.channels.workorder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.guanjia.channels.auth.Authentication;
import dev.guanjia.community.session.Caller;
import dev.guanjia.ticketing.media.ResidentMedia;
import dev.guanjia.ticketing.workorder.WorkOrder;
import dev.guanjia.ticketing.workorder.WorkOrderEvent;
import dev.guanjia.ticketing.workorder.WorkOrderException;
import dev.guanjia.ticketing.workorder.WorkOrders;
import dev.guanjia.ticketing.workorder.TooManyOrders;
import dev.guanjia.channels.login.RateLimiter;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * change made on a stale view (409).
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
                .post("/{code}/{action}", this::act);
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
        handle(res, () -> {
            JsonNode b = body(req);
            WorkOrder w = orders.create(caller.get(), new WorkOrders.NewOrder(text(b, "house"), text(b, "location"),
                    text(b, "channel"), text(b, "title"), text(b, "description"), text(b, "category"),
                    text(b, "priority"), time(b, "appointmentFrom"), time(b, "appointmentTo"), texts(b, "attachments"),
                    text(b, "resident")));
            res.status(Status.CREATED_201).send(view(w));
        });
    }

    private void one(ServerRequest req, ServerResponse res) {
        Optional<Caller> caller = auth.require(req, res);
        if (caller.isEmpty()) {
            return;
        }
        String code = req.path().pathParameters().get("code");
        handle(res, () -> {
            WorkOrder w = orders.find(caller.get(), code).orElseThrow(() -> new WorkOrderException(
                    WorkOrderException.Kind.NOT_FOUND, "not_found", "没有找到工单" + code + "。"));
            Map<String, Object> body = view(w);
            body.put("timeline", orders.timeline(caller.get(), code).stream().map(WorkOrderService::view).toList());
            res.send(body);
        });
    }

    private void act(ServerRequest req, ServerResponse res) {
        Optional<Caller> caller = auth.require(req, res);
        if (caller.isEmpty()) {
            return;
        }
        String code = req.path().pathParameters().get("code");
        String action = req.path().pathParameters().get("action");
        handle(res, () -> {
            JsonNode b = body(req);
            Integer v = b.hasNonNull("version") ? b.get("version").asInt() : null;
            Caller c = caller.get();
            WorkOrder w = switch (action) {
                case "assign" -> orders.assign(c, code, text(b, "staff"), v);
                case "claim" -> orders.claim(c, code, v);
                case "start" -> orders.start(c, code, v);
                case "complete" -> orders.complete(c, code, text(b, "note"), texts(b, "photos"), v);
                case "return" -> orders.giveBack(c, code, text(b, "reason"), v);
                case "accept" -> orders.accept(c, code, v);
                case "reject" -> orders.reject(c, code, text(b, "reason"), v);
                case "cancel" -> orders.cancel(c, code, text(b, "reason"), v);
                case "rate" -> orders.rate(c, code, b.path("rating").asInt(0), text(b, "comment"), v);
                default -> throw new WorkOrderException(WorkOrderException.Kind.NOT_FOUND, "unknown_action",
                        "不支持的操作：" + action);
            };
            res.send(view(w));
        });
    }

    @FunctionalInterface
    private interface Handler {
        void run() throws IOException;
    }

    /** Turns refusals into answers: status by kind, English code, Chinese sentence. */
    private static void handle(ServerResponse res, Handler handler) {
        try {
            handler.run();
        } catch (WorkOrderException e) {
            Status status = switch (e.kind()) {
                case NOT_FOUND -> Status.NOT_FOUND_404;
                case FORBIDDEN -> Status.FORBIDDEN_403;
                case INVALID -> Status.BAD_REQUEST_400;
                case ILLEGAL_TRANSITION, CONFLICT -> Status.CONFLICT_409;
                case TOO_MANY -> Status.TOO_MANY_REQUESTS_429;
            };
            if (e instanceof TooManyOrders t) {
                res.header(HeaderNames.RETRY_AFTER, RateLimiter.seconds(t.retryAfter()));
            }
            res.status(status).send(Map.of("error", e.code(), "message", e.getMessage()));
        } catch (TooLarge e) {
            res.status(Status.REQUEST_ENTITY_TOO_LARGE_413).send(Map.of("error", "too_large",
                    "message", "请求内容超过" + (MAX_BODY / 1024) + "KB。"));
        } catch (IOException | IllegalArgumentException e) {
            // a parser's message ("Unrecognized token … at [Source …") is for nobody outside
            res.status(Status.BAD_REQUEST_400).send(Map.of("error", "bad_request",
                    "message", "请求格式不正确，请提交 JSON。"));
        }
    }

    /** A body over the limit. */
    private static final class TooLarge extends RuntimeException {
        TooLarge() {
            super(null, null, false, false);
        }
    }

    private static JsonNode body(ServerRequest req) throws IOException {
        byte[] raw = req.content().inputStream().readNBytes(MAX_BODY + 1);
        if (raw.length > MAX_BODY) {
            throw new TooLarge();
        }
        if (raw.length == 0) {
            return NullNode.getInstance();
        }
        return dev.guanjia.channels.json.JsonBody.parse(raw);
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
