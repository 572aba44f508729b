package dev.guanjia.desk.handoff;

/**
 * Carries a human agent's words to the resident on the channel they wrote from (WeChat customer
 * service message, a callback task for the phone). Web chat needs none: its page streams the stored
 * messages.
 */
@FunctionalInterface
public interface ChannelDelivery {

    /**
     * Delivers the stored message or throws; the agent is told when it failed, or that it is still
     * being retried ({@link Retrying}).
     */
    void deliver(String communityId, java.util.UUID conversation, long messageId, String channelUser, String text)
            throws Exception;

    /** Not delivered yet, but queued: the channel's outbox keeps trying. */
    final class Retrying extends Exception {
        public Retrying() {
            super("queued for retry");
        }
    }

    /**
     * The phone: words cannot be pushed into a finished call, so the agent's reply becomes a
     * callback task (one per conversation) carrying what was to be said.
     */
    static ChannelDelivery byCallback(Callbacks callbacks) {
        return (communityId, conversation, messageId, caller, text) -> callbacks.request(communityId, conversation, "voice",
                null, caller, "回电告知：" + text);
    }
}
