package dev.guanjia.payments.notify;

/** Where payment notifies are counted by what came of them (the app's metrics); the module keeps no numbers. */
@FunctionalInterface
public interface NotifyMeter {

    NotifyMeter NONE = outcome -> { };

    /**
     * SETTLED: an order paid by it; DOUBLE_PAID: settled, but its bills had been paid by another
     * order (the money must go back); DUPLICATE: a retry or a second notify of a payment already
     * settled; REJECTED: not verified (signature, timestamp, serial) or not matching the order;
     * IGNORED: another event type or an order that is not ours; FAILED: it could not be handled
     * now (WeChat Pay sends it again).
     */
    enum Outcome { SETTLED, DOUBLE_PAID, DUPLICATE, REJECTED, IGNORED, FAILED }

    void notified(Outcome outcome);
}
