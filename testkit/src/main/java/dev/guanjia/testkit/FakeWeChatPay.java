package dev.guanjia.testkit;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WeChat Pay APIv3 on loopback, speaking its wire format: every request's {@code Authorization}
 * signature is checked with the merchant's public key (401 SIGN_ERROR otherwise), every JSON answer
 * is signed with the platform key ({@code Wechatpay-*} headers, public-key mode), and notifies are
 * built the way WeChat Pay sends them (AES-256-GCM resource under the APIv3 key, signed).
 * <p>
 * Both key pairs are generated here; {@link #merchantPrivateKeyPath()} and
 * {@link #platformPublicKeyPath()} are the PEM files a merchant configuration points at. Use
 * {@link #baseUrl()} ({@code http://api.mch.weixin.qq.com:PORT}) with the JVM flag
 * {@code -Djdk.net.hosts.file=testkit/wechatpay-hosts}: WxJava signs and verifies only for that host.
 * <p>
 * Served: JSAPI and Native orders, query by out_trade_no, close, refund, trade bill (+ download
 * with its SHA-1), and a 404 for {@code /v3/certificates} (public-key mode only).
 */
public final class FakeWeChatPay implements AutoCloseable {

    public static final String HOST = "api.mch.weixin.qq.com";
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    private static final Pattern AUTH = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final String mchId;
    private final String appId;
    private final String apiV3Key;
    private final String merchantSerial = "5157F09EFDC096DE15EBE81A47057A72" + "0A1B2C3D";
    private final String publicKeyId = "PUB_KEY_ID_0114232134912410000000000000000001";
    private final KeyPair merchant;
    private final KeyPair platform;
    private final Path dir;
    private final HttpServer server;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Order> orders = new ConcurrentHashMap<>();
    private final Map<String, Refund> refunds = new ConcurrentHashMap<>();
    private final Map<String, byte[]> bills = new ConcurrentHashMap<>();
    private final Map<String, byte[]> downloads = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger signatureFailures = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong transactions = new java.util.concurrent.atomic.AtomicLong(4200000000L);
    private volatile Failure failNext;
    private volatile boolean corruptBillHash;

    /** An order as WeChat Pay holds it; {@code state} is its trade_state. */
    public static final class Order {
        public final String outTradeNo;
        public final String tradeType;
        public final long totalFen;
        public final String openid;
        public final String description;
        public final String timeExpire;
        public volatile String state = "NOTPAY";
        public volatile String transactionId;
        public volatile String successTime;
        public volatile long refundedFen;

        Order(String outTradeNo, String tradeType, long totalFen, String openid, String description,
              String timeExpire) {
            this.outTradeNo = outTradeNo;
            this.tradeType = tradeType;
            this.totalFen = totalFen;
            this.openid = openid;
            this.description = description;
            this.timeExpire = timeExpire;
        }
    }

    /** A refund as WeChat Pay holds it; {@code status} PROCESSING, SUCCESS, ABNORMAL or CLOSED. */
    public static final class Refund {
        public final String outRefundNo;
        public final String outTradeNo;
        public final String refundId;
        public final long refundFen;
        public final long totalFen;
        public final String reason;
        public volatile String status = "PROCESSING";

        Refund(String outRefundNo, String outTradeNo, String refundId, long refundFen, long totalFen, String reason) {
            this.outRefundNo = outRefundNo;
            this.outTradeNo = outTradeNo;
            this.refundId = refundId;
            this.refundFen = refundFen;
            this.totalFen = totalFen;
            this.reason = reason;
        }
    }

    private record Failure(int status, String code, String message) {
    }

    /** A notify as WeChat Pay would POST it: the raw body and its four {@code Wechatpay-*} headers. */
    public record Notify(String body, String timestamp, String nonce, String signature, String serial) {

        /** The same headers over another body (a forgery: the signature no longer matches). */
        public Notify withBody(String other) {
            return new Notify(other, timestamp, nonce, signature, serial);
        }

        /** The body with one character changed, headers kept. */
        public Notify forged() {
            int i = body.indexOf("\"summary\"") + 12;
            char c = body.charAt(i);
            return withBody(body.substring(0, i) + (c == 'A' ? 'B' : 'A') + body.substring(i + 1));
        }

        public Map<String, String> headers() {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Wechatpay-Timestamp", timestamp);
            h.put("Wechatpay-Nonce", nonce);
            h.put("Wechatpay-Signature", signature);
            h.put("Wechatpay-Serial", serial);
            return h;
        }

        /** Posts it as WeChat Pay does (JSON, the four headers) and returns the answer. */
        public HttpResponse<String> post(URI uri) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .header("User-Agent", "Mozilla/4.0").POST(HttpRequest.BodyPublishers.ofString(body));
            headers().forEach(b::header);
            try (HttpClient http = HttpClient.newHttpClient()) {
                return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private FakeWeChatPay(String mchId, String appId) throws IOException {
        this.mchId = mchId;
        this.appId = appId;
        this.apiV3Key = randomAlnum(32);
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            merchant = g.generateKeyPair();
            platform = g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        dir = Files.createTempDirectory("fake-wechatpay");
        dir.toFile().deleteOnExit();
        Files.writeString(merchantPrivateKeyPath(), pem("PRIVATE KEY", merchant.getPrivate().getEncoded()));
        Files.writeString(platformPublicKeyPath(), pem("PUBLIC KEY", platform.getPublic().getEncoded()));
        merchantPrivateKeyPath().toFile().deleteOnExit();
        platformPublicKeyPath().toFile().deleteOnExit();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    /** Starts a fake for this merchant and official-account app id. */
    public static FakeWeChatPay start(String mchId, String appId) {
        try {
            return new FakeWeChatPay(mchId, appId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://" + HOST + ":" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String mchId() {
        return mchId;
    }

    public String appId() {
        return appId;
    }

    public String apiV3Key() {
        return apiV3Key;
    }

    public String merchantSerial() {
        return merchantSerial;
    }

    public String publicKeyId() {
        return publicKeyId;
    }

    public Path merchantPrivateKeyPath() {
        return dir.resolve("apiclient_key.pem");
    }

    public Path platformPublicKeyPath() {
        return dir.resolve("pub_key.pem");
    }

    public PublicKey merchantPublicKey() {
        return merchant.getPublic();
    }

    /** Every request served, as "METHOD /path?query". */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** Requests refused because their Authorization did not verify. */
    public int signatureFailures() {
        return signatureFailures.get();
    }

    public Order order(String outTradeNo) {
        return orders.get(outTradeNo);
    }

    public Map<String, Order> orders() {
        return Map.copyOf(orders);
    }

    public Refund refund(String outRefundNo) {
        return refunds.get(outRefundNo);
    }

    /** The next API call is answered with this error (e.g. 500 SYSTEM_ERROR), then normal service resumes. */
    public void failNext(int status, String code, String message) {
        failNext = new Failure(status, code, message);
    }

    /** The resident pays the order (no notify is sent: {@link #paymentNotify} builds one). */
    public Order pay(String outTradeNo) {
        Order o = orders.get(outTradeNo);
        if (o == null) {
            throw new IllegalArgumentException("no order " + outTradeNo);
        }
        synchronized (o) {
            if (!"SUCCESS".equals(o.state)) {
                o.state = "SUCCESS";
                o.transactionId = transactions.incrementAndGet() + "2026" + randomDigits(14);
                o.successTime = RFC3339.format(OffsetDateTime.now(ZoneOffset.ofHours(8)));
            }
        }
        return o;
    }

    /** Pays the order and builds the TRANSACTION.SUCCESS notify for it, signed now. */
    public Notify paymentNotify(String outTradeNo) {
        Order o = pay(outTradeNo);
        return paymentNotify(o, o.totalFen, Instant.now());
    }

    /** A notify for a paid order claiming {@code totalFen} (a mismatch when it differs), signed at {@code at}. */
    public Notify paymentNotify(Order o, long totalFen, Instant at) {
        JsonObject r = new JsonObject();
        r.addProperty("appid", appId);
        r.addProperty("mchid", mchId);
        r.addProperty("out_trade_no", o.outTradeNo);
        r.addProperty("transaction_id", o.transactionId);
        r.addProperty("trade_type", o.tradeType);
        r.addProperty("trade_state", "SUCCESS");
        r.addProperty("trade_state_desc", "支付成功");
        r.addProperty("bank_type", "OTHERS");
        r.addProperty("attach", "");
        r.addProperty("success_time", o.successTime);
        JsonObject payer = new JsonObject();
        payer.addProperty("openid", o.openid == null ? "o-native-payer" : o.openid);
        r.add("payer", payer);
        JsonObject amount = new JsonObject();
        amount.addProperty("total", totalFen);
        amount.addProperty("payer_total", totalFen);
        amount.addProperty("currency", "CNY");
        amount.addProperty("payer_currency", "CNY");
        r.add("amount", amount);
        return notify("TRANSACTION.SUCCESS", "transaction", "支付成功", r, at);
    }

    /** Sets the refund's final status and builds its REFUND.* notify, signed now. */
    public Notify refundNotify(String outRefundNo, String status) {
        Refund f = refunds.get(outRefundNo);
        if (f == null) {
            throw new IllegalArgumentException("no refund " + outRefundNo);
        }
        f.status = status;
        Order o = orders.get(f.outTradeNo);
        JsonObject r = new JsonObject();
        r.addProperty("mchid", mchId);
        r.addProperty("out_trade_no", f.outTradeNo);
        r.addProperty("transaction_id", o.transactionId);
        r.addProperty("out_refund_no", f.outRefundNo);
        r.addProperty("refund_id", f.refundId);
        r.addProperty("refund_status", status);
        r.addProperty("success_time", RFC3339.format(OffsetDateTime.now(ZoneOffset.ofHours(8))));
        r.addProperty("user_received_account", "支付用户零钱");
        JsonObject amount = new JsonObject();
        amount.addProperty("total", f.totalFen);
        amount.addProperty("refund", f.refundFen);
        amount.addProperty("payer_total", f.totalFen);
        amount.addProperty("payer_refund", f.refundFen);
        r.add("amount", amount);
        return notify("REFUND." + status, "refund", "退款状态", r, Instant.now());
    }

    /** A WeChat probe ({@code WECHATPAY/SIGNTEST/} signature), which a merchant must refuse. */
    public Notify signTestNotify(String outTradeNo) {
        Notify n = paymentNotify(outTradeNo);
        return new Notify(n.body(), n.timestamp(), n.nonce(), "WECHATPAY/SIGNTEST/" + n.signature().substring(19),
                n.serial());
    }

    private Notify notify(String eventType, String originalType, String summary, JsonObject resource, Instant at) {
        try {
            byte[] nonce = randomAlnum(12).getBytes(StandardCharsets.UTF_8);
            String aad = originalType;
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(apiV3Key.getBytes(StandardCharsets.UTF_8), "AES"),
                    new GCMParameterSpec(128, nonce));
            c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            String cipher = Base64.getEncoder().encodeToString(
                    c.doFinal(resource.toString().getBytes(StandardCharsets.UTF_8)));
            JsonObject res = new JsonObject();
            res.addProperty("original_type", originalType);
            res.addProperty("algorithm", "AEAD_AES_256_GCM");
            res.addProperty("ciphertext", cipher);
            res.addProperty("associated_data", aad);
            res.addProperty("nonce", new String(nonce, StandardCharsets.UTF_8));
            JsonObject body = new JsonObject();
            body.addProperty("id", java.util.UUID.randomUUID().toString());
            body.addProperty("create_time", RFC3339.format(OffsetDateTime.ofInstant(at, ZoneOffset.ofHours(8))));
            body.addProperty("resource_type", "encrypt-resource");
            body.addProperty("event_type", eventType);
            body.addProperty("summary", summary);
            body.add("resource", res);
            String raw = body.toString();
            String ts = Long.toString(at.getEpochSecond());
            String n = randomAlnum(32);
            return new Notify(raw, ts, n, sign(platform.getPrivate(), ts + "\n" + n + "\n" + raw + "\n"), publicKeyId);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A re-signed copy of a notify (WeChat re-signs every retry), same body and notify id. */
    public Notify resigned(Notify n) {
        String ts = Long.toString(Instant.now().getEpochSecond());
        String nonce = randomAlnum(32);
        return new Notify(n.body(), ts, nonce, sign(platform.getPrivate(), ts + "\n" + nonce + "\n" + n.body() + "\n"),
                publicKeyId);
    }

    /** The trade bill served for a day (CSV text, as WeChat Pay writes it). */
    public void tradeBill(java.time.LocalDate day, String csv) {
        bills.put(day.toString(), csv.getBytes(StandardCharsets.UTF_8));
    }

    /** Serves bill downloads whose SHA-1 does not match the announced hash_value. */
    public void corruptBillHash(boolean corrupt) {
        corruptBillHash = corrupt;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ---- the API ----

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String method = x.getRequestMethod();
            URI uri = x.getRequestURI();
            String pathQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            byte[] raw = x.getRequestBody().readAllBytes();
            String body = new String(raw, StandardCharsets.UTF_8);
            requests.add(method + " " + pathQuery);
            String path = uri.getPath();
            if (path.startsWith("/v3/billdownload/")) {
                byte[] file = downloads.get(uri.getQuery());
                if (file == null) {
                    x.sendResponseHeaders(404, -1);
                    return;
                }
                x.getResponseHeaders().set("Content-Type", "application/octet-stream");
                x.sendResponseHeaders(200, file.length);
                x.getResponseBody().write(file);
                return;
            }
            if (!authorized(x, method, pathQuery, body)) {
                signatureFailures.incrementAndGet();
                answer(x, 401, error("SIGN_ERROR", "签名错误"));
                return;
            }
            Failure f = failNext;
            if (f != null) {
                failNext = null;
                answer(x, f.status(), error(f.code(), f.message()));
                return;
            }
            Matcher m;
            if (method.equals("POST") && path.equals("/v3/pay/transactions/jsapi")) {
                create(x, "JSAPI", body);
            } else if (method.equals("POST") && path.equals("/v3/pay/transactions/native")) {
                create(x, "NATIVE", body);
            } else if (method.equals("GET") && (m = Pattern.compile("/v3/pay/transactions/out-trade-no/([^/]+)")
                    .matcher(path)).matches()) {
                query(x, m.group(1));
            } else if (method.equals("POST") && (m = Pattern.compile("/v3/pay/transactions/out-trade-no/([^/]+)/close")
                    .matcher(path)).matches()) {
                closeOrder(x, m.group(1));
            } else if (method.equals("POST") && path.equals("/v3/refund/domestic/refunds")) {
                refund(x, body);
            } else if (method.equals("GET") && path.equals("/v3/bill/tradebill")) {
                tradeBill(x, uri.getQuery());
            } else {
                answer(x, 404, error("NOT_FOUND", "请求的资源不存在"));
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        }
    }

    private boolean authorized(HttpExchange x, String method, String pathQuery, String body) {
        String auth = x.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("WECHATPAY2-SHA256-RSA2048 ")) {
            return false;
        }
        Map<String, String> p = new LinkedHashMap<>();
        Matcher m = AUTH.matcher(auth);
        while (m.find()) {
            p.put(m.group(1), m.group(2));
        }
        if (!mchId.equals(p.get("mchid")) || !merchantSerial.equals(p.get("serial_no")) || p.get("timestamp") == null) {
            return false;
        }
        long ts = Long.parseLong(p.get("timestamp"));
        if (Math.abs(Instant.now().getEpochSecond() - ts) > 300) {
            return false;
        }
        String message = method + "\n" + pathQuery + "\n" + ts + "\n" + p.get("nonce_str") + "\n" + body + "\n";
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(merchant.getPublic());
            s.update(message.getBytes(StandardCharsets.UTF_8));
            return s.verify(Base64.getDecoder().decode(p.get("signature")));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private void create(HttpExchange x, String tradeType, String body) throws IOException {
        JsonObject r = JsonParser.parseString(body).getAsJsonObject();
        if (!appId.equals(str(r, "appid")) || !mchId.equals(str(r, "mchid"))) {
            answer(x, 400, error("PARAM_ERROR", "appid和mch_id不匹配"));
            return;
        }
        String no = str(r, "out_trade_no");
        if (no == null || !no.matches("[0-9A-Za-z_|*-]{6,32}")) {
            answer(x, 400, error("PARAM_ERROR", "商户订单号格式错误"));
            return;
        }
        String openid = r.has("payer") ? str(r.getAsJsonObject("payer"), "openid") : null;
        if ("JSAPI".equals(tradeType) && openid == null) {
            answer(x, 400, error("PARAM_ERROR", "缺少参数payer.openid"));
            return;
        }
        long total = r.getAsJsonObject("amount").get("total").getAsLong();
        Order o = new Order(no, tradeType, total, openid, str(r, "description"), str(r, "time_expire"));
        Order earlier = orders.putIfAbsent(no, o);
        if (earlier != null) {
            answer(x, 400, error("SUCCESS".equals(earlier.state) ? "ORDERPAID" : "INVALID_REQUEST",
                    "SUCCESS".equals(earlier.state) ? "该订单已支付" : "201 商户订单号重复"));
            return;
        }
        JsonObject a = new JsonObject();
        if ("JSAPI".equals(tradeType)) {
            a.addProperty("prepay_id", "wx" + randomAlnum(30));
        } else {
            a.addProperty("code_url", "weixin://wxpay/bizpayurl?pr=" + randomAlnum(7));
        }
        answer(x, 200, a.toString());
    }

    private void query(HttpExchange x, String no) throws IOException {
        Order o = orders.get(no);
        if (o == null) {
            answer(x, 404, error("ORDER_NOT_EXIST", "订单不存在"));
            return;
        }
        JsonObject a = new JsonObject();
        a.addProperty("appid", appId);
        a.addProperty("mchid", mchId);
        a.addProperty("out_trade_no", no);
        a.addProperty("trade_type", o.tradeType);
        a.addProperty("trade_state", o.state);
        a.addProperty("trade_state_desc", switch (o.state) {
            case "SUCCESS" -> "支付成功";
            case "CLOSED" -> "订单已关闭";
            case "REFUND" -> "转入退款";
            default -> "订单未支付";
        });
        if (o.transactionId != null) {
            a.addProperty("transaction_id", o.transactionId);
            a.addProperty("success_time", o.successTime);
            a.addProperty("bank_type", "OTHERS");
            JsonObject payer = new JsonObject();
            payer.addProperty("openid", o.openid == null ? "o-native-payer" : o.openid);
            a.add("payer", payer);
        }
        JsonObject amount = new JsonObject();
        amount.addProperty("total", o.totalFen);
        if (o.transactionId != null) {
            amount.addProperty("payer_total", o.totalFen);
        }
        amount.addProperty("currency", "CNY");
        a.add("amount", amount);
        answer(x, 200, a.toString());
    }

    private void closeOrder(HttpExchange x, String no) throws IOException {
        Order o = orders.get(no);
        if (o == null) {
            answer(x, 404, error("ORDER_NOT_EXIST", "订单不存在"));
            return;
        }
        synchronized (o) {
            if ("SUCCESS".equals(o.state) || "REFUND".equals(o.state)) {
                answer(x, 400, error("ORDERPAID", "订单已支付"));
                return;
            }
            o.state = "CLOSED";
        }
        // WeChat Pay's 204 carries a Content-Type too, and WxJava's validator reads it
        x.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        signHeaders(x, "");
        x.sendResponseHeaders(204, -1);
    }

    private void refund(HttpExchange x, String body) throws IOException {
        JsonObject r = JsonParser.parseString(body).getAsJsonObject();
        Order o = orders.get(str(r, "out_trade_no"));
        if (o == null || !"SUCCESS".equals(o.state) && !"REFUND".equals(o.state)) {
            answer(x, 404, error("RESOURCE_NOT_EXISTS", "订单不存在"));
            return;
        }
        JsonObject amount = r.getAsJsonObject("amount");
        long refund = amount.get("refund").getAsLong();
        long total = amount.get("total").getAsLong();
        String no = str(r, "out_refund_no");
        Refund existing = refunds.get(no);
        if (existing == null) {
            synchronized (o) {
                if (total != o.totalFen) {
                    answer(x, 400, error("PARAM_ERROR", "订单金额或退款金额与之前请求不一致"));
                    return;
                }
                if (refund <= 0 || o.refundedFen + refund > o.totalFen) {
                    answer(x, 403, error("NOT_ENOUGH", "申请退款金额超过订单可退金额"));
                    return;
                }
                o.refundedFen += refund;
                o.state = "REFUND";
                existing = new Refund(no, o.outTradeNo, "50" + randomDigits(30), refund, total, str(r, "reason"));
                refunds.put(no, existing);
            }
        }
        JsonObject a = new JsonObject();
        a.addProperty("refund_id", existing.refundId);
        a.addProperty("out_refund_no", no);
        a.addProperty("transaction_id", o.transactionId);
        a.addProperty("out_trade_no", o.outTradeNo);
        a.addProperty("channel", "ORIGINAL");
        a.addProperty("user_received_account", "支付用户零钱");
        a.addProperty("create_time", RFC3339.format(OffsetDateTime.now(ZoneOffset.ofHours(8))));
        a.addProperty("status", existing.status);
        a.addProperty("funds_account", "AVAILABLE");
        JsonObject am = new JsonObject();
        am.addProperty("total", existing.totalFen);
        am.addProperty("refund", existing.refundFen);
        am.addProperty("payer_total", existing.totalFen);
        am.addProperty("payer_refund", existing.refundFen);
        am.addProperty("settlement_refund", existing.refundFen);
        am.addProperty("settlement_total", existing.totalFen);
        am.addProperty("discount_refund", 0);
        am.addProperty("currency", "CNY");
        a.add("amount", am);
        answer(x, 200, a.toString());
    }

    private void tradeBill(HttpExchange x, String query) throws IOException {
        Map<String, String> q = new LinkedHashMap<>();
        for (String kv : query == null ? new String[0] : query.split("&")) {
            int i = kv.indexOf('=');
            q.put(kv.substring(0, i), kv.substring(i + 1));
        }
        byte[] file = bills.get(q.getOrDefault("bill_date", ""));
        if (file == null) {
            answer(x, 400, error("NO_STATEMENT_EXIST", "账单文件不存在"));
            return;
        }
        String token = "token=" + randomAlnum(24);
        downloads.put(token, file);
        String hash;
        try {
            hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(file));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        if (corruptBillHash) {
            hash = (hash.charAt(0) == '0' ? "1" : "0") + hash.substring(1);
        }
        JsonObject a = new JsonObject();
        a.addProperty("hash_type", "SHA1");
        a.addProperty("hash_value", hash);
        a.addProperty("download_url", baseUrl() + "/v3/billdownload/file?" + token);
        answer(x, 200, a.toString());
    }

    private void answer(HttpExchange x, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        signHeaders(x, json);
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
    }

    private void signHeaders(HttpExchange x, String body) {
        String ts = Long.toString(Instant.now().getEpochSecond());
        String nonce = randomAlnum(32);
        x.getResponseHeaders().set("Request-ID", "08" + randomDigits(20));
        x.getResponseHeaders().set("Wechatpay-Timestamp", ts);
        x.getResponseHeaders().set("Wechatpay-Nonce", nonce);
        x.getResponseHeaders().set("Wechatpay-Serial", publicKeyId);
        x.getResponseHeaders().set("Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048");
        x.getResponseHeaders().set("Wechatpay-Signature", sign(platform.getPrivate(), ts + "\n" + nonce + "\n" + body + "\n"));
    }

    private static String error(String code, String message) {
        JsonObject e = new JsonObject();
        e.addProperty("code", code);
        e.addProperty("message", message);
        return e.toString();
    }

    private static String str(JsonObject o, String name) {
        return o.has(name) && !o.get(name).isJsonNull() ? o.get(name).getAsString() : null;
    }

    private static String sign(PrivateKey key, String message) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(message.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private String randomAlnum(int n) {
        String a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(a.charAt(random.nextInt(a.length())));
        }
        return b.toString();
    }

    private String randomDigits(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append((char) ('0' + random.nextInt(10)));
        }
        return b.toString();
    }

    /** Verifies a JSAPI paySign as the WeChat client does (merchant public key). */
    public boolean paySignValid(String appId, String timeStamp, String nonceStr, String packageValue, String paySign) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(merchant.getPublic());
            s.update((appId + "\n" + timeStamp + "\n" + nonceStr + "\n" + packageValue + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            return s.verify(Base64.getDecoder().decode(paySign));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Orders in a state, e.g. "CLOSED". */
    public List<Order> ordersIn(String state) {
        List<Order> out = new ArrayList<>();
        for (Order o : orders.values()) {
            if (state.equals(o.state)) {
                out.add(o);
            }
        }
        return out;
    }
}
