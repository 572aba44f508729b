package dev.guanjia.community.sms;

import java.util.logging.Logger;

/**
 * The default SmsSender: writes the message to the operator log instead of a phone, for
 * installations without an SMS gateway (staff read the code to the resident, or test locally).
 */
public final class LoggedSmsSender implements SmsSender {

    private static final Logger LOG = Logger.getLogger(LoggedSmsSender.class.getName());

    @Override
    public void send(String phone, String text) {
        String masked = phone.length() >= 7 ? phone.substring(0, 3) + "****" + phone.substring(phone.length() - 4)
                : "****";
        LOG.info(() -> "SMS to " + masked + " (no gateway configured): " + text);
    }
}
