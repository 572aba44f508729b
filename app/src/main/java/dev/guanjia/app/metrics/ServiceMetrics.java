package dev.guanjia.app.metrics;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.guanjia.channels.wechat.WeChatMeter;
import dev.guanjia.desk.conversation.TurnMeter;
import dev.guanjia.payments.notify.NotifyMeter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The service's figures for operators, in one Micrometer registry written as Prometheus text on
 * {@code GET /metrics}. The modules report through their own small ports ({@link TurnMeter},
 * {@link WeChatMeter}, {@link NotifyMeter}); this class is the only one that knows Micrometer.
 * Every labelled series exists from the start (at 0), so a rate is right from the first event.
 * The names are listed in README, Operations; a test holds the two together.
 */
public final class ServiceMetrics implements TurnMeter, WeChatMeter, NotifyMeter, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ServiceMetrics.class.getName());

    /** The conversations' channels as the desk names them (voice: the phone line). */
    public static final List<String> CHANNELS = List.of("web", "wechat", "voice");

    /** Turn latency buckets: a web answer takes well under a second, a remote model several. */
    private static final Duration[] TURN_BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(15), Duration.ofSeconds(30)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Timer> turnTimes = new HashMap<>();
    private final Map<String, Counter> turns = new HashMap<>();
    private final Map<String, Counter> abstentions = new HashMap<>();
    private final Map<String, Counter> handoffs = new HashMap<>();
    private final Map<WeChatMeter.Ack, Counter> acks = new EnumMap<>(WeChatMeter.Ack.class);
    private final Map<WeChatMeter.Kefu, Counter> kefu = new EnumMap<>(WeChatMeter.Kefu.class);
    private final Map<NotifyMeter.Outcome, Counter> notifies = new EnumMap<>(NotifyMeter.Outcome.class);
    private final Map<String, Counter> calls = new HashMap<>();
    private final Map<String, AtomicLong> backlogDepth = new HashMap<>();
    private final Map<String, AtomicLong> backlogAgeMillis = new HashMap<>();
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public ServiceMetrics() {
        for (String channel : CHANNELS) {
            turnTimes.put(channel, Timer.builder("guanjia.turn.duration")
                    .description("Time from taking a resident's stored message to storing the answer")
                    .tag("channel", channel).serviceLevelObjectives(TURN_BUCKETS).register(registry));
            turns.put(channel, Counter.builder("guanjia.turns").description("Turns answered by the desk")
                    .tag("channel", channel).register(registry));
            abstentions.put(channel, Counter.builder("guanjia.abstentions")
                    .description("Turns where the knowledge search found nothing to answer with and nothing else was done")
                    .tag("channel", channel).register(registry));
            handoffs.put(channel, Counter.builder("guanjia.handoffs")
                    .description("Conversations handed to people (counted on the turn that handed over)")
                    .tag("channel", channel).register(registry));
        }
        for (WeChatMeter.Ack a : WeChatMeter.Ack.values()) {
            acks.put(a, Counter.builder("guanjia.wechat.acks").description("WeChat message callbacks answered, by how")
                    .tag("reply", label(a)).register(registry));
        }
        for (WeChatMeter.Kefu k : WeChatMeter.Kefu.values()) {
            kefu.put(k, Counter.builder("guanjia.wechat.kefu.messages")
                    .description("WeChat customer-service messages sent, by result").tag("result", label(k))
                    .register(registry));
        }
        for (NotifyMeter.Outcome o : NotifyMeter.Outcome.values()) {
            notifies.put(o, Counter.builder("guanjia.payment.notifies")
                    .description("WeChat Pay payment notifies, by what came of them").tag("outcome", label(o))
                    .register(registry));
        }
        for (String transport : List.of("audiosocket", "sip")) {
            calls.put(transport, Counter.builder("guanjia.phone.calls").description("Phone calls taken")
                    .tag("transport", transport).register(registry));
        }
        FunctionCounter.builder("guanjia.voice.frames", this, m -> dev.guanjia.voice.call.Pacing.frames())
                .description("20 ms audio frames sent to callers").register(registry);
        FunctionCounter.builder("guanjia.voice.frame.slips", this, m -> dev.guanjia.voice.call.Pacing.slips())
                .description("Audio frames sent 10 ms or more off their 20 ms tick").register(registry);
        for (String outbox : List.of("wechat_replies", "work_order_notices")) {
            AtomicLong depth = new AtomicLong();
            AtomicLong age = new AtomicLong();
            backlogDepth.put(outbox, depth);
            backlogAgeMillis.put(outbox, age);
            Gauge.builder("guanjia.outbox.depth", depth, AtomicLong::get)
                    .description("Messages waiting in an outbox (all nodes), sampled every 15 s")
                    .tag("outbox", outbox).register(registry);
            Gauge.builder("guanjia.outbox.oldest.age", age, a -> a.get() / 1000.0).baseUnit("seconds")
                    .description("Age of the oldest message waiting in an outbox, sampled every 15 s")
                    .tag("outbox", outbox).register(registry);
        }
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    private static String label(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** The connection pool's own figures (HikariCP's Micrometer tracker: hikaricp_connections_*). */
    public void pool(DataSource db) {
        if (db instanceof HikariDataSource hikari) {
            hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        } else {
            LOG.fine("not a HikariCP pool: no pool metrics");
        }
    }

    /**
     * The health of the change feed between nodes: whether this node hears the others now
     * (guanjia_change_feed_connected, 0/1) and how often its listening connection came back
     * (guanjia_change_feed_reconnects_total). Read at each scrape, never waiting on the database.
     */
    public void changeFeed(dev.guanjia.app.database.PostgresChangeFeed feed) {
        Gauge.builder("guanjia.change.feed.connected", feed, f -> f.connected() ? 1 : 0)
                .description("1 while this node listens to the other nodes' changes (PostgreSQL LISTEN), 0 while not")
                .register(registry);
        FunctionCounter.builder("guanjia.change.feed.reconnects", feed, f -> f.reconnects())
                .description("Times the change feed's listening connection was lost and taken up again")
                .register(registry);
    }

    @Override
    public void turn(String channel, long nanos, TurnMeter.Outcome outcome) {
        Timer t = turnTimes.get(channel);
        if (t == null) {
            return; // a channel this build does not know: not a series of its own
        }
        t.record(Duration.ofNanos(nanos));
        turns.get(channel).increment();
        switch (outcome) {
            case ABSTAINED -> abstentions.get(channel).increment();
            case HANDED_OFF -> handoffs.get(channel).increment();
            case ANSWERED -> { }
        }
    }

    @Override
    public void acknowledged(WeChatMeter.Ack how) {
        acks.get(how).increment();
    }

    @Override
    public void kefu(WeChatMeter.Kefu result) {
        kefu.get(result).increment();
    }

    @Override
    public void notified(NotifyMeter.Outcome outcome) {
        notifies.get(outcome).increment();
    }

    /** Counts a call taken on a transport (audiosocket, sip). */
    public Consumer<String> calls() {
        return transport -> {
            Counter c = calls.get(transport);
            if (c != null) {
                c.increment();
            }
        };
    }

    /** The last sample of an outbox's backlog (from the module that owns it). */
    public void backlog(String outbox, long depth, double oldestSeconds) {
        backlogDepth.get(outbox).set(depth);
        backlogAgeMillis.get(outbox).set(Math.round(oldestSeconds * 1000));
    }

    /** Everything, in Prometheus' text format. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
