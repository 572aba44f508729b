package dev.guanjia.channels.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.guanjia.desk.conversation.ConversationLog;
import dev.guanjia.desk.conversation.Message;
import dev.guanjia.desk.handoff.Availability;
import dev.guanjia.desk.handoff.Callbacks;
import dev.guanjia.desk.handoff.Handoffs;
import dev.guanjia.channels.auth.Authentication;
import dev.guanjia.channels.workorder.WorkOrderService;
import dev.guanjia.community.audit.AuditLog;
import dev.guanjia.community.change.Change;
import dev.guanjia.community.change.ChangeFeed;
import dev.guanjia.community.refusal.Refusal;
import dev.guanjia.community.billing.Bill;
import dev.guanjia.community.billing.Bills;
import dev.guanjia.community.resident.Bindings;
import dev.guanjia.community.resident.Resident;
import dev.guanjia.community.resident.Residents;
import dev.guanjia.community.session.Caller;
import dev.guanjia.knowledge.KnowledgeBase;
import dev.guanjia.knowledge.search.Hit;
import dev.guanjia.ticketing.workorder.WorkOrder;
import dev.guanjia.ticketing.workorder.WorkOrders;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.sse.SseSink;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

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
    /**
     * The stream reads again when the change feed says so, and at least this often: what changes with
     * time alone (minutes waited, a wait past its limit, agents going offline), or a change the feed
     * did not carry, shows within this; it also finds a console that went away.
     */
    static final long RECHECK_MILLIS = 20_000;

    /** The stores the console reads and changes. */
    public record Parts(Handoffs handoffs, Callbacks callbacks, Availability availability, ConversationLog log,
                        Residents residents, Bills bills, Bindings bindings, WorkOrders orders,
                        KnowledgeBase knowledge, DataSource audit, ChangeFeed changes) {
    }

    private final Parts p;
    private final Authentication auth;
    private final long recheckMillis;

    public ConsoleService(Parts parts, Authentication auth) {
        this(parts, auth, RECHECK_MILLIS);
    }

    ConsoleService(Parts parts, Authentication auth, long recheckMillis) {
        this.p = parts;
        this.auth = auth;
        this.recheckMillis = recheckMillis;
    }

    /** Refusals (hand-off, work-order, bad input) are answered by the routing's one handler, {@code Refusals}. */
    @Override
    public void routing(HttpRules rules) {
        rules.get("/queue", this::queue)
                .get("/agents", this::agents)
                .get("/events", this::events)
                .get("/canned", this::canned)
                .get("/callbacks", this::callbacks)
                .get("/audit", this::audit)
                .post("/callbacks/{id}/claim", callbackAction((me, id) -> p.callbacks().claim(me, id)))
                .post("/callbacks/{id}/done", callbackAction((me, id, b) ->
                        p.callbacks().done(me, id, b.path("outcome").asText(""))))
                .post("/callbacks/{id}/{action}", this::unknownCallbackAction)
                .get("/conversations/{id}", this::conversation)
                .post("/conversations/{id}/work-orders", this::workOrder)
                .post("/conversations/{id}/claim", conversationAction((me, id) -> p.handoffs().claim(me, id)))
                .post("/conversations/{id}/transfer", conversationAction((me, id, b) ->
                        p.handoffs().transfer(me, id, b.path("to").asText(""))))
                .post("/conversations/{id}/assign", conversationAction((me, id, b) ->
                        p.handoffs().assign(me, id, b.path("to").asText(""))))
                .post("/conversations/{id}/reply", conversationAction((me, id, b) ->
                        p.handoffs().reply(me, id, b.path("text").asText(""))))
                .post("/conversations/{id}/notes", conversationAction((me, id, b) ->
                        p.handoffs().note(me, id, b.path("text").asText(""))))
                .post("/conversations/{id}/close", conversationAction((me, id, b) ->
                        p.handoffs().close(me, id, b.path("disposition").asText(""))))
                .post("/conversations/{id}/return", conversationAction((me, id) -> p.handoffs().returnToBot(me, id)))
                .post("/conversations/{id}/{action}", this::unknownAction);
    }

    private void queue(ServerRequest req, ServerResponse res) {
        staff(req, res).ifPresent(me -> {
            p.availability().seen(me.subjectId());
            res.send(queueView(me));
        });
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
        staff(req, res).ifPresent(me -> res.send(Map.of("agents", p.availability().consoleStaff(me.communityId()))));
    }

    private void conversation(ServerRequest req, ServerResponse res) {
        staff(req, res).ifPresent(me -> {
            UUID id = id(req);
            Handoffs.Detail d = p.handoffs().detail(me, id);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("conversation", d);
            out.put("messages", p.log().messages(id).stream().map(ConsoleService::view).toList());
            out.put("notes", p.handoffs().notes(me, id));
            out.put("profile", d.residentId() == null ? null : profile(me, d.residentId()));
            res.send(out);
        });
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

    /** A conversation action: what it does with the agent, the conversation and the request's JSON. */
    @FunctionalInterface
    private interface ConversationAction {
        Object apply(Caller me, UUID conversation, JsonNode body);
    }

    /** A route for one action on one conversation: console staff only; answers what the action returns. */
    private Handler conversationAction(ConversationAction action) {
        return (req, res) -> staff(req, res).ifPresent(me -> {
            UUID id = id(req);
            res.send(action.apply(me, id, body(req)));
        });
    }

    private Handler conversationAction(BiFunction<Caller, UUID, Object> action) {
        return conversationAction((me, id, b) -> action.apply(me, id));
    }

    /** A call-back task action; the route answers with the open tasks as they are now. */
    @FunctionalInterface
    private interface CallbackAction {
        void apply(Caller me, long task, JsonNode body);
    }

    private Handler callbackAction(CallbackAction action) {
        return (req, res) -> staff(req, res).ifPresent(me -> {
            long id;
            try {
                id = Long.parseLong(req.path().pathParameters().get("id"));
            } catch (NumberFormatException e) {
                throw new Refusal(Refusal.Reason.NOT_FOUND, "not_found", "没有这个回电任务。");
            }
            action.apply(me, id, body(req));
            res.send(Map.of("callbacks", p.callbacks().open(me)));
        });
    }

    private Handler callbackAction(BiConsumer<Caller, Long> action) {
        return callbackAction((me, id, b) -> action.accept(me, id));
    }

    /** An action the console does not have: refused like the others, after the same checks. */
    private void unknownAction(ServerRequest req, ServerResponse res) throws Exception {
        String action = req.path().pathParameters().get("action");
        conversationAction((me, id, b) -> {
            throw new Refusal(Refusal.Reason.NOT_FOUND, "unknown_action", "不支持的操作：" + action);
        }).handle(req, res);
    }

    private void unknownCallbackAction(ServerRequest req, ServerResponse res) throws Exception {
        callbackAction((me, id, b) -> {
            throw new Refusal(Refusal.Reason.NOT_FOUND, "unknown_action", "不支持的操作。");
        }).handle(req, res);
    }

    /** Creates a work order for the conversation's resident and shows it to them in their channel. */
    private void workOrder(ServerRequest req, ServerResponse res) {
        staff(req, res).ifPresent(me -> {
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
        });
    }

    /** Ready answers for the reply box: the knowledge base's best passages for what the agent typed. */
    private void canned(ServerRequest req, ServerResponse res) {
        staff(req, res).ifPresent(me -> {
            String q = req.query().first("q").orElse("").strip();
            if (q.isEmpty() || q.length() > 200) {
                throw new Refusal(Refusal.Reason.INVALID, "q_missing", "请输入要查找的关键词（200字以内）。");
            }
            List<Map<String, Object>> out = new ArrayList<>();
            for (Hit h : p.knowledge().search(me.communityId(), q, 5).hits()) {
                out.add(Map.of("docId", h.docId(), "title", h.title(), "section", h.section() == null ? "" : h.section(),
                        "text", h.text()));
            }
            res.send(Map.of("answers", out));
        });
    }

    /** The audit log of the admin's community, searchable (admins only). */
    private void audit(ServerRequest req, ServerResponse res) {
        auth.requireStaff(req, res, "admin").ifPresent(me -> {
            String q = req.query().first("q").orElse("");
            if (q.length() > 100) {
                throw new Refusal(Refusal.Reason.INVALID, "q_too_long", "关键词太长了。");
            }
            res.send(Map.of("entries", AuditLog.search(p.audit(), me.communityId(), q,
                    req.query().first("limit").map(ConsoleService::longOr0).orElse(100L).intValue())));
        });
    }

    private void callbacks(ServerRequest req, ServerResponse res) {
        staff(req, res).ifPresent(me -> res.send(Map.of("callbacks", p.callbacks().open(me))));
    }

    /**
     * Server-sent events: "queue" whenever the queue changes, and "message" for each new message of
     * the conversation named in ?conversation= (ids continue after Last-Event-ID). The stream reads
     * the stores when the change feed tells of a change in the agent's community (and every
     * {@link #RECHECK_MILLIS} in any case), not on a timer. Keeps the agent shown as online while
     * open; ends after five minutes and the page reconnects.
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
            } catch (IllegalArgumentException | Refusal e) {
                throw new Refusal(Refusal.Reason.NOT_FOUND, "not_found", "没有找到这个会话。");
            }
        }
        long last = req.headers().first(HeaderNames.create("Last-Event-ID")).map(ConsoleService::longOr0)
                .orElse(req.query().first("after").map(ConsoleService::longOr0).orElse(0L));
        UUID watched = conversation;
        AtomicBoolean queueChanged = new AtomicBoolean(true);
        AtomicBoolean newMessages = new AtomicBoolean(watched != null);
        Semaphore wake = new Semaphore(0);
        long until = System.currentTimeMillis() + STREAM_MILLIS;
        long seenAt = 0;
        long checkedAt = System.currentTimeMillis();
        String lastQueue = "";
        try (ChangeFeed.Subscription ignored = p.changes().subscribe(change -> {
            if (me.communityId().equals(change.communityId()) || change.communityId() == null) {
                queueChanged.set(true);
                if (change instanceof Change.NewMessage m && m.conversation().equals(watched)
                        || change instanceof Change.Missed && watched != null) {
                    newMessages.set(true);
                }
                wake.release();
            }
        }); SseSink sink = res.sink(SseSink.TYPE)) {
            while (System.currentTimeMillis() < until) {
                long now = System.currentTimeMillis();
                if (now - seenAt > 20_000) {
                    p.availability().seen(me.subjectId());
                    seenAt = now;
                }
                if (now - checkedAt >= recheckMillis) {
                    queueChanged.set(true);
                    newMessages.set(watched != null);
                    checkedAt = now;
                    // a comment line: the page ignores it, a console that went away fails it
                    sink.emit(SseEvent.builder().comment("recheck").build());
                }
                if (queueChanged.getAndSet(false)) {
                    String queue = JSON.writeValueAsString(queueView(me));
                    if (!queue.equals(lastQueue)) {
                        sink.emit(SseEvent.builder().name("queue").data(queue).build());
                        lastQueue = queue;
                    }
                }
                if (newMessages.getAndSet(false)) {
                    for (Message m : p.log().messagesAfter(watched, last)) {
                        sink.emit(SseEvent.builder().id(String.valueOf(m.id())).name("message")
                                .data(JSON.writeValueAsString(view(m))).build());
                        last = m.id();
                    }
                }
                long sleep = Math.min(recheckMillis - (System.currentTimeMillis() - checkedAt),
                        until - System.currentTimeMillis());
                if (sleep > 0 && wake.tryAcquire(sleep, TimeUnit.MILLISECONDS)) {
                    wake.drainPermits(); // several changes at once: one read
                }
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
            throw new Refusal(Refusal.Reason.NOT_FOUND, "not_found", "没有找到这个会话。");
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

    private static JsonNode body(ServerRequest req) {
        byte[] raw;
        try {
            raw = req.content().inputStream().readNBytes(MAX_BODY + 1);
        } catch (IOException e) {
            throw new Refusal(Refusal.Reason.INVALID, "bad_request", "请求格式不正确。");
        }
        if (raw.length > MAX_BODY) {
            throw new Refusal(Refusal.Reason.INVALID, "too_large", "内容太长了。");
        }
        try {
            return raw.length == 0 ? JSON.createObjectNode() : dev.guanjia.channels.json.JsonBody.parse(raw);
        } catch (IOException e) {
            throw new Refusal(Refusal.Reason.INVALID, "bad_json", "请求格式不正确。");
        }
    }
}
