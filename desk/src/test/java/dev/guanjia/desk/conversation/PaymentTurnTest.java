package dev.guanjia.desk.conversation;

import dev.guanjia.testkit.ScratchDirectory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.guanjia.bot.agent.ResidentAgent;
import dev.guanjia.bot.local.LocalChatModel;
import dev.guanjia.bot.memory.PostgresChatMemoryStore;
import dev.guanjia.bot.model.Models;
import dev.guanjia.bot.tools.ServiceDeskTools;
import dev.guanjia.bot.turn.Action;
import dev.guanjia.bot.turn.Identity;
import dev.guanjia.bot.turn.TurnResult;
import dev.guanjia.community.billing.Bills;
import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.desk.handoff.Availability;
import dev.guanjia.desk.handoff.Callbacks;
import dev.guanjia.desk.handoff.HandoffIntake;
import dev.guanjia.knowledge.KnowledgeBase;
import dev.guanjia.knowledge.analysis.Aliases;
import dev.guanjia.knowledge.document.KbDocument;
import dev.guanjia.knowledge.document.KbDocumentStore;
import dev.guanjia.knowledge.embedding.BgeSmallZhEmbedder;
import dev.guanjia.payments.offer.Offer;
import dev.guanjia.payments.offer.PaymentOffers;
import dev.guanjia.payments.offer.StoredOffers;
import dev.guanjia.testkit.TestDatabase;
import dev.guanjia.testkit.TwoHouseholds;
import dev.guanjia.ticketing.workorder.WorkOrders;
import dev.langchain4j.model.chat.ChatModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Paying from the conversation, on the offline model and on a remote model that never calls the
 * payment tool itself: the policy offers one payment for the resident's own unpaid bills, with the
 * total read from the database, and only to a resident it knows.
 */
class PaymentTurnTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Identity OWNER = new Identity("wechat", "wechat_openid", "wx-owner");
    private static final Identity NEIGHBOUR = new Identity("web", "phone", "13700000002");
    private static final Identity PAID_UP = new Identity("web", "phone", "13700000003");
    private static final Identity VISITOR = Identity.anonymous("web");

    private static DataSource db;
    private static KnowledgeBase kb;
    private static PaymentOffers offers;
    private static HttpServer remote;

    @BeforeAll
    static void build() throws Exception {
        BotEstate.build(); // the intent examples, embedded once per JVM
        db = TestDatabase.fresh("community", "knowledge", "ticketing", "payments", "desk", "bot");
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            TwoHouseholds.insert(c);
            // the owner also rents a parking space (two months unpaid); a third resident has paid everything
            s.execute("INSERT INTO fee_items (community_id, code, name, unit_price, unit, basis, cycle) VALUES "
                    + "('c1', 'parking', '地面停车位管理费', 150.00, '元/月', 'fixed', 'monthly')");
            s.execute("""
                    INSERT INTO bills (community_id, code, house_id, fee_item_id, period, amount, due, status)
                    SELECT 'c1', v.code, h.id, f.id, v.period, 150.00, v.due, 'unpaid'
                    FROM (VALUES ('b3', '2026-11', DATE '2026-11-30'), ('b4', '2026-12', DATE '2026-12-31')) v(code, period, due)
                    JOIN houses h ON h.code = '1-1-101' JOIN fee_items f ON f.code = 'parking'""");
            s.execute("""
                    INSERT INTO houses (community_id, code, building_id, unit, room, area_m2, house_type)
                    SELECT 'c1', '1-1-103', id, '1', '103', 90.00, 'residential' FROM buildings""");
            s.execute("INSERT INTO residents (community_id, code, name, birth_year) VALUES ('c1', 'r3', '住户丙', 1970)");
            s.execute("""
                    INSERT INTO resident_houses (resident_id, house_id, role) SELECT r.id, h.id, 'owner'
                    FROM residents r, houses h WHERE r.code = 'r3' AND h.code = '1-1-103'""");
            s.execute("""
                    INSERT INTO resident_identities (community_id, resident_id, kind, value, source)
                    SELECT 'c1', id, 'phone', '13700000003', 'pack' FROM residents WHERE code = 'r3'""");
            s.execute("""
                    INSERT INTO bills (community_id, code, house_id, fee_item_id, period, amount, due, status, paid_at)
                    SELECT 'c1', 'b5', h.id, f.id, '2026-Q4', 540.00, DATE '2026-12-31', 'paid', DATE '2026-11-20'
                    FROM houses h, fee_items f WHERE h.code = '1-1-103' AND f.code = 'property'""");
            // a fourth owes for the home and for the shop on the street
            s.execute("""
                    INSERT INTO houses (community_id, code, building_id, unit, room, area_m2, house_type)
                    SELECT 'c1', '1-1-105', id, '1', '105', 90.00, 'residential' FROM buildings""");
            s.execute("""
                    INSERT INTO houses (community_id, code, building_id, unit, room, area_m2, house_type)
                    SELECT 'c1', '1-1-S01', id, '1', 'S01', 40.00, 'shop' FROM buildings""");
            s.execute("INSERT INTO residents (community_id, code, name, birth_year) VALUES ('c1', 'r4', '住户丁', 1975)");
            s.execute("""
                    INSERT INTO resident_houses (resident_id, house_id, role) SELECT r.id, h.id, 'owner'
                    FROM residents r, houses h WHERE r.code = 'r4' AND h.code IN ('1-1-105', '1-1-S01')""");
            s.execute("""
                    INSERT INTO resident_identities (community_id, resident_id, kind, value, source)
                    SELECT 'c1', id, 'phone', '13700000004', 'pack' FROM residents WHERE code = 'r4'""");
            s.execute("""
                    INSERT INTO bills (community_id, code, house_id, fee_item_id, period, amount, due, status)
                    SELECT 'c1', 'b7', h.id, f.id, '2026-Q4', 320.00, DATE '2026-12-31', 'unpaid'
                    FROM houses h, fee_items f WHERE h.code = '1-1-S01' AND f.code = 'property'""");
            s.execute("""
                    INSERT INTO bills (community_id, code, house_id, fee_item_id, period, amount, due, status)
                    SELECT 'c1', 'b8', h.id, f.id, '2026-Q4', 270.00, DATE '2026-12-31', 'unpaid'
                    FROM houses h, fee_items f WHERE h.code = '1-1-105' AND f.code = 'property'""");
            dev.guanjia.community.privacy.Resealing.community(c, BotEstate.personalData);
        }
        try (Connection c = db.getConnection()) {
            KbDocumentStore.replace(c, "c1", List.of(new KbDocument("fee-payment", "物业费缴纳方式", "fees",
                    List.of("缴费", "物业费"), LocalDate.of(2026, 1, 1),
                    "物业费可以在公众号“生活缴费”在线缴纳，也可以到服务中心刷卡缴纳。服务中心每天8:00-18:00办公。",
                    "kb/fee-payment.md")));
        }
        kb = new KnowledgeBase(new KbDocumentStore(db), ScratchDirectory.make("pay-kb"), BgeSmallZhEmbedder.shared(),
                Aliases.bundled()).open();
        offers = new StoredOffers(db);
        // a remote model that only ever searches the knowledge base, then says something bland
        remote = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        remote.createContext("/v1/chat/completions", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            boolean toolResult = false;
            String user = "";
            for (JsonNode m : body.path("messages")) {
                toolResult |= "tool".equals(m.path("role").asText());
                if ("user".equals(m.path("role").asText())) {
                    user = m.path("content").asText();
                    toolResult = false;
                }
            }
            String message = toolResult ? "{\"role\":\"assistant\",\"content\":\"（远程模型）已为您查询。\"}"
                    : "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                    + "\"function\":{\"name\":\"searchKnowledge\",\"arguments\":" + JSON.writeValueAsString(
                    JSON.writeValueAsString(Map.of("question", user))) + "}}]}";
            byte[] bytes = ("{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"fake\",\"choices\":[{"
                    + "\"index\":0,\"message\":" + message + ",\"finish_reason\":\"" + (toolResult ? "stop" : "tool_calls")
                    + "\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        remote.start();
    }

    @AfterAll
    static void stop() {
        remote.stop(0);
    }

    private static ServiceDesk desk(String model, PaymentOffers payments) {
        ChatModel local = new LocalChatModel(BotEstate.intents);
        ChatModel chosen = "local".equals(model) ? local : Models.openAiWithFallback(new Models.Remote(
                "http://127.0.0.1:" + remote.getAddress().getPort() + "/v1", "test-key", "fake-model",
                Duration.ofSeconds(5), 0), local);
        ConversationLog log = new ConversationLog(db, BotEstate.personalData);
        Callbacks callbacks = new Callbacks(db, BotEstate.personalData);
        CommunityDirectory communities = new CommunityDirectory(db);
        ServiceDeskTools tools = new ServiceDeskTools(kb, new Bills(db), new WorkOrders(db, Clock.systemUTC()),
                communities, new HandoffIntake(log, new Availability(db), callbacks), Clock.systemUTC(), payments,
                "https://wy.example.com");
        return new ServiceDesk(new ResidentAgent(chosen, tools, new PostgresChatMemoryStore(db)), log,
                new dev.guanjia.community.resident.Residents(db, BotEstate.personalData), communities, callbacks,
                BotEstate.intents, BotEstate.personalData);
    }

    private static TurnResult say(ServiceDesk desk, Identity who, String text) {
        return desk.turn("c1", desk.open("c1", who), who, text);
    }

    private static Optional<Action> offered(TurnResult r) {
        return r.actions().stream().filter(a -> a.type().equals("payment.offered")).findFirst();
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "remote"})
    void aBoundResidentIsOfferedOnePaymentForAllTheirUnpaidBills(String model) {
        ServiceDesk desk = desk(model, offers);
        TurnResult r = say(desk, OWNER, "帮我把物业费交了");
        Action a = offered(r).orElseThrow(() -> new AssertionError(r.toString()));
        // 600.00 property + 2 × 150.00 parking, as the bills table holds them
        assertEquals("900.00", a.details().get("total"));
        assertEquals(Set.of("b1", "b3", "b4"), Set.copyOf((List<?>) a.details().get("bills")));
        String token = (String) a.details().get("token");
        Offer stored = offers.find(token).orElseThrow();
        assertEquals(90000, stored.totalFen());
        assertEquals("wx-owner", stored.openid(), "the official account pays by JSAPI for this follower");
        assertTrue(r.reply().contains("900.00") && r.reply().contains("https://wy.example.com/pay/o/" + token), r.reply());
        assertFalse(r.reply().contains("480"), "never the neighbour's bill");

        for (String ask : List.of("我要缴费", "pay my bills", "交一下物业费吧")) {
            TurnResult web = say(desk, NEIGHBOUR, ask);
            assertEquals("480.00", offered(web).orElseThrow(() -> new AssertionError(ask + " → " + web)).details().get("total"));
            assertTrue(web.reply().contains("去支付") || web.reply().contains("Pay"), web.reply());
        }
    }

    /** One with a home and a shop who names the shop ("门脸房", "铺头") hears and pays the shop's bills only. */
    @ParameterizedTest
    @ValueSource(strings = {"local", "remote"})
    void theShopNamedIsTheHouseBilledAndPaid(String model) {
        ServiceDesk desk = desk(model, offers);
        Identity shopkeeper = new Identity("web", "phone", "13700000004");
        TurnResult pay = say(desk, shopkeeper, "把我那门脸房的物业费交了");
        assertEquals("320.00", offered(pay).orElseThrow(() -> new AssertionError(pay.toString())).details().get("total"));
        assertEquals(List.of("b7"), offered(pay).get().details().get("bills"));
        TurnResult owed = say(desk, shopkeeper, "我铺头仲欠几多物业费");
        assertTrue(owed.reply().contains("1-1-S01") && !owed.reply().contains("1-1-105"), owed.reply());
        TurnResult both = say(desk, shopkeeper, "我屋企同铺头仲欠几多物业费");
        assertTrue(both.reply().contains("1-1-S01") && both.reply().contains("1-1-105"), both.reply());
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "remote"})
    void payingNowInRegionalWordsAndOnlyWhatIsNotPutOff(String model) {
        ServiceDesk desk = desk(model, offers);
        for (String ask : List.of("欠的那些钱今儿一块堆儿都给交上", "屋里嘅钱我想一次过俾埋佢", "阿拉的钞票今朝一道付脱伊")) {
            TurnResult r = say(desk, OWNER, ask);
            assertEquals("900.00", offered(r).orElseThrow(() -> new AssertionError(ask + " → " + r)).details().get("total"), ask);
        }
        for (String ask : List.of("停车费先给我整了吧 物业费回头再说", "停车费先交咗佢 管理费迟啲先算")) {
            TurnResult r = say(desk, OWNER, ask);
            assertEquals("300.00", offered(r).orElseThrow(() -> new AssertionError(ask + " → " + r)).details().get("total"), ask);
        }
        // asked where and how: the ways, and the payment beside them
        TurnResult how = say(desk, OWNER, "物业费喺边度交 点样交");
        assertEquals("900.00", offered(how).orElseThrow(() -> new AssertionError(how.toString())).details().get("total"));
    }

    @Test
    void theBillsSayHowToPayHereAndThatWordPays() {
        ServiceDesk desk = desk("local", offers);
        String conv = desk.open("c1", NEIGHBOUR);
        TurnResult bills = desk.turn("c1", conv, NEIGHBOUR, "帮我查一下我家的账单");
        assertTrue(bills.actions().stream().anyMatch(a -> a.type().equals("bill.listed")), bills.toString());
        assertTrue(bills.reply().contains("回复“缴费”"), bills.reply());
        TurnResult pay = desk.turn("c1", conv, NEIGHBOUR, "缴费");
        assertEquals("480.00", offered(pay).orElseThrow(() -> new AssertionError(pay.toString())).details().get("total"));
        // in English the same reply takes more words, and "unpaid?" echoed from the bills is no payment made
        String en = desk.open("c1", NEIGHBOUR);
        desk.turn("c1", en, NEIGHBOUR, "what do I still owe for my flat?");
        TurnResult settle = desk.turn("c1", en, NEIGHBOUR, "Still unpaid? Fine, I will settle it right now, send me the payment link");
        assertEquals("480.00", offered(settle).orElseThrow(() -> new AssertionError(settle.toString())).details().get("total"));
        String refused = desk.open("c1", NEIGHBOUR);
        desk.turn("c1", refused, NEIGHBOUR, "what do I still owe for my flat?");
        TurnResult no = desk.turn("c1", refused, NEIGHBOUR, "I refuse to pay the lift part, I live on the ground floor");
        assertTrue(offered(no).isEmpty(), no.toString());
        // a question between the bills and paying leaves the bills the ones meant
        String asked = desk.open("c1", NEIGHBOUR);
        desk.turn("c1", asked, NEIGHBOUR, "帮我查一下我家的账单");
        desk.turn("c1", asked, NEIGHBOUR, "怎么这个季度比上个季度多");
        TurnResult then = desk.turn("c1", asked, NEIGHBOUR, "行吧，一起交了");
        assertEquals("480.00", offered(then).orElseThrow(() -> new AssertionError(then.toString())).details().get("total"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "remote"})
    void onlyTheFeeTheyNamed(String model) {
        ServiceDesk desk = desk(model, offers);
        for (String ask : List.of("只交停车费", "帮我交一下停车费")) {
            TurnResult r = say(desk, OWNER, ask);
            Action a = offered(r).orElseThrow(() -> new AssertionError(ask + " → " + r));
            assertEquals("300.00", a.details().get("total"), ask);
            assertEquals(Set.of("b3", "b4"), Set.copyOf((List<?>) a.details().get("bills")), ask);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "remote"})
    void aVisitorMustSayWhoTheyAreFirst(String model) {
        TurnResult r = say(desk(model, offers), VISITOR, "交物业费");
        assertTrue(r.actions().stream().anyMatch(a -> a.type().equals("identity.required")), r.toString());
        assertTrue(offered(r).isEmpty());
        assertTrue(r.reply().contains("验证"), r.reply());
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "remote"})
    void nothingUnpaidIsSaidWithTheBills(String model) {
        // nothing to pay: their bills say so, with what was paid and when
        TurnResult r = say(desk(model, offers), PAID_UP, "我要缴费");
        assertTrue(offered(r).isEmpty(), r.toString());
        assertTrue(r.actions().stream().anyMatch(a -> a.type().equals("bill.listed")), r.toString());
        assertTrue(r.reply().contains("没有欠费") && r.reply().contains("已缴"), r.reply());
    }

    /**
     * Asking how to pay is answered with the ways, and one who owes is offered the payment beside them (so the answer
     * is also the quickest way); one who owes nothing hears the ways alone; without payments, where to pay.
     */
    @ParameterizedTest
    @ValueSource(strings = {"local", "remote"})
    void askingHowToPayIsAnsweredWithTheWaysAndThePaymentBeside(String model) {
        TurnResult how = say(desk(model, offers), NEIGHBOUR, "物业费怎么交？");
        assertEquals("480.00", offered(how).orElseThrow(() -> new AssertionError(how.toString())).details().get("total"));
        assertTrue(how.reply().indexOf("生活缴费") >= 0 && how.reply().indexOf("生活缴费") < how.reply().indexOf("480.00"),
                "the ways first, then what they owe: " + how.reply());
        assertTrue(how.actions().stream().anyMatch(a -> a.type().equals("bill.listed")), "their bills listed: " + how);
        assertTrue(how.reply().contains("以上待缴合计480.00元"), how.reply());
        TurnResult cash = say(desk(model, offers), NEIGHBOUR, "物业费能到服务中心刷卡交吗");
        assertTrue(offered(cash).isPresent(), cash.toString());

        // a payment said to have gone wrong, or a supplier's bill: no offer of the home's bills
        for (String other : List.of("我明明交了，怎么显示没交", "电费在哪里交")) {
            TurnResult r = say(desk(model, offers), NEIGHBOUR, other);
            assertTrue(offered(r).isEmpty(), other + " → " + r);
        }
        TurnResult nothingOwed = say(desk(model, offers), PAID_UP, "物业费在哪里交");
        assertTrue(offered(nothingOwed).isEmpty(), nothingOwed.toString());
        assertTrue(nothingOwed.reply().contains("生活缴费"), nothingOwed.reply());
    }

    @Test
    void withoutPaymentsTheAnswerIsWhereToPay() {
        TurnResult offHow = say(desk("local", null), OWNER, "物业费怎么交？");
        assertTrue(offered(offHow).isEmpty() && offHow.reply().contains("生活缴费"), offHow.toString());
        TurnResult off = say(desk("local", null), OWNER, "帮我把物业费交了");
        assertTrue(offered(off).isEmpty(), off.toString());
        assertTrue(off.reply().contains("缴"), off.reply());
    }
}
