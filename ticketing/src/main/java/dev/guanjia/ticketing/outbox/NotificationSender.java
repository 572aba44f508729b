package dev.guanjia.ticketing.outbox;

/** A channel that can deliver notices (WeChat, web chat, SMS…). Throws when delivery failed. */
@FunctionalInterface
public interface NotificationSender {

    void send(Notification notification) throws Exception;
}
