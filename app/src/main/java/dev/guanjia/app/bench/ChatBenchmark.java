package dev.guanjia.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.app.Args;
import dev.guanjia.app.files.TemporaryDirectory;
import dev.guanjia.app.serve.GuanjiaServer;
import dev.guanjia.desk.conversation.ConversationLog;

import javax.sql.DataSource;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code bench chat [--users 50] [--turns 10] [--warmup N] [--cold] [--distinct] [--nodes N]}: starts the service on a throwaway data
 * directory with the demo community and its official account, then runs concurrent web-chat users
 * and WeChat callbacks over HTTP on loopback, and prints turns/s, latency percentiles and WeChat ack
 * p99. With {@code --nodes}, N nodes on one PostgreSQL behind HAProxy take the load, every WeChat
 * message arrives twice (WeChat's retry, on whichever node), and the database is checked after.
 */
public final class ChatBenchmark {

    public static final String HELP = """
            Usage: java -jar guanjia.jar bench chat [--users 50] [--turns 10] [--warmup N] [--cold] [--distinct] [--nodes N]

            Serves the demo community from a temporary directory, runs --users concurrent web-chat
            visitors asking --turns questions each (a new conversation every 10), then the same number
            of WeChat text callbacks, and prints turns/s, p50/p95/p99 turn latency and the p99 of
            WeChat's acknowledgement, as JSON, with the CPU milliseconds each answered message cost
            the JVM (server and load clients together) and PostgreSQL.

            The service (each node) starts as serve does, with its warm-up (desk.warmup_seconds, 6 s)
            before the load; --cold starts it without one, so the load meets code not yet compiled.

            --distinct makes every message's text its own (a tag before the question), so no text
            is met twice: the embeddings and readings a node keeps for recent texts do not help.

            --warmup N first runs the same load untimed with N turns per visitor (other visitors,
            followers and message ids), so the figures are a warmed-up node's, as in service.

            With --nodes N (1 to 8) it starts a PostgreSQL server, N nodes on it and HAProxy in front
            (round robin, readiness checks; haproxy must be installed), drives the same load through
            HAProxy with each WeChat message sent twice at once, and then checks the database: every
            accepted message stored once and answered. Exit code 1 when that check fails.
            """;

    private static final String TOKEN = "benchtoken";
    private static final String[] QUESTIONS = {"物业费怎么交", "门禁卡遗失了怎么办", "装修押金多少", "停车怎么收费",
            "电梯多久保养一次", "物业办公室在哪里", "开锁要多少钱", "遛狗要牵绳吗", "12月3号停水吗", "怎么开发票"};
    /** Turns per web conversation: within the per-conversation limit of 30 a minute. */
    private static final int TURNS_PER_CONVERSATION = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Each message's text its own (--distinct): what a node keeps of recent texts is then no help. */
    private static volatile boolean distinct;

    private ChatBenchmark() {
    }

    public static int run(Args args, PrintStream out) throws Exception {
        int users = args.optionalInt("--users", 50);
        int turns = args.optionalInt("--turns", 10);
        int nodes = args.optionalInt("--nodes", 0);
        int warmup = args.optionalInt("--warmup", 0);
        boolean cold = args.flag("--cold");
        distinct = args.flag("--distinct");
        args.requireNoneLeft();
        if (warmup > 0 && nodes > 0) {
            throw new Args.UsageException("--warmup is for one node (without --nodes)");
        }
        if (nodes > 8) {
            throw new Args.UsageException("--nodes is 1 to 8 on one machine");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        boolean correct = true;
        try (TemporaryDirectory dir = new TemporaryDirectory("guanjia-bench-chat")) {
            if (nodes == 0) {
                // the load's visitors say who they are in X-Forwarded-For, as behind the proxy README documents
                try (GuanjiaServer server = DemoService.serve(dir.path(), DemoService.wechat(TOKEN),
                        Map.of("GUANJIA_HTTP_TRUSTED_PROXIES", "127.0.0.1",
                                "GUANJIA_DESK_WARMUP_SECONDS", cold ? "0" : "6"))) {
                    // the embedded PostgreSQL of the served data directory: what a turn costs it, too
                    Path postmaster = dir.path().resolve("data").resolve("postgres").resolve("postmaster.pid");
                    if (warmup > 0) {
                        load("http://127.0.0.1:" + server.port(), users, warmup, 1, 1, new LinkedHashMap<>());
                    }
                    java.util.function.LongSupplier postgres = () -> ProcessCpu.millis(ProcessCpu.pidIn(postmaster));
                    Cpu cpu = Cpu.read(postgres, () -> -1L);
                    Load load = load("http://127.0.0.1:" + server.port(), users, turns, 1, 0, result);
                    result.put("cpu_ms_per_answered_message",
                            Cpu.read(postgres, () -> -1L)
                                    .since(cpu, load.webAccepted() + load.wechatAccepted().size()));
                }
            } else {
                try (NodeGroup group = NodeGroup.start(dir.path(), nodes, DemoService.wechat(TOKEN), cold ? 0 : 6)) {
                    result.put("nodes", nodes);
                    DataSource db = group.node(0).dataSource();
                    Stored before = Stored.read(db);
                    Cpu cpu = Cpu.read(group::postgresCpuMillis, group::haproxyCpuMillis);
                    Load load = load("http://127.0.0.1:" + group.port(), users, turns, 2, 0, result);
                    result.put("cpu_ms_per_answered_message",
                            Cpu.read(group::postgresCpuMillis, group::haproxyCpuMillis).since(cpu,
                            load.webAccepted() + load.wechatAccepted().size()));
                    correct = check(db, before, load, result);
                }
            }
        }
        result.put("cores", Runtime.getRuntime().availableProcessors());
        out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
        return correct ? 0 : 1;
    }

    /** What a load run had accepted: web turns answered 200, and WeChat MsgIds with a 200 for either copy. */
    private record Load(int webAccepted, Set<Long> wechatAccepted) {
    }

    /**
     * @param copies how many times each WeChat message is sent at once (2: the first and WeChat's retry,
     *               which behind a balancer usually reach different nodes)
     * @param round  0 for the measured load, 1 for the warm-up: other visitors' addresses, followers,
     *               message ids and nonces, so neither limits nor replay checks mix the two
     */
    private static Load load(String base, int users, int turns, int copies, int round, Map<String, Object> result)
            throws Exception {
        String[] conversations = new String[users];
        Map<String, Integer> perNode = new ConcurrentHashMap<>();
        List<Long> web = run(base, users, turns, (http, u, t) -> {
            String q = (distinct ? "(" + round + "." + u + "." + t + ") " : "") + QUESTIONS[(u + t) % QUESTIONS.length];
            String body = t % TURNS_PER_CONVERSATION == 0 ? "{\"community\":\"cuihu\",\"text\":\"" + q + "\"}"
                    : "{\"community\":\"cuihu\",\"conversationId\":\"" + conversations[u] + "\",\"text\":\"" + q + "\"}";
            // a visitor's own address: trusted only from a balancer, where it keys per-address limits
            PlainHttp.Response r = http.post("/api/v1/chat/messages",
                    Map.of("X-Forwarded-For", "10." + (1 + round) + "." + (u / 250) + "." + (u % 250 + 1)), body);
            if (r.status() == 200) {
                conversations[u] = JSON.readTree(r.body()).path("conversationId").asText();
            }
            String node = r.headers().get("x-guanjia-node");
            if (node != null) {
                perNode.merge(node, 1, Integer::sum);
            }
            return r.status();
        }, result, "web");
        if (!perNode.isEmpty()) {
            result.put("web_turns_per_node", new TreeMap<>(perNode));
        }
        Set<Long> accepted = ConcurrentHashMap.newKeySet();
        List<Long> wechat = run(base, users * copies, 2, (http, u, t) -> {
            int follower = u % users;
            long msgId = 9_000_000L + round * 1_000_000L + follower * 10L + t;
            String ts = String.valueOf(System.currentTimeMillis() / 1000);
            String nonce = "n" + round + "-" + u + "-" + t;
            String xml = "<xml><ToUserName><![CDATA[gh]]></ToUserName><FromUserName><![CDATA[bench-" + round + "-" + follower
                    + "]]></FromUserName><CreateTime>" + ts + "</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                    + "<Content><![CDATA[" + (distinct ? "(" + round + "." + follower + "." + t + ") " : "")
                    + QUESTIONS[(follower + t) % QUESTIONS.length] + "]]></Content><MsgId>"
                    + msgId + "</MsgId></xml>";
            int status = http.post("/wechat/cuihu/callback?timestamp=" + ts + "&nonce=" + nonce + "&signature="
                    + sha1(TOKEN, ts, nonce), Map.of(), xml).status();
            if (status == 200) {
                accepted.add(msgId);
            }
            return status;
        }, result, "wechat");
        result.put("wechat_ack_p99_ms", percentile(wechat, 0.99));
        result.put("web_p95_ms", percentile(web, 0.95));
        result.put("web_p99_ms", percentile(web, 0.99));
        return new Load(users * turns - (int) result.get("web_errors"), accepted);
    }

    /** CPU used so far by the JVM (the nodes and the load's clients), PostgreSQL and HAProxy. */
    private record Cpu(long jvm, long postgres, long haproxy) {
        static Cpu read(java.util.function.LongSupplier postgres, java.util.function.LongSupplier haproxy) {
            return new Cpu(((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000,
                    postgres.getAsLong(), haproxy.getAsLong());
        }

        Map<String, Double> since(Cpu before, long answered) {
            Map<String, Double> out = new LinkedHashMap<>();
            out.put("jvm_nodes_and_load_clients", per(jvm - before.jvm, answered));
            if (postgres >= 0 && before.postgres >= 0) {
                out.put("postgresql", per(postgres - before.postgres, answered));
            }
            if (haproxy >= 0 && before.haproxy >= 0) {
                out.put("haproxy", per(haproxy - before.haproxy, answered));
            }
            return out;
        }

        private static double per(long millis, long answered) {
            return answered == 0 ? 0 : Math.round(millis * 100.0 / answered) / 100.0;
        }
    }

    /** Residents' messages per channel and the database's size, before and after a run. */
    private record Stored(ConversationLog.Tally web, ConversationLog.Tally wechat, long bytes) {
        static Stored read(DataSource db) throws SQLException {
            try (Connection c = db.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pg_database_size(current_database())")) {
                rs.next();
                return new Stored(ConversationLog.tally(c, "web"), ConversationLog.tally(c, "wechat"), rs.getLong(1));
            }
        }
    }

    /**
     * Every accepted message stored once and answered. WeChat answers may be stored after the
     * acknowledgement (a slow turn is pushed later), so this waits up to a minute for them.
     */
    private static boolean check(DataSource db, Stored before, Load load, Map<String, Object> result)
            throws SQLException, InterruptedException {
        Stored after = Stored.read(db);
        long until = System.currentTimeMillis() + 60_000;
        while (after.web().unanswered() + after.wechat().unanswered()
                > before.web().unanswered() + before.wechat().unanswered() && System.currentTimeMillis() < until) {
            Thread.sleep(500);
            after = Stored.read(db);
        }
        long webStored = after.web().received() - before.web().received();
        long webUnanswered = after.web().unanswered() - before.web().unanswered();
        long wechatStored = after.wechat().received() - before.wechat().received();
        long wechatUnanswered = after.wechat().unanswered() - before.wechat().unanswered();
        long duplicates = after.wechat().duplicates() - before.wechat().duplicates();
        result.put("web_accepted", load.webAccepted());
        result.put("web_stored", webStored);
        result.put("web_unanswered", webUnanswered);
        result.put("wechat_messages_accepted", load.wechatAccepted().size());
        result.put("wechat_stored", wechatStored);
        result.put("wechat_stored_twice", duplicates);
        result.put("wechat_unanswered", wechatUnanswered);
        long messages = webStored + wechatStored;
        result.put("database_growth_bytes", after.bytes() - before.bytes());
        result.put("growth_per_resident_message_bytes", messages == 0 ? 0 : (after.bytes() - before.bytes()) / messages);
        result.put("largest_tables", largestTables(db));
        boolean ok = webStored == load.webAccepted() && webUnanswered == 0
                && wechatStored == load.wechatAccepted().size() && duplicates == 0 && wechatUnanswered == 0;
        result.put("every_accepted_message_stored_once_and_answered", ok);
        return ok;
    }

    /** The biggest tables with their indexes, and their rows: what a turn writes, for sizing. */
    private static Map<String, String> largestTables(DataSource db) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT relname, pg_total_relation_size(relid), n_live_tup FROM pg_stat_user_tables
                     ORDER BY 2 DESC LIMIT 8""")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2) / 1024 + " kB, " + rs.getLong(3) + " rows");
            }
        }
        return out;
    }

    @FunctionalInterface
    private interface Call {
        /** @param http the user's own keep-alive connection */
        int send(PlainHttp http, int user, int turn) throws Exception;
    }

    private static List<Long> run(String base, int users, int turns, Call call, Map<String, Object> result,
                                  String name) throws Exception {
        List<Long> micros = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        long start = System.nanoTime();
        List<Future<?>> all = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            int user = u;
            all.add(pool.submit(() -> {
                try (PlainHttp http = new PlainHttp(base)) {
                    for (int t = 0; t < turns; t++) {
                        long t0 = System.nanoTime();
                        int status;
                        try {
                            status = call.send(http, user, t);
                        } catch (java.io.IOException e) {
                            status = -1; // a connection cut: counted as an error, the run goes on
                        }
                        micros.add((System.nanoTime() - t0) / 1000);
                        if (status != 200) {
                            errors.incrementAndGet();
                        }
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
