package dev.guanjia.payments.merchant;

/** A notify that is not WeChat's, or not now: bad signature, unknown serial, stale timestamp, unreadable. */
public class NotifyRefused extends Exception {

    public NotifyRefused(String message, Throwable cause) {
        super(message, cause);
    }
}
