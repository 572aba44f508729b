package dev.guanjia.channels.login;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Sends a text message to a phone. Plug a real SMS gateway in here (see README). */
@FunctionalInterface
public interface SmsSender {

    void send(String phone, String text);

    /**
     * The same gateway, sending on its own virtual thread: a code request then answers as fast for
     * a registered number (a text goes out) as for an unknown one (nothing is sent), so the time of
     * the answer does not tell who lives here. A failure is logged, never shown to the requester.
     */
    static SmsSender inBackground(SmsSender gateway) {
        Logger log = Logger.getLogger(SmsSender.class.getName());
        return (phone, text) -> Thread.ofVirtual().name("sms").start(() -> {
            try {
                gateway.send(phone, text);
            } catch (RuntimeException e) {
                log.log(Level.WARNING, "SMS not sent", e);
            }
        });
    }
}
