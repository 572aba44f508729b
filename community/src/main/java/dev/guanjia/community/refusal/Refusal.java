package dev.guanjia.community.refusal;

import java.time.Duration;

/**
 * A request the service desk will not do, said so the caller can act on it: why (the reason, which
 * decides an HTTP status at the door), an English code for programs and logs, and a Chinese
 * sentence a resident or staff member can read. Each domain's refusals extend it
 * (hand-offs, work orders), so one handler answers them all the same way.
 */
public class Refusal extends RuntimeException {

    /** Why, in the few kinds a caller can tell apart. */
    public enum Reason { NOT_FOUND, FORBIDDEN, INVALID, CONFLICT, TOO_MANY, TOO_LARGE }

    private final Reason reason;
    private final String code;

    public Refusal(Reason reason, String code, String chineseMessage) {
        super(chineseMessage);
        this.reason = reason;
        this.code = code;
    }

    public Reason reason() {
        return reason;
    }

    public String code() {
        return code;
    }

    /** When the caller may try again; null unless a limit was reached. */
    public Duration retryAfter() {
        return null;
    }
}
