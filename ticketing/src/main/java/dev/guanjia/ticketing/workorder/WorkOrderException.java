package dev.guanjia.ticketing.workorder;

import dev.guanjia.community.refusal.Refusal;

/**
 * A request about a work order that cannot be done. The code is for programs and logs (English);
 * the message is a sentence a resident or staff member can read (Chinese).
 */
public class WorkOrderException extends Refusal {

    /** What went wrong; an illegal transition is, to a caller, a conflict with the order's state. */
    public enum Kind {
        NOT_FOUND(Reason.NOT_FOUND), FORBIDDEN(Reason.FORBIDDEN), INVALID(Reason.INVALID),
        ILLEGAL_TRANSITION(Reason.CONFLICT), CONFLICT(Reason.CONFLICT), TOO_MANY(Reason.TOO_MANY);

        private final Reason reason;

        Kind(Reason reason) {
            this.reason = reason;
        }
    }

    private final Kind kind;

    public WorkOrderException(Kind kind, String code, String message) {
        super(kind.reason, code, message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
