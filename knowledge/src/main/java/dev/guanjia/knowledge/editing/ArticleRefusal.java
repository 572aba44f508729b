package dev.guanjia.knowledge.editing;

/** An edit the knowledge base will not make; nothing was changed. The message is for operators. */
public final class ArticleRefusal extends RuntimeException {

    public enum Kind { NOT_FOUND, INVALID, CONFLICT }

    private final Kind kind;
    private final String code;

    public ArticleRefusal(Kind kind, String code, String message) {
        super(message, null, false, false);
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
