package dev.guanjia.payments.order;

import dev.guanjia.payments.merchant.Merchant;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One attempt to pay at WeChat Pay. {@code state}: open (waiting for the resident), paid, closed
 * (expired or replaced by a retry). {@code jsapi} is set for an official-account order just made,
 * {@code codeUrl} for a Native (QR) order.
 */
public record PaymentOrder(String outTradeNo, String communityId, long residentId, String channel,
                           String tradeType, long amountFen, String state, String description,
                           List<String> billCodes, OffsetDateTime createdAt, OffsetDateTime expiresAt,
                           OffsetDateTime paidAt, String transactionId, long refundedFen, String codeUrl,
                           Merchant.JsapiPayment jsapi, String conversationId) {

    public boolean paid() {
        return "paid".equals(state);
    }
}
