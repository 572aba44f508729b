package dev.guanjia.channels.pay;

import dev.guanjia.payments.merchant.Merchant;
import dev.guanjia.payments.notify.PaymentNotifies;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * WeChat Pay's notifies: {@code POST /pay/notify} (payments) and {@code POST /pay/refund-notify}
 * (refunds). The body is read as the raw bytes WeChat Pay signed (a parsed and re-serialised body
 * would no longer verify); the answer's status is what WeChat Pay reads (204: taken; else it retries).
 * <pre>curl -si -X POST localhost:8080/pay/notify -H 'Content-Type: application/json' -d '{}'   # 401, FAIL</pre>
 */
public final class PayNotifyService implements HttpService {

    /** Real notifies are about 1 KB; anything much larger is not one. */
    static final int MAX_BODY = 64 * 1024;

    private final PaymentNotifies notifies;

    public PayNotifyService(PaymentNotifies notifies) {
        this.notifies = notifies;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/notify", this::payment).post("/refund-notify", this::refund);
    }

    private void payment(ServerRequest req, ServerResponse res) {
        String body = body(req);
        answer(res, body == null ? null : notifies.onPayment(body, headers(req)));
    }

    private void refund(ServerRequest req, ServerResponse res) {
        String body = body(req);
        answer(res, body == null ? null : notifies.onRefund(body, headers(req)));
    }

    private static String body(ServerRequest req) {
        try (InputStream in = req.content().inputStream()) {
            byte[] b = in.readNBytes(MAX_BODY + 1);
            return b.length > MAX_BODY ? null : new String(b, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    private static Merchant.NotifyHeaders headers(ServerRequest req) {
        return new Merchant.NotifyHeaders(header(req, "Wechatpay-Timestamp"), header(req, "Wechatpay-Nonce"),
                header(req, "Wechatpay-Signature"), header(req, "Wechatpay-Serial"));
    }

    private static String header(ServerRequest req, String name) {
        return req.headers().first(HeaderNames.create(name)).orElse(null);
    }

    private static void answer(ServerResponse res, PaymentNotifies.Answer a) {
        if (a == null) {
            a = new PaymentNotifies.Answer(413, "{\"code\":\"FAIL\",\"message\":\"失败\"}");
        }
        res.status(Status.create(a.status()));
        if (a.body().isEmpty()) {
            res.send();
        } else {
            res.header(HeaderNames.CONTENT_TYPE, "application/json; charset=utf-8").send(a.body());
        }
    }
}
