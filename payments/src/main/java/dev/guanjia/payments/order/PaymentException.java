package dev.guanjia.payments.order;

import dev.guanjia.community.refusal.Refusal;

/** A payment that cannot be made now (bills held by another payment, offer expired, WeChat Pay down). */
public class PaymentException extends Refusal {

    public PaymentException(Reason reason, String code, String chineseMessage) {
        super(reason, code, chineseMessage);
    }
}
