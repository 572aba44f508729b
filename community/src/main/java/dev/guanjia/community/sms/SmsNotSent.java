package dev.guanjia.community.sms;

/**
 * A text message the gateway did not accept, or that was not handed to it: the gateway's error code
 * ({@code isv.BUSINESS_LIMIT_CONTROL}, {@code isv.MOBILE_NUMBER_ILLEGAL}, …) or one of ours
 * ({@code guanjia.*}), and a message for the operator.
 */
public class SmsNotSent extends RuntimeException {

    /** No template is configured for the message's purpose. */
    public static final String NO_TEMPLATE = "guanjia.NO_TEMPLATE";
    /** The number is not a mainland mobile (the gateway's templates are for mainland numbers). */
    public static final String NOT_A_MOBILE = "guanjia.NOT_A_MOBILE";
    /** The gateway could not be reached or did not answer in JSON. */
    public static final String NO_ANSWER = "guanjia.NO_ANSWER";

    private final String code;

    public SmsNotSent(String code, String message) {
        this(code, message, null);
    }

    public SmsNotSent(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
