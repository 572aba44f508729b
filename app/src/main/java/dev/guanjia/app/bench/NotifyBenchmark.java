package dev.guanjia.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guanjia.app.Args;
import dev.guanjia.app.files.TemporaryDirectory;
import dev.guanjia.app.pack.PackImport;
import dev.guanjia.app.serve.GuanjiaServer;
import dev.guanjia.community.resident.Resident;
import dev.guanjia.community.resident.Residents;
import dev.guanjia.payments.Payments;
import dev.guanjia.payments.merchant.Merchant;
import dev.guanjia.payments.merchant.MerchantException;
import dev.guanjia.payments.merchant.NotifyRefused;
import dev.guanjia.payments.offer.Offer;
import dev.guanjia.payments.order.PaymentOrder;

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
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * WeChat Pay's payment notifies against a served instance: the service runs with a merchant account
 * whose keys this benchmark generates (it plays WeChat Pay's part: it holds the platform's private
 * key and the APIv3 key), N residents each get an open order for their unpaid bill, and N signed,
 * encrypted TRANSACTION.SUCCESS notifies plus a share of exact re-sends (WeChat Pay's retries) are
 * posted concurrently to /pay/notify. Prints the answer latencies and whether every order was
 * settled exactly once.
 */
final class NotifyBenchmark {

    static final String HELP = """
            Usage: java -jar guanjia.jar bench notify [--notifies 1000] [--duplicates 20] [--threads 16]

            Serves a generated community with online payment on, opens one order per resident and posts
            WeChat Pay's signed payment notifies to /pay/notify, --duplicates percent of them twice (as
            WeChat Pay retries), from --threads clients. Prints p50/p95/max of the notify answer, how many
            orders were settled, and any order settled twice or not at all (exit 1 then), as JSON.
            """;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String APP_ID = "wxbench00000000";
    private static final String MCH_ID = "1900000109";
    private static final String PUBLIC_KEY_ID = "PUB_KEY_ID_0119000001092026BENCH";

    private NotifyBenchmark() {
    }

    static int run(Args args, PrintStream out) throws Exception {
        int n = args.optionalInt("--notifies", 1000);
        int duplicatePercent = args.optionalInt("--duplicates", 20);
        int threads = args.optionalInt("--threads", 16);
        args.requireNoneLeft();
        Map<String, Object> result = new LinkedHashMap<>();
        try (TemporaryDirectory dir = new TemporaryDirectory("guanjia-bench-notify")) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            KeyPair merchantKeys = g.generateKeyPair();
            KeyPair platform = g.generateKeyPair();
            String apiV3Key = alnum(32);
            Path privateKey = dir.path().resolve("apiclient_key.pem");
            Path publicKey = dir.path().resolve("pub_key.pem");
            Files.writeString(privateKey, pem("PRIVATE KEY", merchantKeys.getPrivate().getEncoded()));
            Files.writeString(publicKey, pem("PUBLIC KEY", platform.getPublic().getEncoded()));
            String settings = """
                    demo:
                      load: false
                    payments:
                      app_id: %s
                      mch_id: %s
                      api_v3_key: %s
                      merchant_serial: 5157F09EFDC096DE15EBE81A47057A7232F1B8E1
                      private_key_path: %s
                      public_key_id: %s
                      public_key_path: %s
                      notify_url: https://bench.example.com/pay/notify
                      refund_notify_url: https://bench.example.com/pay/refund-notify
                      api_host: http://127.0.0.1:9
                    """.formatted(APP_ID, MCH_ID, apiV3Key, privateKey, PUBLIC_KEY_ID, publicKey);
            try (GuanjiaServer server = DemoService.start(dir.path(), settings)) {
                Path pack = dir.path().resolve("pack");
                // five periods a house: four paid, the fifth (2026-Q1) unpaid, so one bill to pay each
                PackGenerator.write(pack, n, n, n * 5);
                new PackImport(server.dataSource(), server.personalData()).importPack(pack, null, "bench");
                // orders are placed the way the web chat places them; this side's merchant stands for
                // WeChat Pay's order API, the served one verifies the notifies
                Payments placing = new Payments(server.dataSource(), new OrderDesk());
                Residents residents = new Residents(server.dataSource(), server.personalData());
                List<PaymentOrder> orders = new ArrayList<>();
                for (int r = 0; r < n; r++) {
                    Resident resident = residents.identify("bench", "phone", String.valueOf(15000000000L + r)).orElseThrow();
                    Optional<Offer> offer = placing.offers().offer("bench", resident.id(),
                            resident.houses().stream().map(Resident.Household::houseId).toList(), List.of(), "web", null, null);
                    orders.add(placing.orders().payByNative(offer.orElseThrow().token()));
                }
                List<String[]> notifies = new ArrayList<>();
                for (PaymentOrder o : orders) {
                    notifies.add(notify(o, apiV3Key, platform));
                }
                Random random = new Random(7);
                int duplicates = n * duplicatePercent / 100;
                List<String[]> sends = new ArrayList<>(notifies);
                for (int i = 0; i < duplicates; i++) {
                    sends.add(notifies.get(random.nextInt(n)));
                }
                Collections.shuffle(sends, random);
                HttpClient http = HttpClient.newHttpClient();
                URI uri = URI.create("http://127.0.0.1:" + server.port() + "/pay/notify");
                ConcurrentLinkedQueue<Long> micros = new ConcurrentLinkedQueue<>();
                AtomicInteger refused = new AtomicInteger();
                AtomicInteger next = new AtomicInteger();
                long start = System.nanoTime();
                try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
                    List<Future<?>> all = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        all.add(pool.submit(() -> {
                            for (int i = next.getAndIncrement(); i < sends.size(); i = next.getAndIncrement()) {
                                String[] s = sends.get(i);
                                long t0 = System.nanoTime();
                                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri)
                                        .header("Content-Type", "application/json")
                                        .header("Wechatpay-Timestamp", s[1]).header("Wechatpay-Nonce", s[2])
                                        .header("Wechatpay-Signature", s[3]).header("Wechatpay-Serial", PUBLIC_KEY_ID)
                                        .POST(HttpRequest.BodyPublishers.ofString(s[0])).build(),
                                        HttpResponse.BodyHandlers.ofString());
                                micros.add((System.nanoTime() - t0) / 1000);
                                if (answer.statusCode() / 100 != 2) {
                                    refused.incrementAndGet();
                                }
                            }
                            return null;
                        }));
                    }
                    for (Future<?> f : all) {
                        f.get();
                    }
                }
                long millis = (System.nanoTime() - start) / 1_000_000;
                int paid = 0;
                int unpaid = 0;
                int wrongAmount = 0;
                for (PaymentOrder o : orders) {
                    Optional<PaymentOrder> now = placing.orders().find(o.outTradeNo());
                    if (now.isPresent() && now.get().paid()) {
                        paid++;
                        // a second settlement would show as a second payment of the same bills
                        if (placing.receipts().of(o.outTradeNo()).map(r -> r.totalFen() != o.amountFen()).orElse(true)) {
                            wrongAmount++;
                        }
                    } else {
                        unpaid++;
                    }
                }
                List<Long> sorted = new ArrayList<>(micros);
                Collections.sort(sorted);
                result.put("orders", n);
                result.put("notifies_sent", sends.size());
                result.put("duplicates", duplicates);
                result.put("threads", threads);
                result.put("seconds", millis / 1000.0);
                result.put("notifies_per_s", Math.round(sends.size() * 1000.0 / Math.max(1, millis)));
                result.put("answer_p50_ms", sorted.get(sorted.size() / 2) / 1000.0);
                result.put("answer_p95_ms", sorted.get((int) (sorted.size() * 0.95)) / 1000.0);
                result.put("answer_max_ms", sorted.get(sorted.size() - 1) / 1000.0);
                result.put("refused", refused.get());
                result.put("settled", paid);
                result.put("not_settled", unpaid);
                result.put("receipt_mismatch", wrongAmount);
                result.put("cores", Runtime.getRuntime().availableProcessors());
                out.println(JSON.writeValueAsString(result));
                return paid == n && unpaid == 0 && wrongAmount == 0 && refused.get() == 0 ? 0 : 1;
            }
        }
    }

    /** A TRANSACTION.SUCCESS notify for the order as WeChat Pay sends it: body, timestamp, nonce, signature. */
    private static String[] notify(PaymentOrder o, String apiV3Key, KeyPair platform) throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
        DateTimeFormatter rfc3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
        ObjectNode r = JSON.createObjectNode();
        r.put("appid", APP_ID).put("mchid", MCH_ID).put("out_trade_no", o.outTradeNo())
                .put("transaction_id", "4200" + alnumDigits(24)).put("trade_type", "NATIVE").put("trade_state", "SUCCESS")
                .put("trade_state_desc", "支付成功").put("bank_type", "OTHERS").put("attach", "")
                .put("success_time", rfc3339.format(now));
        r.putObject("payer").put("openid", "o-bench-" + o.residentId());
        r.putObject("amount").put("total", o.amountFen()).put("payer_total", o.amountFen()).put("currency", "CNY")
                .put("payer_currency", "CNY");
        byte[] nonce = alnum(12).getBytes(StandardCharsets.UTF_8);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(apiV3Key.getBytes(StandardCharsets.UTF_8), "AES"),
                new GCMParameterSpec(128, nonce));
        c.updateAAD("transaction".getBytes(StandardCharsets.UTF_8));
        ObjectNode body = JSON.createObjectNode();
        body.put("id", java.util.UUID.randomUUID().toString()).put("create_time", rfc3339.format(now))
                .put("resource_type", "encrypt-resource").put("event_type", "TRANSACTION.SUCCESS").put("summary", "支付成功");
        body.putObject("resource").put("original_type", "transaction").put("algorithm", "AEAD_AES_256_GCM")
                .put("ciphertext", Base64.getEncoder().encodeToString(c.doFinal(r.toString().getBytes(StandardCharsets.UTF_8))))
                .put("associated_data", "transaction").put("nonce", new String(nonce, StandardCharsets.UTF_8));
        String raw = body.toString();
        String ts = Long.toString(now.toEpochSecond());
        String n = alnum(32);
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(platform.getPrivate());
        s.update((ts + "\n" + n + "\n" + raw + "\n").getBytes(StandardCharsets.UTF_8));
        return new String[]{raw, ts, n, Base64.getEncoder().encodeToString(s.sign())};
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static String alnum(int length) {
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append(chars.charAt(RANDOM.nextInt(chars.length())));
        }
        return b.toString();
    }

    private static String alnumDigits(int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append(RANDOM.nextInt(10));
        }
        return b.toString();
    }

    /** WeChat Pay's order API as far as placing Native orders goes; nothing else is asked of it here. */
    private static final class OrderDesk implements Merchant {
        @Override
        public String mchId() {
            return MCH_ID;
        }

        @Override
        public String appId() {
            return APP_ID;
        }

        @Override
        public JsapiPayment createJsapi(OrderRequest order) throws MerchantException {
            throw new MerchantException("NOT_SUPPORTED", "the benchmark places Native orders only", null);
        }

        @Override
        public String createNative(OrderRequest order) {
            return "weixin://wxpay/bizpayurl?pr=bench" + order.outTradeNo();
        }

        @Override
        public Optional<Transaction> query(String outTradeNo) {
            return Optional.empty();
        }

        @Override
        public void close(String outTradeNo) {
        }

        @Override
        public Refund refund(RefundRequest refund) throws MerchantException {
            throw new MerchantException("NOT_SUPPORTED", "no refunds in the benchmark", null);
        }

        @Override
        public InputStream tradeBill(LocalDate day) throws MerchantException {
            throw new MerchantException("NOT_SUPPORTED", "no bills in the benchmark", null);
        }

        @Override
        public PaymentNotice paymentNotice(String rawBody, NotifyHeaders headers) throws NotifyRefused {
            throw new NotifyRefused("notifies go to the served instance", null);
        }

        @Override
        public RefundNotice refundNotice(String rawBody, NotifyHeaders headers) throws NotifyRefused {
            throw new NotifyRefused("notifies go to the served instance", null);
        }
    }
}
