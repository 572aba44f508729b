package dev.guanjia.desk.handoff;

import dev.guanjia.community.refusal.Refusal;

/** A console action refused: why (kind), an English code, a Chinese sentence. */
public final class HandoffException extends Refusal {

    public enum Kind { NOT_FOUND, FORBIDDEN, CONFLICT, INVALID }

    private final Kind kind;

    public HandoffException(Kind kind, String code, String chineseMessage) {
        super(Reason.valueOf(kind.name()), code, chineseMessage);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
