package dev.guanjia.app.eval;

import dev.guanjia.payments.merchant.Merchant;
import dev.guanjia.payments.merchant.MerchantException;
import dev.guanjia.payments.merchant.NotifyRefused;

import java.io.InputStream;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * FOR EVAL ONLY: a merchant account that lives in the evaluation run, so that replayed conversations
 * can be offered payments (and an order placed) without WeChat Pay. Nothing is ever paid: no notify
 * arrives, a query finds the order still waiting, and a notify handed to it is refused.
 */
final class EvalMerchant implements Merchant {

    private final ConcurrentHashMap<String, OrderRequest> orders = new ConcurrentHashMap<>();
    private final AtomicLong prepay = new AtomicLong();

    @Override
    public String mchId() {
        return "1900000000";
    }

    @Override
    public String appId() {
        return "wx-eval";
    }

    @Override
    public JsapiPayment createJsapi(OrderRequest order) {
        orders.put(order.outTradeNo(), order);
        String id = "eval-prepay-" + prepay.incrementAndGet();
        return new JsapiPayment(id, appId(), "0", "eval", "prepay_id=" + id, "RSA", "eval-not-signed");
    }

    @Override
    public String createNative(OrderRequest order) {
        orders.put(order.outTradeNo(), order);
        return "weixin://wxpay/bizpayurl?pr=eval-" + order.outTradeNo();
    }

    @Override
    public Optional<Transaction> query(String outTradeNo) {
        OrderRequest o = orders.get(outTradeNo);
        return o == null ? Optional.empty() : Optional.of(new Transaction(appId(), mchId(), outTradeNo, null, "NOTPAY",
                o.amountFen(), 0, o.openid(), null));
    }

    @Override
    public void close(String outTradeNo) {
        orders.remove(outTradeNo);
    }

    @Override
    public Refund refund(RefundRequest refund) throws MerchantException {
        throw new MerchantException("NOT_SUPPORTED", "the eval merchant takes no money, so it refunds none", null);
    }

    @Override
    public InputStream tradeBill(LocalDate day) {
        return InputStream.nullInputStream();
    }

    @Override
    public PaymentNotice paymentNotice(String rawBody, NotifyHeaders headers) throws NotifyRefused {
        throw new NotifyRefused("the eval merchant receives no notifies", null);
    }

    @Override
    public RefundNotice refundNotice(String rawBody, NotifyHeaders headers) throws NotifyRefused {
        throw new NotifyRefused("the eval merchant receives no notifies", null);
    }
}
