package dev.guanjia.channels.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.desk.conversation.ServiceDesk;
import dev.guanjia.desk.conversation.ConversationLog;
import dev.guanjia.desk.conversation.Message;
import dev.guanjia.bot.turn.Identity;
import dev.guanjia.bot.turn.TurnResult;
import dev.guanjia.channels.auth.Authentication;
import dev.guanjia.channels.login.RateLimiter;
import dev.guanjia.community.change.Change;
import dev.guanjia.community.change.ChangeFeed;
import dev.guanjia.community.session.Caller;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Web chat: a signed-in resident (session cookie or bearer token) or an anonymous visitor sends a
 * message and gets the agent's turn back.
 * <pre>
 * curl -s -d '{"community":"cuihu","text":"物业费怎么交"}' localhost:8080/api/v1/chat/messages
 * curl -s -H "Authorization: Bearer $TOKEN" -d '{"text":"我家还欠多少钱"}' localhost:8080/api/v1/chat/messages
 * curl -s -H "Authorization: Bearer $TOKEN" localhost:8080/api/v1/chat/conversations/$ID
 * </pre>
 */
public final class ChatService implements HttpService {

    static final int MAX_TEXT = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServiceDesk desk;
    private final ConversationLog log;
    private final ChangeFeed changes;
    private final Authentication auth;
    private final Predicate<String> communityExists;
    private final RateLimiter perSender;
    private final RateLimiter perAddress;

    /**
     * @param perSender  limit per resident or conversation (one person typing)
     * @param perAddress limit per client address: generous, as a whole compound may share one NAT
     */
    public ChatService(ServiceDesk desk, ConversationLog log, Authentication auth, Predicate<String> communityExists,
                       RateLimiter perSender, RateLimiter perAddress) {
        this(desk, log, auth, communityExists, perSender, perAddress, ChangeFeed.NONE);
    }

    /** @param changes tells the event streams of new messages (from any node); without it they poll */
    public ChatService(ServiceDesk desk, ConversationLog log, Authentication auth, Predicate<String> communityExists,
                       RateLimiter perSender, RateLimiter perAddress, ChangeFeed changes) {
        this.changes = changes;
        this.desk = desk;
        this.log = log;
        this.auth = auth;
        this.communityExists = communityExists;
        this.perSender = perSender;
        this.perAddress = perAddress;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/messages", this::message)
                .get("/conversations/{id}", this::conversation)
                .get("/conversations/{id}/events", this::events);
    }

    private void message(ServerRequest req, ServerResponse res) throws IOException {
        byte[] raw = req.content().inputStream().readNBytes(16 * 1024 + 1);
        if (raw.length > 16 * 1024) {
            error(res, Status.REQUEST_ENTITY_TOO_LARGE_413, "too_large", "消息太长了，请分几次发送。");
            return;
        }
        JsonNode b;
        try {
            b = raw.length == 0 ? JSON.createObjectNode() : dev.guanjia.channels.json.JsonBody.parse(raw);
        } catch (IOException e) {
            error(res, Status.BAD_REQUEST_400, "bad_json", "请求格式不正确。");
            return;
        }
        String text = b.path("text").asText("").strip();
        if (dev.guanjia.knowledge.search.Question.visible(text).isEmpty()) { // zero-width spaces are no message
            error(res, Status.BAD_REQUEST_400, "text_missing", "请输入您要咨询的内容。");
            return;
        }
        if (text.length() > MAX_TEXT) {
            error(res, Status.BAD_REQUEST_400, "text_too_long", "消息太长了，请控制在" + MAX_TEXT + "字以内。");
            return;
        }
        Optional<Caller> caller = auth.caller(req).filter(Caller::isResident);
        String community = caller.map(Caller::communityId).orElse(b.path("community").asText(""));
        if (!communityExists.test(community)) {
            error(res, Status.NOT_FOUND_404, "community_not_found", "没有找到这个小区：" + community);
            return;
        }
        Identity identity = caller.map(c -> new Identity("web", "resident", c.code()))
                .orElse(Identity.anonymous("web"));
        String conversationHint = b.path("conversationId").asText("");
        String sender = caller.map(Caller::actor).orElse(conversationHint.isEmpty() ? null : "conv:" + conversationHint);
        java.time.Duration wait = perAddress.waitFor("ip:" + dev.guanjia.channels.proxy.ClientAddress.of(req));
        if (wait.isZero() && sender != null) {
            wait = perSender.waitFor(sender);
        }
        if (!wait.isZero()) {
            res.header(io.helidon.http.HeaderNames.RETRY_AFTER, RateLimiter.seconds(wait));
            error(res, Status.TOO_MANY_REQUESTS_429, "rate_limited", "您发送得太快了，请稍等片刻再试。");
            return;
        }
        String conversation = b.path("conversationId").asText("");
        if (conversation.isEmpty()) {
            conversation = desk.open(community, identity);
        } else if (!owns(conversation, community, identity)) {
            error(res, Status.NOT_FOUND_404, "conversation_not_found", "没有找到这个会话，请刷新页面重新开始。");
            return;
        }
        TurnResult r = desk.turn(community, conversation, identity, text);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("conversationId", r.conversationId());
        out.put("reply", r.reply());
        out.put("citations", r.citations());
        out.put("actions", r.actions());
        out.put("handoff", r.handoff());
        if (!r.citations().isEmpty()) {
            // a knowledge answer: the page shows 👍/👎 under it, rated by this id
            log.latestBotAnswer(UUID.fromString(r.conversationId())).ifPresent(id -> out.put("answerId", id));
        }
        res.send(out);
    }

    private void conversation(ServerRequest req, ServerResponse res) {
        Optional<Caller> caller = auth.require(req, res);
        if (caller.isEmpty()) {
            return;
        }
        String id = req.path().pathParameters().get("id");
        Identity identity = new Identity("web", "resident", caller.get().code());
        if (!owns(id, caller.get().communityId(), identity)) {
            error(res, Status.NOT_FOUND_404, "conversation_not_found", "没有找到这个会话。");
            return;
        }
        res.send(Map.of("conversationId", id, "messages", log.messages(UUID.fromString(id)).stream()
                .map(ChatService::view).toList()));
    }

    /**
     * Server-sent events: every new message of the resident's own conversation (the bot's, human
     * agents' replies, work orders they created, the request for a score), as JSON, as soon as the
     * change feed tells of one (whichever node stored it). The stream ends after five minutes;
     * clients reconnect with Last-Event-ID and miss nothing.
     */
    private void events(ServerRequest req, ServerResponse res) {
        // a signed-in resident's own conversation, or an anonymous visitor's by its unguessable id
        Optional<Caller> caller = auth.caller(req).filter(Caller::isResident);
        String id = req.path().pathParameters().get("id");
        Identity identity = caller.map(c -> new Identity("web", "resident", c.code())).orElse(Identity.anonymous("web"));
        String community = caller.map(Caller::communityId)
                .orElseGet(() -> ownerCommunity(id).orElse(""));
        if (!owns(id, community, identity)) {
            error(res, Status.NOT_FOUND_404, "conversation_not_found", "没有找到这个会话。");
            return;
        }
        long last = req.headers().first(io.helidon.http.HeaderNames.create("Last-Event-ID"))
                .map(v -> {
                    try {
                        return Long.parseLong(v.strip());
                    } catch (NumberFormatException e) {
                        return 0L;
                    }
                }).orElse(0L);
        long until = System.currentTimeMillis() + STREAM_MILLIS;
        UUID conversation = UUID.fromString(id);
        // read when the change feed tells of a message in this conversation (or that some were missed),
        // and every few seconds in any case: a feed is a hint
        Semaphore wake = new Semaphore(0);
        long recheck = changes == ChangeFeed.NONE ? POLL_MILLIS : RECHECK_MILLIS;
        try (ChangeFeed.Subscription ignored = changes.subscribe(change -> {
            if (change instanceof Change.NewMessage m && m.conversation().equals(conversation)
                    || change instanceof Change.Missed) {
                wake.release();
            }
        }); io.helidon.webserver.sse.SseSink sink = res.sink(io.helidon.webserver.sse.SseSink.TYPE)) {
            while (System.currentTimeMillis() < until) {
                for (Message m : log.messagesAfter(conversation, last)) {
                    sink.emit(io.helidon.http.sse.SseEvent.builder().id(String.valueOf(m.id())).name("message")
                            .data(JSON.writeValueAsString(view(m))).build());
                    last = m.id();
                }
                long sleep = Math.min(recheck, until - System.currentTimeMillis());
                if (sleep > 0 && wake.tryAcquire(sleep, TimeUnit.MILLISECONDS)) {
                    wake.drainPermits(); // several messages at once: one read
                }
            }
        } catch (InterruptedException e) {
            // the server is stopping
            Thread.currentThread().interrupt();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            // the page went away; nothing to clean up
        }
    }

    static final long STREAM_MILLIS = 5 * 60 * 1000;
    static final long POLL_MILLIS = 500;
    /** With a change feed: how often a stream reads anyway, for a hint lost. */
    static final long RECHECK_MILLIS = 5_000;

    /** A conversation belongs to whoever opened it: the same resident, or (anonymous) nobody signed in. */
    private boolean owns(String conversation, String community, Identity identity) {
        try {
            return log.owner(UUID.fromString(conversation))
                    .filter(o -> o.communityId().equals(community))
                    .filter(o -> o.channelUser().equals(identity.value() == null ? "anonymous" : identity.value()))
                    .isPresent();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private Optional<String> ownerCommunity(String conversation) {
        try {
            return log.owner(UUID.fromString(conversation)).map(ConversationLog.Owner::communityId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Map<String, Object> view(Message m) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", m.id());
        v.put("at", m.at().toString());
        v.put("author", m.author());
        v.put("kind", m.kind());
        v.put("text", m.body());
        if (("work_order".equals(m.kind()) || "notice".equals(m.kind())) && m.payload() != null) {
            try {
                JsonNode payload = JSON.readTree(m.payload());
                if (payload.hasNonNull("receipt")) {
                    v.put("receipt", payload.get("receipt").asText()); // a payment settled: its receipt
                } else {
                    v.put("order", payload.path("order").asText());
                }
            } catch (IOException e) {
                // no card then, the text still says it
            }
        }
        return v;
    }

    private static void error(ServerResponse res, Status status, String code, String message) {
        res.status(status).send(Map.of("error", code, "message", message));
    }
}
