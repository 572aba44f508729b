package dev.guanjia.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.app.Args;
import dev.guanjia.app.files.TemporaryDirectory;
import dev.guanjia.app.serve.GuanjiaServer;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bench chat [--users 50] [--turns 10]}: starts the service on a throwaway data directory with
 * the demo community and its official account, then runs concurrent web-chat users and WeChat
 * callbacks over HTTP on loopback, and prints turns/s, latency percentiles and WeChat ack p99.
 */
public final class ChatBenchmark {

    public static final String HELP = """
            Usage: java -jar guanjia.jar bench chat [--users 50] [--turns 10]

            Serves the demo community from a temporary directory, runs --users concurrent web-chat
            visitors asking --turns questions each, then the same number of WeChat text callbacks, and
            prints turns/s, p50/p95 turn latency and the p99 of WeChat's acknowledgement, as JSON.
            """;

    private static final String TOKEN = "benchtoken";
    private static final String[] QUESTIONS = {"物业费怎么交", "门禁卡遗失了怎么办", "装修押金多少", "停车怎么收费",
            "电梯多久保养一次", "物业办公室在哪里", "开锁要多少钱", "遛狗要牵绳吗", "12月3号停水吗", "怎么开发票"};

    private ChatBenchmark() {
    }

    public static int run(Args args, PrintStream out) throws Exception {
        int users = args.optionalInt("--users", 50);
        int turns = args.optionalInt("--turns", 10);
        args.requireNoneLeft();
        Map<String, Object> result = new LinkedHashMap<>();
        try (TemporaryDirectory dir = new TemporaryDirectory("guanjia-bench-chat")) {
            try (GuanjiaServer server = DemoService.start(dir.path(), DemoService.wechat(TOKEN))) {
                String base = "http://127.0.0.1:" + server.port();
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                List<Long> web = run(users, turns, (u, t) -> {
                    String body = "{\"community\":\"cuihu\",\"text\":\"" + QUESTIONS[(u + t) % QUESTIONS.length] + "\"}";
                    return http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/chat/messages"))
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode();
                }, result, "web");
                AtomicLong msgId = new AtomicLong(9_000_000);
                List<Long> wechat = run(users, 2, (u, t) -> {
                    String ts = String.valueOf(System.currentTimeMillis() / 1000);
                    String nonce = "n" + u + "-" + t;
                    String xml = "<xml><ToUserName><![CDATA[gh]]></ToUserName><FromUserName><![CDATA[bench-" + u
                            + "]]></FromUserName><CreateTime>" + ts + "</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                            + "<Content><![CDATA[" + QUESTIONS[(u + t) % QUESTIONS.length] + "]]></Content><MsgId>"
                            + msgId.incrementAndGet() + "</MsgId></xml>";
                    return http.send(HttpRequest.newBuilder(URI.create(base + "/wechat/cuihu/callback?timestamp=" + ts
                            + "&nonce=" + nonce + "&signature=" + sha1(TOKEN, ts, nonce)))
                            .POST(HttpRequest.BodyPublishers.ofString(xml)).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode();
                }, result, "wechat");
                result.put("wechat_ack_p99_ms", percentile(wechat, 0.99));
                result.put("web_p95_ms", percentile(web, 0.95));
            }
        }
        result.put("cores", Runtime.getRuntime().availableProcessors());
        out.println(new ObjectMapper().writeValueAsString(result));
        return 0;
    }

    @FunctionalInterface
    private interface Call {
        int send(int user, int turn) throws Exception;
    }

    private static List<Long> run(int users, int turns, Call call, Map<String, Object> result, String name)
            throws Exception {
        List<Long> micros = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        long start = System.nanoTime();
        List<Future<?>> all = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            int user = u;
            all.add(pool.submit(() -> {
                for (int t = 0; t < turns; t++) {
                    long t0 = System.nanoTime();
                    int status = call.send(user, t);
                    micros.add((System.nanoTime() - t0) / 1000);
                    if (status != 200) {
                        errors.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : all) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        result.put(name + "_requests", users * turns);
        result.put(name + "_errors", errors.get());
        result.put(name + "_per_s", Math.round(users * turns / seconds * 10) / 10.0);
        result.put(name + "_p50_ms", percentile(micros, 0.50));
        return micros;
    }

    private static double percentile(List<Long> micros, double p) {
        List<Long> sorted = new ArrayList<>(micros);
        sorted.sort(null);
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.ceil(p * sorted.size()) - 1) / 1000.0;
    }

    /** WeChat's callback signature: SHA-1 of the sorted token, timestamp and nonce. */
    static String sha1(String... parts) {
        String[] s = parts.clone();
        Arrays.sort(s);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(String.join("", s).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
