package dev.guanjia.channels.wechat;

import dev.guanjia.community.resident.Resident;
import dev.guanjia.community.resident.Residents;
import dev.guanjia.payments.reminder.ReminderOptOuts;

import java.util.Optional;

/**
 * A follower's reply "退订催缴" stops their payment reminders, "恢复催缴" brings them back: answered
 * at once, like a binding step, without the agent.
 */
public final class WeChatReminderReplies {

    private final String communityId;
    private final Residents residents;
    private final ReminderOptOuts optOuts;

    public WeChatReminderReplies(String communityId, Residents residents, ReminderOptOuts optOuts) {
        this.communityId = communityId;
        this.residents = residents;
        this.optOuts = optOuts;
    }

    /** The answer when the message is one of the words; empty otherwise. */
    public Optional<String> handle(String openid, String said) {
        String word = said == null ? "" : said.strip().replaceAll("[。.!！\\s]", "");
        boolean stop = ReminderOptOuts.STOP_WORDS.contains(word.toUpperCase());
        boolean resume = ReminderOptOuts.RESUME_WORDS.contains(word);
        if (!stop && !resume) {
            return Optional.empty();
        }
        Optional<Resident> me = residents.identify(communityId, "wechat_openid", openid);
        if (me.isEmpty()) {
            return Optional.of("您的微信还没有绑定房屋，不会收到缴费提醒。");
        }
        if (stop) {
            optOuts.optOut(communityId, me.get().id(), "wechat");
            return Optional.of("已为您关闭缴费提醒，之后不再发送催缴通知；账单仍可随时查询。如需恢复，请回复“恢复催缴”。");
        }
        optOuts.optIn(communityId, me.get().id(), "wechat");
        return Optional.of("已为您恢复缴费提醒，账单到期前和逾期后会通知您。");
    }
}
