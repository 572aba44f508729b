package dev.guanjia.channels.wechat;

/**
 * Where the WeChat channel reports how it answered WeChat's callbacks and how its customer-service
 * (kefu) messages fared, for the operators' figures (the app counts them in its metrics).
 */
public interface WeChatMeter {

    /** Counts nothing. */
    WeChatMeter NONE = new WeChatMeter() {
        @Override
        public void acknowledged(Ack how) {
        }

        @Override
        public void kefu(Kefu result) {
        }
    };

    /**
     * How a message's callback was answered: PASSIVE with the answer in the HTTP reply; EMPTY with
     * "success" and nothing to say (a person is answering, an event); DEFERRED with "success" because
     * the answer was not ready within the wait (it is pushed as a kefu message); FAILED with "success"
     * after the answering failed (the message is answered again when its lease ends).
     */
    enum Ack { PASSIVE, EMPTY, DEFERRED, FAILED }

    /**
     * A customer-service message: SENT; REFUSED by WeChat (an errcode); WINDOW_CLOSED (45015,
     * 43004, 40003: the 48-hour window is over or the follower left); ERROR (no answer from WeChat).
     */
    enum Kefu { SENT, REFUSED, WINDOW_CLOSED, ERROR }

    void acknowledged(Ack how);

    void kefu(Kefu result);
}
