package dev.guanjia.payments.order;

import java.util.List;
import java.util.Optional;

/**
 * Payment orders: made from an offer with the amount re-read from the bills (never from a client or
 * the model), the bills held against a second concurrent payment while the order is open, closed when
 * it expires or when the same resident retries.
 */
public interface PaymentOrders {

    /** A JSAPI order (official account) for the offer, paid by this openid. */
    PaymentOrder payByJsapi(String offerToken, String openid) throws PaymentException;

    /** A Native order (QR code) for the offer. */
    PaymentOrder payByNative(String offerToken) throws PaymentException;

    Optional<PaymentOrder> find(String outTradeNo);

    /** The resident's orders, newest first. */
    List<PaymentOrder> ofResident(String communityId, long residentId, int limit);

    /** A community's paid orders, newest paid first (the console's list for refunds). */
    List<PaymentOrder> paidIn(String communityId, int limit);
}
