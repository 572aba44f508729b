package dev.guanjia.community.sms;

import java.util.Map;
import java.util.Objects;

/**
 * One text message to a phone. Gateways in China send only approved templates, so a message is a
 * purpose (which template: {@code login_code}, {@code payment_reminder}, {@code payment_link}, …)
 * with its variables; {@code text} is the same message written out, for gateways that take free text
 * and for the operator log.
 */
public record Sms(String phone, String purpose, Map<String, String> params, String text) {

    public Sms {
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(purpose, "purpose");
        params = Map.copyOf(params);
        Objects.requireNonNull(text, "text");
    }
}
