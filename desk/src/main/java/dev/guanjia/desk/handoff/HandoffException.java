package dev.guanjia.desk.handoff;

/** A console action refused: why (kind, for the HTTP status), an English code, a Chinese sentence. */
public final class HandoffException extends RuntimeException {

    public enum Kind { NOT_FOUND, FORBIDDEN, CONFLICT, INVALID }

    private final Kind kind;
    private final String code;

    public HandoffException(Kind kind, String code, String chineseMessage) {
        super(chineseMessage);
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
