package dev.guanjia.community.sms;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Sends a text message to a phone. Plug a real SMS gateway in here (see README). */
@FunctionalInterface
public interface SmsSender {

    /** Sends free text: what the logging sender and test doubles implement. */
    void send(String phone, String text);

    /** Sends a templated message; template gateways override this, others send the text. */
    default void send(Sms sms) {
        send(sms.phone(), sms.text());
    }

    /**
     * The same gateway, sending on its own virtual thread: a code request then answers as fast for
     * a registered number (a text goes out) as for an unknown one (nothing is sent), so the time of
     * the answer does not tell who lives here. A failure is logged, never shown to the requester.
     */
    static SmsSender inBackground(SmsSender gateway) {
        Logger log = Logger.getLogger(SmsSender.class.getName());
        return new SmsSender() {
            @Override
            public void send(String phone, String text) {
                send(new Sms(phone, "text", java.util.Map.of(), text));
            }

            @Override
            public void send(Sms sms) {
                Thread.ofVirtual().name("sms").start(() -> {
                    try {
                        gateway.send(sms);
                    } catch (RuntimeException e) {
                        log.log(Level.WARNING, "SMS not sent", e);
                    }
                });
            }
        };
    }
}
