package dev.guanjia.payments.order;

/**
 * Told once per order when its payment is settled (bills marked paid), after the transaction
 * commits: the desk tells the resident in their conversation and channel, with the receipt link.
 */
@FunctionalInterface
public interface Settled {

    void settled(PaymentOrder order);
}
