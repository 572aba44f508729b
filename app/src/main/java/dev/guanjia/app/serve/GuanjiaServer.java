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
import dev.guanjia.desk.conversation.ServiceDesk;
import dev.guanjia.desk.conversation.ConversationLog;
import dev.guanjia.desk.handoff.Availability;
import dev.guanjia.desk.handoff.Callbacks;
import dev.guanjia.desk.delivery.ReplyOutbox;
import dev.guanjia.desk.handoff.ChannelDelivery;
import dev.guanjia.desk.handoff.Handoffs;
import dev.guanjia.desk.reporting.KpiReport;
import dev.guanjia.desk.notice.ConversationNotices;
import dev.guanjia.desk.privacy.ResidentData;
import dev.guanjia.app.privacy.PersonalDataMap;
import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.community.privacy.Retention;
import dev.guanjia.channels.residentdata.ResidentDataService;
import dev.guanjia.ticketing.outbox.NotificationSender;
import dev.guanjia.channels.console.ConsolePage;
import dev.guanjia.channels.console.ConsoleService;
import dev.guanjia.channels.dashboard.DashboardService;
import dev.guanjia.channels.login.StaffLoginService;
import dev.guanjia.community.billing.Bills;
import dev.guanjia.community.staff.StaffAccounts;
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
import dev.guanjia.channels.wechat.WeChatApi;
import dev.guanjia.channels.wechat.WeChatBinding;
import dev.guanjia.channels.wechat.WeChatNotices;
import dev.guanjia.channels.wechat.WeChatPhotos;
import dev.guanjia.community.resident.BindingRequests;
import dev.guanjia.channels.media.MediaService;
import dev.guanjia.ticketing.media.ResidentMedia;
import dev.guanjia.community.resident.Bindings;
import dev.guanjia.community.resident.Residents;
import dev.guanjia.ticketing.outbox.OutboxDelivery;
import dev.guanjia.channels.wechat.WeChatCallbackService;
import dev.guanjia.channels.wechat.WeChatReplies;
import dev.guanjia.community.session.LoginCodes;
import dev.guanjia.channels.community.CommunityService;
import dev.guanjia.channels.health.HealthProbe;
import dev.guanjia.channels.health.HealthService;
import dev.guanjia.channels.home.HomePage;
import dev.guanjia.channels.knowledge.KnowledgeService;
import dev.guanjia.channels.workorder.WorkOrderService;
import dev.guanjia.community.session.Sessions;
import dev.guanjia.ticketing.sla.SlaMonitor;
import dev.guanjia.ticketing.workorder.WorkOrders;
import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.knowledge.KnowledgeBase;
import dev.guanjia.ticketing.workorder.OpenWorkOrders;
import io.helidon.http.media.MediaContext;
import io.helidon.http.media.jackson.JacksonSupport;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.logging.Logger;

/**
 * The running service: data directory, database, HTTP server. Built by hand, top to bottom, so the
 * whole wiring reads in one place. Closing stops them in reverse order.
 */
public final class GuanjiaServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GuanjiaServer.class.getName());

    private final DataDirectory dataDir;
    private final Database database;
    private final KnowledgeBase knowledge;
    private final WebServer web;
    private final ScheduledExecutorService background;
    private final AuditSetup audit;
    private final PersonalData personalData;
    private volatile PhoneLine phone;

    private GuanjiaServer(DataDirectory dataDir, Database database, KnowledgeBase knowledge, WebServer web,
                          ScheduledExecutorService background, AuditSetup audit, PersonalData personalData) {
        this.dataDir = dataDir;
        this.personalData = personalData;
        this.database = database;
        this.audit = audit;
        this.knowledge = knowledge;
        this.web = web;
        this.background = background;
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
        try {
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
            AuditSetup auditing = audit;
            CommunityDirectory directory = new CommunityDirectory(database.dataSource());
            if (config.loadDemo() && directory.list().isEmpty()) {
                PackImport.Report r = DemoPack.use(dir -> new PackImport(database.dataSource(), personalData)
                        .importPack(dir, null, "system:demo"));
                LOG.info(() -> "first start: imported the demo community '" + r.communityId() + "' (" + r.name()
                        + ", " + r.houses() + " houses)");
                java.nio.file.Path passwords = dev.guanjia.app.pack.DemoStaff.issuePasswords(database.dataSource(),
                        r.communityId(), dataDir.path());
                LOG.info(() -> "demo staff can sign in at /console/ with the passwords in " + passwords);
            }
            knowledge = KnowledgeSetup.open(config, database.dataSource());
            KnowledgeBase kb = knowledge;
            Clock clock = Clock.systemUTC();
            ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "guanjia-background");
                t.setDaemon(true);
                return t;
            });
            SlaMonitor sla = new SlaMonitor(database.dataSource(), clock);
            background.scheduleWithFixedDelay(() -> {
                try {
                    int marked = sla.sweep();
                    if (marked > 0) {
                        LOG.info(() -> marked + " work-order deadline(s) passed; supervisors notified");
                    }
                } catch (SQLException | RuntimeException e) {
                    LOG.warning("SLA sweep failed: " + e.getMessage());
                }
            }, 10, 60, TimeUnit.SECONDS);
            // entries appended inside transactions reach the anchor within seconds; the head goes in the log daily
            background.scheduleWithFixedDelay(auditing::catchUp, 5, 5, TimeUnit.SECONDS);
            background.scheduleAtFixedRate(() -> LOG.info(auditing.headLine()), 24, 24, TimeUnit.HOURS);
            ServiceDesk desk = AgentSetup.serviceDesk(config, database.dataSource(), knowledge, personalData,
                    database.changes());
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
                    .routing(r -> routing(r, config, database, directory, kb, clock, sms, background, desk,
                            personalData))
                    .build()
                    .start();
            GuanjiaServer server = new GuanjiaServer(dataDir, database, knowledge, web, background, audit,
                    personalData);
            if (config.voice() != null) {
                try {
                    server.phone = PhoneLine.start(config.voice(), desk, database.dataSource(), background, clock,
                            personalData);
                } catch (RuntimeException e) {
                    server.close();
                    throw e;
                }
            }
            return server;
        } catch (IOException | RuntimeException e) {
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
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /** Anonymous knowledge searches per address and minute (signed-in callers are not limited). */
    static final int ANONYMOUS_SEARCHES = 30;

    private static void routing(HttpRouting.Builder routing, GuanjiaConfig config, Database database,
                                CommunityDirectory directory, KnowledgeBase knowledge, Clock clock, SmsSender sms,
                                ScheduledExecutorService background, ServiceDesk desk, PersonalData personalData) {
        Sessions sessions = new Sessions(database.dataSource(), personalData);
        Authentication auth = new Authentication(sessions, clock);
        // a NUL cannot be stored or looked up in PostgreSQL text: refuse it at the door
        routing.addFilter((chain, req, res) -> {
            if (req.path().path().indexOf('\u0000') >= 0 || req.query().rawValue().contains("%00")) {
                throw new io.helidon.http.BadRequestException("NUL in the request line");
            }
            chain.proceed();
        });
        // whatever slipped through: a plain answer for the caller, the details only in the log
        dev.guanjia.channels.errors.Refusals.register(routing);
        HealthProbe db = () -> {
            boolean up = database.ping();
            int pending = up ? database.pendingMigrations() : -1;
            return new HealthProbe.Result("database", up && pending == 0, !up ? "not reachable: "
                    + database.description() : pending == 0 ? "up, schema current" : pending + " migrations pending");
        };
        HealthProbe index = () -> new HealthProbe.Result("knowledge_index", true,
                "generation " + knowledge.index().generation());
        java.util.Map<String, ChannelDelivery> deliveries = new java.util.HashMap<>();
        // work-order notices: into the resident's conversation always, and to WeChat when configured
        List<NotificationSender> senders = new java.util.ArrayList<>();
        senders.add(new ConversationNotices(database.dataSource(), personalData, database.changes()));
        if (config.wechat() != null) {
            GuanjiaConfig.WeChat w = config.wechat();
            WeChatApi api = new WeChatApi(weChatAccount(w));

            WeChatBinding binding = new WeChatBinding(w.community(), new Residents(database.dataSource(), personalData),
                    new Bindings(database.dataSource(), personalData),
                    new LoginCodes(database.dataSource(), clock, personalData), sms,
                    new BindingRequests(database.dataSource(), personalData),
                    new ConversationLog(database.dataSource(), personalData, database.changes()));
            desk.answerLease(java.time.Duration.ofSeconds(w.answerLeaseSeconds()));
            ReplyOutbox replies = new ReplyOutbox(database.dataSource(), new WeChatReplies(api), clock, database.changes());
            // an agent's reply reaches a WeChat resident through the same outbox as the bot's answers
            deliveries.put("wechat", (community, conversation, message, openid, text) -> {
                switch (replies.enqueue(message, conversation)) {
                    case "pushed" -> { }
                    case "waiting" -> throw new ChannelDelivery.Retrying();
                    default -> throw new IllegalStateException("微信已超过48小时互动时限");
                }
            });
            // photos and voice are downloaded at once (WeChat keeps them 3 days); failures again from here
            WeChatPhotos photos = new WeChatPhotos(w.community(), new Residents(database.dataSource(), personalData),
                    new WorkOrders(database.dataSource(), clock), new ResidentMedia(database.dataSource(), clock),
                    api, Executors.newVirtualThreadPerTaskExecutor());
            background.scheduleWithFixedDelay(() -> {
                try {
                    photos.fetchDue();
                } catch (RuntimeException e) {
                    LOG.warning("media download retry failed: " + e.getMessage());
                }
            }, 5, 5, TimeUnit.SECONDS);
            WeChatCallbackService callback = new WeChatCallbackService(api, desk, replies, binding, photos,
                    Executors.newVirtualThreadPerTaskExecutor(), new CallbackGuard(api.account(), database.dataSource(),
                    java.time.Duration.ofSeconds(w.maxClockSkewSeconds()), clock));
            routing.register("/wechat", callback);
            // answers stored but not delivered are pushed until they arrive; answers a crash left unmade are made
            background.scheduleWithFixedDelay(() -> {
                try {
                    replies.deliverDue(50);
                    callback.resumeUnanswered();
                } catch (SQLException | RuntimeException e) {
                    LOG.warning("reply delivery failed: " + e.getMessage());
                }
            }, 1, 2, TimeUnit.SECONDS);
            senders.add(new WeChatNotices(api, new Bindings(database.dataSource(), personalData)));
        }
        OutboxDelivery notices = new OutboxDelivery(database.dataSource(), NotificationSender.all(senders), clock);
        background.scheduleWithFixedDelay(() -> {
            try {
                notices.deliverDue(50);
            } catch (SQLException | RuntimeException e) {
                LOG.warning("notice delivery failed: " + e.getMessage());
            }
        }, 3, 3, TimeUnit.SECONDS);
        javax.sql.DataSource ds = database.dataSource();
        Availability availability = new Availability(ds);
        deliveries.put("voice", ChannelDelivery.byCallback(new Callbacks(ds, personalData, database.changes())));
        Handoffs handoffs = new Handoffs(ds, deliveries, personalData, database.changes());
        background.scheduleWithFixedDelay(() -> {
            try {
                for (Handoffs.Breach b : handoffs.markBreachedWaits()) {
                    LOG.warning(() -> "resident waiting " + b.waitSeconds() / 60 + " min for an agent in "
                            + b.communityId() + " (conversation " + b.id() + "); flagged for supervisors");
                }
            } catch (RuntimeException e) {
                LOG.warning("wait check failed: " + e.getMessage());
            }
        }, 15, 30, TimeUnit.SECONDS);
        java.time.ZoneId zone = java.time.ZoneId.of("Asia/Shanghai");
        routing.register("/api/v1/staff", new StaffLoginService(new StaffAccounts(ds), sessions, auth,
                        new RateLimiter(20, clock), ds, clock, config.http().secureCookies(), availability::left))
                .register("/api/v1/console", new ConsoleService(new ConsoleService.Parts(handoffs,
                        new Callbacks(ds, personalData, database.changes()), availability,
                        new ConversationLog(ds, personalData, database.changes()),
                        new Residents(ds, personalData), new Bills(ds), new Bindings(ds, personalData),
                        new WorkOrders(ds, clock), knowledge, ds, database.changes()), auth))
                .register("/api/v1/binding-requests", new dev.guanjia.channels.binding.BindingRequestService(
                        new BindingRequests(ds, personalData), new ConversationLog(ds, personalData, database.changes()),
                        deliveries, auth))
                .register("/api/v1/media", new MediaService(new ResidentMedia(ds, clock), auth))
                .register("/api/v1/dashboard", new DashboardService(new KpiReport(ds, zone, personalData), auth, clock, zone))
                .register("/console", new ConsolePage());
        ResidentData residentData = new ResidentData(ds, PersonalDataMap.holders(personalData), personalData);
        routing.register("/api/v1/me", new ResidentDataService(residentData, auth));
        // spent login codes, their send counts and expired sessions are not kept longer than needed
        LoginCodes loginCodes = new LoginCodes(ds, clock, personalData);
        background.scheduleWithFixedDelay(() -> {
            try {
                int n = loginCodes.purge() + sessions.purge(clock.instant());
                if (n > 0) {
                    LOG.fine(() -> n + " old login code(s) and expired session(s) purged");
                }
            } catch (RuntimeException e) {
                LOG.warning("login purge failed: " + e.getMessage());
            }
        }, 2, 60, TimeUnit.MINUTES);
        Retention retention = Retention.of(config.security().retentionDays());
        background.scheduleWithFixedDelay(() -> {
            try {
                int n = residentData.expire(retention);
                if (n > 0) {
                    LOG.info(() -> n + " row(s) of residents' data past their retention period ended (" + retention + ")");
                }
            } catch (SQLException | RuntimeException e) {
                LOG.warning("retention job failed: " + e.getMessage());
            }
        }, 5, 24 * 60, TimeUnit.MINUTES);
        routing.register("/health", new HealthService(List.of(db, index)))
                .register("/chat", new WebChatPage())
                .register("/openapi", new OpenApiDocument())
                .register("/api/v1/auth", new LoginService(new LoginCodes(database.dataSource(), clock, personalData),
                        sessions, sms, new RateLimiter(10, clock), config.http().secureCookies()))
                .register("/api/v1/chat", new ChatService(desk, new ConversationLog(database.dataSource(), personalData),
                        auth, id -> directory.find(id).isPresent(), new RateLimiter(30, clock), new RateLimiter(600, clock)))
                .register("/api/v1/work-orders", new WorkOrderService(new WorkOrders(database.dataSource(), clock),
                        auth))
                .register("/api/v1/knowledge", new KnowledgeService(knowledge, id -> directory.find(id).isPresent(),
                        config.adminToken(), database.dataSource(), auth, new RateLimiter(ANONYMOUS_SEARCHES, clock),
                        Math.max(1, Runtime.getRuntime().availableProcessors() - 1)))
                .register("/api/v1/communities", new CommunityService(directory,
                        new OpenWorkOrders(database.dataSource()), auth))
                .register("/", new HomePage(directory, Version.current(), List.of(
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
                                "/api/v1/knowledge/search?q=…", "知识库检索 knowledge search (add &community=ID)"))));
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
    /** The keyring the server seals residents' personal data with (tests open stored values with it). */
    public PersonalData personalData() {
        return personalData;
    }

    public javax.sql.DataSource dataSource() {
        return database.dataSource();
    }

    @Override
    public void close() throws IOException {
        if (phone != null) {
            phone.close();
        }
        background.shutdownNow();
        web.stop();
        knowledge.close();
        audit.close();
        database.close();
        dataDir.close();
    }
}
