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
        // the community's existence, the turn and its tools read the community once between them
        try {
            desk.once(() -> {
                try {
                    handle(req, res);
                    return null;
                } catch (IOException e) {
                    throw new Carried(e);
                }
            });
        } catch (Carried e) {
            throw e.getCause();
        }
    }

    /** An IOException carried out of {@link ServiceDesk#once} unchanged. */
    private static final class Carried extends RuntimeException {
        Carried(IOException e) {
            super(e);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    private void handle(ServerRequest req, ServerResponse res) throws IOException {
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
        String clientMessageId = b.path("clientMessageId").asText("");
        if (!clientMessageId.isEmpty() && !CLIENT_MESSAGE_ID.matcher(clientMessageId).matches()) {
            error(res, Status.BAD_REQUEST_400, "bad_message_id", "消息编号不正确，请刷新页面后重新发送。");
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
        // the sender is counted only when the address is allowed; both in one round trip
        java.time.Duration wait = perAddress.waitFor("ip:" + dev.guanjia.channels.proxy.ClientAddress.of(req),
                perSender, sender);
        if (!wait.isZero()) {
            res.header(io.helidon.http.HeaderNames.RETRY_AFTER, RateLimiter.seconds(wait));
            error(res, Status.TOO_MANY_REQUESTS_429, "rate_limited", "您发送得太快了，请稍等片刻再试。");
            return;
        }
        String conversation = b.path("conversationId").asText("");
        if (!conversation.isEmpty() && !owns(conversation, community, identity)) {
            error(res, Status.NOT_FOUND_404, "conversation_not_found", "没有找到这个会话，请刷新页面重新开始。");
            return;
        }
        if (clientMessageId.isEmpty()) {
            if (conversation.isEmpty()) {
                conversation = desk.open(community, identity);
            }
            ServiceDesk.Answered a = desk.turnStored(community, conversation, identity, text);
            TurnResult r = a.result();
            // the id the turn stored its answer under; read back only when it stored none
            Long answerId = r.reply().isBlank() ? null : a.answerId()
                    .or(() -> log.latestBotAnswer(UUID.fromString(r.conversationId()))).orElse(null);
            res.send(view(r, answerId));
            return;
        }
        ConversationLog.Receipt in = desk.receiveOnce(community, conversation.isEmpty() ? null : conversation, identity,
                text, WEB_ID_PREFIX + clientMessageId);
        if (in.fresh()) {
            answer(res, community, identity, text, in);
            return;
        }
        // a resend: never stored twice; answered from what is stored, or once the answer is made
        long until = System.nanoTime() + RESEND_WAIT.toNanos();
        while (true) {
            ConversationLog.Progress p = desk.progress(in.messageId()).orElseThrow();
            if (!p.awaiting()) {
                res.send(stored(in, p.answer().orElse(null)));
                return;
            }
            if (!p.leased() && desk.claim(in.messageId())) {
                // the node that took it is gone (its lease ended): this one answers it
                answer(res, community, identity, text, in);
                return;
            }
            boolean stopping = false;
            if (System.nanoTime() < until) {
                try {
                    Thread.sleep(RESEND_POLL_MILLIS);
                    continue;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopping = true;
                }
            }
            // still being answered (a slow model), or this node is stopping: the page sends the id again
            res.header(io.helidon.http.HeaderNames.RETRY_AFTER, stopping ? "1" : "5");
            error(res, Status.SERVICE_UNAVAILABLE_503, "answer_pending", "您的上一条消息还在处理中，请稍候片刻，我们会尽快回复您。");
            return;
        }
    }

    /** Runs the agent on a message this request stored (or took over) and answers with the turn. */
    private void answer(ServerResponse res, String community, Identity identity, String text,
                        ConversationLog.Receipt in) {
        ServiceDesk.Answered a = desk.answerStored(community, in.conversation().toString(), identity, text,
                in.messageId(), java.time.Instant.now());
        TurnResult r = a.result();
        if (a.answerId().isPresent()) {
            // this turn's answer is the one stored (a message keeps its first answer): nothing to read back
            Map<String, Object> out = view(r, a.answerId().get());
            out.put("messageId", in.messageId());
            res.send(out);
            return;
        }
        Optional<Message> kept = desk.progress(in.messageId()).flatMap(ConversationLog.Progress::answer);
        if (kept.isPresent() && !kept.get().body().equals(r.reply())) {
            // another node's answer was stored first (this one outlived its lease): the page gets that one
            res.send(stored(in, kept.get()));
            return;
        }
        Map<String, Object> out = view(r, kept.map(Message::id).orElse(null));
        out.put("messageId", in.messageId());
        res.send(out);
    }

    /** A turn as the page reads it; {@code answerId} is the stored answer's (the page shows each answer once by it). */
    private static Map<String, Object> view(TurnResult r, Long answerId) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("conversationId", r.conversationId());
        out.put("reply", r.reply());
        out.put("citations", r.citations());
        out.put("actions", r.actions());
        out.put("handoff", r.handoff());
        if (answerId != null) {
            out.put("replyId", answerId);
            if (!r.citations().isEmpty()) {
                // a knowledge answer: the page shows 👍/👎 under it, rated by this id
                out.put("answerId", answerId);
            }
        }
        return out;
    }

    /** The answer stored for a resent message, as the first send got it (empty: a person has the conversation). */
    private static Map<String, Object> stored(ConversationLog.Receipt in, Message answer) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("conversationId", in.conversation().toString());
        JsonNode extras = JSON.createObjectNode();
        if (answer != null && answer.payload() != null) {
            try {
                extras = JSON.readTree(answer.payload());
            } catch (IOException e) {
                // the words still answer; the cards are lost
            }
        }
        out.put("reply", answer == null ? "" : answer.body());
        out.put("citations", extras.path("citations").isArray() ? extras.get("citations") : JSON.createArrayNode());
        out.put("actions", extras.path("actions").isArray() ? extras.get("actions") : JSON.createArrayNode());
        out.put("handoff", answer == null || extras.path("handoff").asBoolean(false));
        if (answer != null) {
            out.put("replyId", answer.id());
            if (!extras.path("citations").isEmpty()) {
                out.put("answerId", answer.id());
            }
        }
        out.put("messageId", in.messageId());
        return out;
    }

    /** How a web page's own message id is stored as the channel message id (WeChat's are msg:…). */
    static final String WEB_ID_PREFIX = "web:";
    /** A page's message id: long enough to be its own, short and plain enough to store and log. */
    static final java.util.regex.Pattern CLIENT_MESSAGE_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{8,64}");
    /** How long a resend waits for the answer another node is making, before asking the page to try again. */
    static final java.time.Duration RESEND_WAIT = java.time.Duration.ofSeconds(20);
    static final long RESEND_POLL_MILLIS = 250;

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
