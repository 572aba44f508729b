package dev.guanjia.ticketing.workorder;

import java.time.Duration;

/**
 * A resident reached the creation limit ({@link CreationLimit}). The message says whom to call;
 * a channel that can reach a person (the bot) hands the conversation over instead of just refusing.
 */
public final class TooManyOrders extends WorkOrderException {

    private final Duration retryAfter;
    private final String emergencyPhone;

    public TooManyOrders(String message, Duration retryAfter, String emergencyPhone) {
        super(Kind.TOO_MANY, "too_many_orders", message);
        this.retryAfter = retryAfter;
        this.emergencyPhone = emergencyPhone;
    }

    /** When the resident may create an order again. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public String emergencyPhone() {
        return emergencyPhone;
    }
}
