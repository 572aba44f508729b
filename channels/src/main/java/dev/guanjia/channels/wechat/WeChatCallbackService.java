package dev.guanjia.channels.wechat;

import dev.guanjia.bot.agent.ServiceDesk;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The official account's server callback (WxJava, no Spring). GET answers WeChat's URL check;
 * POST verifies the signature (forged: 403, nothing stored), reads plain or AES messages, stores the
 * message before acknowledging (a retry of the same MsgId is recognised and stored once), and
 * replies passively when the answer is ready within the wait, otherwise acknowledges "success" and
 * sends the answer as a customer-service (kefu) message.
 * <pre>curl 'localhost:8080/wechat/cuihu/callback?signature=…&amp;timestamp=…&amp;nonce=…&amp;echostr=hello'</pre>
 */
public final class WeChatCallbackService implements HttpService {

    private static final Logger LOG = Logger.getLogger(WeChatCallbackService.class.getName());
    private static final int MAX_BODY = 64 * 1024;

    private final WeChatAccount account;
    private final WeChatApi api;
    private final WxMpDefaultConfigImpl config;
    private final ServiceDesk desk;
    private final WeChatBinding binding;
    private final WeChatPhotos photos;
    private final ExecutorService workers;
    private final dev.guanjia.channels.login.RateLimiter perUser;

    public WeChatCallbackService(WeChatApi api, ServiceDesk desk, WeChatBinding binding, WeChatPhotos photos,
                                 ExecutorService workers) {
        this(api, desk, binding, photos, workers, new dev.guanjia.channels.login.RateLimiter(30, java.time.Clock.systemUTC()));
    }

    /** @param perUser messages answered per follower and minute; more are stored but not answered */
    public WeChatCallbackService(WeChatApi api, ServiceDesk desk, WeChatBinding binding, WeChatPhotos photos,
                                 ExecutorService workers, dev.guanjia.channels.login.RateLimiter perUser) {
        this.perUser = perUser;
        this.account = api.account();
        this.api = api;
        this.config = api.config();
        this.desk = desk;
        this.binding = binding;
        this.photos = photos;
        this.workers = workers;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/" + account.communityId() + "/callback", this::verify)
                .post("/" + account.communityId() + "/callback", this::receive);
    }

    private void verify(ServerRequest req, ServerResponse res) {
        var q = req.query();
        if (api.checkSignature(q.first("timestamp").orElse(""), q.first("nonce").orElse(""),
                q.first("signature").orElse(""))) {
            res.send(q.first("echostr").orElse(""));
        } else {
            res.status(Status.FORBIDDEN_403).send("invalid signature");
        }
    }

    private void receive(ServerRequest req, ServerResponse res) throws Exception {
        var q = req.query();
        String timestamp = q.first("timestamp").orElse("");
        String nonce = q.first("nonce").orElse("");
        boolean aes = "aes".equals(q.first("encrypt_type").orElse("raw"));
        if (!api.checkSignature(timestamp, nonce, q.first("signature").orElse(""))) {
            LOG.warning("WeChat callback with a wrong signature refused");
            res.status(Status.FORBIDDEN_403).send("invalid signature");
            return;
        }
        byte[] raw = req.content().inputStream().readNBytes(MAX_BODY + 1);
        if (raw.length > MAX_BODY) {
            res.status(Status.REQUEST_ENTITY_TOO_LARGE_413).send("too large");
            return;
        }
        String body = new String(raw, StandardCharsets.UTF_8);
        WxMpXmlMessage in;
        try {
            in = aes ? WxMpXmlMessage.fromEncryptedXml(body, config, timestamp, nonce,
                    q.first("msg_signature").orElse("")) : WxMpXmlMessage.fromXml(body);
        } catch (RuntimeException e) {
            LOG.warning("WeChat callback not readable: " + e.getMessage());
            res.status(Status.FORBIDDEN_403).send("invalid message");
            return;
        }
        String openid = in.getFromUser();
        if ("event".equals(in.getMsgType()) && "unsubscribe".equalsIgnoreCase(in.getEvent())) {
            binding.unbind(openid);
            res.send("success");
            return;
        }
        String text = textOf(in);
        if (text == null) {
            res.send("success");
            return;
        }
        Identity identity = new Identity("wechat", "wechat_openid", openid);
        String conversation = desk.conversationFor(account.communityId(), identity);
        // stored before anything is acknowledged; a retry of the same message is stored once
        String key = in.getMsgId() != null ? "msg:" + in.getMsgId()
                : "evt:" + openid + ":" + in.getCreateTime() + ":" + in.getEvent() + ":" + in.getEventKey();
        if (!desk.receive(conversation, text, key)) {
            res.send("success");
            return;
        }
        if (!perUser.allow(openid)) {
            reply(res, in, openid, aes, "您发送得太快了，消息已收到，请稍等片刻再继续。");
            return;
        }
        String immediate = photos.receive(openid, conversation, in.getMsgType(), in.getMediaId())
                .orElse(immediateReply(in));
        if (immediate == null && in.getContent() != null) {
            immediate = photos.choose(openid, in.getContent()).or(() -> binding.handle(openid,
                    in.getContent().strip())).orElse(null);
        }
        CompletableFuture<String> answer = immediate != null ? CompletableFuture.completedFuture(immediate)
                : CompletableFuture.supplyAsync(() -> desk.answer(account.communityId(), conversation, identity, text),
                workers).thenApply(TurnResult::reply);
        try {
            reply(res, in, openid, aes, answer.get(account.passiveWaitMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException slow) {
            res.send("success");
            answer.thenAccept(reply -> {
                if (!reply.isBlank()) {
                    kefu(openid, reply);
                }
            });
        }
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
    private static String immediateReply(WxMpXmlMessage in) {
        String t = textOf(in);
        if ("[关注]".equals(t)) {
            return "欢迎关注！我是物业智能管家，可以帮您查账单、报修、查看工单进度，解答缴费、装修、门禁、停车等问题。"
                    + "查询个人账单前，请先用预留手机号在“在线客服”页面登录验证。";
        }
        if ("[语音]".equals(t)) {
            return "抱歉，这条语音没有识别出来，请直接打字告诉我，或拨打物业服务电话。";
        }
        if ("[图片]".equals(t)) {
            return "收到您的图片。请再用文字简单说一下是什么问题、在什么位置，我来为您登记。";
        }
        return null;
    }

    /** A passive text reply; nothing (just "success") when there is nothing to say, e.g. a person is answering. */
    private void reply(ServerResponse res, WxMpXmlMessage in, String openid, boolean aes, String text) {
        if (text == null || text.isBlank()) {
            res.send("success");
            return;
        }
        WxMpXmlOutMessage out = WxMpXmlOutMessage.TEXT().content(text).fromUser(in.getToUser()).toUser(openid).build();
        res.header(HeaderNames.CONTENT_TYPE, "application/xml; charset=utf-8")
                .send(aes ? out.toEncryptedXml(config) : out.toXml());
    }

    private void kefu(String openid, String text) {
        try {
            api.sendText(openid, text);
        } catch (WeChatApi.Refused e) {
            // 45015: outside the 48-hour window or unsubscribed; retrying cannot help
            LOG.log(e.code() == 45015 ? Level.INFO : Level.WARNING, "kefu message to " + openid + " not delivered: "
                    + e.code() + " " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "kefu message to " + openid + " failed", e);
        }
    }
}
