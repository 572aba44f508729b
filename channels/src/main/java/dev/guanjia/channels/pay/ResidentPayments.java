package dev.guanjia.channels.pay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guanjia.channels.auth.Authentication;
import dev.guanjia.channels.json.JsonBody;
import dev.guanjia.community.session.Caller;
import dev.guanjia.payments.merchant.Merchant;
import dev.guanjia.payments.offer.Offer;
import dev.guanjia.payments.offer.PaymentOffers;
import dev.guanjia.payments.order.PaymentOrder;
import dev.guanjia.payments.order.PaymentOrders;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Paying an offer the bot made. The amount is the one the order re-reads from the bills: nothing a
 * client sends but the offer's token is used. The web chat pays by Native (a QR code drawn here);
 * the official account's page by JSAPI for the offer's openid, or by QR outside WeChat. An order's
 * state, QR and receipt are for the resident who pays (their session) or whoever holds the order's
 * receipt key (the link in the payment page and in the "缴费成功" message).
 * <pre>
 * curl -s -b guanjia_session=$S -d '{"token":"…"}' localhost:8080/api/v1/payments/native
 * curl -s -d '' -A 'MicroMessenger' localhost:8080/api/v1/payments/offers/$TOKEN/order
 * curl -s -b guanjia_session=$S localhost:8080/api/v1/payments/$OUT_TRADE_NO
 * curl -s -o qr.jpg localhost:8080/api/v1/payments/$OUT_TRADE_NO/qr?k=$KEY
 * </pre>
 */
public final class ResidentPayments implements HttpService {

    private final PaymentOffers offers;
    private final PaymentOrders orders;
    private final ReceiptView receipts;
    private final Authentication auth;
    private final Function<String, String> receiptKey;

    /** @param receiptKey the order's unguessable key (a keyed hash of its number) for links without a session */
    public ResidentPayments(PaymentOffers offers, PaymentOrders orders, ReceiptView receipts, Authentication auth,
                            Function<String, String> receiptKey) {
        this.offers = offers;
        this.orders = orders;
        this.receipts = receipts;
        this.auth = auth;
        this.receiptKey = receiptKey;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/native", this::nativeOrder)
                .post("/offers/{token}/order", this::linkOrder)
                .get("/offers/{token}", this::offer)
                .get("/{outTradeNo}/qr", this::qr)
                .get("/{outTradeNo}", this::state);
    }

    /** The web chat's button: the signed-in resident's own offer, paid by scanning a QR code. */
    private void nativeOrder(ServerRequest req, ServerResponse res) throws IOException {
        Optional<Caller> caller = auth.require(req, res);
        if (caller.isEmpty()) {
            return;
        }
        JsonNode body;
        try {
            body = JsonBody.parse(req.content().inputStream().readNBytes(4096));
        } catch (IOException e) {
            error(res, Status.BAD_REQUEST_400, "bad_json", "请求格式不正确。");
            return;
        }
        Optional<Offer> offer = payable(body.path("token").asText(""), res);
        if (offer.isEmpty()) {
            return;
        }
        Caller c = caller.get();
        if (!c.isResident() || !c.communityId().equals(offer.get().communityId())
                || c.subjectId() != offer.get().residentId()) {
            // another resident's offer is as good as none: nothing about it is told
            error(res, Status.NOT_FOUND_404, "offer_not_found", "没有找到这笔缴费，请回到对话重新发起。");
            return;
        }
        res.send(view(orders.payByNative(offer.get().token())));
    }

    /**
     * The official account's page (or a text message's link): the token is the credential. Inside
     * WeChat with the offer's openid a JSAPI order, elsewhere a QR code to scan.
     */
    private void linkOrder(ServerRequest req, ServerResponse res) {
        Optional<Offer> offer = payable(req.path().pathParameters().get("token"), res);
        if (offer.isEmpty()) {
            return;
        }
        boolean inWeChat = req.headers().first(HeaderNames.USER_AGENT).orElse("").contains("MicroMessenger");
        String openid = offer.get().openid();
        PaymentOrder o = inWeChat && openid != null && !openid.isBlank()
                ? orders.payByJsapi(offer.get().token(), openid)
                : orders.payByNative(offer.get().token());
        res.send(view(o));
    }

    /** What the payment page shows before paying: the bills and the total, from the database. */
    private void offer(ServerRequest req, ServerResponse res) {
        Optional<Offer> offer = payable(req.path().pathParameters().get("token"), res);
        if (offer.isEmpty()) {
            return;
        }
        Offer o = offer.get();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", Offer.yuan(o.totalFen()));
        m.put("expiresAt", o.expiresAt().toString());
        m.put("bills", o.bills().stream().map(b -> Map.of("house", b.houseCode(), "item", b.itemName(),
                "period", b.period(), "amount", Offer.yuan(b.amountFen()))).toList());
        res.send(m);
    }

    private void state(ServerRequest req, ServerResponse res) {
        Optional<PaymentOrder> o = mine(req, res);
        if (o.isPresent()) {
            Map<String, Object> m = receipts.of(o.get());
            m.put("receiptUrl", receiptUrl(o.get().outTradeNo()));
            res.send(m);
        }
    }

    /** The Native order's code_url drawn as a QR code (JPEG, by WxJava's QrcodeUtils over ZXing). */
    private void qr(ServerRequest req, ServerResponse res) throws Exception {
        Optional<PaymentOrder> o = mine(req, res);
        if (o.isEmpty()) {
            return;
        }
        if (o.get().codeUrl() == null || !"open".equals(o.get().state())) {
            error(res, Status.GONE_410, "order_not_open", "这笔订单已支付或已关闭。");
            return;
        }
        byte[] jpeg = com.github.binarywang.utils.qrcode.QrcodeUtils.createQrcode(o.get().codeUrl(), 300, null);
        res.header(HeaderNames.CONTENT_TYPE, "image/jpeg").header(HeaderNames.CACHE_CONTROL, "no-store").send(jpeg);
    }

    /** The offer behind a token while it can still be paid; otherwise a refusal is sent and empty. */
    private Optional<Offer> payable(String token, ServerResponse res) {
        Optional<Offer> offer = token == null || token.isBlank() || token.length() > 128 ? Optional.empty()
                : offers.find(token);
        if (offer.isEmpty()) {
            error(res, Status.GONE_410, "offer_expired", "这笔缴费已失效，请回到对话重新发起缴费。");
            return Optional.empty();
        }
        if (offer.get().bills().isEmpty() || offer.get().totalFen() <= 0) {
            error(res, Status.CONFLICT_409, "already_paid", "这些费用已经缴清，无需重复支付。");
            return Optional.empty();
        }
        return offer;
    }

    /** The order, when the caller is its resident or holds its receipt key; otherwise 404 and empty. */
    private Optional<PaymentOrder> mine(ServerRequest req, ServerResponse res) {
        String no = req.path().pathParameters().get("outTradeNo");
        Optional<PaymentOrder> o = no.length() > 32 ? Optional.empty() : orders.find(no);
        String key = req.query().first("k").orElse("");
        boolean byKey = !key.isEmpty() && o.isPresent() && MessageDigest.isEqual(
                key.getBytes(StandardCharsets.UTF_8), receiptKey.apply(no).getBytes(StandardCharsets.UTF_8));
        boolean bySession = o.isPresent() && auth.caller(req).filter(Caller::isResident)
                .filter(c -> c.communityId().equals(o.get().communityId()) && c.subjectId() == o.get().residentId())
                .isPresent();
        if (!byKey && !bySession) {
            error(res, Status.NOT_FOUND_404, "order_not_found", "没有找到这笔订单。");
            return Optional.empty();
        }
        return o;
    }

    private Map<String, Object> view(PaymentOrder o) {
        Map<String, Object> m = new LinkedHashMap<>();
        String key = receiptKey.apply(o.outTradeNo());
        m.put("outTradeNo", o.outTradeNo());
        m.put("amount", Offer.yuan(o.amountFen()));
        m.put("state", o.state());
        m.put("tradeType", o.tradeType());
        m.put("expiresAt", o.expiresAt() == null ? null : o.expiresAt().toString());
        m.put("stateUrl", "/api/v1/payments/" + o.outTradeNo() + "?k=" + key);
        m.put("receiptUrl", receiptUrl(o.outTradeNo()));
        if (o.codeUrl() != null) {
            m.put("qr", "/api/v1/payments/" + o.outTradeNo() + "/qr?k=" + key);
        }
        Merchant.JsapiPayment js = o.jsapi();
        if (js != null) {
            // the page hands these to WeixinJSBridge as they are; Gson's packageValue is "package" there
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("appId", js.appId());
            p.put("timeStamp", js.timeStamp());
            p.put("nonceStr", js.nonceStr());
            p.put("package", js.packageValue());
            p.put("signType", js.signType());
            p.put("paySign", js.paySign());
            m.put("jsapi", p);
        }
        return m;
    }

    /** The receipt page's address with the order's key: what the resident keeps. */
    public String receiptUrl(String outTradeNo) {
        return "/pay/receipt/" + outTradeNo + "?k=" + URLEncoder.encode(receiptKey.apply(outTradeNo), StandardCharsets.UTF_8);
    }

    private static void error(ServerResponse res, Status status, String code, String message) {
        res.status(status).send(Map.of("error", code, "message", message));
    }
}
