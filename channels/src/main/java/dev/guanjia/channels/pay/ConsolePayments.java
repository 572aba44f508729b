package dev.guanjia.channels.pay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guanjia.channels.auth.Authentication;
import dev.guanjia.channels.json.JsonBody;
import dev.guanjia.community.session.Caller;
import dev.guanjia.payments.offer.Offer;
import dev.guanjia.payments.order.PaymentOrder;
import dev.guanjia.payments.order.PaymentOrders;
import dev.guanjia.payments.refund.Refunds;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Payments in the console, for supervisors: a community's paid orders or one resident's, and a
 * refund (part or all, a reason required) through the refund service, which checks the amount
 * against what can still be refunded and audits who asked. Agents see no payments and refund none.
 * <pre>
 * curl -s -b guanjia_staff=$S localhost:8080/api/v1/console/payments?resident=12
 * curl -s -b guanjia_staff=$S -H "X-CSRF-Token: $C" -d '{"amount":"10.00","reason":"重复缴费"}' \
 *      localhost:8080/api/v1/console/payments/$OUT_TRADE_NO/refunds
 * </pre>
 */
public final class ConsolePayments implements HttpService {

    private static final String[] ROLES = {"supervisor", "admin"};

    private final PaymentOrders orders;
    private final Refunds refunds;
    private final Authentication auth;

    public ConsolePayments(PaymentOrders orders, Refunds refunds, Authentication auth) {
        this.orders = orders;
        this.refunds = refunds;
        this.auth = auth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list).post("/{outTradeNo}/refunds", this::refund);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Optional<Caller> me = auth.requireStaff(req, res, ROLES);
        if (me.isEmpty()) {
            return;
        }
        Optional<String> resident = req.query().first("resident").asOptional();
        List<PaymentOrder> list;
        if (resident.isPresent()) {
            long id;
            try {
                id = Long.parseLong(resident.get().strip());
            } catch (NumberFormatException e) {
                res.status(Status.BAD_REQUEST_400).send(Map.of("error", "bad_resident", "message", "住户编号不正确。"));
                return;
            }
            list = orders.ofResident(me.get().communityId(), id, 100);
        } else {
            list = orders.paidIn(me.get().communityId(), 200);
        }
        res.send(Map.of("payments", list.stream().map(this::view).toList()));
    }

    private void refund(ServerRequest req, ServerResponse res) throws IOException {
        Optional<Caller> me = auth.requireStaff(req, res, ROLES);
        if (me.isEmpty()) {
            return;
        }
        JsonNode b;
        try {
            b = JsonBody.parse(req.content().inputStream().readNBytes(4096));
        } catch (IOException e) {
            res.status(Status.BAD_REQUEST_400).send(Map.of("error", "bad_json", "message", "请求格式不正确。"));
            return;
        }
        long fen;
        try {
            fen = new BigDecimal(b.path("amount").asText("").strip()).movePointRight(2).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            res.status(Status.BAD_REQUEST_400).send(Map.of("error", "amount_invalid", "message", "请填写正确的退款金额（元，最多两位小数）。"));
            return;
        }
        // the refund service refuses (in Chinese) an unpaid order, an empty reason, too much
        Refunds.Refund r = refunds.refund(me.get().communityId(), req.path().pathParameters().get("outTradeNo"), fen,
                b.path("reason").asText(""), me.get().code());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("outRefundNo", r.outRefundNo());
        out.put("outTradeNo", r.outTradeNo());
        out.put("amount", Offer.yuan(r.amountFen()));
        out.put("reason", r.reason());
        out.put("state", r.state());
        res.send(out);
    }

    private Map<String, Object> view(PaymentOrder o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outTradeNo", o.outTradeNo());
        m.put("residentId", o.residentId());
        m.put("channel", o.channel());
        m.put("amount", Offer.yuan(o.amountFen()));
        m.put("refunded", Offer.yuan(o.refundedFen()));
        m.put("refundable", Offer.yuan(o.paid() ? o.amountFen() - o.refundedFen() : 0));
        m.put("state", o.state());
        m.put("bills", o.billCodes());
        m.put("paidAt", o.paidAt() == null ? null : o.paidAt().toString());
        m.put("transactionId", o.transactionId());
        m.put("refunds", refunds.ofOrder(o.outTradeNo()).stream().map(r -> Map.of("outRefundNo", r.outRefundNo(),
                "amount", Offer.yuan(r.amountFen()), "reason", r.reason(), "state", r.state())).toList());
        return m;
    }
}
