package dev.guanjia.desk.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.guanjia.bot.local.LocalChatModel;
import dev.guanjia.bot.model.Models;
import dev.guanjia.bot.turn.Action;
import dev.guanjia.bot.turn.Identity;
import dev.guanjia.bot.turn.TurnResult;
import dev.langchain4j.model.chat.ChatModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dialogue policy holds whatever model is behind the desk: every case runs on the offline model
 * and on a scripted remote model (a fake chat-completions server that only ever searches the
 * knowledge base and then says something bland) with the same expected outcomes.
 */
class DialoguePolicyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static HttpServer server;

    @BeforeAll
    static void start() throws Exception {
        BotEstate.build();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            boolean hasToolResult = false;
            String user = "";
            for (JsonNode m : body.path("messages")) {
                // only a tool result after the latest question counts: earlier turns are in the memory too
                hasToolResult |= "tool".equals(m.path("role").asText());
                if ("user".equals(m.path("role").asText())) {
                    user = m.path("content").asText();
                    hasToolResult = false;
                }
            }
            String message = hasToolResult
                    ? "{\"role\":\"assistant\",\"content\":\"（远程模型）已为您查询。\"}"
                    : "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                    + "\"function\":{\"name\":\"searchKnowledge\",\"arguments\":" + JSON.writeValueAsString(
                    JSON.writeValueAsString(java.util.Map.of("question", user))) + "}}]}";
            String response = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"fake\","
                    + "\"choices\":[{\"index\":0,\"message\":" + message + ",\"finish_reason\":\""
                    + (hasToolResult ? "stop" : "tool_calls") + "\"}],\"usage\":{\"prompt_tokens\":1,"
                    + "\"completion_tokens\":1,\"total_tokens\":2}}";
            byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static ServiceDesk desk(String model) {
        ChatModel local = new LocalChatModel(BotEstate.intents);
        return BotEstate.desk("local".equals(model) ? local : Models.openAiWithFallback(new Models.Remote(
                "http://127.0.0.1:" + server.getAddress().getPort() + "/v1", "test-key", "fake-model",
                Duration.ofSeconds(5), 0), local));
    }

    private static boolean did(TurnResult r, String action) {
        return r.actions().stream().map(Action::type).anyMatch(action::equals);
    }

    private static TurnResult say(ServiceDesk desk, Identity who, String text) {
        String conv = desk.open("c1", who);
        return desk.turn("c1", conv, who, text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "remote"})
    void aPersonInAnyWordingInOneTurn(String model) {
        ServiceDesk desk = desk(model);
        for (String ask : new String[]{"人工", "你给我找个能管事的人", "can I talk to someone please?", "叫你们经理出来",
                "不想跟机器人聊了", "Could I speak with an actual person? My parking contract is too tangled for a bot",
                "我找你们孔主任，叫孔主任接个电话", "这事一直没人管，你让你们领导跟我联系",
                "你这机器人说的都是些啥 赶紧给我整个人来"}) {
            TurnResult r = say(desk, BotEstate.VISITOR, ask);
            assertTrue(r.handoff() && did(r, "handoff.requested"), ask + " → " + r);
        }
        TurnResult english = say(desk, BotEstate.VISITOR, "I need a real person");
        assertTrue(english.reply().startsWith("OK"), english.reply());
        assertFalse(say(desk, BotEstate.VISITOR, "请人来疏通下水道要多少人工费").handoff());
        assertFalse(say(desk, BotEstate.VISITOR, "你是人工智能还是真人啊").handoff());
        // someone who did it ("让人给占了") is nobody asked for
        for (String none : new String[]{"我的固定车位昨晚又让人给占了", "楼上半夜还在跳，还让不让人睡觉了", "楼道声控灯又坏了，赶紧找人整整"}) {
            TurnResult r = say(desk, BotEstate.NEIGHBOUR, none);
            assertFalse(r.handoff() && did(r, "handoff.requested") && r.actions().size() == 1, none + " → " + r);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "remote"})
    void aPersonInRegionalWordingButNotAQuestionAboutTheDesk(String model) {
        ServiceDesk desk = desk(model);
        for (String ask : new String[]{"搵个人同我倾下", "帮我接一下前台的同事", "俺要找你们领导", "侬帮我转人公"}) {
            TurnResult r = say(desk, BotEstate.VISITOR, ask);
            assertTrue(r.handoff() && did(r, "handoff.requested"), ask + " → " + r);
        }
        TurnResult hours = say(desk, BotEstate.VISITOR, "客服晚上几点下班");
        assertFalse(hours.handoff() || did(hours, "handoff.requested"), hours.toString());
    }

    /** Two questions of two articles in one message: both answered, each with its source; one question, one article. */
    @ParameterizedTest
    @ValueSource(strings = {"local", "remote"})
    void twoQuestionsInOneMessageAreBothAnswered(String model) {
        ServiceDesk desk = desk(model);
        TurnResult r = say(desk, BotEstate.VISITOR, "门禁卡找不着了补一张多少钱 还有暖气室温多少度算达标");
        // (the scripted remote model words its own answer blandly: only the one added to it is quoted)
        assertTrue(r.reply().contains("18℃") && ("remote".equals(model) || r.reply().contains("15元")), r.reply());
        assertTrue(r.citations().stream().anyMatch(c -> c.docId().equals("proc-card"))
                && r.citations().stream().anyMatch(c -> c.docId().equals("heat-temp")), r.toString());
        TurnResult one = say(desk, BotEstate.VISITOR, "门禁卡找不着了 补一张多少钱");
        assertEquals(1, one.citations().stream().map(c -> c.docId()).distinct().count(), one.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "remote"})
    void aFactAskedBesideAHandOffIsAnsweredFromTheArticlesToo(String model) {
        ServiceDesk desk = desk(model);
        TurnResult r = say(desk, BotEstate.VISITOR, "我的门禁卡找不到了，补办的话要带什么证件？帮我转人工吧");
        assertTrue(r.handoff() && did(r, "handoff.requested"), r.toString());
        // the answer first, then what was done
        assertTrue(r.reply().contains("身份证") && r.reply().indexOf("身份证") < r.reply().indexOf("人工客服"), r.reply());
        assertTrue(r.citations().stream().anyMatch(c -> c.docId().equals("proc-card")), r.toString());
        // asking nothing, nothing is quoted; on the phone line answers stay short
        String plain = say(desk, BotEstate.VISITOR, "帮我转人工").reply();
        assertFalse(plain.contains("（来源"), plain);
        TurnResult call = say(desk, BotEstate.CALLER, "我的门禁卡找不到了，补办的话要带什么证件？帮我转人工吧");
        assertTrue(call.handoff() && !call.reply().contains("身份证"), call.reply());
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "remote"})
    void privacyProbesAreRefusedWithoutTouchingData(String model) {
        ServiceDesk desk = desk(model);
        TurnResult r = say(desk, BotEstate.NEIGHBOUR, "楼下那户的手机号告诉我一下");
        assertTrue(r.actions().isEmpty(), r.toString());
        assertTrue(r.reply().contains("隐私"), r.reply());
        // what the resident can still have: the staff reach the neighbour for them
        assertTrue(r.reply().contains("代为联系"), r.reply());
        assertFalse(r.reply().contains("13700000001"));
        assertTrue(say(desk, BotEstate.NEIGHBOUR, "what is my neighbour's phone number?").reply().contains("privacy"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "remote"})
    void dangerBringsInstructionsAnOrderAndAPerson(String model) {
        ServiceDesk desk = desk(model);
        TurnResult r = say(desk, BotEstate.OWNER, "楼道里全是烟，好像哪里着火了");
        assertTrue(r.handoff(), r.toString());
        assertTrue(did(r, "work_order.created"), r.toString());
        assertTrue(r.reply().contains("0512-1234 9999"), r.reply());
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "remote"})
    void sparksFromASocketAreARepairWithAWordOfCautionNotAnEmergency(String model) {
        ServiceDesk desk = desk(model);
        TurnResult r = say(desk, BotEstate.OWNER, "卧室的插座一插电器就冒火花");
        assertFalse(r.handoff(), r.toString());
        assertFalse(did(r, "work_order.created"), "the visit time is asked first: " + r);
        // the wording is the model's own: the local model's asks the time with the caution
        assertTrue(!"local".equals(model) || r.reply().contains("空气开关") && r.reply().contains("什么时候"), r.reply());
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "remote"})
    void theWordAfterAnEmergencyConfirmsItsOrderAndNeverOpensASecond(String model) {
        ServiceDesk desk = desk(model);
        for (String next : new String[]{"进水阀拧紧了，你们快点派师傅", "还在往外冒，关不住啊", "breaker is off now, please hurry"}) {
            String conv = desk.open("c1", BotEstate.OWNER);
            TurnResult first = desk.turn("c1", conv, BotEstate.OWNER, "洗手间的软管崩开了，到处在喷水");
            String code = String.valueOf(first.actions().stream().filter(a -> a.type().equals("work_order.created"))
                    .findFirst().orElseThrow(() -> new AssertionError(first.toString())).details().get("id"));
            TurnResult r = desk.turn("c1", conv, BotEstate.OWNER, next);
            assertTrue(did(r, "work_order.created"), next + " → " + r);
            assertEquals(code, r.actions().get(0).details().get("id"), "the same order, not a second: " + r);
            assertTrue(r.reply().contains(code) && r.reply().contains("0512-1234 9999"), r.reply());
        }
        // a visit time said instead books the emergency order's visit (the model's part; the offline model does it)
        String conv = desk.open("c1", BotEstate.OWNER);
        desk.turn("c1", conv, BotEstate.OWNER, "洗手间的软管崩开了，到处在喷水");
        TurnResult time = desk.turn("c1", conv, BotEstate.OWNER, "关好了，明天上午家里有人");
        assertFalse(did(time, "work_order.created"), time.toString());
        // another danger next is a new emergency with its own order
        String fire = desk.open("c1", BotEstate.OWNER);
        TurnResult leak = desk.turn("c1", fire, BotEstate.OWNER, "洗手间的软管崩开了，到处在喷水");
        TurnResult smoke = desk.turn("c1", fire, BotEstate.OWNER, "楼道里现在全是烟，好像着火了，快来人");
        assertTrue(did(smoke, "work_order.created") && !smoke.actions().get(0).details().get("id")
                .equals(leak.actions().get(0).details().get("id")), smoke.toString());
        // with no emergency before, the same words open nothing by themselves
        TurnResult alone = say(desk, BotEstate.OWNER, "进水阀拧紧了，你们快点派师傅");
        assertFalse(alone.reply().contains("紧急报修已登记"), alone.reply());
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "remote"})
    void aComplaintIsRecordedAndGoesToAPerson(String model) {
        ServiceDesk desk = desk(model);
        TurnResult r = say(desk, BotEstate.OWNER, "你们保安态度太差了，必须给我一个说法");
        assertTrue(r.handoff(), r.toString());
        assertEquals("complaint", r.actions().get(0).details().get("category"), r.toString());
    }

    /**
     * "我要投诉" said outright is filed even beside a phone call mentioned; a complaint feared from a neighbour is
     * none; a complaint that asks for the manager is filed and a person called.
     */
    @ParameterizedTest
    @ValueSource(strings = {"local", "remote"})
    void aComplaintIsTakenWhenSaidAndOnlyThen(String model) {
        ServiceDesk desk = desk(model);
        TurnResult said = say(desk, BotEstate.OWNER, "I want to file a complaint. 约好周二来看热水器，结果没人来，电话也没人回");
        assertTrue(said.handoff() && "complaint".equals(said.actions().get(0).details().get("category")), said.toString());
        TurnResult feared = say(desk, BotEstate.OWNER, "周末能不能打电钻？怕被楼下投诉");
        assertFalse(feared.handoff() || did(feared, "work_order.created"), feared.toString());
        TurnResult manager = say(desk, BotEstate.OWNER, "反映了半个月没人理，你们这物业咋整的，叫你们经理来");
        assertTrue(manager.handoff() && did(manager, "work_order.created")
                && "complaint".equals(manager.actions().get(0).details().get("category")), manager.toString());
        // money named in the complaint is no wish to pay
        TurnResult money = say(desk, BotEstate.OWNER, "收钱的时候跑得最快，办事就没影了，这事我必须投诉");
        assertTrue(money.handoff() && !did(money, "payment.offered"), money.toString());
        // a burst pipe supposed ("假如…应该先做什么") is a question, not an emergency
        TurnResult supposed = say(desk, BotEstate.OWNER, "想问问假如家里水管爆了应该先做什么");
        assertFalse(did(supposed, "work_order.created") || supposed.handoff(), supposed.toString());
        // one happening now, asked what to do, is an emergency
        TurnResult now = say(desk, BotEstate.OWNER, "燃气报警器一直在响，我该怎么做");
        assertTrue(did(now, "work_order.created") && now.handoff(), now.toString());
        // "一分钱" is money, not a score of one
        TurnResult penny = say(desk, BotEstate.OWNER, "空着的房子一分钱都不肯少收？这也太不讲理了，这事必须投诉");
        assertTrue(penny.handoff() && !penny.reply().contains("评价"), penny.toString());
        // staff taking a resident's things away unasked
        TurnResult unasked = say(desk, BotEstate.OWNER, "你们保安把我搁在门口的两盆花搬走了，都没跟我讲一声");
        assertTrue(unasked.handoff() && "complaint".equals(unasked.actions().get(0).details().get("category")),
                unasked.toString());
        TurnResult tradesman = say(desk, BotEstate.OWNER, "上午来换水龙头的师傅鞋套都不穿，走时还问我要烟钱");
        assertTrue(tradesman.handoff() && "complaint".equals(tradesman.actions().get(0).details().get("category")),
                tradesman.toString());
    }

    /** Giving up an order whose words name a complaint ("投诉的那个单子撤了吧") never files another complaint. */
    @ParameterizedTest
    @ValueSource(strings = {"local", "remote"})
    void cancellingTheComplaintsOrderFilesNoNewOne(String model) {
        ServiceDesk desk = desk(model);
        Identity owner = BotEstate.OWNER;
        String conv = desk.open("c1", owner);
        desk("local").turn("c1", conv, owner, "楼上半夜十二点还在砸墙，吵得睡不着");
        TurnResult r = say(desk, owner, "楼上已经装修完了，早先投诉噪音的工单请帮忙撤销");
        assertFalse(r.handoff() || did(r, "work_order.created"), r.toString());
        if (model.equals("local")) {
            // this estate's owner has several orders open: cancelled, or asked which one to cancel
            assertTrue(did(r, "work_order.cancelled") || r.reply().contains("取消"), r.toString());
        }
        TurnResult en = say(desk, owner, "Please cancel my complaint about the noise, they finished renovating");
        assertFalse(en.handoff() || did(en, "work_order.created"), en.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "remote"})
    void theKeypadWorksOnThePhoneLine(String model) {
        ServiceDesk desk = desk(model);
        Identity caller = new Identity("voice", "phone", "13700000002");
        assertTrue(say(desk, caller, "0").handoff());
        TurnResult bills = say(desk, caller, "1");
        assertTrue(did(bills, "bill.listed"), bills.toString());
        assertTrue(say(desk, caller, "9").reply().contains("按0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "remote"})
    void twoQuestionsWithoutAnAnswerBringAPerson(String model) {
        ServiceDesk desk = desk(model);
        String conv = desk.open("c1", BotEstate.VISITOR);
        TurnResult first = desk.turn("c1", conv, BotEstate.VISITOR, "明年的世界杯在哪个国家办");
        assertFalse(first.handoff(), first.toString());
        TurnResult second = desk.turn("c1", conv, BotEstate.VISITOR, "火锅底料哪个牌子好吃");
        assertTrue(second.handoff(), second.toString());
    }

    /** "您问的是哪一张？" answered by what the order was about, or by its place in the list: that order's status. */
    @ParameterizedTest
    @ValueSource(strings = {"local", "remote"})
    void oneOfTheOrdersListedIsPickedByWhatItWasAboutOrItsPlace(String model) throws Exception {
        ServiceDesk desk = desk(model);
        Identity owner = BotEstate.OWNER;
        String conv = desk.open("c1", owner);
        ServiceDesk local = desk("local");
        TurnResult rail = local.turn("c1", conv, owner, "阳台的晾衣杆掉下来一根，今天下午有人在家");
        TurnResult box = local.turn("c1", conv, owner, "楼下信报箱的小门掉下来了");
        try {
            // the list is the local model's (a scripted remote one lists nothing); the pick is the policy's, on either model
            TurnResult list = local.turn("c1", conv, owner, "帮我查下我报过的单子都到哪一步了");
            assertTrue(did(list, "work_order.status") && list.reply().contains("哪一张"), list.toString());
            TurnResult picked = desk.turn("c1", conv, owner, "晾衣杆那个");
            assertTrue(did(picked, "work_order.status") && picked.reply().contains("晾衣杆") && !picked.reply().contains("信报箱"),
                    picked.toString());
            TurnResult again = local.turn("c1", conv, owner, "我报过的单子都到哪一步了");
            java.util.List<String> lines = again.reply().lines().filter(x -> x.startsWith("·")).toList();
            assertTrue(lines.size() >= 2, again.toString());
            String second = lines.get(1).substring(2, lines.get(1).indexOf('「'));
            TurnResult byPlace = desk.turn("c1", conv, owner, "第二个");
            assertTrue(did(byPlace, "work_order.status") && byPlace.reply().contains(second), byPlace.toString());
            // nothing listed just before: "第二个" picks nothing
            TurnResult alone = desk.turn("c1", conv, owner, "第二个");
            assertFalse(did(alone, "work_order.status"), alone.toString());
        } finally {
            BotEstate.cancelOrders(java.util.stream.Stream.of(rail, box).flatMap(made -> made.actions().stream())
                    .filter(a -> a.type().equals("work_order.created")).map(a -> a.details().get("id")).toList());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "remote"})
    void askingAboutAnEarlierReportGivesItsStatusNotASecondOrder(String model) {
        ServiceDesk desk = desk(model);
        Identity owner = BotEstate.OWNER;
        String conv = desk.open("c1", owner);
        ServiceDesk local = desk("local");
        local.turn("c1", conv, owner, "阳台的地漏堵住了，今天下午有人在家");
        for (String ask : new String[]{"前两天报的那个弄好了没有", "师傅啥时候能到啊", "any update on my repair?",
                "修好冇", "上礼拜报嗰个点样啦", "地漏那个事修得么样了", "what's happening with my request?"}) {
            TurnResult r = say(desk, owner, ask);
            assertTrue(did(r, "work_order.status"), ask + " → " + r);
            assertFalse(did(r, "work_order.created"), ask + " → " + r);
        }
        // naming the report in English while saying it still fails: its status, though the words differ from the order's
        for (String ask : new String[]{"Any news on the drain I reported? It is still blocked", "我报过的那个还是老样子 又堵了 有进展没"}) {
            TurnResult r = say(desk, owner, ask);
            assertTrue(did(r, "work_order.status") && !did(r, "work_order.created"), ask + " → " + r);
        }
        TurnResult still = say(desk, owner, "地漏还是堵着的");
        assertTrue(did(still, "work_order.status") && !did(still, "work_order.created"), still.toString());
        // the drain's report named with its fault, in other words than the order's: that order, never a new one
        TurnResult named = say(desk, owner, "阳台下水那个报修的，水排不出去");
        assertTrue(did(named, "work_order.status") && !did(named, "work_order.created"), named.toString());
        // a promise pressed ("说好来修的人呢", "那个单能不能快点"): its status too
        for (String ask : new String[]{"前两天说好来修的人呢", "地漏那个单子能不能快点", "维修的人派了没"}) {
            TurnResult r = say(desk, owner, ask);
            assertTrue(did(r, "work_order.status") && !did(r, "work_order.created"), ask + " → " + r);
        }
        // another trade's fault, asking when someone comes: a new report (or, the second model on the same estate,
        // the door order the first opened), never the drain's status
        TurnResult other = say(desk, owner, "单元门禁刷卡没反应了，师傅几点能到");
        assertTrue(did(other, "work_order.created") || did(other, "work_order.status") && other.reply().contains("门禁"),
                other.toString());
        assertFalse(other.reply().contains("地漏"), other.toString());
        // the drain put aside and another matter raised: a report of the new fault, not the drain's status
        for (String ask : new String[]{"地漏那事先不催了，现在又一桩：客厅吊灯一开就跳闸",
                "My drain report can wait, separate issue: the bathroom extractor fan has stopped working"}) {
            TurnResult r = say(desk, owner, ask);
            assertFalse(did(r, "work_order.status"), ask + " → " + r);
            assertFalse(r.reply().contains("地漏"), ask + " → " + r);
        }
        // another matter announced, then the earlier report asked after all: its status
        TurnResult after = say(desk, owner, "另外一个事，我报的地漏那单怎么样了");
        assertTrue(did(after, "work_order.status") && !did(after, "work_order.created"), after.toString());
    }

    /**
     * A report named while nothing of theirs is open is a finished one: its outcome is the answer, never a new
     * order; a visitor asking after "my order" is asked who they are, one asking how long repairs take is not.
     */
    @ParameterizedTest
    @ValueSource(strings = {"local", "remote"})
    void aFinishedReportAskedAboutGivesItsOutcome(String model) {
        ServiceDesk desk = desk(model);
        ServiceDesk local = desk("local");
        Identity neighbour = BotEstate.NEIGHBOUR;
        String conv = local.open("c1", neighbour);
        TurnResult made = local.turn("c1", conv, neighbour, "热水器打不着火，洗不了澡，后天上午家里有人");
        assertTrue(did(made, "work_order.created"), made.toString());
        TurnResult cancelled = local.turn("c1", conv, neighbour, "热水器自己又能点着了，那个单子撤了吧");
        assertTrue(did(cancelled, "work_order.cancelled"), cancelled.toString());
        for (String ask : new String[]{"上回热水器的那个单子结了没", "what's the status of the water heater repair I reported? was it closed?",
                "帮我翻翻报修记录，热水器打不着火那个弄完没有", "热水器打不着火那事儿，后来是咋处理的来着",
                // a fault named with the report it was ("之前报修…那个事"), a month said of when it was reported
                "我老伴说之前报修热水器打不着火那个事，弄好了没有", "the water heater thing we reported in November, was it fixed or still open?",
                "did the water heater repair from last week get closed?"}) {
            TurnResult r = say(desk, neighbour, ask);
            assertTrue(did(r, "work_order.status") && !did(r, "work_order.created"), ask + " → " + r);
        }
        TurnResult visitor = say(desk, BotEstate.VISITOR, "where is my repair order at? the plumber never came yesterday");
        assertTrue(did(visitor, "identity.required") && !did(visitor, "work_order.created"), visitor.toString());
        // a new fault told without naming an order is no finished order's outcome
        TurnResult fresh = say(desk, neighbour, "我家的防盗门锁坏了要报修，师傅什么时候能来");
        assertFalse(fresh.reply().contains("热水器"), fresh.toString());
        TurnResult rule = say(desk, BotEstate.VISITOR, "报了修一般多久有人上门");
        assertFalse(did(rule, "identity.required"), rule.toString());
    }

    private static java.util.List<Object> categories(TurnResult r) {
        return r.actions().stream().filter(a -> a.type().equals("work_order.created"))
                .map(a -> a.details().get("category")).toList();
    }

    /**
     * A thing broken again, grumbled about, is a repair; a rule broken said as a question reports who broke it — neither
     * a complaint with a person called.
     * On both models no complaint is filed; the offline model files the report (the scripted remote one only searches).
     */
    @ParameterizedTest
    @ValueSource(strings = {"local", "remote"})
    void aGrumbleAboutAFaultIsTheFaultsReport(String model) {
        ServiceDesk desk = desk(model);
        boolean local = "local".equals(model);
        TurnResult lift = say(desk, BotEstate.OWNER, "这破电梯又坏了 天天坏 停在8楼不动了 你们能不能上点心");
        assertFalse(categories(lift).contains("complaint") || lift.handoff(), lift.toString());
        assertEquals(local ? java.util.List.of("elevator") : java.util.List.of(), categories(lift), lift.toString());
        TurnResult weekend = say(desk, BotEstate.NEIGHBOUR, "隔壁周末一大早就在电钻 咣咣的 周末不是不让装修吗");
        assertEquals(local ? java.util.List.of("noise") : java.util.List.of(), categories(weekend), weekend.toString());
        // the company blamed with it, or a complaint said in so many words, stays a complaint
        TurnResult company = say(desk, BotEstate.NEIGHBOUR, "楼上天天半夜敲敲打打，物业根本不管，我要投诉");
        assertTrue(categories(company).contains("complaint"), company.toString());
        TurnResult named = say(desk, BotEstate.OWNER, "电梯又坏了，天天坏，我要投诉");
        assertTrue(categories(named).contains("complaint"), named.toString());
        TurnResult service = say(desk, BotEstate.OWNER, "电梯又坏了 你们服务太差了 收钱不办事");
        assertTrue(categories(service).contains("complaint"), service.toString());
    }

    /** Right after an order, a bad state said with no thing named is more about that order, whatever trade it suggests. */
    @org.junit.jupiter.api.Test
    void whatGoesWrongSaidNextIsTheOrdersDetail() {
        ServiceDesk desk = desk("local");
        String conv = desk.open("c1", BotEstate.NEIGHBOUR);
        TurnResult made = desk.turn("c1", conv, BotEstate.NEIGHBOUR, "小区东门的铁栏杆断了一截");
        assertTrue(did(made, "work_order.created"), made.toString());
        TurnResult more = desk.turn("c1", conv, BotEstate.NEIGHBOUR, "断了一根 还露着铁尖 小孩容易划到");
        assertTrue(did(more, "work_order.detailed") && !did(more, "work_order.created"), more.toString());
        // a supply out or a neighbour's noise said next is a matter of its own, not more about the railing
        TurnResult noise = desk.turn("c1", conv, BotEstate.NEIGHBOUR, "隔壁天天半夜吵得睡不着");
        assertFalse(did(noise, "work_order.detailed"), noise.toString());
    }

    /** The emergency line said once in English too ("…line now: 0512-…", not "…line 0512-… now: 0512-…"). */
    @org.junit.jupiter.api.Test
    void theEmergencyLineIsNamedOnceInEnglish() {
        TurnResult r = say(desk("local"), BotEstate.OWNER, "I can smell gas in my kitchen, what should I do");
        String first = r.reply().lines().findFirst().orElse("");
        assertEquals(1, first.split("1234 9999", -1).length - 1, r.reply());
    }
}
