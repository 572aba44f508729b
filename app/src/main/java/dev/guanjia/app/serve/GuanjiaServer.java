package dev.guanjia.app.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.guanjia.app.audit.AuditSetup;
import dev.guanjia.app.config.GuanjiaConfig;
import dev.guanjia.app.database.DataDirectory;
import dev.guanjia.app.database.Database;
import dev.guanjia.app.knowledge.KnowledgeSetup;
import dev.guanjia.app.metrics.ServiceMetrics;
import dev.guanjia.app.pack.DemoPack;
import dev.guanjia.app.pack.PackImport;
import dev.guanjia.app.security.DataKeys;
import dev.guanjia.app.agent.AgentSetup;
import dev.guanjia.app.store.Stores;
import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.community.privacy.Retention;
import dev.guanjia.ticketing.complaint.ComplaintMonitor;
import dev.guanjia.ticketing.sla.SlaMonitor;
import dev.guanjia.desk.conversation.ServiceDesk;
import dev.guanjia.community.sms.AliyunSms;
import dev.guanjia.community.sms.LoggedSmsSender;
import dev.guanjia.community.sms.SmsSender;
import dev.guanjia.channels.wechat.WeChatAccount;
import dev.guanjia.knowledge.KnowledgeBase;
import io.helidon.http.media.MediaContext;
import io.helidon.http.media.jackson.JacksonSupport;
import io.helidon.webserver.WebServer;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * The running service: data directory, database, HTTP server. Built by hand, top to bottom, so the
 * whole wiring reads in one place: the stores once ({@link Stores}), the channels over them, the
 * routes, then the background jobs, which start once the server answers. Closing stops them in
 * reverse order.
 */
public final class GuanjiaServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GuanjiaServer.class.getName());

    private final DataDirectory dataDir;
    private final Database database;
    private final KnowledgeBase knowledge;
    private final WebServer web;
    private final BackgroundJobs jobs;
    private final AuditSetup audit;
    private final ServiceDesk desk;
    private final PersonalData personalData;
    private final ServiceMetrics metrics;
    private volatile PhoneLine phone;
    private final java.util.concurrent.atomic.AtomicBoolean draining;

    private GuanjiaServer(DataDirectory dataDir, Database database, KnowledgeBase knowledge, WebServer web,
                          BackgroundJobs jobs, AuditSetup audit, ServiceDesk desk, PersonalData personalData,
                          ServiceMetrics metrics, java.util.concurrent.atomic.AtomicBoolean draining) {
        this.dataDir = dataDir;
        this.draining = draining;
        this.metrics = metrics;
        this.personalData = personalData;
        this.database = database;
        this.audit = audit;
        this.knowledge = knowledge;
        this.web = web;
        this.jobs = jobs;
        this.desk = desk;
    }

    public static GuanjiaServer start(GuanjiaConfig config) throws IOException {
        return start(config, null);
    }

    /**
     * Starts as {@code serve} does: before the port opens, the search and the desk are warmed for
     * {@code desk.warmup_seconds} (see {@link dev.guanjia.app.warmup.Warmup}).
     */
    public static GuanjiaServer serve(GuanjiaConfig config) throws IOException {
        return start(config, null, Duration.ofSeconds(config.desk().warmupSeconds()));
    }

    /**
     * Starts with a given SMS gateway for login codes (tests capture the codes here); null: the
     * configured one (Alibaba Cloud SMS when the sms section is set, else the operator log).
     */
    public static GuanjiaServer start(GuanjiaConfig config, SmsSender sms) throws IOException {
        return start(config, sms, Duration.ZERO);
    }

    private static GuanjiaServer start(GuanjiaConfig config, SmsSender sms, Duration warmup) throws IOException {
        dev.guanjia.channels.proxy.ClientAddress.trust(config.http().trustedProxies());
        DataDirectory dataDir = DataDirectory.lock(config.dataDir());
        Database database;
        try {
            database = Database.open(config.database(), dataDir.path());
        } catch (IOException | RuntimeException e) {
            dataDir.close();
            throw e;
        }
        KnowledgeBase knowledge = null;
        AuditSetup audit = null;
        BackgroundJobs jobs = new BackgroundJobs();
        // the operators' figures (GET /metrics): the modules report into it through their ports
        ServiceMetrics metrics = new ServiceMetrics();
        try {
            metrics.pool(database.dataSource());
            metrics.changeFeed(database.changeFeed());
            LOG.info(() -> "database: " + database.description());
            // the one keyring of the process: everything that reads or writes personal data gets it from here
            PersonalData personalData = DataKeys.load(config);
            try {
                int sealed = DataKeys.reseal(database.dataSource(), personalData);
                if (sealed > 0) {
                    LOG.info(() -> sealed + " personal-data values sealed with the current key");
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot seal personal data: " + e.getMessage(), e);
            }
            audit = AuditSetup.install(config, database.dataSource());
            Stores stores = Stores.open(database.dataSource(), Clock.systemUTC(), personalData, database.changes(),
                    config.payments() == null ? null : new dev.guanjia.payments.merchant.WxPayMerchant(config.payments()));
            if (config.loadDemo() && stores.community().directory().list().isEmpty()) {
                PackImport.Report r = DemoPack.use(dir -> new PackImport(database.dataSource(), personalData)
                        .importPack(dir, null, "system:demo"));
                LOG.info(() -> "first start: imported the demo community '" + r.communityId() + "' (" + r.name()
                        + ", " + r.houses() + " houses)");
                java.nio.file.Path passwords = dev.guanjia.app.pack.DemoStaff.issuePasswords(database.dataSource(),
                        r.communityId(), dataDir.path());
                LOG.info(() -> "demo staff can sign in at /console/ with the passwords in " + passwords);
            }
            knowledge = KnowledgeSetup.open(config, database.dataSource());
            ServiceDesk desk = AgentSetup.serviceDesk(config, stores, knowledge).meter(metrics);
            if (!warmup.isZero()) {
                // three quarters before the port opens; the requests' quarter once it is open
                // a remote model's turns would each be a paid call to its provider: only the searches then
                dev.guanjia.app.warmup.Warmup.Done w = dev.guanjia.app.warmup.Warmup.run(knowledge,
                        "openai".equals(config.llm().provider()) ? null : desk,
                        stores.community().directory().list().stream().map(c -> c.id()).toList(),
                        warmup.minus(warmup.dividedBy(4)));
                LOG.info(() -> "warmed up in " + w.millis() + " ms: " + w.searches() + " searches, " + w.turns()
                        + " rehearsed turns (desk.warmup_seconds)");
            }
            stores.payments().ifPresent(p -> p.notifies().meter(metrics));
            // Sign-in codes go out in the background (the answer's timing must not tell who lives
            // here); jobs such as reminders call the gateway itself, to see and record a failure.
            SmsSender gateway = sms != null ? sms : smsGateway(config, stores, jobs);
            java.util.concurrent.atomic.AtomicBoolean draining = new java.util.concurrent.atomic.AtomicBoolean();
            Routes routes = Routes.build(config, database, stores, knowledge, desk,
                    sms != null ? sms : SmsSender.inBackground(gateway), gateway, jobs, metrics, draining);
            housekeeping(config, stores, audit, jobs);
            backlogs(stores, metrics, jobs);
            stores.payments().ifPresent(p -> reconciliation(stores, p.merchant(), jobs));
            io.helidon.webserver.WebServerConfig.Builder builder = WebServer.builder();
            if (config.http().tls()) {
                builder.tls(io.helidon.common.tls.Tls.builder()
                        .sslContext(Https.context(config.http().tlsKeystore(), config.http().tlsPassword())).build());
            }
            WebServer web = builder
                    .host(config.http().host())
                    .port(config.http().port())
                    .shutdownHook(false)
                    // refusals before routing (414, 431, bad framing, HTTP/1.0) answer in JSON, not empty
                    .directHandlers(dev.guanjia.channels.errors.Refusals.directHandlers())
                    .mediaContext(MediaContext.builder()
                            .mediaSupportsDiscoverServices(false)
                            .addMediaSupport(JacksonSupport.create(jsonMapper()))
                            .build())
                    .routing(routes::register)
                    .build()
                    .start();
            // the jobs deliver what the routes store: they run while, and only while, the server answers
            jobs.start();
            String host = config.http().host();
            if (!warmup.isZero() && !config.http().tls()) {
                // the last quarter, with the port open (the node answers residents already): its own requests,
                // on loopback unless it listens on one address only (over TLS there are none)
                String at = host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1"
                        : host.contains(":") ? "[" + host + "]" : host;
                int rounds = dev.guanjia.app.warmup.Warmup.requests("http://" + at + ":" + web.port(),
                        config.wechatAccounts().stream().map(w -> new dev.guanjia.app.warmup.Warmup.Callback(
                                "/wechat/" + w.community() + "/callback", w.token())).toList(), warmup.dividedBy(4));
                LOG.fine(() -> "warm-up: " + rounds + " rounds of requests");
            }
            GuanjiaServer server = new GuanjiaServer(dataDir, database, knowledge, web, jobs, audit, desk, personalData,
                    metrics, draining);
            if (config.voice() != null) {
                try {
                    // with online payment, a caller who owes can have the payment link texted to them
                    server.phone = PhoneLine.start(config.voice(), desk, stores, jobs.timers(),
                            stores.payments().map(p -> new dev.guanjia.voice.pay.PaymentLinks(p.offers(), sms,
                                    dev.guanjia.app.agent.AgentSetup.publicBase(config))).orElse(null), metrics.calls());
                } catch (RuntimeException e) {
                    server.close();
                    throw e;
                }
            }
            return server;
        } catch (IOException | RuntimeException e) {
            jobs.close();
            metrics.close();
            if (knowledge != null) {
                knowledge.close();
            }
            if (audit != null) {
                audit.close();
            }
            database.close();
            dataDir.close();
            throw e;
        }
    }

    /**
     * The outboxes' backlogs for /metrics, sampled every 15 s rather than on each scrape, so a scrape
     * never waits on the database (each owning module counts its own table).
     */
    private static void backlogs(Stores stores, ServiceMetrics metrics, BackgroundJobs jobs) {
        jobs.every("outbox backlog sample", Duration.ofSeconds(1), Duration.ofSeconds(15), () -> {
            dev.guanjia.desk.delivery.ReplyOutbox.Backlog replies = dev.guanjia.desk.delivery.ReplyOutbox.backlog(stores.db());
            metrics.backlog("wechat_replies", replies.waiting(), replies.oldestSeconds());
            dev.guanjia.ticketing.outbox.OutboxDelivery.Backlog notices =
                    dev.guanjia.ticketing.outbox.OutboxDelivery.backlog(stores.db());
            metrics.backlog("work_order_notices", notices.waiting(), notices.oldestSeconds());
        });
    }

    /** The jobs no route needs: deadlines, the audit anchor, purges and retention. */
    private static void housekeeping(GuanjiaConfig config, Stores stores, AuditSetup audit, BackgroundJobs jobs) {
        Clock clock = stores.clock();
        Stores.Community community = stores.community();
        SlaMonitor sla = new SlaMonitor(stores.db(), clock);
        jobs.everyOnOneNode(stores.db(), "SLA sweep", Duration.ofSeconds(10), Duration.ofSeconds(60), () -> {
            int marked = sla.sweep();
            if (marked > 0) {
                LOG.info(() -> marked + " work-order deadline(s) passed; supervisors notified");
            }
        });
        ComplaintMonitor complaints = new ComplaintMonitor(stores.db(), clock);
        jobs.everyOnOneNode(stores.db(), "complaint sweep", Duration.ofSeconds(15), Duration.ofSeconds(60), complaints::sweep);
        // entries appended inside transactions reach the anchor within seconds; the head goes in the log daily
        jobs.every("audit anchoring", Duration.ofSeconds(5), Duration.ofSeconds(5), audit::catchUp);
        jobs.every("audit head", Duration.ofHours(24), Duration.ofHours(24), () -> LOG.info(audit.headLine()));
        // spent login codes, their send counts and expired sessions are not kept longer than needed
        jobs.everyOnOneNode(stores.db(), "login purge", Duration.ofMinutes(2), Duration.ofMinutes(60), () -> {
            int n = community.loginCodes().purge() + community.sessions().purge(clock.instant());
            if (n > 0) {
                LOG.fine(() -> n + " old login code(s) and expired session(s) purged");
            }
        });
        // payments whose notify never came are asked about; expired unpaid orders are closed, freeing their bills
        stores.payments().ifPresent(p -> jobs.every("payment sweep", Duration.ofMinutes(1), Duration.ofMinutes(1), () -> {
            var s = p.sweeper().sweep(200);
            if (s.settled() + s.closed() + s.failed() > 0) {
                LOG.info(() -> "payment sweep: " + s);
            }
        }));
        // calls of a node that died stay open in the records: another node ends them and queues the
        // callbacks owed (every node runs it, whether it has a phone line or not: the calls are shared)
        jobs.everyOnOneNode(stores.db(), "lost calls sweep", Duration.ofSeconds(30), Duration.ofSeconds(30), () -> {
            int n = stores.calls().closeLost(dev.guanjia.voice.call.OpenCalls.LOST_AFTER);
            if (n > 0) {
                LOG.warning(() -> n + " call(s) not seen for " + dev.guanjia.voice.call.OpenCalls.LOST_AFTER.toMinutes()
                        + " min ended as 'node lost' (their node stopped without closing them); callbacks queued "
                        + "for those cut during a hand-off");
            }
        });
        Retention retention = Retention.of(config.security().retentionDays());
        jobs.everyOnOneNode(stores.db(), "retention job", Duration.ofMinutes(5), Duration.ofDays(1), () -> {
            int n = stores.residentData().expire(retention);
            if (n > 0) {
                LOG.info(() -> n + " row(s) of residents' data past their retention period ended (" + retention + ")");
            }
        });
    }

    /**
     * Alibaba Cloud SMS when configured, with the job asking about messages whose delivery report
     * has not come; else the operator log.
     */
    private static SmsSender smsGateway(GuanjiaConfig config, Stores stores, BackgroundJobs jobs) {
        GuanjiaConfig.Sms s = config.sms();
        if (s == null) {
            return new LoggedSmsSender();
        }
        AliyunSms aliyun = new AliyunSms(new AliyunSms.Settings(s.accessKeyId(), s.accessKeySecret(), s.signName(),
                s.templates(), s.endpoint()), stores.community().smsMessages(), stores.clock());
        jobs.everyOnOneNode(stores.db(), "SMS delivery check", Duration.ofMinutes(1), Duration.ofMinutes(2), () -> aliyun.checkDeliveries(50));
        LOG.info(() -> "SMS: Alibaba Cloud SMS at " + s.endpoint() + ", signature " + s.signName() + ", templates for "
                + s.templates().keySet() + "; delivery reports at POST /sms/report");
        return aliyun;
    }

    /**
     * WeChat Pay's trade bill of each day, reconciled once after 10:00 Beijing time; every node
     * tries, the day's row lets one do it (and another take it again after a failed attempt).
     */
    private static void reconciliation(Stores stores, dev.guanjia.payments.merchant.Merchant merchant,
                                       BackgroundJobs jobs) {
        dev.guanjia.payments.reconcile.Reconciliation reconciliation =
                new dev.guanjia.payments.reconcile.Reconciliation(stores.db(), merchant, stores.clock());
        jobs.every("trade bill reconciliation", Duration.ofMinutes(2), Duration.ofMinutes(15), () -> {
            for (dev.guanjia.payments.reconcile.Reconciliation.Outcome o : reconciliation.runDaily()) {
                if (o.failed()) {
                    LOG.warning(() -> "reconciliation of " + o.day() + " failed (taken again in 30 min): " + o.error());
                } else if (!o.clean()) {
                    LOG.warning(() -> "reconciliation of " + o.day() + ": " + o.findings().size()
                            + " mismatch(es) with WeChat Pay's bill; see the dashboard");
                } else {
                    LOG.info(() -> "reconciliation of " + o.day() + ": " + o.billRows() + " bill rows, all matched");
                }
            }
        });
    }

    static ObjectMapper jsonMapper() {
        return dev.guanjia.channels.console.ConsoleJson.shape(new ObjectMapper())
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /** Anonymous knowledge searches per address and minute (signed-in callers are not limited). */
    static final int ANONYMOUS_SEARCHES = 30;

    /** The official account as the WeChat channel needs it, from the settings. */
    public static WeChatAccount weChatAccount(GuanjiaConfig.WeChat w) {
        return new WeChatAccount(w.community(), w.appId(), w.secret(), w.token(), w.aesKey(), w.apiHost(),
                w.passiveWaitMillis(), w.noticeTemplateId(), w.noticeTemplateField(), w.communities());
    }

    public int port() {
        return web.port();
    }

    /** The AudioSocket port of the phone line; -1 when no phone line is configured. */
    public int phonePort() {
        return phone == null ? -1 : phone.port();
    }

    /** The SIP port of the phone line; -1 when there is none. */
    public int sipPort() {
        return phone == null ? -1 : phone.sipPort();
    }

    /** The knowledge base in use, so a pack imported while serving can be indexed at once. */
    public KnowledgeBase knowledge() {
        return knowledge;
    }

    /** The pool of the system of record (for operations and tests). */
    /** The keyring the server seals residents' personal data with (tests open stored values with it). */
    public PersonalData personalData() {
        return personalData;
    }

    public javax.sql.DataSource dataSource() {
        return database.dataSource();
    }

    /** The service desk every channel answers through (tests drive it as a channel would). */
    ServiceDesk desk() {
        return desk;
    }

    /** The periodic work behind the routes (tests check it stops with the server). */
    BackgroundJobs jobs() {
        return jobs;
    }

    /**
     * From now on readiness says no, so a load balancer sends new requests to the other nodes, while
     * this one still answers what reaches it (requests under way, streams open). Then {@link #close}.
     */
    public void drain() {
        draining.set(true);
    }

    @Override
    public void close() throws IOException {
        if (phone != null) {
            phone.close();
        }
        jobs.close();
        web.stop();
        knowledge.close();
        audit.close();
        database.close();
        metrics.close();
        dataDir.close();
    }
}
