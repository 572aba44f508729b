package dev.guanjia.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.app.config.ConfigLoader;
import dev.guanjia.testkit.FakeWeChatPay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Paying from the web chat against the served demo and a fake WeChat Pay speaking APIv3: bills →
 * "去支付" → the server's QR code → WeChat Pay's signed notify → the receipt in the chat. And the pay
 * endpoint refusing another resident's offer, an unknown one and one already paid.
 */
class PayInChatBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** 彭丽华 (A2-2-1202) owes; 钱卫东 (A1-2-302) is another resident of the demo. */
    private static final String PAYER = "13962000110";
    private static final String OTHER = "13962000105";
    /** A third resident, who books the court (sign-in codes are limited per phone). */
    private static final String BOOKER = "13962000103";

    @TempDir
    static Path workDir;

    static FakeWeChatPay pay;
    static GuanjiaServer server;
    static WebDriver browser;
    static final Map<String, String> sms = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        pay = FakeWeChatPay.start("1900000109", "wx8888888888888888");
        Files.writeString(workDir.resolve("guanjia.yaml"), """
                payments:
                  app_id: %s
                  mch_id: %s
                  api_v3_key: %s
                  merchant_serial: %s
                  private_key_path: %s
                  public_key_id: %s
                  public_key_path: %s
                  notify_url: https://wy.example.com/pay/notify
                  refund_notify_url: https://wy.example.com/pay/refund-notify
                  api_host: %s
                """.formatted(pay.appId(), pay.mchId(), pay.apiV3Key(), pay.merchantSerial(),
                pay.merchantPrivateKeyPath(), pay.publicKeyId(), pay.platformPublicKeyPath(), pay.baseUrl()));
        server = GuanjiaServer.start(ClusterTemplate.seed(ConfigLoader.load(Map.of("GUANJIA_HTTP_PORT", "0",
                "GUANJIA_HTTP_HOST", "127.0.0.1"), workDir)), (phone, text) -> sms.put(phone, text));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
        if (pay != null) {
            pay.close();
        }
    }

    private static String base() {
        return "http://127.0.0.1:" + server.port();
    }

    private static WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @Test
    void aBookingFeeIsPaidInTheChatAndTheBookingStands() throws Exception {
        WebDriver own = Chromium.start("420,900");
        try {
            own.get(base() + "/chat/?community=cuihu");
            WebDriverWait wait = new WebDriverWait(own, Duration.ofSeconds(30));
            wait.until(d -> !d.findElements(By.cssSelector(".msg.bot")).isEmpty());
            Chromium.signInResident(own, sms, BOOKER);
            // this resident has two homes: a court is booked under the first, which the reply names
            String offer = say(own, wait, "明天上午10点订羽毛球场");
            assertTrue(offer.contains("场地费20元") && offer.contains("场地预约费") && offer.contains("A1-1-502"), offer);
            WebElement button = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("button.pay")));
            assertTrue(button.getText().contains("20.00"), button.getText());
            Chromium.shot(own, "pay-05-booking-fee-offered");

            java.util.Set<String> earlier = new java.util.HashSet<>(pay.orders().keySet());
            button.click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".paycard img.qr")));
            FakeWeChatPay.Order order = pay.orders().values().stream()
                    .filter(o -> o.tradeType.equals("NATIVE") && !earlier.contains(o.outTradeNo)).findFirst().orElseThrow();
            assertEquals(2000, order.totalFen, "the court's fee: " + offer);
            HttpResponse<String> answer = pay.paymentNotify(order.outTradeNo).post(URI.create(base() + "/pay/notify"));
            assertTrue(answer.statusCode() / 100 == 2, answer.statusCode() + " " + answer.body());
            String receipt = Chromium.textOf(own, By.cssSelector(".paycard.paid .receipt"));
            assertTrue(receipt.contains("场地预约费") && receipt.contains("会所羽毛球场"), receipt);

            own.findElement(By.id("bookings-open")).click();
            String mine = Chromium.textOf(own, By.cssSelector("#bookings-list li[data-booking]"));
            assertTrue(mine.contains("会所羽毛球场") && mine.contains("10:00-11:00") && mine.contains("已付 ¥20.00"), mine);
            Chromium.shot(own, "pay-06-booking-paid");
        } finally {
            own.quit();
        }
    }

    private static String say(WebDriver browser, WebDriverWait wait, String text) {
        int before = browser.findElements(By.cssSelector(".msg.bot")).size();
        browser.findElement(By.id("text")).sendKeys(text);
        browser.findElement(By.cssSelector("#composer button")).click();
        wait.until(d -> d.findElements(By.cssSelector(".msg.bot")).size() > before);
        List<WebElement> bots = browser.findElements(By.cssSelector(".msg.bot"));
        return bots.get(bots.size() - 1).getText();
    }

    @Test
    void aResidentPaysInTheWebChatAndSeesTheReceipt() throws Exception {
        browser = Chromium.start("420,900");
        browser.get(base() + "/chat/?community=cuihu");
        waiting().until(d -> !d.findElements(By.cssSelector(".msg.bot")).isEmpty());
        Chromium.signInResident(browser, sms, PAYER);

        int before = browser.findElements(By.cssSelector(".msg.bot")).size();
        browser.findElement(By.id("text")).sendKeys("我要缴费");
        browser.findElement(By.cssSelector("#composer button")).click();
        WebElement button = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("button.pay")));
        assertTrue(browser.findElements(By.cssSelector(".msg.bot")).size() > before);
        Matcher amount = Pattern.compile("¥(\\d+\\.\\d{2})").matcher(button.getText());
        assertTrue(amount.find(), button.getText());
        String total = amount.group(1);
        Chromium.shot(browser, "pay-01-offer");

        java.util.Set<String> earlier = new java.util.HashSet<>(pay.orders().keySet());
        button.click();
        WebElement qr = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".paycard img.qr")));
        waiting().until(d -> ((Number) ((JavascriptExecutor) d).executeScript(
                "return arguments[0].complete ? arguments[0].naturalWidth : 0", qr)).intValue() > 100);
        assertTrue(browser.findElement(By.cssSelector(".paycard")).getText().contains(total));
        Chromium.shot(browser, "pay-02-qr");

        // the resident scans and pays; WeChat Pay tells the service with a signed notify
        List<FakeWeChatPay.Order> natives = pay.orders().values().stream()
                .filter(o -> o.tradeType.equals("NATIVE") && !earlier.contains(o.outTradeNo)).toList();
        assertEquals(1, natives.size());
        assertEquals(Math.round(Double.parseDouble(total) * 100), natives.get(0).totalFen, "the amount of the bills");
        FakeWeChatPay.Notify notify = pay.paymentNotify(natives.get(0).outTradeNo);
        HttpResponse<String> answer = notify.post(URI.create(base() + "/pay/notify"));
        assertTrue(answer.statusCode() / 100 == 2, answer.statusCode() + " " + answer.body());

        WebElement receipt = waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".paycard.paid .receipt")));
        String text = receipt.getText();
        assertTrue(text.contains("电子收据") && text.contains("翠湖苑") && text.contains("A2-2-1202"), text);
        assertTrue(text.contains(total) && text.contains(pay.order(natives.get(0).outTradeNo).transactionId), text);
        waiting().until(d -> d.findElements(By.cssSelector(".msg.system")).stream()
                .anyMatch(m -> m.getText().contains("缴费成功")));
        Chromium.shot(browser, "pay-03-receipt");

        // the receipt page, by the link the chat shows
        String link = browser.findElement(By.cssSelector(".paycard.paid a")).getAttribute("href");
        browser.get(link);
        WebElement page = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#receipt .receipt")));
        assertTrue(page.getText().contains(total), page.getText());
        Chromium.shot(browser, "pay-04-receipt-page");

        // a payment link opened outside WeChat (a text message's): the page shows the bills, then a QR code
        long resident;
        List<Long> houses = new java.util.ArrayList<>();
        try (var c = server.dataSource().getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT r.id, rh.house_id FROM residents r JOIN resident_houses rh ON rh.resident_id = r.id"
                     + " WHERE r.community_id = 'cuihu' AND r.code = 'c12'")) {
            assertTrue(rs.next());
            resident = rs.getLong(1);
            houses.add(rs.getLong(2));
        }
        var offer = new dev.guanjia.payments.offer.StoredOffers(server.dataSource())
                .offer("cuihu", resident, houses, List.of(), "voice", null, null).orElseThrow();
        browser.get(base() + "/pay/o/" + offer.token());
        WebElement payButton = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("pay")));
        String linkTotal = dev.guanjia.payments.offer.Offer.yuan(offer.totalFen());
        assertTrue(payButton.getText().contains(linkTotal), payButton.getText());
        payButton.click();
        WebElement linkQr = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("qr-img")));
        waiting().until(d -> ((Number) ((JavascriptExecutor) d).executeScript(
                "return arguments[0].complete ? arguments[0].naturalWidth : 0", linkQr)).intValue() > 100);
        Chromium.shot(browser, "pay-05-link-qr");
        String linkOrder = pay.orders().values().stream().filter(o -> o.totalFen == offer.totalFen()
                && o.tradeType.equals("NATIVE") && !"SUCCESS".equals(o.state)).findFirst().orElseThrow().outTradeNo;
        pay.paymentNotify(linkOrder).post(URI.create(base() + "/pay/notify"));
        WebElement linkReceipt = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#receipt .receipt")));
        assertTrue(linkReceipt.getText().contains("B1-1-101") && linkReceipt.getText().contains(linkTotal), linkReceipt.getText());
        Chromium.shot(browser, "pay-06-link-receipt");

    }

    @Test
    void thePayEndpointTakesOnlyTheResidentsOwnOpenOffer() throws Exception {
        String owner = signIn("13962000101");
        String other = signIn(OTHER);
        String token = offer(owner);

        HttpResponse<String> stranger = post("/api/v1/payments/native", other, "{\"token\":\"" + token + "\"}");
        assertEquals(404, stranger.statusCode(), stranger.body());
        HttpResponse<String> nobody = post("/api/v1/payments/native", null, "{\"token\":\"" + token + "\"}");
        assertEquals(401, nobody.statusCode(), nobody.body());
        HttpResponse<String> unknown = post("/api/v1/payments/native", owner, "{\"token\":\"no-such-offer\"}");
        assertEquals(410, unknown.statusCode(), unknown.body());

        HttpResponse<String> mine = post("/api/v1/payments/native", owner, "{\"token\":\"" + token + "\"}");
        assertEquals(200, mine.statusCode(), mine.body());
        JsonNode order = JSON.readTree(mine.body());
        // another resident cannot read the order or its QR code
        assertEquals(404, get("/api/v1/payments/" + order.path("outTradeNo").asText(), other).statusCode());
        assertEquals(404, get("/api/v1/payments/" + order.path("outTradeNo").asText() + "/qr", other).statusCode());
        HttpResponse<String> qr = get(order.path("qr").asText(), null);
        assertEquals(200, qr.statusCode());

        pay.paymentNotify(order.path("outTradeNo").asText()).post(URI.create(base() + "/pay/notify"));
        HttpResponse<String> paid = post("/api/v1/payments/native", owner, "{\"token\":\"" + token + "\"}");
        assertTrue(paid.statusCode() == 409 || paid.statusCode() == 410, paid.statusCode() + " " + paid.body());
        JsonNode state = JSON.readTree(get("/api/v1/payments/" + order.path("outTradeNo").asText(), owner).body());
        assertEquals("paid", state.path("state").asText());
        assertTrue(state.path("receipt").path("transactionId").asText().length() > 5, state.toString());
    }

    @Test
    void theOfficialAccountPagePaysByJsapiInWeChatAndByQrElsewhere() throws Exception {
        // what the bot offers a follower of the official account (wx-cuihu-c11, A2-2-601)
        long resident;
        List<Long> houses = new java.util.ArrayList<>();
        try (var c = server.dataSource().getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT r.id, rh.house_id FROM residents r JOIN resident_houses rh ON rh.resident_id = r.id"
                     + " WHERE r.community_id = 'cuihu' AND r.code = 'c11'")) {
            assertTrue(rs.next());
            resident = rs.getLong(1);
            houses.add(rs.getLong(2));
        }
        var offer = new dev.guanjia.payments.offer.StoredOffers(server.dataSource())
                .offer("cuihu", resident, houses, List.of(), "wechat", "wx-cuihu-c11", null).orElseThrow();
        String token = offer.token();

        HttpResponse<String> page = get("/pay/o/" + token, null);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("/pay/pay.js"), page.body());
        assertTrue(get("/pay/pay.js", null).body().contains("getBrandWCPayRequest"));
        JsonNode shown = JSON.readTree(get("/api/v1/payments/offers/" + token, null).body());
        assertEquals(dev.guanjia.payments.offer.Offer.yuan(offer.totalFen()), shown.path("total").asText());

        // inside WeChat: a JSAPI order for the offer's openid, signed for WeixinJSBridge
        HttpResponse<String> inWeChat = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/payments/offers/"
                + token + "/order")).header("User-Agent", "Mozilla/5.0 (iPhone) MicroMessenger/8.0.50")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, inWeChat.statusCode(), inWeChat.body());
        JsonNode js = JSON.readTree(inWeChat.body()).path("jsapi");
        assertEquals(pay.appId(), js.path("appId").asText());
        assertTrue(js.path("package").asText().startsWith("prepay_id="), js.toString());
        assertEquals("RSA", js.path("signType").asText());
        java.security.Signature verify = java.security.Signature.getInstance("SHA256withRSA");
        verify.initVerify(pay.merchantPublicKey());
        verify.update((js.path("appId").asText() + "\n" + js.path("timeStamp").asText() + "\n" + js.path("nonceStr").asText()
                + "\n" + js.path("package").asText() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(verify.verify(java.util.Base64.getDecoder().decode(js.path("paySign").asText())), "paySign");
        String jsapiNo = JSON.readTree(inWeChat.body()).path("outTradeNo").asText();
        assertEquals("wx-cuihu-c11", pay.order(jsapiNo).openid);

        // elsewhere (a text message opened in another browser): the QR code
        HttpResponse<String> elsewhere = post("/api/v1/payments/offers/" + token + "/order", null, "");
        assertEquals(200, elsewhere.statusCode(), elsewhere.body());
        JsonNode order = JSON.readTree(elsewhere.body());
        assertEquals("NATIVE", pay.order(order.path("outTradeNo").asText()).tradeType);
        String no = order.path("outTradeNo").asText();
        assertEquals(404, get("/api/v1/payments/" + no, null).statusCode(), "no session, no key: nothing");
        assertEquals(404, get("/api/v1/payments/" + no + "?k=guess", null).statusCode());

        pay.paymentNotify(no).post(URI.create(base() + "/pay/notify"));
        String receiptUrl = order.path("receiptUrl").asText();
        assertEquals(200, get(receiptUrl, null).statusCode());
        JsonNode paid = JSON.readTree(get(order.path("stateUrl").asText(), null).body());
        assertEquals("paid", paid.path("state").asText());
        assertEquals("A2-2-601", paid.path("receipt").path("houses").get(0).asText(), paid.toString());

        // the console: a supervisor sees the payment and refunds part of it; an agent can do neither
        String supervisor = staff("e07");
        String agent = staff("e05");
        assertEquals(403, get("/api/v1/console/payments", agent).statusCode());
        JsonNode list = JSON.readTree(get("/api/v1/console/payments?resident=" + resident, supervisor).body());
        assertEquals(no, list.path("payments").get(0).path("outTradeNo").asText(), list.toString());
        assertEquals(403, post("/api/v1/console/payments/" + no + "/refunds", agent,
                "{\"amount\":\"1.00\",\"reason\":\"重复缴费\"}").statusCode());
        HttpResponse<String> noReason = post("/api/v1/console/payments/" + no + "/refunds", supervisor,
                "{\"amount\":\"1.00\",\"reason\":\" \"}");
        assertEquals(400, noReason.statusCode(), noReason.body());
        HttpResponse<String> tooMuch = post("/api/v1/console/payments/" + no + "/refunds", supervisor,
                "{\"amount\":\"99999.00\",\"reason\":\"多收\"}");
        assertTrue(tooMuch.statusCode() == 400 || tooMuch.statusCode() == 409, tooMuch.statusCode() + " " + tooMuch.body());
        HttpResponse<String> refund = post("/api/v1/console/payments/" + no + "/refunds", supervisor,
                "{\"amount\":\"1.00\",\"reason\":\"多收了1元\"}");
        assertEquals(200, refund.statusCode(), refund.body());
        assertEquals(100, pay.refund(JSON.readTree(refund.body()).path("outRefundNo").asText()).refundFen);
    }

    private static String staff(String code) {
        return new dev.guanjia.community.session.Sessions(server.dataSource(), server.personalData()).open("cuihu",
                dev.guanjia.community.session.Caller.Kind.STAFF, code, Duration.ofHours(1));
    }

    /** A resident's session token, signed in by phone and the code texted to it. */
    private static String signIn(String phone) throws Exception {
        sms.remove(phone);
        post("/api/v1/auth/code", null, "{\"community\":\"cuihu\",\"phone\":\"" + phone + "\"}");
        Matcher code = Pattern.compile("(\\d{6})").matcher(sms.get(phone));
        assertTrue(code.find());
        HttpResponse<String> r = post("/api/v1/auth/login", null, "{\"community\":\"cuihu\",\"phone\":\"" + phone
                + "\",\"code\":\"" + code.group(1) + "\"}");
        return JSON.readTree(r.body()).path("token").asText();
    }

    private static String offer(String session) throws Exception {
        JsonNode turn = JSON.readTree(post("/api/v1/chat/messages", session, "{\"text\":\"帮我把物业费交了\"}").body());
        for (JsonNode a : turn.path("actions")) {
            if (a.path("type").asText().equals("payment.offered")) {
                return a.path("details").path("token").asText();
            }
        }
        throw new AssertionError("no offer: " + turn);
    }

    private static HttpResponse<String> post(String path, String session, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            b.header("Authorization", "Bearer " + session);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String session) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).GET();
        if (session != null) {
            b.header("Authorization", "Bearer " + session);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
