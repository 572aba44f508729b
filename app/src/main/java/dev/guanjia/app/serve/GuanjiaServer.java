package dev.guanjia.app.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.guanjia.app.Version;
import dev.guanjia.app.audit.AuditSetup;
import dev.guanjia.app.config.GuanjiaConfig;
import dev.guanjia.app.database.DataDirectory;
import dev.guanjia.app.database.Database;
import dev.guanjia.app.knowledge.KnowledgeSetup;
import dev.guanjia.app.pack.DemoPack;
import dev.guanjia.app.pack.PackImport;
import dev.guanjia.app.security.DataKeys;
import dev.guanjia.app.agent.AgentSetup;
import dev.guanjia.app.store.Stores;
import dev.guanjia.desk.conversation.ServiceDesk;
import dev.guanjia.desk.delivery.ReplyOutbox;
import dev.guanjia.desk.handoff.ChannelDelivery;
import dev.guanjia.desk.handoff.Handoffs;
import dev.guanjia.community.privacy.Retention;
import dev.guanjia.channels.residentdata.ResidentDataService;
import dev.guanjia.ticketing.outbox.NotificationSender;
import dev.guanjia.channels.console.ConsolePage;
import dev.guanjia.channels.console.ConsoleService;
import dev.guanjia.channels.dashboard.DashboardService;
import dev.guanjia.channels.login.StaffLoginService;
import dev.guanjia.channels.auth.Authentication;
import dev.guanjia.channels.chat.ChatService;
import dev.guanjia.channels.login.LoggedSmsSender;
import dev.guanjia.channels.login.LoginService;
import dev.guanjia.channels.login.RateLimiter;
import dev.guanjia.channels.login.SmsSender;
import dev.guanjia.channels.openapi.OpenApiDocument;
import dev.guanjia.channels.webchat.WebChatPage;
import dev.guanjia.channels.wechat.CallbackGuard;
import dev.guanjia.channels.wechat.WeChatAccount;
import dev.guanjia.channels.wechat.WeChatAccounts;
import dev.guanjia.channels.wechat.WeChatApi;
import dev.guanjia.channels.wechat.WeChatBinding;
import dev.guanjia.channels.wechat.WeChatNotices;
import dev.guanjia.channels.wechat.WeChatPhotos;
import dev.guanjia.channels.media.MediaService;
import dev.guanjia.ticketing.outbox.OutboxDelivery;
import dev.guanjia.channels.wechat.WeChatCallbackService;
import dev.guanjia.channels.wechat.WeChatReplies;
import dev.guanjia.channels.community.CommunityService;
import dev.guanjia.channels.health.HealthProbe;
import dev.guanjia.channels.health.HealthService;
import dev.guanjia.channels.home.HomePage;
import dev.guanjia.channels.knowledge.KnowledgeService;
import dev.guanjia.channels.workorder.WorkOrderService;
import dev.guanjia.ticketing.sla.SlaMonitor;
import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.knowledge.KnowledgeBase;
import io.helidon.http.media.MediaContext;
import io.helidon.http.media.jackson.JacksonSupport;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpService;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.List;
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
    private volatile PhoneLine phone;

    private GuanjiaServer(DataDirectory dataDir, Database database, KnowledgeBase knowledge, WebServer web,
                          BackgroundJobs jobs, AuditSetup audit, ServiceDesk desk) {
        this.dataDir = dataDir;
        this.database = database;
        this.audit = audit;
        this.knowledge = knowledge;
        this.web = web;
        this.jobs = jobs;
        this.desk = desk;
    }

    public static GuanjiaServer start(GuanjiaConfig config) throws IOException {
        return start(config, SmsSender.inBackground(new LoggedSmsSender()));
    }

    /** Starts with a given SMS gateway for login codes (tests capture the codes here). */
    public static GuanjiaServer start(GuanjiaConfig config, SmsSender sms) throws IOException {
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
        try {
            LOG.info(() -> "database: " + database.description());
            try {
                int sealed = DataKeys.reseal(database.dataSource(), DataKeys.install(config));
                if (sealed > 0) {
                    LOG.info(() -> sealed + " personal-data values sealed with the current key");
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot seal personal data: " + e.getMessage(), e);
            }
            audit = AuditSetup.install(config, database.dataSource());
            Stores stores = Stores.open(database.dataSource(), Clock.systemUTC());
            if (config.loadDemo() && stores.community().directory().list().isEmpty()) {
                PackImport.Report r = DemoPack.use(dir -> new PackImport(database.dataSource())
                        .importPack(dir, null, "system:demo"));
                LOG.info(() -> "first start: imported the demo community '" + r.communityId() + "' (" + r.name()
                        + ", " + r.houses() + " houses)");
                java.nio.file.Path passwords = dev.guanjia.app.pack.DemoStaff.issuePasswords(database.dataSource(),
                        r.communityId(), dataDir.path());
                LOG.info(() -> "demo staff can sign in at /console/ with the passwords in " + passwords);
            }
            knowledge = KnowledgeSetup.open(config, database.dataSource());
            ServiceDesk desk = AgentSetup.serviceDesk(config, stores, knowledge);
            Routes routes = wire(config, database, stores, knowledge, desk, sms, audit, jobs);
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
            GuanjiaServer server = new GuanjiaServer(dataDir, database, knowledge, web, jobs, audit, desk);
            if (config.voice() != null) {
                try {
                    server.phone = PhoneLine.start(config.voice(), desk, stores, jobs.timers());
                } catch (RuntimeException e) {
                    server.close();
                    throw e;
                }
            }
            return server;
        } catch (IOException | RuntimeException e) {
            jobs.close();
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

    static ObjectMapper jsonMapper() {
        return dev.guanjia.channels.console.ConsoleJson.shape(new ObjectMapper())
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /** Anonymous knowledge searches per address and minute (signed-in callers are not limited). */
    static final int ANONYMOUS_SEARCHES = 30;

    /** The HTTP services, built once; registering them is all the routing does. */
    private record Routes(List<Route> routes) {

        void register(HttpRouting.Builder routing) {
            // a NUL cannot be stored or looked up in PostgreSQL text: refuse it at the door
            routing.addFilter((chain, req, res) -> {
                if (req.path().path().indexOf('\u0000') >= 0 || req.query().rawValue().contains("%00")) {
                    throw new io.helidon.http.BadRequestException("NUL in the request line");
                }
                chain.proceed();
            });
            // whatever slipped through: a plain answer for the caller, the details only in the log
            dev.guanjia.channels.errors.Refusals.register(routing);
            for (Route r : routes) {
                routing.register(r.path(), r.service());
            }
        }
    }

    private record Route(String path, HttpService service) {
    }

    /**
     * Builds the channels over the stores: the routes they serve and the jobs that deliver and
     * sweep behind them (declared here, started with the server).
     */
    private static Routes wire(GuanjiaConfig config, Database database, Stores stores, KnowledgeBase knowledge,
                               ServiceDesk desk, SmsSender sms, AuditSetup audit, BackgroundJobs jobs) {
        javax.sql.DataSource ds = stores.db();
        Clock clock = stores.clock();
        Stores.Community community = stores.community();
        Stores.Desk deskStores = stores.desk();
        Stores.Ticketing ticketing = stores.ticketing();
        List<Route> routes = new ArrayList<>();
        Authentication auth = new Authentication(community.sessions(), clock);
        Map<String, ChannelDelivery> deliveries = new HashMap<>();
        // work-order notices: into the resident's conversation always, and to WeChat when configured
        List<NotificationSender> senders = new ArrayList<>();
        senders.add(deskStores.notices());
        if (!config.wechatAccounts().isEmpty()) {
            wechat(config, stores, desk, sms, jobs, deliveries, senders, routes);
        }
        SlaMonitor sla = new SlaMonitor(ds, clock);
        jobs.every("SLA sweep", Duration.ofSeconds(10), Duration.ofSeconds(60), () -> {
            int marked = sla.sweep();
            if (marked > 0) {
                LOG.info(() -> marked + " work-order deadline(s) passed; supervisors notified");
            }
        });
        // entries appended inside transactions reach the anchor within seconds; the head goes in the log daily
        jobs.every("audit anchoring", Duration.ofSeconds(5), Duration.ofSeconds(5), audit::catchUp);
        jobs.every("audit head", Duration.ofHours(24), Duration.ofHours(24), () -> LOG.info(audit.headLine()));
        OutboxDelivery notices = new OutboxDelivery(ds, NotificationSender.all(senders), clock);
        jobs.every("notice delivery", Duration.ofSeconds(3), Duration.ofSeconds(3), () -> notices.deliverDue(50));
        deliveries.put("voice", ChannelDelivery.byCallback(deskStores.callbacks()));
        Handoffs handoffs = new Handoffs(ds, deskStores.conversations(), deliveries);
        jobs.every("wait check", Duration.ofSeconds(15), Duration.ofSeconds(30), () -> {
            for (Handoffs.Breach b : handoffs.markBreachedWaits()) {
                LOG.warning(() -> "resident waiting " + b.waitSeconds() / 60 + " min for an agent in "
                        + b.communityId() + " (conversation " + b.id() + "); flagged for supervisors");
            }
        });
        // spent login codes, their send counts and expired sessions are not kept longer than needed
        jobs.every("login purge", Duration.ofMinutes(2), Duration.ofMinutes(60), () -> {
            int n = community.loginCodes().purge() + community.sessions().purge(clock.instant());
            if (n > 0) {
                LOG.fine(() -> n + " old login code(s) and expired session(s) purged");
            }
        });
        Retention retention = Retention.of(config.security().retentionDays());
        jobs.every("retention job", Duration.ofMinutes(5), Duration.ofDays(1), () -> {
            int n = stores.residentData().expire(retention);
            if (n > 0) {
                LOG.info(() -> n + " row(s) of residents' data past their retention period ended (" + retention + ")");
            }
        });

        HealthProbe db = () -> {
            boolean up = database.ping();
            int pending = up ? database.pendingMigrations() : -1;
            return new HealthProbe.Result("database", up && pending == 0, !up ? "not reachable: "
                    + database.description() : pending == 0 ? "up, schema current" : pending + " migrations pending");
        };
        HealthProbe index = () -> new HealthProbe.Result("knowledge_index", true,
                "generation " + knowledge.index().generation());
        CommunityDirectory directory = community.directory();
        routes.add(new Route("/api/v1/staff", new StaffLoginService(community.staff(), community.sessions(), auth,
                new RateLimiter(20, clock), ds, clock, config.http().secureCookies(), deskStores.availability()::left)));
        routes.add(new Route("/api/v1/console", new ConsoleService(new ConsoleService.Parts(handoffs,
                deskStores.callbacks(), deskStores.availability(), deskStores.conversations(), community.residents(),
                community.bills(), community.bindings(), ticketing.orders(), knowledge, ds), auth)));
        routes.add(new Route("/api/v1/binding-requests", new dev.guanjia.channels.binding.BindingRequestService(
                community.bindingRequests(), deskStores.conversations(), deliveries, auth)));
        routes.add(new Route("/api/v1/media", new MediaService(ticketing.media(), auth)));
        routes.add(new Route("/api/v1/dashboard", new DashboardService(deskStores.reports(), auth, clock,
                directory::zone)));
        routes.add(new Route("/console", new ConsolePage()));
        routes.add(new Route("/api/v1/me", new ResidentDataService(stores.residentData(), auth)));
        routes.add(new Route("/health", new HealthService(List.of(db, index))));
        routes.add(new Route("/chat", new WebChatPage()));
        routes.add(new Route("/openapi", new OpenApiDocument()));
        routes.add(new Route("/api/v1/auth", new LoginService(community.loginCodes(), community.sessions(), sms,
                new RateLimiter(10, clock), config.http().secureCookies())));
        routes.add(new Route("/api/v1/chat", new ChatService(desk, deskStores.conversations(), auth,
                id -> directory.find(id).isPresent(), new RateLimiter(30, clock), new RateLimiter(600, clock))));
        routes.add(new Route("/api/v1/work-orders", new WorkOrderService(ticketing.orders(), auth)));
        routes.add(new Route("/api/v1/knowledge", new KnowledgeService(knowledge, id -> directory.find(id).isPresent(),
                config.adminToken(), ds, auth, new RateLimiter(ANONYMOUS_SEARCHES, clock),
                Math.max(1, Runtime.getRuntime().availableProcessors() - 1))));
        routes.add(new Route("/api/v1/communities", new CommunityService(directory, ticketing.open(), auth)));
        routes.add(new Route("/", new HomePage(directory, Version.current(), List.of(
                new HomePage.Link("/chat/", "/chat/", "住户在线客服（网页/H5）web chat for residents"),
                new HomePage.Link("/console/", "/console/", "客服工作台 agent console (staff sign-in)"),
                new HomePage.Link("/console/dashboard.html", "/console/dashboard.html",
                        "运营看板 supervisor dashboard"),
                new HomePage.Link("/console/tech.html", "/console/tech.html", "维修师傅工单 technician's orders (H5)"),
                new HomePage.Link("/health", "/health", "服务与数据库状态 service and database health"),
                new HomePage.Link("/openapi", "/openapi", "接口说明 API description (OpenAPI)"),
                new HomePage.Link("/api/v1/communities", "/api/v1/communities",
                        "小区列表（JSON）communities (counts for their staff)"),
                new HomePage.Link("/api/v1/knowledge/search?q=%E7%89%A9%E4%B8%9A%E8%B4%B9%E6%80%8E%E4%B9%88%E4%BA%A4",
                        "/api/v1/knowledge/search?q=…", "知识库检索 knowledge search (add &community=ID)")))));
        return new Routes(List.copyOf(routes));
    }

    /**
     * The official accounts: each one's callback on /wechat/{community}/callback; answers, agents'
     * replies and notices pushed through the account of the conversation's community.
     */
    private static void wechat(GuanjiaConfig config, Stores stores, ServiceDesk desk, SmsSender sms,
                               BackgroundJobs jobs, Map<String, ChannelDelivery> deliveries,
                               List<NotificationSender> senders, List<Route> routes) {
        javax.sql.DataSource ds = stores.db();
        Clock clock = stores.clock();
        Stores.Community community = stores.community();
        List<WeChatApi> apis = config.wechatAccounts().stream().map(w -> new WeChatApi(weChatAccount(w))).toList();
        WeChatAccounts accounts = new WeChatAccounts(apis);
        desk.answerLease(java.time.Duration.ofSeconds(config.wechat().answerLeaseSeconds()));
        ReplyOutbox replies = new ReplyOutbox(ds, new WeChatReplies(accounts), clock);
        // an agent's reply reaches a WeChat resident through the same outbox as the bot's answers
        deliveries.put("wechat", (communityId, conversation, message, openid, text) -> {
            switch (replies.enqueue(message, conversation)) {
                case "pushed" -> { }
                case "waiting" -> throw new ChannelDelivery.Retrying();
                default -> throw new IllegalStateException("微信已超过48小时互动时限");
            }
        });
        List<WeChatCallbackService> callbacks = new ArrayList<>();
        List<WeChatPhotos> downloads = new ArrayList<>();
        for (int i = 0; i < apis.size(); i++) {
            WeChatApi api = apis.get(i);
            GuanjiaConfig.WeChat w = config.wechatAccounts().get(i);
            WeChatBinding binding = new WeChatBinding(w.community(), community.residents(), community.bindings(),
                    community.loginCodes(), sms, community.bindingRequests(), stores.desk().conversations());
            // photos and voice are downloaded at once (WeChat keeps them 3 days); failures again from a job
            WeChatPhotos photos = new WeChatPhotos(w.community(), community.residents(), stores.ticketing().orders(),
                    stores.ticketing().media(), api, Executors.newVirtualThreadPerTaskExecutor());
            WeChatCallbackService callback = new WeChatCallbackService(api, desk, replies, binding, photos,
                    Executors.newVirtualThreadPerTaskExecutor(), new CallbackGuard(api.account(), ds,
                    java.time.Duration.ofSeconds(w.maxClockSkewSeconds()), clock));
            routes.add(new Route("/wechat", callback));
            callbacks.add(callback);
            downloads.add(photos);
        }
        jobs.every("media download retry", Duration.ofSeconds(5), Duration.ofSeconds(5), () -> {
            for (WeChatPhotos photos : downloads) {
                photos.fetchDue();
            }
        });
        // answers stored but not delivered are pushed until they arrive; answers a crash left unmade are made
        jobs.every("reply delivery", Duration.ofSeconds(1), Duration.ofSeconds(2), () -> {
            replies.deliverDue(50);
            for (WeChatCallbackService callback : callbacks) {
                callback.resumeUnanswered();
            }
        });
        senders.add(new WeChatNotices(accounts, community.bindings()));
    }

    /** The official account as the WeChat channel needs it, from the settings. */
    public static WeChatAccount weChatAccount(GuanjiaConfig.WeChat w) {
        return new WeChatAccount(w.community(), w.appId(), w.secret(), w.token(), w.aesKey(), w.apiHost(),
                w.passiveWaitMillis(), w.noticeTemplateId(), w.noticeTemplateField());
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
        dataDir.close();
    }
}
