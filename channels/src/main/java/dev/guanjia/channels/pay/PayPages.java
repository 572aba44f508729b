package dev.guanjia.channels.pay;

import dev.guanjia.channels.pages.ClasspathPages;
import io.helidon.webserver.http.HttpRules;

import java.util.List;

/**
 * The payment pages: {@code /pay/o/{token}} (the official account's link, or a text message's)
 * pays an offer by JSAPI inside WeChat and by QR code elsewhere; {@code /pay/receipt/{outTradeNo}}
 * is the electronic receipt. Both are static: their script reads the token or the order's key from
 * the address and asks {@link ResidentPayments}.
 * <pre>open http://localhost:8080/pay/o/$TOKEN</pre>
 */
public final class PayPages extends ClasspathPages {

    public PayPages() {
        super("/web/pay/", List.of("pay.html", "receipt.html", "pay.js", "receipt.js", "pay.css"));
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/o/{token}", (req, res) -> file("pay.html", res))
                .get("/receipt/{outTradeNo}", (req, res) -> file("receipt.html", res))
                .get("/{file}", (req, res) -> {
                    String name = req.path().pathParameters().get("file");
                    if (List.of("pay.js", "receipt.js", "pay.css").contains(name)) {
                        file(name, res);
                    } else {
                        res.next();
                    }
                });
    }
}
