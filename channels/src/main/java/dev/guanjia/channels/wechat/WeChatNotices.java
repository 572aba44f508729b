package dev.guanjia.channels.wechat;

import dev.guanjia.community.resident.Bindings;
import dev.guanjia.ticketing.outbox.Notification;
import dev.guanjia.ticketing.outbox.NotificationSender;

import java.util.logging.Logger;

/**
 * Delivers work-order notices to residents who use the official account, as customer-service
 * messages. A resident without an openid, or staff, is not this channel's to reach. Outside the
 * 48-hour window (45015) the notice goes as a template message when one is configured, else it is
 * recorded in the log and not retried; other failures are thrown so the outbox retries them.
 */
public final class WeChatNotices implements NotificationSender {

    private static final Logger LOG = Logger.getLogger(WeChatNotices.class.getName());

    private final WeChatAccounts accounts;
    private final Bindings bindings;

    /** @param accounts a notice goes out through the account of the order's community */
    public WeChatNotices(WeChatAccounts accounts, Bindings bindings) {
        this.accounts = accounts;
        this.bindings = bindings;
    }

    @Override
    public void send(Notification n) throws Exception {
        java.util.Optional<WeChatApi> account = accounts.of(n.communityId());
        if (!"resident".equals(n.targetKind()) || account.isEmpty()) {
            return;
        }
        WeChatApi api = account.get();
        for (String openid : bindings.of(n.targetId(), "wechat_openid")) {
            try {
                api.sendText(openid, n.message());
            } catch (WeChatApi.Refused e) {
                if (e.code() != 45015 && e.code() != 43004) {
                    throw e;
                }
                // outside the 48-hour window: a template message if the account has one, else recorded only
                if (api.account().noticeTemplateId() != null) {
                    api.sendTemplate(openid, n.message());
                } else {
                    LOG.info(() -> "notice " + n.id() + " not deliverable by WeChat (" + e.code() + "): "
                            + e.getMessage());
                }
            }
        }
    }
}
