package dev.guanjia.payments.merchant;

import java.io.InputStream;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * The merchant account at WeChat Pay (APIv3), as the rest of Guanjia sees it. The adapter over
 * WxJava ({@code WxPayMerchant}) is the real one; amounts are in fen (分) throughout.
 */
public interface Merchant {

    /** The merchant's own ids, which every notify and query must carry. */
    String mchId();

    String appId();

    /** An order to place: {@code openid} set for JSAPI (official account), null for Native (QR). */
    record OrderRequest(String outTradeNo, String description, long amountFen, OffsetDateTime expiresAt,
                        String openid) {
    }

    /** What the official-account page hands to {@code WeixinJSBridge.invoke('getBrandWCPayRequest', …)}. */
    record JsapiPayment(String prepayId, String appId, String timeStamp, String nonceStr, String packageValue,
                        String signType, String paySign) {
    }

    JsapiPayment createJsapi(OrderRequest order) throws MerchantException;

    /** Places a Native order; returns its {@code code_url}, drawn as a QR code by the server. */
    String createNative(OrderRequest order) throws MerchantException;

    /** A transaction as WeChat Pay reports it (query or decrypted notify). */
    record Transaction(String appId, String mchId, String outTradeNo, String transactionId, String tradeState,
                       long totalFen, long payerTotalFen, String payerOpenid, OffsetDateTime successTime) {
        public boolean paid() {
            return "SUCCESS".equals(tradeState);
        }
    }

    /** Empty when WeChat Pay has no such order ({@code ORDER_NOT_EXIST}). */
    Optional<Transaction> query(String outTradeNo) throws MerchantException;

    void close(String outTradeNo) throws MerchantException;

    record RefundRequest(String outTradeNo, String outRefundNo, long refundFen, long totalFen, String reason) {
    }

    /** A refund's state: {@code status} is WeChat's (PROCESSING, SUCCESS, ABNORMAL, CLOSED). */
    record Refund(String outTradeNo, String outRefundNo, String refundId, String status, long refundFen) {
    }

    Refund refund(RefundRequest refund) throws MerchantException;

    /** The day's trade bill (CSV, amounts in yuan), its SHA-1 checked against WeChat's hash. */
    InputStream tradeBill(LocalDate day) throws MerchantException;

    /** The four {@code Wechatpay-*} headers a notify arrives with. */
    record NotifyHeaders(String timestamp, String nonce, String signature, String serial) {
    }

    /** A payment notify, verified (signature, serial, timestamp within 5 minutes) and decrypted. */
    record PaymentNotice(String notifyId, String eventType, Transaction transaction) {
    }

    PaymentNotice paymentNotice(String rawBody, NotifyHeaders headers) throws NotifyRefused;

    /** A refund notify, verified and decrypted. */
    record RefundNotice(String notifyId, String eventType, Refund refund) {
    }

    RefundNotice refundNotice(String rawBody, NotifyHeaders headers) throws NotifyRefused;
}
