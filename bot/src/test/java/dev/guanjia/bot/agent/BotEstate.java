package dev.guanjia.bot.agent;

import dev.guanjia.bot.conversation.ConversationLog;
import dev.guanjia.bot.handoff.Availability;
import dev.guanjia.bot.handoff.Callbacks;
import dev.guanjia.bot.intent.IntentClassifier;
import dev.guanjia.bot.local.LocalChatModel;
import dev.guanjia.bot.tools.ServiceDeskTools;
import dev.guanjia.bot.turn.Identity;
import dev.guanjia.community.billing.Bills;
import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.knowledge.KnowledgeBase;
import dev.guanjia.knowledge.analysis.Aliases;
import dev.guanjia.knowledge.document.KbDocument;
import dev.guanjia.knowledge.document.KbDocumentStore;
import dev.guanjia.knowledge.embedding.BgeSmallZhEmbedder;
import dev.guanjia.testkit.TestDatabase;
import dev.guanjia.ticketing.workorder.WorkOrders;
import dev.langchain4j.model.chat.ChatModel;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/** A two-household community with bills, a technician and two articles, built once per test JVM. */
final class BotEstate {

    static final Identity OWNER = new Identity("wechat", "wechat_openid", "wx-owner");
    static final Identity NEIGHBOUR = new Identity("web", "phone", "13700000002");
    static final Identity VISITOR = Identity.anonymous("web");

    static DataSource db;
    static KnowledgeBase kb;
    static IntentClassifier intents;

    private BotEstate() {
    }

    static synchronized void build() throws Exception {
        if (db != null) {
            return;
        }
        db = TestDatabase.fresh("community", "knowledge", "ticketing", "bot");
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO communities VALUES ('c1', '测试苑', '市', '路', '0512-1234 5678', '0512-1234 9999', "
                    + "'每天 8:00-18:00', now())");
            s.execute("INSERT INTO buildings (community_id, code, name, units, floors, elevators) "
                    + "VALUES ('c1', '1', '1幢', '{1}', 10, 1)");
            s.execute("""
                    INSERT INTO houses (community_id, code, building_id, unit, room, area_m2, house_type)
                    SELECT 'c1', v.code, b.id, '1', v.room, v.area, 'residential' FROM buildings b,
                    (VALUES ('1-1-101', '101', 100.00), ('1-1-102', '102', 80.00)) v(code, room, area)""");
            s.execute("INSERT INTO residents (community_id, code, name, birth_year) VALUES "
                    + "('c1', 'r1', '业主甲', 1950), ('c1', 'r2', '邻居乙', 1980)");
            s.execute("""
                    INSERT INTO resident_houses (resident_id, house_id, role)
                    SELECT r.id, h.id, 'owner' FROM residents r JOIN houses h
                    ON (r.code = 'r1' AND h.code = '1-1-101') OR (r.code = 'r2' AND h.code = '1-1-102')""");
            s.execute("""
                    INSERT INTO resident_identities (community_id, resident_id, kind, value, source)
                    SELECT 'c1', id, v.kind, v.value, 'pack' FROM residents r JOIN (VALUES
                    ('r1', 'wechat_openid', 'wx-owner'), ('r1', 'phone', '13700000001'),
                    ('r2', 'phone', '13700000002')) v(code, kind, value) ON v.code = r.code""");
            // identities are looked up by keyed hash: seal what was written in the clear above
            dev.guanjia.community.privacy.Resealing.community(c, dev.guanjia.community.privacy.PersonalData.current());
            s.execute("INSERT INTO staff (community_id, code, name, role, skills, buildings, on_duty) VALUES "
                    + "('c1', 't1', '王师傅', 'technician', '{plumbing,electrical}', '{1}', true), "
                    + "('c1', 'a1', '客服小李', 'agent', '{}', '{}', true)");
            s.execute("INSERT INTO fee_items (community_id, code, name, unit_price, unit, basis, cycle) VALUES "
                    + "('c1', 'property', '物业服务费', 2.00, '元/平方米/月', 'area', 'quarterly')");
            s.execute("""
                    INSERT INTO bills (community_id, code, house_id, fee_item_id, period, amount, due, status)
                    SELECT 'c1', v.code, h.id, f.id, v.period, v.amount, DATE '2026-12-31', 'unpaid'
                    FROM (VALUES ('b1', '1-1-101', '2026-Q4', 600.00), ('b2', '1-1-102', '2026-Q4', 480.00)) v(code, house, period, amount)
                    JOIN houses h ON h.code = v.house JOIN fee_items f ON f.code = 'property'""");
        }
        try (Connection c = db.getConnection()) {
            KbDocumentStore.replace(c, "c1", List.of(
                    new KbDocument("fee-payment", "物业费缴纳方式", "fees", List.of("缴费", "物业费"), LocalDate.of(2026, 1, 1),
                            "物业费可以在公众号“生活缴费”在线缴纳，也可以到服务中心刷卡缴纳。服务中心每天8:00-18:00办公。",
                            "kb/fee-payment.md"),
                    new KbDocument("emg-gas", "燃气泄漏应急处理", "emergencies", List.of("燃气", "应急"),
                            LocalDate.of(2026, 1, 1), "闻到燃气味时：\n1. 立即打开门窗通风；\n2. 关闭燃气总阀；\n3. 不要开关电器，"
                            + "到室外拨打应急电话。", "kb/emg-gas.md")));
        }
        kb = new KnowledgeBase(new KbDocumentStore(db), Files.createTempDirectory("bot-kb"), BgeSmallZhEmbedder.shared(),
                Aliases.bundled()).open();
        intents = IntentClassifier.bundled(BgeSmallZhEmbedder.shared());
    }

    static ServiceDesk desk(ChatModel model) {
        return new ServiceDesk(model, new ServiceDeskTools(kb, new Bills(db), new WorkOrders(db, Clock.systemUTC()),
                new CommunityDirectory(db), new ConversationLog(db), new Availability(db), new Callbacks(db)), db,
                intents);
    }

    static ServiceDesk localDesk() {
        return desk(new LocalChatModel(intents));
    }
}
