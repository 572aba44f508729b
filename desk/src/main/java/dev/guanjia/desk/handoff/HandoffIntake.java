package dev.guanjia.desk.handoff;

import dev.guanjia.bot.handoff.HumanDesk;
import dev.guanjia.desk.conversation.ConversationLog;

import java.util.UUID;

/** Where the agent hands a resident to people: the conversation's queue, the wait, call backs. */
public final class HandoffIntake implements HumanDesk {

    private final ConversationLog log;
    private final Availability availability;
    private final Callbacks callbacks;

    public HandoffIntake(ConversationLog log, Availability availability, Callbacks callbacks) {
        this.log = log;
        this.availability = availability;
        this.callbacks = callbacks;
    }

    @Override
    public void queue(UUID conversation, String reason, String summary) {
        log.queueForHuman(conversation, reason, summary);
    }

    @Override
    public Wait estimate(String communityId) {
        return availability.estimate(communityId);
    }

    @Override
    public long requestCallback(String communityId, UUID conversation, String channel, Long residentId,
                                String channelUser, String note) {
        return callbacks.request(communityId, conversation, channel, residentId, channelUser, note);
    }
}
