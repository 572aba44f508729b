package dev.guanjia.ticketing.outbox;

/** A channel that can deliver notices (WeChat, web chat, SMS…). Throws when delivery failed. */
@FunctionalInterface
public interface NotificationSender {

    void send(Notification notification) throws Exception;

    /** Sends through each channel in turn; a failure of any one makes the whole notice be retried. */
    static NotificationSender all(java.util.List<NotificationSender> senders) {
        return n -> {
            for (NotificationSender s : senders) {
                s.send(n);
            }
        };
    }
}
