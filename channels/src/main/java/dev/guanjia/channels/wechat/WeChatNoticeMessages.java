package dev.guanjia.channels.wechat;

import dev.guanjia.notices.delivery.NoticeMessenger;

/**
 * Notices (公告) through the community's official account, the way payment reminders go
 * ({@link WeChatBillReminders}): a customer-service message, and outside the 48-hour window (45015,
 * 43004) the account's notice template. Whatever WeChat refuses is thrown, so the delivery retries.
 */
public final class WeChatNoticeMessages implements NoticeMessenger {

    private final WeChatBillReminders reminders;

    public WeChatNoticeMessages(WeChatAccounts accounts) {
        this.reminders = new WeChatBillReminders(accounts);
    }

    @Override
    public boolean reaches(String communityId) {
        return reminders.reaches(communityId);
    }

    @Override
    public void send(String communityId, String openid, String text) throws Exception {
        reminders.send(communityId, openid, text);
    }
}
