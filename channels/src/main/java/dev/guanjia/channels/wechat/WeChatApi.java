package dev.guanjia.channels.wechat;

import me.chanjar.weixin.common.bean.menu.WxMenu;
import me.chanjar.weixin.common.bean.menu.WxMenuButton;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.api.impl.WxMpServiceImpl;
import me.chanjar.weixin.mp.bean.kefu.WxMpKefuMessage;
import me.chanjar.weixin.mp.config.WxMpHostConfig;
import me.chanjar.weixin.mp.config.impl.WxMpDefaultConfigImpl;

import java.util.List;

/** The official account's side of the WeChat API (WxJava), shared by the callback and notices. */
public final class WeChatApi {

    /** WeChat refused a message for good (e.g. 45015: outside the 48-hour window). */
    public static final class Refused extends Exception {
        private final int code;

        Refused(int code, String message) {
            super(message);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    /**
     * WxJava logs every failed API call with its URL (holding the access_token) and its JSON (holding
     * the resident's message), and at debug level every call; Apache HttpClient's wire and header logs
     * do the same. Those loggers are switched off; this class reports what an operator needs (openid,
     * errcode, WeChat's errmsg). Held here because java.util.logging keeps loggers only weakly.
     */
    private static final List<java.util.logging.Logger> QUIET = java.util.stream.Stream.of(
            "me.chanjar.weixin", "org.apache.http", "org.apache.hc.client5.http")
            .map(java.util.logging.Logger::getLogger).toList();

    static {
        QUIET.forEach(l -> l.setLevel(java.util.logging.Level.OFF));
    }

    /** Media as WeChat hands it out: the bytes and the declared type. */
    public record Media(byte[] bytes, String contentType) {
    }

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder()
            .connectTimeout(java.time.Duration.ofSeconds(5)).followRedirects(java.net.http.HttpClient.Redirect.NORMAL)
            .build();

    private final WeChatAccount account;
    private final WxMpDefaultConfigImpl config = new WxMpDefaultConfigImpl();
    private final WxMpService wx = new WxMpServiceImpl();

    public WeChatApi(WeChatAccount account) {
        this.account = account;
        config.setAppId(account.appId());
        config.setSecret(account.secret());
        config.setToken(account.token());
        if (account.aesKey() != null) {
            config.setAesKey(account.aesKey());
        }
        if (account.apiHost() != null) {
            config.setHostConfig(WxMpHostConfig.builder().apiHost(account.apiHost()).build());
        }
        wx.setWxMpConfigStorage(config);
    }

    public WeChatAccount account() {
        return account;
    }

    WxMpDefaultConfigImpl config() {
        return config;
    }

    /** A customer-service text message; transient errors are retried by WxJava, refusals thrown. */
    public void sendText(String openid, String text) throws Refused {
        try {
            wx.getKefuService().sendKefuMessage(WxMpKefuMessage.TEXT().toUser(openid).content(text).build());
            meter.kefu(WeChatMeter.Kefu.SENT);
        } catch (WxErrorException e) {
            Refused r = refused(e);
            meter.kefu(r.code() == 0 ? WeChatMeter.Kefu.ERROR : WINDOW_CLOSED.contains(r.code())
                    ? WeChatMeter.Kefu.WINDOW_CLOSED : WeChatMeter.Kefu.REFUSED);
            throw r;
        } catch (RuntimeException e) {
            meter.kefu(WeChatMeter.Kefu.ERROR);
            throw e;
        }
    }

    /** 45015: outside the 48-hour window; 43004: not following; 40003: no such openid. */
    static final java.util.Set<Integer> WINDOW_CLOSED = java.util.Set.of(45015, 43004, 40003);

    private volatile WeChatMeter meter = WeChatMeter.NONE;

    /** Where customer-service messages are counted (the app's metrics); nowhere by default. */
    public WeChatApi meter(WeChatMeter meter) {
        this.meter = meter;
        return this;
    }

    /** A template message (certified service accounts): the notice text in the configured field. */
    public void sendTemplate(String openid, String text) throws Refused {
        if (account.noticeTemplateId() == null) {
            throw new Refused(0, "no notice template configured");
        }
        String field = account.noticeTemplateField() == null ? "thing1" : account.noticeTemplateField();
        // "thing" fields take at most 20 characters
        String value = field.startsWith("thing") && text.length() > 20 ? text.substring(0, 19) + "…" : text;
        try {
            wx.getTemplateMsgService().sendTemplateMsg(me.chanjar.weixin.mp.bean.template.WxMpTemplateMessage.builder()
                    .toUser(openid).templateId(account.noticeTemplateId()).build()
                    .addData(new me.chanjar.weixin.mp.bean.template.WxMpTemplateData(field, value)));
        } catch (WxErrorException e) {
            throw refused(e);
        }
    }

    /**
     * Downloads temporary media (a photo or voice a follower sent) by its MediaId: GET
     * /cgi-bin/media/get. WeChat answers with the bytes, or with JSON {"errcode":…} (e.g. 40007: no
     * such media, expired after 3 days); an expired access token is renewed once.
     *
     * @param maxBytes larger media is refused (code -2) without reading it all
     * @throws Refused WeChat's error code (0 when unknown); java.io.IOException for the network
     */
    public Media downloadMedia(String mediaId, int maxBytes) throws Refused, java.io.IOException {
        for (int attempt = 0; ; attempt++) {
            String token;
            try {
                token = wx.getAccessToken(attempt > 0);
            } catch (WxErrorException e) {
                throw new Refused(e.getError() == null ? 0 : e.getError().getErrorCode(), e.getMessage());
            }
            String host = account.apiHost() == null ? "https://api.weixin.qq.com" : account.apiHost();
            java.net.URI uri = java.net.URI.create(host + "/cgi-bin/media/get?access_token="
                    + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8) + "&media_id="
                    + java.net.URLEncoder.encode(mediaId, java.nio.charset.StandardCharsets.UTF_8));
            java.net.http.HttpResponse<java.io.InputStream> r;
            try {
                r = HTTP.send(java.net.http.HttpRequest.newBuilder(uri).timeout(java.time.Duration.ofSeconds(30))
                        .GET().build(), java.net.http.HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("media download interrupted");
            }
            byte[] body;
            try (java.io.InputStream in = r.body()) {
                body = in.readNBytes(maxBytes + 1);
            }
            if (body.length > maxBytes) {
                throw new Refused(-2, "media larger than " + maxBytes + " bytes");
            }
            String type = r.headers().firstValue("Content-Type").orElse("").toLowerCase();
            boolean json = type.contains("json") || type.startsWith("text/") || body.length > 0 && body[0] == '{';
            if (r.statusCode() == 200 && !json) {
                return new Media(body, type.isEmpty() ? null : type);
            }
            if (r.statusCode() >= 500) {
                throw new java.io.IOException("WeChat media server answered " + r.statusCode());
            }
            int code = 0;
            String message = "HTTP " + r.statusCode();
            try {
                com.fasterxml.jackson.databind.JsonNode err = new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(body);
                code = err.path("errcode").asInt(0);
                message = err.path("errmsg").asText(message);
            } catch (java.io.IOException notJson) {
                // keep the status line
            }
            // 40001/42001/40014: the token expired or was replaced elsewhere; renew it once
            if (attempt == 0 && (code == 40001 || code == 42001 || code == 40014)) {
                continue;
            }
            // -1: system busy, worth another try later
            if (code == -1 || code == 0) {
                throw new java.io.IOException("WeChat media download failed: " + code + " " + message);
            }
            throw new Refused(code, message);
        }
    }

    /** Creates the account's menu: 查账单 / 报修 / 我的工单 / 人工, sent to the callback as click events. */
    public void createMenu() throws Refused {
        WxMenu menu = new WxMenu();
        menu.setButtons(List.of(button("查账单", "BILLS"), button("报修", "REPAIR"), button("我的工单", "ORDERS"),
                button("人工", "HUMAN")));
        try {
            wx.getMenuService().menuCreate(menu);
        } catch (WxErrorException e) {
            throw refused(e);
        }
    }

    /** errcode and WeChat's errmsg only: WxJava's own message appends the raw response. */
    private static Refused refused(WxErrorException e) {
        if (e.getError() == null) {
            return new Refused(0, "WeChat API call failed");
        }
        String msg = e.getError().getErrorMsg() == null ? "" : e.getError().getErrorMsg();
        return new Refused(e.getError().getErrorCode(), "errcode " + e.getError().getErrorCode() + ": "
                + (msg.length() > 120 ? msg.substring(0, 120) + "…" : msg));
    }

    private static WxMenuButton button(String name, String key) {
        WxMenuButton b = new WxMenuButton();
        b.setType("click");
        b.setName(name);
        b.setKey(key);
        return b;
    }
}
