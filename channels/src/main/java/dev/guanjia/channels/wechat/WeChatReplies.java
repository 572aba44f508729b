package dev.guanjia.channels.wechat;

import dev.guanjia.desk.delivery.ReplySender;

import java.util.Set;

/**
 * Pushes a stored answer to a follower as a customer-service message. When WeChat no longer accepts
 * those (48 hours without a message from the follower, or unsubscribed) it falls back to the
 * configured template message; without one the window is closed and agents follow up.
 */
public final class WeChatReplies implements ReplySender {

    private static final Set<Integer> CLOSED = WeChatApi.WINDOW_CLOSED;

    private final WeChatAccounts accounts;

    public WeChatReplies(WeChatAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public void push(String communityId, String openid, String text) throws Exception {
        WeChatApi api = accounts.of(communityId)
                .orElseThrow(() -> new WindowClosed("no official account for community " + communityId));
        try {
            api.sendText(openid, text);
        } catch (WeChatApi.Refused e) {
            if (!CLOSED.contains(e.code())) {
                throw new IllegalStateException("WeChat refused the message: errcode " + e.code());
            }
            try {
                api.sendTemplate(openid, text);
            } catch (WeChatApi.Refused template) {
                throw new WindowClosed("WeChat errcode " + e.code() + ", template: errcode " + template.code());
            }
        }
    }
}
