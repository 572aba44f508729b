package dev.guanjia.app.warmup;

import dev.guanjia.desk.conversation.ServiceDesk;
import dev.guanjia.knowledge.KnowledgeBase;
import dev.guanjia.knowledge.document.KbDocument;

import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.bean.message.WxMpXmlOutMessage;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What {@code serve} does as it starts: for three quarters of {@code desk.warmup_seconds} (and on, up to
 * twice that, while the JIT still compiles much of it: see {@link Compiling}), before its port opens, it
 * first reads and writes a message in each format the channels speak ({@link #loadMessageFormats}), then
 * searches each community's knowledge base for its own articles' titles and headings, then rehearses
 * plain questions as turns of the service desk (with the local model only), each conversation discarded
 * at once; for the last quarter, with the port open, it sends itself requests that store
 * nothing (see {@link #requests}). The JVM compiles the code it runs often;
 * without a rehearsal the residents of the first minute after a start (a deploy, a node restarted
 * behind the balancer) wait on code still interpreted or being compiled: on 2 cores,
 * {@code bench chat} measured about 105 turns/s and a web p95 of 1.3 s from a cold start.
 * Nearly nothing of it stays: searches only read, and a rehearsed turn's conversation is discarded with
 * what it stored (other nodes still hear the change notices of its messages, and see them gone).
 */
public final class Warmup {

    private static final Logger LOG = Logger.getLogger(Warmup.class.getName());

    /**
     * Questions a visitor might ask anywhere, in both languages the desk speaks; none of them reports
     * a fault, names an emergency or asks for a person, so a rehearsed turn only answers or abstains.
     */
    public static final List<String> QUESTIONS = List.of(
            "健身房几点开门", "小区里哪里可以给电动车充电", "快递柜放在哪个位置", "垃圾分类要怎么投放",
            "朋友来拜访需要登记吗", "空调外机可以装在哪里", "燃气开通要带什么材料", "搬家可以用电梯吗",
            "装修可以几点开始施工", "有线电视怎么办理", "小区有游泳池吗", "儿童游乐场开放时间",
            "what time does the gym open", "where can I charge an electric scooter", "你好", "谢谢");

    /** The share of the time spent on searches; the turns (which search too) get the rest. */
    private static final double SEARCHES = 0.4;
    private static final int MAX_SEARCH_TEXTS = 400;

    /** What a warm-up did, for the start-up log. */
    public record Done(int searches, int turns, long millis) {
    }

    private Warmup() {
    }

    /**
     * Warms the search and the desk for up to {@code budget}, round-robin over the communities. A
     * failure ends the warm-up early (logged): it never keeps the service from starting.
     *
     * @param desk the desk whose turns are rehearsed, or null for searches alone (a remote model, each
     *             of whose turns would be a call paid for and waited on)
     */
    public static Done run(KnowledgeBase kb, ServiceDesk desk, List<String> communities, Duration budget) {
        long start = System.nanoTime();
        int searches = 0;
        int turns = 0;
        if (communities.isEmpty() || budget.isZero() || budget.isNegative()) {
            return new Done(0, 0, 0);
        }
        try {
            loadMessageFormats();
        } catch (RuntimeException | LinkageError e) {
            // the channels load them on their first message instead; the rehearsal goes on
            LOG.log(Level.WARNING, "warm-up could not read a WeChat or JSON message: " + e.getMessage(), e);
        }
        // the budget counts from here: loading the message libraries cold takes time of its own
        long begin = System.nanoTime();
        long searchUntil = begin + (desk == null ? budget.toNanos() : (long) (budget.toNanos() * SEARCHES));
        long until = begin + budget.toNanos();
        long hardUntil = begin + 2 * budget.toNanos();
        try {
            List<String[]> texts = searchTexts(kb, communities);
            while (!texts.isEmpty() && (searches == 0 || System.nanoTime() < searchUntil)) {
                String[] t = texts.get(searches % texts.size());
                kb.search(t[0], t[1], 3);
                searches++;
            }
            while (desk != null && System.nanoTime() < until) {
                desk.rehearse(communities.get(turns % communities.size()), QUESTIONS.get(turns % QUESTIONS.size()));
                turns++;
            }
            // then on while the JIT still compiles much of what was rehearsed (a slow or busy machine gets
            // through its compile queue later), up to twice the budget; on 2 cores it mostly runs to that cap
            Compiling compiling = new Compiling();
            while (desk != null && System.nanoTime() < hardUntil && compiling.still()) {
                desk.rehearse(communities.get(turns % communities.size()), QUESTIONS.get(turns % QUESTIONS.size()));
                turns++;
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "warm-up ended early: " + e.getMessage(), e);
        }
        return new Done(searches, turns, (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Whether the JIT compilers are still busy: over the last half second (the first one counted from when
     * this is made, the budget's end) they spent more than a fifth of it compiling, summed over the compiler
     * threads as the JVM reports it (without that report, never busy).
     */
    static final class Compiling {
        private static final long WINDOW_NANOS = 500_000_000L;
        private static final long BUSY_MILLIS = 100;
        private final java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        private long windowStart = System.nanoTime();
        private long compiledAtStart = total();
        private boolean busy = true;

        private long total() {
            return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
        }

        boolean still() {
            if (compiledAtStart < 0) {
                return false;
            }
            long now = System.nanoTime();
            if (now - windowStart >= WINDOW_NANOS) {
                long compiled = total();
                busy = compiled - compiledAtStart > BUSY_MILLIS;
                windowStart = now;
                compiledAtStart = compiled;
            }
            return busy;
        }
    }

    /**
     * Reads and writes a WeChat message's XML and a JSON body once, before anything else is rehearsed. Their
     * libraries bring classes that subclass ArrayList and ConcurrentHashMap (XStream's class loader list,
     * Jackson's intern cache); loading such a class throws away every compiled method that had assumed
     * those collections had no subclass — the search's among them — and the first WeChat callback would
     * otherwise load them in the first seconds of service, when the recompiling competes with residents.
     */
    static void loadMessageFormats() {
        WxMpXmlMessage in = WxMpXmlMessage.fromXml(wechatXml(QUESTIONS.get(0)));
        WxMpXmlOutMessage.TEXT().content(in.getContent()).fromUser(in.getToUser()).toUser(in.getFromUser()).build().toXml();
        try {
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            json.readTree(json.writeValueAsString(java.util.Map.of("community", "-warmup-", "text", QUESTIONS.get(0))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String wechatXml(String text) {
        return "<xml><ToUserName><![CDATA[gh_warmup]]></ToUserName><FromUserName><![CDATA[o_warmup]]>"
                + "</FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                + "<Content><![CDATA[" + text + "]]></Content><MsgId>1</MsgId></xml>";
    }

    /**
     * A WeChat account's callback path with its token: the service checks WeChat's URL verification
     * (a GET signed with the token) there.
     */
    public record Callback(String path, String token) {
    }

    /**
     * The HTTP side, once the port is open: for up to {@code budget}, requests that store nothing and
     * log nothing — the health check, the home page, a chat message for an estate that does not exist
     * (refused before anything is stored or counted), WeChat's URL verification — and a WeChat
     * message's XML read and a reply's written in memory, as a callback does. Returns the rounds made.
     */
    public static int requests(String base, List<Callback> callbacks, Duration budget) {
        long until = System.nanoTime() + budget.toNanos();
        String xml = wechatXml(QUESTIONS.get(0));
        int rounds = 0;
        List<Callback> checked = new ArrayList<>(callbacks);
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            while (System.nanoTime() < until) {
                get(client, base + "/health");
                get(client, base + "/");
                client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/chat/messages"))
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(5))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"community\":\"-warmup-\",\"text\":\"" + QUESTIONS.get(rounds % QUESTIONS.size()) + "\"}"))
                        .build(), HttpResponse.BodyHandlers.discarding());
                for (Callback c : List.copyOf(checked)) {
                    String timestamp = Long.toString(System.currentTimeMillis() / 1000);
                    String nonce = "warmup" + rounds;
                    HttpResponse<String> echo = client.send(HttpRequest.newBuilder(URI.create(base + c.path()
                                    + "?timestamp=" + timestamp + "&nonce=" + nonce + "&echostr=" + nonce + "&signature="
                                    + me.chanjar.weixin.common.util.crypto.SHA1.gen(c.token(), timestamp, nonce)))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    if (!nonce.equals(echo.body())) {
                        // WeChat's own check would fail the same way: worth an operator's look
                        LOG.warning(() -> "WeChat URL check on " + c.path() + " answered " + echo.statusCode()
                                + " during the warm-up");
                        checked.remove(c);
                    }
                }
                WxMpXmlMessage in = WxMpXmlMessage.fromXml(xml);
                WxMpXmlOutMessage.TEXT().content(in.getContent()).fromUser(in.getToUser()).toUser(in.getFromUser())
                        .build().toXml();
                rounds++;
            }
        } catch (IOException | RuntimeException e) {
            // the node serves all the same; only its own requests could not reach it
            LOG.log(Level.FINE, "warm-up requests ended early", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return rounds;
    }

    private static void get(HttpClient client, String url) throws IOException, InterruptedException {
        client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    /**
     * Each community's article titles and section headings, as (community, text) pairs, taken in turn
     * from each community so that a cap of {@link #MAX_SEARCH_TEXTS} still reaches every one.
     */
    private static List<String[]> searchTexts(KnowledgeBase kb, List<String> communities) {
        List<List<String>> each = new ArrayList<>();
        for (String community : communities) {
            List<String> texts = new ArrayList<>();
            for (KbDocument d : kb.documents(community)) {
                texts.add(d.title());
                for (String line : d.body().split("\n")) {
                    String heading = line.startsWith("#") ? line.replaceFirst("^#+\\s*", "").strip() : "";
                    if (!heading.isEmpty()) {
                        texts.add(heading);
                    }
                }
            }
            each.add(texts);
        }
        List<String[]> out = new ArrayList<>();
        for (int i = 0; out.size() < MAX_SEARCH_TEXTS; i++) {
            boolean any = false;
            for (int c = 0; c < communities.size() && out.size() < MAX_SEARCH_TEXTS; c++) {
                if (i < each.get(c).size()) {
                    out.add(new String[]{communities.get(c), each.get(c).get(i)});
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        return out;
    }
}
