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
        } catch (WxErrorException e) {
            throw refused(e);
        }
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
