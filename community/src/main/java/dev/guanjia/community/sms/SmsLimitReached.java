package dev.guanjia.community.sms;

import java.time.Duration;

/**
 * Refused before sending: the number already had as many messages of this kind as the gateway
 * allows (see {@link SmsMessages}); the gateway would refuse it too, and count it.
 */
public final class SmsLimitReached extends SmsNotSent {

    public static final String MINUTE = "guanjia.MINUTE_LIMIT";
    public static final String HOUR = "guanjia.HOUR_LIMIT";
    public static final String DAY = "guanjia.DAY_LIMIT";

    private final Duration retryAfter;

    public SmsLimitReached(String code, String message, Duration retryAfter) {
        super(code, message);
        this.retryAfter = retryAfter;
    }

    /** When the same message can be sent again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
