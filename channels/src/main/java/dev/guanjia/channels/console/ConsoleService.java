package dev.guanjia.channels.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.guanjia.desk.conversation.ConversationLog;
import dev.guanjia.desk.conversation.Message;
import dev.guanjia.desk.handoff.Availability;
import dev.guanjia.desk.handoff.Callbacks;
import dev.guanjia.desk.handoff.HandoffException;
import dev.guanjia.desk.handoff.Handoffs;
import dev.guanjia.channels.auth.Authentication;
import dev.guanjia.channels.workorder.WorkOrderService;
import dev.guanjia.community.audit.AuditLog;
import dev.guanjia.community.billing.Bill;
import dev.guanjia.community.billing.Bills;
import dev.guanjia.community.resident.Bindings;
import dev.guanjia.community.resident.Resident;
import dev.guanjia.community.resident.Residents;
import dev.guanjia.community.session.Caller;
import dev.guanjia.knowledge.KnowledgeBase;
import dev.guanjia.knowledge.search.Hit;
import dev.guanjia.ticketing.workorder.WorkOrder;
import dev.guanjia.ticketing.workorder.WorkOrderException;
import dev.guanjia.ticketing.workorder.WorkOrders;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.sse.SseSink;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The agent console's API: the hand-off queue, one conversation with the resident's profile,
 * claiming, replying into the resident's channel, notes, work orders, closing, handing back to the
 * bot, canned answers from the knowledge base, callback tasks, and a live event stream.
 * Agents, supervisors and admins of the conversation's community only; changes made with the
 * console's cookie carry its CSRF header.
 * <pre>
 * curl -s -H "Authorization: Bearer $STAFF" localhost:8080/api/v1/console/queue
 * curl -s -H "Authorization: Bearer $STAFF" -X POST localhost:8080/api/v1/console/conversations/$ID/claim
 * curl -s -H "Authorization: Bearer $STAFF" -d '{"text":"您好"}' localhost:8080/api/v1/console/conversations/$ID/reply
 * </pre>
 */
public final class ConsoleService implements HttpService {

    static final String[] CONSOLE_ROLES = {"agent", "supervisor", "admin"};
    private static final int MAX_BODY = 32 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    static final long STREAM_MILLIS = 5 * 60 * 1000;

    /** The stores the console reads and changes. */
    public record Parts(Handoffs handoffs, Callbacks callbacks, Availability availability, ConversationLog log,
                        Residents residents, Bills bills, Bindings bindings, WorkOrders orders,
                        KnowledgeBase knowledge, DataSource audit) {
    }

    private final Parts p;
    private final Authentication auth;

    public ConsoleService(Parts parts, Authentication auth) {
        this.p = parts;
        this.auth = auth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/queue", this::queue)
                .get("/agents", this::agents)
                .get("/events", this::events)
                .get("/canned", this::canned)
                .get("/callbacks", this::callbacks)
                .get("/audit", this::audit)
                .post("/callbacks/{id}/{action}", this::callbackAction)
                .get("/conversations/{id}", this::conversation)
                .post("/conversations/{id}/work-orders", this::workOrder)
                .post("/conversations/{id}/{action}", this::act);
    }

    private void queue(ServerRequest req, ServerResponse res) {
        staff(req, res).ifPresent(me -> handle(res, () -> {
            p.availability().seen(me.subjectId());
            res.send(queueView(me));
        }));
    }

    private Map<String, Object> queueView(Caller me) {
        List<Handoffs.QueueEntry> queue = p.handoffs().queue(me);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("queue", queue);
        out.put("waiting", queue.stream().filter(q -> "queued".equals(q.state())).count());
        out.put("breached", queue.stream().filter(Handoffs.QueueEntry::waitBreached).count());
        out.put("callbacks", p.callbacks().open(me).size());
        out.put("agentsOnline", p.availability().estimate(me.communityId()).agentsOnline());
        return out;
    }

    private void agents(ServerRequest req, ServerResponse res) {
        staff(req, res).ifPresent(me -> handle(res, () -> res.send(Map.of("agents",
                p.availability().consoleStaff(me.communityId())))));
    }

    private void conversation(ServerRequest req, ServerResponse res) {
        staff(req, res).ifPresent(me -> handle(res, () -> {
            UUID id = id(req);
            Handoffs.Detail d = p.handoffs().detail(me, id);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("conversation", d);
            out.put("messages", p.log().messages(id).stream().map(ConsoleService::view).toList());
            out.put("notes", p.handoffs().notes(me, id));
            out.put("profile", d.residentId() == null ? null : profile(me, d.residentId()));
            res.send(out);
        }));
    }

    /** Who the resident is: houses, unpaid bills, recent work orders, WeChat binding. Reading it is audited. */
    private Map<String, Object> profile(Caller me, long residentId) {
        Optional<Resident> found = p.residents().find(me.communityId(), residentId);
        if (found.isEmpty()) {
            return null;
        }
        Resident r = found.get();
        AuditLog.record(p.audit(), me.actor(), "resident.profile_viewed", me.communityId(), "resident:" + r.code(),
                "console");
        List<Bill> unpaid = p.bills().ofHouses(r.houses().stream().map(Resident.Household::houseId).toList())
                .stream().filter(Bill::outstanding).toList();
        Caller asResident = new Caller(me.communityId(), Caller.Kind.RESIDENT, r.id(), "resident", r.code(), r.name());
        List<WorkOrder> orders = p.orders().list(asResident, new WorkOrders.Filter(null, null, null, null, false, 10));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("code", r.code());
        out.put("name", r.name());
        out.put("birthYear", r.birthYear());
        out.put("houses", r.houses().stream().map(h -> Map.of("code", h.houseCode(), "role", h.role(),
                "area", h.areaM2() == null ? "" : h.areaM2().toPlainString())).toList());
        out.put("unpaidBills", unpaid.stream().map(b -> Map.of("code", b.code(), "house", b.houseCode(),
                "item", b.itemName(), "period", b.period(), "amount", b.amount().toPlainString(),
                "due", String.valueOf(b.due()))).toList());
        out.put("unpaidTotal", unpaid.stream().map(Bill::amount).reduce(java.math.BigDecimal.ZERO,
                java.math.BigDecimal::add).toPlainString());
        out.put("workOrders", orders.stream().map(WorkOrderService::view).toList());
        out.put("wechatBound", !p.bindings().of(r.id(), "wechat_openid").isEmpty());
        return out;
    }

    private void act(ServerRequest req, ServerResponse res) {
        staff(req, res).ifPresent(me -> handle(res, () -> {
            UUID id = id(req);
            JsonNode b = body(req);
            String action = req.path().pathParameters().get("action");
            Object out = switch (action) {
                case "claim" -> p.handoffs().claim(me, id);
                case "transfer" -> p.handoffs().transfer(me, id, b.path("to").asText(""));
                case "assign" -> p.handoffs().assign(me, id, b.path("to").asText(""));
                case "reply" -> p.handoffs().reply(me, id, b.path("text").asText(""));
                case "notes" -> p.handoffs().note(me, id, b.path("text").asText(""));
                case "close" -> p.handoffs().close(me, id, b.path("disposition").asText(""));
                case "return" -> p.handoffs().returnToBot(me, id);
                default -> throw new HandoffException(HandoffException.Kind.NOT_FOUND, "unknown_action",
                        "不支持的操作：" + action);
            };
            res.send(out);
        }));
    }

    /** Creates a work order for the conversation's resident and shows it to them in their channel. */
    private void workOrder(ServerRequest req, ServerResponse res) {
        staff(req, res).ifPresent(me -> handle(res, () -> {
            UUID id = id(req);
            JsonNode b = body(req);
            Handoffs.Detail d = p.handoffs().detail(me, id);
            String residentCode = d.residentId() == null ? null
                    : p.residents().find(me.communityId(), d.residentId()).map(Resident::code).orElse(null);
            String description = b.path("description").asText("").strip();
            WorkOrder w = p.orders().create(me, new WorkOrders.NewOrder(text(b, "house"), text(b, "location"),
                    "console", text(b, "title"), description, text(b, "category"), text(b, "priority"), null, null,
                    List.of(), residentCode));
            Handoffs.Reply told = p.handoffs().announceWorkOrder(me, id, w.code(), w.title());
            Map<String, Object> out = WorkOrderService.view(w);
            out.put("delivered", told.delivered());
            out.put("problem", told.problem());
            res.status(Status.CREATED_201).send(out);
        }));
    }

    /** Ready answers for the reply box: the knowledge base's best passages for what the agent typed. */
    private void canned(ServerRequest req, ServerResponse res) {
        staff(req, res).ifPresent(me -> handle(res, () -> {
            String q = req.query().first("q").orElse("").strip();
            if (q.isEmpty() || q.length() > 200) {
                throw new HandoffException(HandoffException.Kind.INVALID, "q_missing", "请输入要查找的关键词（200字以内）。");
            }
            List<Map<String, Object>> out = new ArrayList<>();
            for (Hit h : p.knowledge().search(me.communityId(), q, 5).hits()) {
                out.add(Map.of("docId", h.docId(), "title", h.title(), "section", h.section() == null ? "" : h.section(),
                        "text", h.text()));
            }
            res.send(Map.of("answers", out));
        }));
    }

    /** The audit log of the admin's community, searchable (admins only). */
    private void audit(ServerRequest req, ServerResponse res) {
        auth.requireStaff(req, res, "admin").ifPresent(me -> {
            String q = req.query().first("q").orElse("");
            if (q.length() > 100) {
                res.status(Status.BAD_REQUEST_400).send(Map.of("error", "q_too_long", "message", "关键词太长了。"));
                return;
            }
            res.send(Map.of("entries", AuditLog.search(p.audit(), me.communityId(), q,
                    req.query().first("limit").map(ConsoleService::longOr0).orElse(100L).intValue())));
        });
    }

    private void callbacks(ServerRequest req, ServerResponse res) {
        staff(req, res).ifPresent(me -> handle(res, () -> res.send(Map.of("callbacks", p.callbacks().open(me)))));
    }

    private void callbackAction(ServerRequest req, ServerResponse res) {
        staff(req, res).ifPresent(me -> handle(res, () -> {
            long id;
            try {
                id = Long.parseLong(req.path().pathParameters().get("id"));
            } catch (NumberFormatException e) {
                throw new HandoffException(HandoffException.Kind.NOT_FOUND, "not_found", "没有这个回电任务。");
            }
            JsonNode b = body(req);
            switch (req.path().pathParameters().get("action")) {
                case "claim" -> p.callbacks().claim(me, id);
                case "done" -> p.callbacks().done(me, id, b.path("outcome").asText(""));
                default -> throw new HandoffException(HandoffException.Kind.NOT_FOUND, "unknown_action", "不支持的操作。");
            }
            res.send(Map.of("callbacks", p.callbacks().open(me)));
        }));
    }

    /**
     * Server-sent events: "queue" whenever the queue changes, and "message" for each new message of
     * the conversation named in ?conversation= (ids continue after Last-Event-ID). Keeps the agent
     * shown as online while open; ends after five minutes and the page reconnects.
     */
    private void events(ServerRequest req, ServerResponse res) {
        Optional<Caller> staff = staff(req, res);
        if (staff.isEmpty()) {
            return;
        }
        Caller me = staff.get();
        UUID conversation = null;
        String wanted = req.query().first("conversation").orElse("");
        if (!wanted.isEmpty()) {
            try {
                conversation = UUID.fromString(wanted);
                p.handoffs().detail(me, conversation);
            } catch (IllegalArgumentException | HandoffException e) {
                res.status(Status.NOT_FOUND_404).send(Map.of("error", "not_found", "message", "没有找到这个会话。"));
                return;
            }
        }
        long last = req.headers().first(HeaderNames.create("Last-Event-ID")).map(ConsoleService::longOr0)
                .orElse(req.query().first("after").map(ConsoleService::longOr0).orElse(0L));
        long until = System.currentTimeMillis() + STREAM_MILLIS;
        long seenAt = 0;
        String lastQueue = "";
        try (SseSink sink = res.sink(SseSink.TYPE)) {
            while (System.currentTimeMillis() < until) {
                if (System.currentTimeMillis() - seenAt > 20_000) {
                    p.availability().seen(me.subjectId());
                    seenAt = System.currentTimeMillis();
                }
                String queue = JSON.writeValueAsString(queueView(me));
                if (!queue.equals(lastQueue)) {
                    sink.emit(SseEvent.builder().name("queue").data(queue).build());
                    lastQueue = queue;
                }
                if (conversation != null) {
                    for (Message m : p.log().messagesAfter(conversation, last)) {
                        sink.emit(SseEvent.builder().id(String.valueOf(m.id())).name("message")
                                .data(JSON.writeValueAsString(view(m))).build());
                        last = m.id();
                    }
                }
                Thread.sleep(700);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | UncheckedIOException e) {
            // the console page went away
        }
    }

    // ------------------------------------------------------------------ helpers

    private Optional<Caller> staff(ServerRequest req, ServerResponse res) {
        return auth.requireStaff(req, res, CONSOLE_ROLES);
    }

    static Map<String, Object> view(Message m) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", m.id());
        v.put("at", m.at().toString());
        v.put("direction", m.direction());
        v.put("author", m.author());
        v.put("kind", m.kind());
        v.put("text", m.body());
        return v;
    }

    private static UUID id(ServerRequest req) {
        try {
            return UUID.fromString(req.path().pathParameters().get("id"));
        } catch (IllegalArgumentException e) {
            throw new HandoffException(HandoffException.Kind.NOT_FOUND, "not_found", "没有找到这个会话。");
        }
    }

    private static long longOr0(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String text(JsonNode b, String field) {
        JsonNode n = b.get(field);
        return n == null || n.isNull() || n.asText().isBlank() ? null : n.asText().strip();
    }

    private static JsonNode body(ServerRequest req) throws IOException {
        byte[] raw = req.content().inputStream().readNBytes(MAX_BODY + 1);
        if (raw.length > MAX_BODY) {
            throw new HandoffException(HandoffException.Kind.INVALID, "too_large", "内容太长了。");
        }
        try {
            return raw.length == 0 ? JSON.createObjectNode() : dev.guanjia.channels.json.JsonBody.parse(raw);
        } catch (IOException e) {
            throw new HandoffException(HandoffException.Kind.INVALID, "bad_json", "请求格式不正确。");
        }
    }

    @FunctionalInterface
    private interface Handler {
        void run() throws IOException;
    }

    /** Refusals become answers: status by kind, English code, Chinese sentence. */
    private static void handle(ServerResponse res, Handler h) {
        try {
            h.run();
        } catch (HandoffException e) {
            res.status(switch (e.kind()) {
                case NOT_FOUND -> Status.NOT_FOUND_404;
                case FORBIDDEN -> Status.FORBIDDEN_403;
                case CONFLICT -> Status.CONFLICT_409;
                case INVALID -> Status.BAD_REQUEST_400;
            }).send(Map.of("error", e.code(), "message", e.getMessage()));
        } catch (WorkOrderException e) {
            res.status(switch (e.kind()) {
                case NOT_FOUND -> Status.NOT_FOUND_404;
                case FORBIDDEN -> Status.FORBIDDEN_403;
                case INVALID -> Status.BAD_REQUEST_400;
                case ILLEGAL_TRANSITION, CONFLICT -> Status.CONFLICT_409;
                case TOO_MANY -> Status.TOO_MANY_REQUESTS_429;
            }).send(Map.of("error", e.code(), "message", e.getMessage()));
        } catch (IOException e) {
            res.status(Status.BAD_REQUEST_400).send(Map.of("error", "bad_request", "message", "请求格式不正确。"));
        }
    }
}
