package dev.guanjia.app.serve;

import dev.guanjia.app.Version;
import dev.guanjia.app.config.GuanjiaConfig;
import dev.guanjia.app.database.Database;
import dev.guanjia.app.metrics.ServiceMetrics;
import dev.guanjia.app.store.Stores;
import dev.guanjia.desk.conversation.ServiceDesk;
import dev.guanjia.desk.delivery.ReplyOutbox;
import dev.guanjia.desk.handoff.ChannelDelivery;
import dev.guanjia.desk.handoff.Handoffs;
import dev.guanjia.channels.residentdata.ResidentDataService;
import dev.guanjia.ticketing.outbox.NotificationSender;
import dev.guanjia.channels.console.ConsolePage;
import dev.guanjia.channels.console.ConsoleService;
import dev.guanjia.channels.dashboard.CollectionService;
import dev.guanjia.channels.dashboard.DashboardService;
import dev.guanjia.channels.login.StaffLoginService;
import dev.guanjia.channels.auth.Authentication;
import dev.guanjia.channels.chat.ChatService;
import dev.guanjia.channels.login.LoginService;
import dev.guanjia.channels.login.RateLimiter;
import dev.guanjia.community.sms.SmsSender;
import dev.guanjia.channels.openapi.OpenApiDocument;
import dev.guanjia.channels.webchat.WebChatPage;
import dev.guanjia.channels.wechat.CallbackGuard;
import dev.guanjia.channels.wechat.WeChatAccounts;
import dev.guanjia.channels.wechat.WeChatApi;
import dev.guanjia.channels.wechat.WeChatBinding;
import dev.guanjia.channels.wechat.WeChatNotices;
import dev.guanjia.channels.wechat.WeChatBillReminders;
import dev.guanjia.channels.wechat.WeChatReminderReplies;
import dev.guanjia.channels.reminder.ReminderService;
import dev.guanjia.payments.reminder.PaymentLinks;
import dev.guanjia.payments.reminder.Reminders;
import dev.guanjia.payments.reminder.WeChatReminders;
import dev.guanjia.channels.wechat.WeChatPhotos;
import dev.guanjia.channels.media.MediaService;
import dev.guanjia.ticketing.outbox.OutboxDelivery;
import dev.guanjia.channels.wechat.WeChatCallbackService;
import dev.guanjia.channels.wechat.WeChatEstates;
import dev.guanjia.channels.wechat.WeChatReplies;
import dev.guanjia.channels.community.CommunityService;
import dev.guanjia.channels.health.HealthProbe;
import dev.guanjia.channels.health.HealthService;
import dev.guanjia.channels.home.HomePage;
import dev.guanjia.channels.knowledge.KnowledgeService;
import dev.guanjia.channels.workorder.WorkOrderService;
import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.knowledge.KnowledgeBase;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpService;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.List;
import java.util.logging.Logger;

/**
 * The HTTP services over the stores, each built once, and the background jobs that deliver and sweep
 * behind them (declared here, started with the server): the web chat, the official accounts, the
 * console and dashboard, sign-in, knowledge search, work orders, health and the pages.
 */
final class Routes {

    private static final Logger LOG = Logger.getLogger(Routes.class.getName());

    private final List<Route> routes;

    private Routes(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    /** Registering the services built once is all the routing does. */
    void register(HttpRouting.Builder routing) {
        // first: every line logged while a request is served names it, and the caller gets its id
        dev.guanjia.channels.requestid.RequestIds.register(routing);
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

    private record Route(String path, HttpService service) {
    }

    /**
     * Builds the channels over the stores: the routes they serve and the jobs that deliver and
     * sweep behind them (declared here, started with the server).
     */
    static Routes build(GuanjiaConfig config, Database database, Stores stores, KnowledgeBase knowledge,
                        ServiceDesk desk, SmsSender sms, SmsSender smsGateway, BackgroundJobs jobs,
                        ServiceMetrics metrics, java.util.concurrent.atomic.AtomicBoolean draining) {
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
        WeChatAccounts accounts = config.wechatAccounts().isEmpty() ? null
                : wechat(config, stores, desk, sms, jobs, deliveries, senders, routes, metrics);
        WeChatReminders wechatReminders = accounts == null ? WeChatReminders.NONE : new WeChatBillReminders(accounts);
        dev.guanjia.notices.delivery.NoticeMessenger noticeMessenger = accounts == null
                ? dev.guanjia.notices.delivery.NoticeMessenger.NONE
                : new dev.guanjia.channels.wechat.WeChatNoticeMessages(accounts);
        OutboxDelivery notices = new OutboxDelivery(ds, NotificationSender.all(senders), clock);
        jobs.every("notice delivery", Duration.ofSeconds(3), Duration.ofSeconds(3), () -> notices.deliverDue(50));
        deliveries.put("voice", ChannelDelivery.byCallback(deskStores.callbacks()));
        Handoffs handoffs = new Handoffs(ds, deskStores.conversations(), deliveries, community.staffDirectory(),
                community.residentDirectory(), stores.personalData(), stores.changes());
        jobs.everyOnOneNode(ds, "wait check", Duration.ofSeconds(15), Duration.ofSeconds(30), () -> {
            for (Handoffs.Breach b : handoffs.markBreachedWaits()) {
                LOG.warning(() -> "resident waiting " + b.waitSeconds() / 60 + " min for an agent in "
                        + b.communityId() + " (conversation " + b.id() + "); flagged for supervisors");
            }
        });

        reminders(config, stores, smsGateway, wechatReminders, jobs, auth, routes);
        notices(stores, noticeMessenger, jobs, auth, routes);
        bookingReminders(stores, smsGateway, wechatReminders, jobs);

        HealthProbe db = () -> {
            boolean up = database.ping();
            int pending = up ? database.pendingMigrations() : -1;
            return new HealthProbe.Result("database", up && pending == 0, !up ? "not reachable: "
                    + database.description() : pending == 0 ? "up, schema current" : pending + " migrations pending");
        };
        // the service works while a new generation is built (searches use the current one), but a node
        // building its index answers from an outdated one: it is not ready for traffic
        HealthProbe index = () -> new HealthProbe.Result("knowledge_index", true, "generation "
                + knowledge.index().generation() + (knowledge.index().building() ? ", next one being built" : ""));
        HealthProbe indexReady = () -> knowledge.index().building() || !knowledge.index().isOpen()
                ? new HealthProbe.Result("knowledge_index", false, "being built")
                : new HealthProbe.Result("knowledge_index", true, "generation " + knowledge.index().generation());
        // readiness must answer quickly: a database that does not answer counts as away after 2 s
        HealthProbe reachable = HealthProbe.within("database", Duration.ofSeconds(2), () -> {
            boolean up = database.ping();
            return new HealthProbe.Result("database", up, up ? "reachable" : "not reachable: " + database.description());
        });
        CommunityDirectory directory = community.directory();
        routes.add(new Route("/api/v1/staff", new StaffLoginService(community.staff(), community.sessions(), auth,
                RateLimiter.shared(ds, "staff sign-in", 20, clock),
                dev.guanjia.channels.login.SignInBackoff.shared(ds, clock), ds, clock, config.http().secureCookies(), deskStores.availability()::left)));
        routes.add(new Route("/api/v1/console", new ConsoleService(new ConsoleService.Parts(handoffs,
                deskStores.callbacks(), deskStores.availability(), deskStores.conversations(), community.residents(),
                community.bills(), community.bindings(), ticketing.orders(), knowledge, ds, stores.changes()), auth)));
        routes.add(new Route("/api/v1/binding-requests", new dev.guanjia.channels.binding.BindingRequestService(
                community.bindingRequests(), deskStores.conversations(), deliveries, auth)));
        routes.add(new Route("/api/v1/media", new MediaService(ticketing.media(), auth)));
        // registered before the KPI dashboard, whose prefix it shares
        routes.add(new Route("/api/v1/dashboard/collection", new CollectionService(
                new dev.guanjia.community.billing.BillFigures(ds), new dev.guanjia.payments.figures.PaymentFigures(ds),
                new dev.guanjia.payments.reconcile.ReconciliationRecords(ds, clock), auth, clock, directory::zone)));
        routes.add(new Route("/api/v1/dashboard/feedback", new dev.guanjia.channels.feedback.PoorArticlesService(
                deskStores.feedback(), knowledge, auth)));
        routes.add(new Route("/api/v1/dashboard", new DashboardService(deskStores.reports(), auth, clock,
                directory::zone)));
        routes.add(new Route("/console", new ConsolePage()));
        routes.add(new Route("/api/v1/me", new ResidentDataService(stores.residentData(), auth)));
        // a node being stopped says so first, so the load balancer takes it out before it goes (see drain())
        HealthProbe serving = () -> draining.get() ? new HealthProbe.Result("serving", false, "draining: stopping soon")
                : new HealthProbe.Result("serving", true, "serving");
        routes.add(new Route("/health", new HealthService(List.of(db, index, serving),
                List.of(reachable, indexReady, serving))));
        GuanjiaConfig.Metrics scrapers = config.metrics();
        routes.add(new Route("/metrics", new dev.guanjia.channels.metrics.MetricsService(metrics::scrape,
                scrapers.token(), scrapers.allow())));
        LOG.info(() -> "/metrics: " + (scrapers.token() == null ? "no token" : "bearer token required")
                + (scrapers.allow().isEmpty() ? ", any address" : ", from " + String.join(", ", scrapers.allow())));
        stores.payments().ifPresent(p -> routes.add(new Route("/pay",
                new dev.guanjia.channels.pay.PayNotifyService(p.notifies()))));
        stores.payments().ifPresent(p -> residentPayments(config, stores, p, auth, deliveries, wechatReminders, routes));
        routes.add(new Route("/chat", new WebChatPage()));
        routes.add(new Route("/openapi", new OpenApiDocument()));
        routes.add(new Route("/api/v1/auth", new LoginService(community.loginCodes(), community.sessions(), sms,
                RateLimiter.shared(ds, "sign-in codes", 10, clock), config.http().secureCookies())));
        if (config.sms() != null) {
            // the gateway's delivery reports (HTTP push configured in its console)
            routes.add(new Route("/sms", new dev.guanjia.channels.sms.SmsReportService(community.smsMessages())));
        }
        routes.add(new Route("/api/v1/chat", new ChatService(desk, deskStores.conversations(), auth,
                id -> directory.profile(id).isPresent(), RateLimiter.shared(ds, "chat per sender", 30, clock),
                RateLimiter.shared(ds, "chat per address", 600, clock),
                stores.changes())));
        // web chat messages a stopped node left unanswered: claimed by lease, answered, streamed to the page
        dev.guanjia.channels.chat.ChatResumption resumption = new dev.guanjia.channels.chat.ChatResumption(desk);
        jobs.every("web chat resumption", Duration.ofSeconds(2), Duration.ofSeconds(2), resumption::resume);
        routes.add(new Route("/api/v1/work-orders", new WorkOrderService(ticketing.orders(), auth)));
        // residents' 👍/👎 on answers (WeChat: by a keyed link)

        routes.add(new Route("/api/v1/feedback", new dev.guanjia.channels.feedback.FeedbackService(
                deskStores.feedback(), deskStores.conversations(), auth, dev.guanjia.app.agent.AgentSetup.feedbackKey(stores))));
        // complaints and suggestions: answered by supervisors in the console, followed up by residents
        routes.add(new Route("/api/v1/console/complaints", new dev.guanjia.channels.complaint.ConsoleComplaints(
                ticketing.orders().complaints(), auth)));
        routes.add(new Route("/api/v1/complaints", new dev.guanjia.channels.complaint.ComplaintFollowUps(
                ticketing.orders().complaints(), auth)));
        routes.add(new Route("/api/v1/bookings", new dev.guanjia.channels.booking.BookingService(
                stores.bookings().bookings(), stores.bookings().bookables(), community.residents(), auth)));
        dev.guanjia.knowledge.editing.Articles articles = knowledgeEditor(stores, knowledge, jobs, auth, routes);
        // another node's edit (or an import) reaches this node's index as soon as it is committed
        database.notifications().on(KnowledgeBase.CHANGES_CHANNEL, ignored -> knowledge.changed())
                .onReconnect(knowledge::changed);
        // unanswered questions grouped for staff (articles written from them are versions like any edit)
        routes.add(new Route("/api/v1/console/unanswered", new dev.guanjia.channels.unanswered.UnansweredService(
                deskStores.unanswered(), knowledge, articles, auth, clock, directory::zone)));
        routes.add(new Route("/api/v1/knowledge", new KnowledgeService(knowledge, articles,
                id -> directory.profile(id).isPresent(),
                config.adminToken(), ds, auth, RateLimiter.shared(ds, "anonymous searches",
                        GuanjiaServer.ANONYMOUS_SEARCHES, clock),
                Math.max(1, Runtime.getRuntime().availableProcessors() - 1))));
        // office documents into the knowledge base: previewed, then confirmed (supervisors, admins)
        routes.add(new Route("/api/v1/console/knowledge-import", new dev.guanjia.channels.knowledge.KnowledgeImportService(
                articles, new dev.guanjia.knowledge.importing.DocumentImport(config.knowledgeImportMaxMb() * 1024L * 1024),
                new dev.guanjia.knowledge.importing.PendingImports(clock, Duration.ofMinutes(30), 20), auth, clock)));
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
        return new Routes(routes);
    }

    /**
     * The official accounts: each one's callback on /wechat/{community}/callback (a shared account's:
     * its first community's); answers, agents' replies and notices pushed through the account of the
     * conversation's community.
     */
    private static WeChatAccounts wechat(GuanjiaConfig config, Stores stores, ServiceDesk desk, SmsSender sms,
                                         BackgroundJobs jobs, Map<String, ChannelDelivery> deliveries,
                                         List<NotificationSender> senders, List<Route> routes,
                                         ServiceMetrics metrics) {
        javax.sql.DataSource ds = stores.db();
        Clock clock = stores.clock();
        Stores.Community community = stores.community();
        List<WeChatApi> apis = config.wechatAccounts().stream()
                .map(w -> new WeChatApi(GuanjiaServer.weChatAccount(w)).meter(metrics)).toList();
        WeChatAccounts accounts = new WeChatAccounts(apis);
        ReplyOutbox replies = new ReplyOutbox(ds, new WeChatReplies(accounts), clock, stores.changes());
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
            List<WeChatEstates.Estate> estates = new ArrayList<>();
            for (String served : w.communities()) {
                WeChatBinding binding = new WeChatBinding(served, community.residents(), community.bindings(),
                        community.loginCodes(), sms, community.bindingRequests(), stores.desk().conversations());
                // photos and voice are downloaded at once (WeChat keeps them 3 days); failures again from a job
                WeChatPhotos photos = new WeChatPhotos(served, community.residents(), stores.ticketing().orders(),
                        stores.ticketing().media(), api, Executors.newVirtualThreadPerTaskExecutor());
                estates.add(new WeChatEstates.Estate(served, binding, photos, new WeChatReminderReplies(served,
                        community.residents(), stores.paymentReminders().optOuts())));
                downloads.add(photos);
            }
            WeChatCallbackService callback = new WeChatCallbackService(api, desk, replies, new WeChatEstates(w.appId(),
                    estates, community.residents(), community.directory(), stores.personalData(), ds),
                    Executors.newVirtualThreadPerTaskExecutor(), RateLimiter.shared(ds, "wechat per follower", 30, clock),
                    new CallbackGuard(api.account(), ds,
                    java.time.Duration.ofSeconds(w.maxClockSkewSeconds()), clock)).meter(metrics);
            routes.add(new Route("/wechat", callback));
            callbacks.add(callback);
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
        return accounts;
    }

    /**
     * Payment reminders (催缴): residents' and supervisors' settings on /api/v1/reminders, and the
     * round every 10 minutes on every node (bills are claimed once per stage, whichever node runs).
     */
    private static void reminders(GuanjiaConfig config, Stores stores, SmsSender sms, WeChatReminders wechat,
                                  BackgroundJobs jobs, Authentication auth, List<Route> routes) {
        Stores.PaymentReminders stored = stores.paymentReminders();
        routes.add(new Route("/api/v1/reminders", new ReminderService(stored.policies(), stored.optOuts(), auth)));
        // with online payment on, a reminder carries its payment page; the link lives a week, as a
        // reminder is often read hours later (the page re-reads the bills, so paid ones drop out)
        PaymentLinks links = stores.payments().isPresent()
                ? PaymentLinks.of(new dev.guanjia.payments.offer.StoredOffers(stores.db(), stores.clock(),
                        Duration.ofDays(7)), dev.guanjia.app.agent.AgentSetup.publicBase(config))
                : PaymentLinks.NONE;
        Reminders reminders = new Reminders(stores.db(), stores.community().directory(), stored.policies(),
                stores.community().bindings(), new Reminders.Delivery(wechat, sms, links));
        jobs.every("payment reminders", Duration.ofMinutes(1), Duration.ofMinutes(10), () -> {
            Reminders.Round r = reminders.run(stores.clock().instant());
            if (r.queued() + r.sent() + r.failed() > 0) {
                LOG.info(() -> "payment reminders: " + r.queued() + " queued, " + r.sent() + " sent, "
                        + r.failed() + " given up");
            }
        });
    }

    /**
     * The console's knowledge editor on /api/v1/console/knowledge (each save a version and an audit
     * entry, searchable on return), and the round every 5 s that brings into this node's index what
     * other nodes or imports stored (at once when their NOTIFY is heard; the round is for those missed)
     * and articles whose validity began or ended (validity days in the community's time zone).
     */
    private static dev.guanjia.knowledge.editing.Articles knowledgeEditor(Stores stores, KnowledgeBase knowledge,
                                                                          BackgroundJobs jobs, Authentication auth,
                                                                          List<Route> routes) {
        CommunityDirectory directory = stores.community().directory();
        knowledge.useClock(stores.clock(), id -> id == null ? KnowledgeBase.DEFAULT_ZONE : directory.zone(id));
        dev.guanjia.knowledge.editing.Articles articles = new dev.guanjia.knowledge.editing.Articles(stores.db(),
                knowledge, stores.clock(), dev.guanjia.community.audit.AuditLog::append);
        routes.add(new Route("/api/v1/console/knowledge", new dev.guanjia.channels.knowledge.ArticleService(articles,
                auth)));
        jobs.every("knowledge catch-up", Duration.ofSeconds(5), Duration.ofSeconds(5), () -> {
            int n = knowledge.catchUp();
            if (n > 0) {
                LOG.info(() -> n + " knowledge article(s) changed elsewhere or came into or out of their validity;"
                        + " index updated");
            }
        });
        return articles;
    }

    /**
     * Notices (公告): the console's on /api/v1/console/notices, the web chat's banner on /api/v1/notices,
     * and the WeChat delivery round every minute on every node (one row per resident and notice, so
     * whichever node runs it, each follower gets it once; nothing in the quiet hours).
     */
    private static void notices(Stores stores, dev.guanjia.notices.delivery.NoticeMessenger wechat, BackgroundJobs jobs,
                                Authentication auth, List<Route> routes) {
        dev.guanjia.notices.notice.Notices notices = stores.notices();
        dev.guanjia.notices.receipt.NoticeReach reach = stores.noticeReach();
        routes.add(new Route("/api/v1/console/notices", new dev.guanjia.channels.notice.NoticeService(notices, reach,
                auth)));
        routes.add(new Route("/api/v1/notices", new dev.guanjia.channels.notice.NoticeBoardService(notices, reach,
                stores.community().residents(), auth, id -> stores.community().directory().find(id).isPresent())));
        dev.guanjia.notices.delivery.NoticeDelivery delivery = new dev.guanjia.notices.delivery.NoticeDelivery(
                stores.db(), stores.community().directory(), notices, stores.community().bindings(), wechat);
        jobs.every("notice delivery (WeChat)", Duration.ofSeconds(20), Duration.ofMinutes(1), () -> {
            dev.guanjia.notices.delivery.NoticeDelivery.Round r = delivery.run(stores.clock().instant());
            if (r.queued() + r.sent() + r.failed() > 0) {
                LOG.info(() -> "notices: " + r.queued() + " queued, " + r.sent() + " sent, " + r.failed() + " given up");
            }
        });
    }

    /**
     * Reminders the day before a booking: by WeChat to a bound follower when the community has an
     * official account, else a text to the resident's phone; quiet hours are the payment reminders'.
     */
    private static void bookingReminders(Stores stores, SmsSender sms, WeChatReminders wechat, BackgroundJobs jobs) {
        dev.guanjia.community.resident.Bindings bindings = stores.community().bindings();
        dev.guanjia.bookings.reminder.BookingReminders reminders = new dev.guanjia.bookings.reminder.BookingReminders(
                stores.db(), stores.community().directory()::zone,
                (community, time) -> stores.paymentReminders().policies().of(community).quiet(time),
                (community, resident, text) -> {
                    if (wechat.reaches(community)) {
                        for (String openid : bindings.of(resident, "wechat_openid")) {
                            wechat.send(community, openid, text);
                            return true;
                        }
                    }
                    for (String phone : bindings.of(resident, "phone")) {
                        if (phone.matches("1[3-9]\\d{9}")) {
                            sms.send(new dev.guanjia.community.sms.Sms(phone, "booking_reminder", Map.of(), text));
                            return true;
                        }
                    }
                    return false;
                });
        // unpaid bookings give their slot back; the resident is told like a reminder
        jobs.every("unpaid bookings released", Duration.ofMinutes(1), Duration.ofMinutes(1), () -> {
            for (dev.guanjia.bookings.booking.Booking b : stores.bookings().bookings().releaseUnpaid()) {
                LOG.info(() -> "booking " + b.code() + " released: its fee was not paid in time");
                reminders.tell(b, "您预约的" + b.bookableName() + " " + b.slot().label() + "（预约号 " + b.code()
                        + "）未在规定时间内支付场地费，已自动取消，时段已释放。如仍需使用，请重新预约。");
            }
        });
        jobs.every("booking reminders", Duration.ofMinutes(2), Duration.ofMinutes(10), () -> {
            var r = reminders.run(stores.clock().instant());
            if (r.sent() + r.unreachable() + r.failed() > 0) {
                LOG.info(() -> "booking reminders: " + r.sent() + " sent, " + r.unreachable() + " unreachable, "
                        + r.failed() + " failed");
            }
        });
    }

    /**
     * Paying from the conversation: the web chat's Native order and QR code, the official account's
     * page (JSAPI) and the receipt; and "缴费成功" told in the resident's own conversation and channel.
     */
    private static void residentPayments(GuanjiaConfig config, Stores stores, dev.guanjia.payments.Payments payments,
                                         Authentication auth, Map<String, ChannelDelivery> deliveries,
                                         WeChatReminders wechat, List<Route> routes) {
        // the receipt link's key: a keyed hash of the order number, so nothing more is stored
        java.util.function.Function<String, String> key = no -> stores.personalData().rawLookup("receipt", no)
                .substring(0, 32);
        dev.guanjia.channels.pay.ResidentPayments api = new dev.guanjia.channels.pay.ResidentPayments(payments.offers(),
                payments.orders(), new dev.guanjia.channels.pay.ReceiptView(payments.receipts(),
                stores.community().directory()), auth, key);
        routes.add(new Route("/api/v1/payments", api));
        routes.add(new Route("/api/v1/console/payments", new dev.guanjia.channels.pay.ConsolePayments(payments.orders(),
                payments.refunds(), auth)));
        routes.add(new Route("/pay", new dev.guanjia.channels.pay.PayPages()));
        String base = dev.guanjia.app.agent.AgentSetup.publicBase(config);
        // "缴费成功" on WeChat goes like a reminder (customer-service message, the notice template once
        // the 48-hour window has closed); only if WeChat refuses both does it take the reply outbox,
        // whose last resort is an agent following up
        Map<String, ChannelDelivery> told = new HashMap<>(deliveries);
        ChannelDelivery outbox = deliveries.get("wechat");
        if (wechat != WeChatReminders.NONE && outbox != null) {
            told.put("wechat", (communityId, conversation, messageId, openid, text) -> {
                try {
                    wechat.send(communityId, openid, text);
                } catch (Exception refused) {
                    outbox.deliver(communityId, conversation, messageId, openid, text);
                }
            });
        }
        payments.onSettled(new dev.guanjia.desk.notice.PaymentNotices(stores.db(), stores.desk().conversations(),
                told, no -> base + api.receiptUrl(no)));
    }
}
