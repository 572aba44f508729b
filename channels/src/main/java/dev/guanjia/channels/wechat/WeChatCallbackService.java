package dev.guanjia.channels.wechat;

import dev.guanjia.desk.conversation.ServiceDesk;
import dev.guanjia.desk.conversation.ConversationLog;
import dev.guanjia.desk.delivery.ReplyOutbox;
import dev.guanjia.bot.turn.Identity;
import dev.guanjia.bot.turn.TurnResult;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.bean.message.WxMpXmlOutMessage;
import me.chanjar.weixin.mp.config.impl.WxMpDefaultConfigImpl;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The official account's server callback (WxJava, no Spring). GET answers WeChat's URL check;
 * POST verifies the signature (forged: 403, nothing stored), reads plain or AES messages, stores the
 * message before acknowledging (a retry of the same MsgId is recognised and stored once), stores
 * the answer before sending it, and replies passively when the answer is ready within the wait
 * (a retry gets the stored answer too); otherwise it acknowledges "success" and the {@link ReplyOutbox}
 * pushes the answer as a customer-service (kefu) message, retrying until it arrives. Messages left
 * unanswered by a crash are answered by {@link #resumeUnanswered()}. An account shared by several
 * communities serves each follower in their own ({@link WeChatEstates}), asking one bound nowhere first.
 * <pre>curl 'localhost:8080/wechat/cuihu/callback?signature=…&amp;timestamp=…&amp;nonce=…&amp;echostr=hello'</pre>
 */
public final class WeChatCallbackService implements HttpService {

    private static final Logger LOG = Logger.getLogger(WeChatCallbackService.class.getName());

    private final WeChatAccount account;
    private final WeChatApi api;
    private final WxMpDefaultConfigImpl config;
    private final ServiceDesk desk;
    private final WeChatEstates estates;
    private final ExecutorService workers;
    private final dev.guanjia.channels.login.RateLimiter perUser;
    private final ReplyOutbox replies;
    private final Map<Long, CompletableFuture<Void>> answering = new ConcurrentHashMap<>();
    private final CallbackGuard guard;

    public WeChatCallbackService(WeChatApi api, ServiceDesk desk, ReplyOutbox replies, WeChatEstates estates,
                                 ExecutorService workers, CallbackGuard guard) {
        this(api, desk, replies, estates, workers,
                new dev.guanjia.channels.login.RateLimiter(30, java.time.Clock.systemUTC()), guard);
    }

    /**
     * @param estates the communities the account serves, and which one serves a follower
     * @param perUser messages answered per follower and minute; more are stored and told to wait
     * @param guard   signature, freshness, replay and safe-mode checks, and reading the message
     */
    public WeChatCallbackService(WeChatApi api, ServiceDesk desk, ReplyOutbox replies, WeChatEstates estates,
                                 ExecutorService workers,
                                 dev.guanjia.channels.login.RateLimiter perUser, CallbackGuard guard) {
        this.guard = guard;
        this.perUser = perUser;
        this.account = api.account();
        this.api = api;
        this.config = api.config();
        this.desk = desk;
        this.replies = replies;
        this.estates = estates;
        this.workers = workers;
    }

    private volatile WeChatMeter meter = WeChatMeter.NONE;

    /** Where acknowledgements are counted (the app's metrics); nowhere by default. */
    public WeChatCallbackService meter(WeChatMeter meter) {
        this.meter = meter;
        return this;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/" + account.communityId() + "/callback", this::verify)
                .post("/" + account.communityId() + "/callback", this::receive);
    }

    private void verify(ServerRequest req, ServerResponse res) {
        var q = req.query();
        if (guard.urlCheck(q.first("signature").orElse(""), q.first("timestamp").orElse(""),
                q.first("nonce").orElse(""))) {
            res.send(q.first("echostr").orElse(""));
        } else {
            res.status(Status.FORBIDDEN_403).send("invalid signature");
        }
    }

    private void receive(ServerRequest req, ServerResponse res) throws Exception {
        var q = req.query();
        WxMpXmlMessage in;
        boolean aes;
        try {
            CallbackGuard.Admitted admitted = guard.admit(new CallbackGuard.Query(q.first("signature").orElse(""),
                    q.first("timestamp").orElse(""), q.first("nonce").orElse(""),
                    q.first("encrypt_type").orElse("raw"), q.first("msg_signature").orElse("")),
                    req.content().inputStream());
            in = admitted.message();
            aes = admitted.aes();
        } catch (CallbackGuard.Refused r) {
            // forged, stale, replayed or unreadable: nothing stored, nothing read
            res.status(Status.create(r.status())).send(r.getMessage());
            return;
        }
        String openid = in.getFromUser();
        java.util.Optional<WeChatEstates.Estate> serving = estates.serving(openid);
        if ("event".equals(in.getMsgType()) && "unsubscribe".equalsIgnoreCase(in.getEvent())) {
            serving.ifPresent(e -> e.binding().unbind(openid));
            res.send("success");
            return;
        }
        String said = textOf(in);
        if (said == null) {
            res.send("success");
            return;
        }
        if (serving.isEmpty()) {
            // a shared account's follower who has not said where they live: a question is kept by the
            // account until they pick, then stored and answered in the estate they picked
            WeChatEstates.Choice choice = estates.choose(openid, said);
            reply(res, in, openid, aes, choice.reply());
            choice.waiting().ifPresent(waiting -> estates.serving(openid)
                    .ifPresent(estate -> answerKept(estate, openid, waiting)));
            return;
        }
        java.util.Optional<String> again = estates.change(openid, said);
        if (again.isPresent()) {
            reply(res, in, openid, aes, again.get());
            return;
        }
        WeChatEstates.Estate estate = serving.get();
        // numbers and codes typed while binding are stored (and read by the agent) as marks only
        String text = estate.binding().forRecord(openid, said);
        Identity identity = new Identity("wechat", "wechat_openid", openid);
        String conversation = desk.conversationFor(estate.communityId(), identity);
        // stored before anything is acknowledged; a retry of the same message is stored once
        String key = in.getMsgId() != null ? "msg:" + in.getMsgId()
                : "evt:" + openid + ":" + in.getCreateTime() + ":" + in.getEvent() + ":" + in.getEventKey();
        ConversationLog.Received received = desk.receive(conversation, text, key);
        long id = received.messageId();
        long wait = account.passiveWaitMillis();
        if (!received.fresh()) {
            // WeChat's retry (or a retry after our restart): the stored answer, or the one being made
            CompletableFuture<Void> running = answering.get(id);
            // the claim succeeds only for a message still waiting whose worker is gone
            if (running == null && desk.claim(id)) {
                running = answer(estate, conversation, identity, openid, said, text, in.getMsgType(), in.getMediaId(), id, wait);
            }
            respond(res, in, openid, aes, id, running, wait);
            return;
        }
        if (!perUser.allow(openid)) {
            desk.reply(conversation, id, "您发送得太快了，消息已收到，请稍等片刻再继续。", Instant.now().plusMillis(wait + HOLD));
            respond(res, in, openid, aes, id, null, wait);
            return;
        }
        respond(res, in, openid, aes, id, answer(estate, conversation, identity, openid, said, text, in.getMsgType(),
                in.getMediaId(), id, wait), wait);
    }

    /** Stores a message kept from before the follower picked an estate, and answers it as a push. */
    private void answerKept(WeChatEstates.Estate estate, String openid, String said) {
        Identity identity = new Identity("wechat", "wechat_openid", openid);
        String conversation = desk.conversationFor(estate.communityId(), identity);
        String text = estate.binding().forRecord(openid, said);
        long id = desk.receive(conversation, text, null).messageId();
        answer(estate, conversation, identity, openid, said, text, "text", null, id, 0).whenComplete((v, e) -> push(id));
    }

    /** Extra time a stored answer waits for its passive reply before a pusher may send it. */
    private static final long HOLD = 2_000;

    /**
     * Answers a stored message on a worker, storing the answer; one answering per message in this
     * process, shared by the first request and WeChat's retries.
     */
    private CompletableFuture<Void> answer(WeChatEstates.Estate estate, String conversation, Identity identity, String openid, String said,
                                           String text, String type, String mediaId, long id, long wait) {
        return answering.computeIfAbsent(id, k -> {
            Instant deliverAfter = Instant.now().plusMillis(wait + HOLD);
            // the worker's lines name the request that brought the message
            // the photo choice, the binding step and the turn each ask who the follower is: looked up once
            CompletableFuture<Void> f = CompletableFuture.runAsync(dev.guanjia.community.logging.LogContext.carried(
                    () -> estates.once(() -> {
                    String immediate = estate.photos().receive(openid, conversation, type, mediaId).orElse(immediateReply(text));
                    if (immediate == null && ("text".equals(type) || "voice".equals(type))) {
                        // which order a photo goes to, or a binding step; these read the text as typed
                        // (the stored text has numbers masked)
                        immediate = estate.photos().choose(openid, said)
                                .or(() -> estate.reminders().handle(openid, said))
                                .or(() -> estate.binding().handle(openid, said.strip())).orElse(null);
                    }
                    if (immediate != null) {
                        desk.reply(conversation, id, immediate, deliverAfter);
                    } else {
                        desk.answer(estate.communityId(), conversation, identity, text, id, deliverAfter);
                    }
                    return null;
            })), workers);
            f.whenComplete((v, e) -> {
                answering.remove(id);
                if (e != null) {
                    LOG.log(Level.WARNING, "message " + id + " in conversation " + conversation + " not answered; "
                            + "it will be retried when its lease ends", e);
                }
            });
            return f;
        });
    }

    /**
     * The HTTP answer to WeChat: the stored answer as a passive reply when it is ready within the
     * wait, else "success" now and the answer pushed as a customer-service message once stored.
     */
    private void respond(ServerResponse res, WxMpXmlMessage in, String openid, boolean aes, long id,
                         CompletableFuture<Void> running, long wait) throws Exception {
        if (running != null) {
            try {
                running.get(wait, TimeUnit.MILLISECONDS);
            } catch (TimeoutException slow) {
                meter.acknowledged(WeChatMeter.Ack.DEFERRED);
                res.send("success");
                running.whenComplete((v, e) -> push(id));
                return;
            } catch (java.util.concurrent.ExecutionException failed) {
                meter.acknowledged(WeChatMeter.Ack.FAILED);
                res.send("success");
                return;
            }
        }
        reply(res, in, openid, aes, replies.takePassive(id).orElse(null));
    }

    private void push(long id) {
        try {
            replies.pushNow(id);
        } catch (Exception e) {
            LOG.warning("answer to message " + id + " not pushed now (" + e.getClass().getSimpleName()
                    + "); the outbox retries it");
        }
    }

    /**
     * Answers messages stored but never answered because the worker that took them is gone (a
     * crash between acknowledging and answering): run periodically, and once at start.
     */
    public int resumeUnanswered() {
        int resumed = 0;
        for (WeChatEstates.Estate estate : estates.all()) {
            for (ConversationLog.Unanswered u : desk.unanswered(estate.communityId(), "wechat", Duration.ofHours(48), 50)) {
                if (answering.containsKey(u.messageId()) || !desk.claim(u.messageId())) {
                    continue;
                }
                Identity identity = new Identity("wechat", "wechat_openid", u.channelUser());
                String type = "[图片]".equals(u.body()) ? "image" : "text";
                answer(estate, u.conversation().toString(), identity, u.channelUser(), u.body(), u.body(), type, null,
                        u.messageId(), 0).whenComplete((v, e) -> push(u.messageId()));
                resumed++;
            }
        }
        return resumed;
    }

    /** What the resident said, as text the agent understands; null for events that need no answer. */
    private static String textOf(WxMpXmlMessage in) {
        String type = in.getMsgType();
        if ("text".equals(type)) {
            return in.getContent();
        }
        if ("voice".equals(type)) {
            String heard = in.getRecognition();
            return heard == null || heard.isBlank() ? "[语音]" : heard;
        }
        if ("image".equals(type)) {
            return "[图片]";
        }
        if ("location".equals(type)) {
            // kept as words the agent and the console can read: where the resident is pointing at
            return "[位置] " + (in.getLabel() == null ? "" : in.getLabel() + " ") + "(" + in.getLocationX() + ", "
                    + in.getLocationY() + ")";
        }
        if ("link".equals(type)) {
            return "[链接] " + (in.getTitle() == null ? "" : in.getTitle()) + " " + (in.getUrl() == null ? "" : in.getUrl());
        }
        if ("video".equals(type) || "shortvideo".equals(type)) {
            return "[视频]";
        }
        if ("event".equals(type)) {
            String event = in.getEvent() == null ? "" : in.getEvent().toLowerCase();
            return switch (event) {
                case "subscribe" -> "[关注]";
                case "click" -> switch (String.valueOf(in.getEventKey())) {
                    case "BILLS" -> "帮我查一下我家的账单";
                    case "REPAIR" -> "我要报修";
                    case "ORDERS" -> "我的报修现在怎么样了";
                    case "HUMAN" -> "转人工";
                    default -> null;
                };
                default -> null;
            };
        }
        return null;
    }

    /** Messages that need no agent: welcome, unheard voice, pictures without words. */
    private static String immediateReply(String t) {
        if ("[关注]".equals(t)) {
            return "欢迎关注！我是物业智能管家，可以帮您查账单、报修、查看工单进度，解答缴费、装修、门禁、停车等问题。"
                    + "查账单和工单前需要先绑定：" + WeChatBinding.HOW;
        }
        if ("[语音]".equals(t)) {
            return "抱歉，这条语音没有识别出来，请直接打字告诉我，或拨打物业服务电话。";
        }
        if (t != null && t.startsWith("[位置]")) {
            return "收到您发送的位置。如果是公共区域需要维修或有安全隐患，请再用文字说一下是什么问题，我按这个位置为您登记；"
                    + "紧急情况请直接拨打物业服务电话。";
        }
        if (t != null && t.startsWith("[链接]")) {
            return "收到您分享的链接。我打不开链接内容，请直接用文字告诉我需要办理或咨询什么。";
        }
        if ("[视频]".equals(t)) {
            return "收到您的视频。请再用文字简单说一下是什么问题、在什么位置，我来为您登记；需要人工查看请回复“人工”。";
        }
        if ("[图片]".equals(t)) {
            return "收到您的图片。请再用文字简单说一下是什么问题、在什么位置，我来为您登记。";
        }
        return null;
    }

    /** A passive text reply; nothing (just "success") when there is nothing to say, e.g. a person is answering. */
    private void reply(ServerResponse res, WxMpXmlMessage in, String openid, boolean aes, String text) {
        if (text == null || text.isBlank()) {
            meter.acknowledged(WeChatMeter.Ack.EMPTY);
            res.send("success");
            return;
        }
        meter.acknowledged(WeChatMeter.Ack.PASSIVE);
        WxMpXmlOutMessage out = WxMpXmlOutMessage.TEXT().content(text).fromUser(in.getToUser()).toUser(openid).build();
        res.header(HeaderNames.CONTENT_TYPE, "application/xml; charset=utf-8")
                .send(aes ? out.toEncryptedXml(config) : out.toXml());
    }
}
