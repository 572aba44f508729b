package dev.guanjia.desk.delivery;

/** Pushes a stored answer to the resident on a channel that can push (WeChat customer-service messages). */
@FunctionalInterface
public interface ReplySender {

    /** Delivers or throws; {@link WindowClosed} when no retry can help (the channel stopped accepting). */
    void push(String communityId, String channelUser, String text) throws Exception;

    /** The channel no longer accepts messages to this person (WeChat's 48-hour window, unsubscribed). */
    final class WindowClosed extends Exception {
        public WindowClosed(String message) {
            super(message);
        }
    }
}
