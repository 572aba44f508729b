package dev.guanjia.app.bench;

import dev.guanjia.app.Args;
import dev.guanjia.app.config.ConfigLoader;
import dev.guanjia.app.files.TemporaryDirectory;
import dev.guanjia.app.pack.PackImport;
import dev.guanjia.app.serve.GuanjiaServer;
import dev.guanjia.community.resident.ResidentDirectory;
import dev.guanjia.community.resident.Resident;
import dev.guanjia.community.resident.Residents;
import dev.guanjia.payments.Payments;
import dev.guanjia.payments.merchant.Merchant;
import dev.guanjia.payments.offer.Offer;
import dev.guanjia.payments.order.PaymentOrder;
import dev.guanjia.payments.receipt.Receipts.Receipt;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.InputStream;
import java.io.PrintStream;
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
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code bench notify [--orders 1000] [--duplicates 0.2] [--threads 8]}: a served Guanjia with a
 * WeChat Pay merchant configured (keys generated here, playing WeChat's side), one open order per
 * resident of a generated community, then WeChat's payment notifies posted to {@code /pay/notify}
 * over HTTP — every order's once plus re-signed retries of a share of them, all concurrently. Prints
 * the notify answer's latency and checks that every order was settled exactly once.
 */
public final class NotifyBenchmark {

    public static final String HELP = """
            Usage: java -jar guanjia.jar bench notify [--orders 1000] [--duplicates 0.2] [--threads 8]

            Serves Guanjia on loopback with a WeChat Pay merchant whose keys are generated for the run,
            opens --orders payment orders (one per generated resident), posts each order's signed and
            encrypted TRANSACTION.SUCCESS notify plus re-signed retries for a --duplicates share of
            them from --threads concurrent senders, and prints notifies/s, p50/p95/max of the answer and
            the settlement check (settled once each, no double payment) as JSON. Exit code 1 when the
            check fails.
            """;

    private static final String MCH_ID = "1900000109";
    private static final String APP_ID = "wxbench0000000001";
    private static final String PUBLIC_KEY_ID = "PUB_KEY_ID_0119000001092026120300000000000001";
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private NotifyBenchmark() {
    }

    public static int run(Args args, PrintStream out) throws Exception {
        int orders = args.optionalInt("--orders", 1000);
        String share = args.optional("--duplicates");
        double duplicates = share == null ? 0.2 : Double.parseDouble(share);
        int threads = args.optionalInt("--threads", 8);
        args.requireNoneLeft();
        SecureRandom random = new SecureRandom();
        String apiV3Key = HexFormat.of().formatHex(random.generateSeed(16));
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair merchantKeys = rsa.generateKeyPair();
        KeyPair platformKeys = rsa.generateKeyPair();
        Map<String, Object> result = new LinkedHashMap<>();
        try (TemporaryDirectory dir = new TemporaryDirectory("guanjia-bench-notify")) {
            Files.writeString(dir.path().resolve("apiclient_key.pem"), pem("PRIVATE KEY", merchantKeys.getPrivate().getEncoded()));
            Files.writeString(dir.path().resolve("pub_key.pem"), pem("PUBLIC KEY", platformKeys.getPublic().getEncoded()));
            // the API host is a closed loopback port: this run only receives notifies
            String payments = """
                    payments:
                      app_id: %s
                      mch_id: "%s"
                      api_v3_key: %s
                      merchant_serial: 5157F09EFDC096DE15EBE81A47057A72
                      private_key_path: apiclient_key.pem
                      public_key_id: %s
                      public_key_path: pub_key.pem
                      notify_url: https://guanjia.example.com/pay/notify
                      refund_notify_url: https://guanjia.example.com/pay/refund-notify
                      api_host: http://127.0.0.1:9
                    """.formatted(APP_ID, MCH_ID, apiV3Key, PUBLIC_KEY_ID);
            Files.writeString(dir.path().resolve("guanjia.yaml"), "http:\n  host: 127.0.0.1\n  port: 0\n"
                    + "demo:\n  load: false\n" + payments);
            try (GuanjiaServer server = GuanjiaServer.start(ConfigLoader.load(Map.of(), dir.path()))) {
                // orders are placed at a merchant that answers on this side: the run measures the notifies
                Payments pay = new Payments(server.dataSource(), new PlacedOnly());
                List<PaymentOrder> open = openOrders(server, pay, dir.path().resolve("pack"), orders);
                List<Notify> notifies = new ArrayList<>();
                for (PaymentOrder o : open) {
                    notifies.add(notify(o, apiV3Key, platformKeys.getPrivate(), random));
                }
                int retries = (int) Math.round(open.size() * duplicates);
                for (int i = 0; i < retries; i++) {
                    notifies.add(notifies.get(i).resigned(platformKeys.getPrivate(), random));
                }
                Collections.shuffle(notifies, random);
                URI uri = URI.create("http://127.0.0.1:" + server.port() + "/pay/notify");
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                List<Long> micros = Collections.synchronizedList(new ArrayList<>());
                AtomicInteger next = new AtomicInteger();
                AtomicInteger refused = new AtomicInteger();
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                long start = System.nanoTime();
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    futures.add(pool.submit(() -> {
                        int i;
                        while ((i = next.getAndIncrement()) < notifies.size()) {
                            Notify n = notifies.get(i);
                            long t0 = System.nanoTime();
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri)
                                    .header("Content-Type", "application/json")
                                    .header("Wechatpay-Timestamp", n.timestamp())
                                    .header("Wechatpay-Nonce", n.nonce())
                                    .header("Wechatpay-Signature", n.signature())
                                    .header("Wechatpay-Serial", PUBLIC_KEY_ID)
                                    .POST(HttpRequest.BodyPublishers.ofString(n.body())).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            micros.add((System.nanoTime() - t0) / 1000);
                            if (r.statusCode() / 100 != 2) {
                                refused.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                pool.shutdown();
                int settled = 0;
                int paidBills = 0;
                int expectedBills = 0;
                for (PaymentOrder o : open) {
                    Optional<PaymentOrder> now = pay.orders().find(o.outTradeNo());
                    Optional<Receipt> receipt = pay.receipts().of(o.outTradeNo());
                    if (now.isPresent() && now.get().paid() && receipt.isPresent()
                            && receipt.get().totalFen() == o.amountFen()) {
                        settled++;
                    }
                    expectedBills += o.billCodes().size();
                    paidBills += receipt.map(r -> r.items().size()).orElse(0);
                }
                result.put("orders", open.size());
                result.put("notifies", notifies.size());
                result.put("duplicates", retries);
                result.put("threads", threads);
                result.put("refused", refused.get());
                result.put("notifies_per_s", Math.round(notifies.size() / seconds * 10) / 10.0);
                result.put("p50_ms", percentile(micros, 0.50));
                result.put("p95_ms", percentile(micros, 0.95));
                result.put("max_ms", percentile(micros, 1.0));
                result.put("orders_settled", settled);
                result.put("bills_on_receipts", paidBills);
                result.put("bills_ordered", expectedBills);
                boolean ok = settled == open.size() && refused.get() == 0 && paidBills == expectedBills;
                result.put("settled_exactly_once", ok);
                out.println(new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                        .writeValueAsString(result));
                return ok ? 0 : 1;
            }
        }
    }

    /** One open Native order per generated resident, made through the served payments' offers and orders. */
    private static List<PaymentOrder> openOrders(GuanjiaServer server, Payments placing, Path pack, int count)
            throws Exception {
        // five quarters per house: four paid, the fifth unpaid — one bill to pay per resident
        PackGenerator.write(pack, count, count, count * 5);
        new PackImport(server.dataSource(), server.personalData()).importPack(pack, null, "bench");
        Residents residents = new Residents(server.dataSource(), server.personalData());
        List<PaymentOrder> out = new ArrayList<>();
        for (ResidentDirectory.Card card : new ResidentDirectory(server.dataSource(), server.personalData()).of("bench")) {
            Resident r = residents.find("bench", card.id()).orElseThrow();
            Optional<Offer> offer = placing.offers().offer("bench", r.id(),
                    r.houses().stream().map(Resident.Household::houseId).toList(), List.of(), "web", null, null);
            if (offer.isPresent()) {
                out.add(placing.orders().payByNative(offer.get().token()));
            }
            if (out.size() == count) {
                break;
            }
        }
        return out;
    }

    /** The merchant as seen when placing orders for the run: WeChat's side accepts every Native order. */
    private record PlacedOnly() implements Merchant {
        @Override
        public String mchId() {
            return MCH_ID;
        }

        @Override
        public String appId() {
            return APP_ID;
        }

        @Override
        public JsapiPayment createJsapi(OrderRequest order) {
            throw new UnsupportedOperationException("the notify benchmark places Native orders only");
        }

        @Override
        public String createNative(OrderRequest order) {
            return "weixin://wxpay/bizpayurl?pr=" + order.outTradeNo();
        }

        @Override
        public Optional<Transaction> query(String outTradeNo) {
            return Optional.empty();
        }

        @Override
        public void close(String outTradeNo) {
        }

        @Override
        public Refund refund(RefundRequest refund) {
            throw new UnsupportedOperationException("no refunds in the notify benchmark");
        }

        @Override
        public InputStream tradeBill(LocalDate day) {
            throw new UnsupportedOperationException("no trade bill in the notify benchmark");
        }

        @Override
        public PaymentNotice paymentNotice(String rawBody, NotifyHeaders headers) {
            throw new UnsupportedOperationException("notifies go to the served merchant");
        }

        @Override
        public RefundNotice refundNotice(String rawBody, NotifyHeaders headers) {
            throw new UnsupportedOperationException("notifies go to the served merchant");
        }
    }

    /** A notify as WeChat Pay posts it: raw body and the signature headers. */
    private record Notify(String body, String timestamp, String nonce, String signature) {
        /** WeChat re-signs each retry: same body and notify id, new timestamp, nonce and signature. */
        Notify resigned(PrivateKey platform, SecureRandom random) throws GeneralSecurityException {
            String ts = Long.toString(System.currentTimeMillis() / 1000);
            String n = HexFormat.of().formatHex(random.generateSeed(16));
            return new Notify(body, ts, n, sign(platform, ts + "\n" + n + "\n" + body + "\n"));
        }
    }

    /** TRANSACTION.SUCCESS for the order: the resource encrypted with the APIv3 key, the body signed. */
    private static Notify notify(PaymentOrder o, String apiV3Key, PrivateKey platform, SecureRandom random)
            throws GeneralSecurityException {
        String resource = """
                {"appid":"%s","mchid":"%s","out_trade_no":"%s","transaction_id":"42000%s","trade_type":"NATIVE",\
                "trade_state":"SUCCESS","trade_state_desc":"支付成功","bank_type":"OTHERS","attach":"",\
                "success_time":"%s","payer":{"openid":"o-bench-payer"},\
                "amount":{"total":%d,"payer_total":%d,"currency":"CNY","payer_currency":"CNY"}}"""
                .formatted(APP_ID, MCH_ID, o.outTradeNo(), HexFormat.of().formatHex(random.generateSeed(12)),
                        RFC3339.format(OffsetDateTime.now(ZoneOffset.ofHours(8)).withNano(0)), o.amountFen(), o.amountFen());
        String nonce = HexFormat.of().formatHex(random.generateSeed(6));
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(apiV3Key.getBytes(StandardCharsets.UTF_8), "AES"),
                new GCMParameterSpec(128, nonce.getBytes(StandardCharsets.UTF_8)));
        c.updateAAD("transaction".getBytes(StandardCharsets.UTF_8));
        String cipher = Base64.getEncoder().encodeToString(c.doFinal(resource.getBytes(StandardCharsets.UTF_8)));
        String body = """
                {"id":"%s","create_time":"%s","resource_type":"encrypt-resource","event_type":"TRANSACTION.SUCCESS",\
                "summary":"支付成功","resource":{"original_type":"transaction","algorithm":"AEAD_AES_256_GCM",\
                "ciphertext":"%s","associated_data":"transaction","nonce":"%s"}}"""
                .formatted(java.util.UUID.randomUUID(), RFC3339.format(OffsetDateTime.now(ZoneOffset.ofHours(8)).withNano(0)),
                        cipher, nonce);
        String ts = Long.toString(System.currentTimeMillis() / 1000);
        String n = HexFormat.of().formatHex(random.generateSeed(16));
        return new Notify(body, ts, n, sign(platform, ts + "\n" + n + "\n" + body + "\n"));
    }

    private static String sign(PrivateKey key, String message) throws GeneralSecurityException {
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key);
        s.update(message.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(s.sign());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static double percentile(List<Long> micros, double p) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return 0;
        }
        int i = (int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1);
        return Math.round(sorted.get(Math.max(0, i)) / 100.0) / 10.0;
    }
}
