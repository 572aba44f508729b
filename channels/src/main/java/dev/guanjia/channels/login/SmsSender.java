package dev.guanjia.channels.login;

/** Sends a text message to a phone. Plug a real SMS gateway in here (see README). */
@FunctionalInterface
public interface SmsSender {

    void send(String phone, String text);
}
