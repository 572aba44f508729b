package dev.guanjia.channels.wechat;

import dev.guanjia.payments.reminder.WeChatReminders;

/**
 * Payment reminders through the community's official account, the way work-order notices go
 * ({@link WeChatNotices}): a customer-service message, and outside the 48-hour window (45015, 43004)
 * the account's notice template. Whatever WeChat refuses is thrown, so the reminder tries SMS next.
 */
public final class WeChatBillReminders implements WeChatReminders {

    private final WeChatAccounts accounts;

    public WeChatBillReminders(WeChatAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public boolean reaches(String communityId) {
        return accounts.of(communityId).isPresent();
    }

    @Override
    public void send(String communityId, String openid, String text) throws Exception {
        WeChatApi api = accounts.of(communityId)
                .orElseThrow(() -> new IllegalStateException("no official account for " + communityId));
        try {
            api.sendText(openid, text);
        } catch (WeChatApi.Refused e) {
            if ((e.code() != 45015 && e.code() != 43004) || api.account().noticeTemplateId() == null) {
                throw e;
            }
            api.sendTemplate(openid, text);
        }
    }
}
