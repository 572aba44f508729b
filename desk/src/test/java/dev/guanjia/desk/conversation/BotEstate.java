package dev.guanjia.desk.conversation;

import dev.guanjia.testkit.ScratchDirectory;
import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.desk.conversation.ConversationLog;
import dev.guanjia.desk.handoff.Availability;
import dev.guanjia.desk.handoff.Callbacks;
import dev.guanjia.bot.intent.IntentClassifier;
import dev.guanjia.bot.local.LocalChatModel;
import dev.guanjia.bot.tools.ServiceDeskTools;
import dev.guanjia.bot.agent.ResidentAgent;
import dev.guanjia.bot.memory.PostgresChatMemoryStore;
import dev.guanjia.bot.turn.Identity;
import dev.guanjia.community.billing.Bills;
import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.knowledge.KnowledgeBase;
import dev.guanjia.knowledge.analysis.Aliases;
import dev.guanjia.knowledge.document.KbDocument;
import dev.guanjia.knowledge.document.KbDocumentStore;
import dev.guanjia.knowledge.embedding.BgeSmallZhEmbedder;
import dev.guanjia.testkit.TestDatabase;
import dev.guanjia.testkit.TwoHouseholds;
import dev.guanjia.ticketing.workorder.WorkOrders;
import dev.langchain4j.model.chat.ChatModel;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/** A two-household community with bills, a technician and two articles, built once per test JVM. */
final class BotEstate {

    static final Identity OWNER = new Identity("wechat", "wechat_openid", "wx-owner");
    static final Identity NEIGHBOUR = new Identity("web", "phone", "13700000002");
    static final Identity VISITOR = Identity.anonymous("web");
    /** A caller on the phone line whose number is not on record. */
    static final Identity CALLER = new Identity("voice", "phone", "02000000009");

    static DataSource db;

    /**
     * Gives up the orders a test made, so the residents' open orders other tests count on stay as they were
     * (the estate's database is shared by every test in the JVM).
     */
    static void cancelOrders(java.util.Collection<?> codes) {
        try (java.sql.Connection c = db.getConnection(); java.sql.PreparedStatement s = c.prepareStatement(
                "UPDATE work_orders SET status = 'cancelled' WHERE code = ?")) {
            for (Object code : codes) {
                s.setString(1, String.valueOf(code));
                s.executeUpdate();
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
    /** One keyring for the estate: what the pack sealed, the desk opens. */
    static final PersonalData personalData = PersonalData.ephemeral();
    static KnowledgeBase kb;
    static IntentClassifier intents;

    private BotEstate() {
    }

    static synchronized void build() throws Exception {
        if (db != null) {
            return;
        }
        db = TestDatabase.fresh("community", "knowledge", "ticketing", "desk", "bot");
        try (Connection c = db.getConnection()) {
            TwoHouseholds.insert(c);
            // identities are looked up by keyed hash: seal what was written in the clear
            dev.guanjia.community.privacy.Resealing.community(c, personalData);
        }
        try (Connection c = db.getConnection()) {
            KbDocumentStore.replace(c, "c1", List.of(
                    new KbDocument("fee-payment", "物业费缴纳方式", "fees", List.of("缴费", "物业费"), LocalDate.of(2026, 1, 1),
                            "物业费可以在公众号“生活缴费”在线缴纳，也可以到服务中心刷卡缴纳。服务中心每天8:00-18:00办公。",
                            "kb/fee-payment.md"),
                    new KbDocument("emg-gas", "燃气泄漏应急处理", "emergencies", List.of("燃气", "应急"),
                            LocalDate.of(2026, 1, 1), "闻到燃气味时：\n1. 立即打开门窗通风；\n2. 关闭燃气总阀；\n3. 不要开关电器，"
                            + "到室外拨打应急电话。", "kb/emg-gas.md"),
                    new KbDocument("proc-card", "门禁卡补办", "procedures", List.of("门禁卡", "补办"),
                            LocalDate.of(2026, 1, 1), "门禁卡遗失请先到服务中心挂失。\n补办门禁卡每张15元，请携带业主身份证。",
                            "kb/proc-card.md"),
                    new KbDocument("heat-temp", "供暖室温标准", "facilities", List.of("暖气", "室温"),
                            LocalDate.of(2026, 1, 1), "供暖期间卧室、起居室室温不低于18℃为达标。\n测温时关好门窗，在房间中央离地1.5米处测量。",
                            "kb/heat-temp.md"),
                    new KbDocument("repair-price", "户内维修收费", "repair", List.of("维修", "收费"),
                            LocalDate.of(2026, 1, 1), "户内维修上门检查不收费。\n更换水龙头人工费20元，更换灯具人工费15元，材料费另计。",
                            "kb/repair-price.md"),
                    new KbDocument("fee-at-home", "上门收费服务", "fees", List.of("缴费", "上门"),
                            LocalDate.of(2026, 1, 1), "年满70周岁的业主可以预约管家带POS机上门收取物业费，上门收费不另收钱。",
                            "kb/fee-at-home.md")));
        }
        kb = new KnowledgeBase(new KbDocumentStore(db), ScratchDirectory.make("bot-kb"), BgeSmallZhEmbedder.shared(),
                Aliases.bundled()).open();
        intents = IntentClassifier.bundled(BgeSmallZhEmbedder.shared());
    }

    static ServiceDesk desk(ChatModel model) {
        // the tests of one JVM share this estate and file more orders for the owner than the hourly
        // limit allows; the limit itself is tested with limitedDesk()
        return desk(model, new WorkOrders(db, Clock.systemUTC()).withoutCreationLimit());
    }

    static ServiceDesk desk(ChatModel model, WorkOrders orders) {
        CommunityDirectory communities = new CommunityDirectory(db);
        return desk(db, model, communities, intake -> new ServiceDeskTools(kb, new Bills(db), orders, communities, intake));
    }

    /**
     * A desk on the given estate's database: its conversation log, call-backs and hand-off intake wired as in the
     * service, the tools the test needs built on that intake, and the model given.
     */
    static ServiceDesk desk(DataSource on, ChatModel model, CommunityDirectory communities,
                            java.util.function.Function<dev.guanjia.desk.handoff.HandoffIntake, ServiceDeskTools> tools) {
        ConversationLog log = new ConversationLog(on, personalData);
        Callbacks callbacks = new Callbacks(on, personalData);
        ServiceDeskTools built = tools.apply(new dev.guanjia.desk.handoff.HandoffIntake(log, new Availability(on), callbacks));
        return new ServiceDesk(new ResidentAgent(model, built, new PostgresChatMemoryStore(on)), log,
                new dev.guanjia.community.resident.Residents(on, personalData), communities, callbacks, intents,
                personalData);
    }

    /** A desk whose orders are limited per resident, as in the service. */
    static ServiceDesk limitedDesk() {
        return desk(new LocalChatModel(intents), new WorkOrders(db, Clock.systemUTC()));
    }

    static ServiceDesk localDesk() {
        return desk(new LocalChatModel(intents));
    }
}
