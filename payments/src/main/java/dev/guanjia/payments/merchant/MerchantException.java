package dev.guanjia.payments.merchant;

/** WeChat Pay refused a call or could not be reached; {@code code} is WeChat's error code when it gave one. */
public class MerchantException extends Exception {

    private final String code;

    public MerchantException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
