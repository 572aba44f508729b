package dev.guanjia.bot.handoff;

import java.util.UUID;

/**
 * What the agent needs from the human desk when it hands a resident over: a place in the queue,
 * how long the wait is, and a call back when nobody can take it now. The desk module implements it.
 */
public interface HumanDesk {

    /** The situation a resident is told about when asking for a person. */
    record Wait(int agentsOnline, int waiting, int expectedMinutes, boolean offerCallback) {
    }

    /** Queues the conversation for a person, with why and what the bot understood. */
    void queue(UUID conversation, String reason, String summary);

    Wait estimate(String communityId);

    /**
     * Registers a call back (or, without a number, a reply in the chat); returns the task's id.
     * {@code channelUser} is the channel's id of the resident, "anonymous" when there is none.
     */
    long requestCallback(String communityId, UUID conversation, String channel, Long residentId, String channelUser,
                         String note);
}
