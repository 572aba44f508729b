package dev.guanjia.bot.handoff;

/**
 * Carries a human agent's words to the resident on the channel they wrote from (WeChat customer
 * service message, a callback task for the phone). Web chat needs none: its page streams the stored
 * messages.
 */
@FunctionalInterface
public interface ChannelDelivery {

    /** Delivers or throws; the message is stored either way and the agent is told when it failed. */
    void deliver(String communityId, String channelUser, String text) throws Exception;
}
