package dev.guanjia.ticketing.workorder;

/**
 * A request about a work order that cannot be done. The code is for programs and logs (English);
 * the message is a sentence a resident or staff member can read (Chinese).
 */
public class WorkOrderException extends RuntimeException {

    /** What went wrong, which also decides the HTTP status an API gives. */
    public enum Kind { NOT_FOUND, FORBIDDEN, INVALID, ILLEGAL_TRANSITION, CONFLICT, TOO_MANY }

    private final Kind kind;
    private final String code;

    public WorkOrderException(Kind kind, String code, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }
}
