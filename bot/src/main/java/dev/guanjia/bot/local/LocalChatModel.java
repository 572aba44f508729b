package dev.guanjia.bot.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guanjia.bot.intent.IntentClassifier;
import dev.guanjia.community.category.ServiceCategory;
import dev.guanjia.ticketing.classify.Classification;
import dev.guanjia.ticketing.classify.Classifier;
import dev.guanjia.ticketing.workorder.Priority;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The offline model: a real NLU that plays the LLM's part in the same AiServices loop. It reads
 * the conversation, decides an intent (lexical cues first, then the nearest labelled examples by
 * embedding), fills repair slots one question at a time, calls the tools, and words the reply only
 * from what the tools returned — amounts, times and phone numbers are copied, never made up.
 * Dialogue state (what it is waiting for) rides on its own replies' attributes, so it is kept in
 * the persisted chat memory.
 */
public final class LocalChatModel implements ChatModel {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STATE = "guanjia_state";
    private static final AtomicLong CALLS = new AtomicLong();

    private final IntentClassifier intents;
    private final Classifier classifier = new Classifier();

    public LocalChatModel(IntentClassifier intents) {
        this.intents = intents;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        ChatMessage last = messages.get(messages.size() - 1);
        String channel = channel(messages);
        ObjectNode state = previousState(messages);
        String user = lastUserText(messages);
        AiMessage answer;
        if (last instanceof ToolExecutionResultMessage) {
            answer = afterTools(messages, user, state);
        } else {
            answer = decide(user == null ? "" : user.strip(), state, channel);
        }
        return ChatResponse.builder().aiMessage(answer)
                .finishReason(answer.hasToolExecutionRequests() ? FinishReason.TOOL_EXECUTION : FinishReason.STOP)
                .build();
    }

    // ---------------------------------------------------------------- deciding

    private AiMessage decide(String t, ObjectNode state, String channel) {
        String lower = t.toLowerCase();
        if (isInjectionOrPrivacyProbe(t, lower)) {
            return reply("抱歉，为保护业主隐私，我不能提供其他住户的姓名、电话、住址或账单等信息，也不能导出业主名单。"
                    + "如果邻里之间有漏水等问题，可以告诉我具体情况，我为您登记报修，由物业工作人员上门协调。", fresh());
        }
        if ("voice".equals(channel) && t.matches("^[0-9#*]$")) {
            return switch (t) {
                case "0" -> tools(call("handOff", "reason", "caller pressed 0", "summary", "来电按0要求人工服务"));
                case "1" -> tools(call("listMyBills", "house", ""));
                case "2" -> reply("请说一下需要维修什么问题，比如“厨房水管漏水”。", awaiting("what", null));
                case "3" -> tools(call("myWorkOrders", "hint", ""));
                default -> reply("您好，这里是物业服务热线。查账单请按1，报修请按2，查进度请按3，人工服务请按0。", fresh());
            };
        }
        Classification c = classifier.classify(t);
        if (c.priority() == Priority.EMERGENCY && !Utterance.any(t, "怎么办理", "规定")) {
            return tools(call("reportEmergency", "description", t));
        }
        if (isHandoffRequest(t, lower)) {
            return tools(call("handOff", "reason", "resident asked for a person", "summary", t));
        }
        if (isComplaint(t)) {
            return tools(
                    call("createWorkOrder", "description", t, "appointment", "", "location", "",
                            "category", "complaint", "priority", "high"),
                    call("handOff", "reason", "complaint", "summary", t));
        }
        String awaiting = state.path("awaiting").asText("");
        if (!awaiting.isEmpty() && !isOtherRequest(t)) {
            AiMessage slot = continueSlots(awaiting, t, state);
            if (slot != null) {
                return slot;
            }
        }
        String intent = intent(t);
        return switch (intent) {
            case "bill" -> tools(call("listMyBills", "house", t));
            case "status" -> tools(call("myWorkOrders", "hint", t));
            case "cancel" -> tools(call("cancelWorkOrder", "codeOrHint",
                    state.hasNonNull("lastOrder") && !Utterance.describesProblem(t) ? state.get("lastOrder").asText() + " " + t : t,
                    "reason", t));
            case "rate" -> {
                int score = Utterance.score(t);
                yield score > 0 ? tools(rateCall(t, score))
                        : reply("好的，请给这次服务打个分吧：1到5分（5分最满意）。", awaiting("rating", t));
            }
            case "repair" -> {
                // "快派人来修" after an emergency: the earlier description says what is broken
                if (c.category() == ServiceCategory.OTHER && state.hasNonNull("description")) {
                    String earlier = state.get("description").asText();
                    yield tools(createCall(earlier + "；" + t, t, "", classifier.classify(earlier)));
                }
                yield startRepair(t, c);
            }
            case "greeting" -> reply("您好，我是物业智能管家，可以帮您查询账单、报修、查看工单进度，也可以解答缴费、装修、"
                    + "门禁、停车等问题。请问有什么可以帮您？", fresh());
            default -> tools(knowledgeCalls(t));
        };
    }

    /** How many passages each further part of a two-part question quotes. */
    private static final int PART_PASSAGES = 2;

    /** An article's first passages (as many as given) and its title as the source. */
    private static void quote(StringBuilder text, JsonNode data, int passages) {
        for (int i = 0; i < passages && i < data.path("passages").size(); i++) {
            text.append(data.path("passages").get(i).asText()).append('\n');
        }
        text.append("（来源：《").append(data.path("title").asText()).append("》）");
    }

    /** Whether a part of a two-part question found an article (the whole question did not). */
    private static boolean partAnswered(List<ToolExecutionResultMessage> results) {
        return results.stream().skip(1).filter(r -> r.toolName().equals("searchKnowledge"))
                .anyMatch(r -> !parse(r.text()).path("abstained").asBoolean(true));
    }

    /**
     * The whole question first; when it asks two things ("物业费多少？服务中心在哪？"), each part too,
     * so the answer covers both articles. Parts add to the reply only when they find another article.
     */
    private static ToolExecutionRequest[] knowledgeCalls(String t) {
        List<ToolExecutionRequest> calls = new ArrayList<>();
        calls.add(call("searchKnowledge", "question", t));
        List<String> parts = Utterance.questions(t);
        if (parts.size() > 1) {
            parts.forEach(part -> calls.add(call("searchKnowledge", "question", part)));
        }
        return calls.toArray(ToolExecutionRequest[]::new);
    }

    private AiMessage startRepair(String t, Classification c) {
        boolean generic = !Utterance.describesProblem(t.replace("报修", "")) && c.category() == ServiceCategory.OTHER;
        if (generic) {
            return reply("好的，请描述一下需要维修的问题，比如哪里坏了、是什么情况。", awaiting("what", null));
        }
        return repairWithDescription(t, c);
    }

    private AiMessage repairWithDescription(String description, Classification c) {
        boolean home = Utterance.atHome(description) || !Utterance.inPublicArea(description)
                && c.category() != ServiceCategory.NOISE && c.category() != ServiceCategory.PARKING
                && c.category() != ServiceCategory.SUGGESTION && c.category() != ServiceCategory.GREENING
                && c.category() != ServiceCategory.CLEANING && c.category() != ServiceCategory.COMPLAINT;
        if (home) {
            if (Utterance.hasTime(description)) {
                return tools(createCall(description, description, "", c));
            }
            return reply("收到，" + c.category().label() + "问题。请问您什么时候方便师傅上门？家里什么时间有人？",
                    awaiting("time", description));
        }
        boolean needsPlace = c.category() == ServiceCategory.ELECTRICAL || c.category() == ServiceCategory.PUBLIC_FACILITY
                || c.category() == ServiceCategory.CLEANING;
        if (needsPlace && !Utterance.placeIsSpecific(description)) {
            return reply("收到。请问具体在哪个位置？比如几楼、哪一层或哪个单元，方便师傅尽快找到。", awaiting("where", description));
        }
        return tools(createCall(description, "", description, c));
    }

    private AiMessage continueSlots(String awaiting, String t, ObjectNode state) {
        String description = state.path("description").asText("");
        switch (awaiting) {
            case "what" -> {
                Classification c = classifier.classify(t);
                return repairWithDescription(t, c);
            }
            case "time" -> {
                if (Utterance.hasTime(t) && !Utterance.describesProblem(t.replaceAll("在家|有人", ""))
                        || Utterance.hasTime(t) && t.length() <= 12) {
                    return tools(createCall(description, t, "", classifier.classify(description)));
                }
                if (Utterance.describesProblem(t) || t.contains("听不") || t.contains("说啥") || t.contains("什么")) {
                    return reply("好的，我记下了：" + description + "。请问您什么时候方便师傅上门？比如“明天上午”。",
                            awaiting("time", description));
                }
                return null;
            }
            case "where" -> {
                String full = description + "（位置：" + t + "）";
                Classification c = classifier.classify(description);
                return tools(createCall(full, "", full,
                        c.category() == ServiceCategory.OTHER ? classifier.classify(description + t) : c));
            }
            case "rating" -> {
                int score = Utterance.score(t);
                if (score > 0) {
                    return tools(rateCall(state.path("hint").asText("") + " " + t, score));
                }
                return null;
            }
            default -> {
                return null;
            }
        }
    }

    private ToolExecutionRequest createCall(String description, String appointment, String location,
                                            Classification c) {
        return call("createWorkOrder", "description", description, "appointment", appointment,
                "location", location, "category", c.category().code(),
                "priority", c.priority() == Priority.NORMAL ? "" : c.priority().code());
    }

    private ToolExecutionRequest rateCall(String hint, int score) {
        return call("rateWorkOrder", "codeOrHint", hint, "rating", score, "comment", hint);
    }

    private String intent(String t) {
        if (Utterance.matches(t, "取消|撤掉|撤销|撤回|撤了|不用来|不需要来|不修了|作废|不用了.*单|单.*不用了")) {
            return "cancel";
        }
        if (Utterance.matches(t, "评价|打分|打个分|好评|差评|[1-5一二三四五两]\\s*(分|星)|满意度|满分")) {
            return "rate";
        }
        if (Utterance.matches(t, "怎么样了|到哪一步|进度|什么时候来|修好了没|修得怎么样|有人管|什么状态|处理完了没|处理了没|"
                + "有没有人来|派人了|有回音|结果出来|报的.*(呢|吗|没)|单子.*(状态|怎么|到哪)")) {
            return "status";
        }
        boolean personal = Utterance.matches(t, "我|咱|俺|名下|屋里|自家|\\bmy\\b|\\bI\\b");
        if (Utterance.matches(t, "账单|查.{0,4}欠费|欠费情况|缴费记录") && !Utterance.matches(t, "怎么|如何|哪里")) {
            return "bill";
        }
        if (personal && !asksTheRule(t) && Utterance.matches(t, "欠多少|还欠|欠了|欠着|欠费|欠缴|账单|交了没|交过没|交了吗|交到|没交|还差|待缴|"
                + "未缴|缴清|交清|结清|交费情况|缴费情况|交齐|应缴|催缴|催费|费用.*(没|吗)")) {
            return "bill";
        }
        if (Utterance.describesProblem(t) && !isQuestion(t)) {
            return "repair";
        }
        IntentClassifier.Result r = intents.classify(t);
        if (r.confidence() >= 0.6 && r.cosine() >= 0.72 && !r.intent().equals("knowledge")) {
            // "管理费每平方收几块" sounds like a bill question but asks for the rule, not the caller's account
            if (!personal && Set.of("bill", "status", "cancel", "rate").contains(r.intent())
                    || r.intent().equals("bill") && asksTheRule(t)) {
                return "knowledge";
            }
            return r.intent().equals("handoff") ? "knowledge" : r.intent();
        }
        return "knowledge";
    }

    private static boolean isHandoffRequest(String t, String lower) {
        return Utterance.matches(t, "转人工|人工客服|人工服务|找人工|接人工|真人|客服人员|工作人员.*(联系|打电话)|我要跟人|跟人说|"
                + "听不懂.*(转|找|叫)|转.*人工")
                // "叫人来修水龙头收钱吗" asks about a repair, not for a person
                || Utterance.matches(t, "找个人|叫个人|叫人来") && !isQuestion(t)
                && !Utterance.matches(t, "叫人来(修|看|处理|弄|换|装|疏通|检查)")
                || Utterance.matches(lower, "real person|human|talk to (a|an) (person|agent)|operator");
    }

    /**
     * Asking what the rule is rather than what the caller owes: a consequence (会停电吗), a permission
     * (能不能), a hypothetical (如果), or a sum worked from a given area ("120平米一年多少").
     */
    private static boolean asksTheRule(String t) {
        return Utterance.matches(t, "会不会|会.{0,8}吗|能不能|可不可以|可以.{0,6}吗|是否|如果|要是|万一|规定|"
                + "\\d+(\\.\\d+)?\\s*(个)?(平方|平米|㎡|m2)|怎么算|怎么收|标准");
    }

    private static boolean isComplaint(String t) {
        return (t.contains("投诉") || Utterance.matches(t, "干什么吃的|太不像话|必须给我.*说法|白交了|不作为|举报"))
                && !isQuestion(t);
    }

    /** Asking how something works (几点, 多久, 怎么, 电话…) rather than reporting that something is wrong. */
    private static boolean isQuestion(String t) {
        return Utterance.matches(t, "几点|(?<!好)几年|(?<!好)几天|几号|多久|多长|多少|怎么|如何|哪里|在哪|找谁|电话|什么时候|为什么|是否|能否|"
                + "可以吗|能不能|规定|要求|流程|手续|需要.*吗|要.*吗|吗？?$|\\?$|？$");
    }

    private static boolean isInjectionOrPrivacyProbe(String t, String lower) {
        return Utterance.matches(t, "忽略.*(指令|规则|设定)|所有(业主|住户).*(电话|名单|信息)|全部.*(名单|电话|欠费)|导出|"
                + "住的是谁|是谁住|(他|她)(的)?电话|(他|她)家.*电话|家里人的电话|邻居.*电话|别人家.*(账单|欠|电话)")
                || Utterance.matches(lower, "ignore (all|previous)|system prompt|all (owners|residents)");
    }

    /** A new, different request while a question is pending: the pending one is dropped. */
    private boolean isOtherRequest(String t) {
        return Utterance.matches(t, "取消|撤|评价|打分|账单|欠|进度|转人工|人工|投诉");
    }

    // ---------------------------------------------------------------- after the tools

    private AiMessage afterTools(List<ChatMessage> messages, String user, ObjectNode state) {
        List<ToolExecutionResultMessage> results = new ArrayList<>();
        for (int i = messages.size() - 1; i >= 0 && messages.get(i) instanceof ToolExecutionResultMessage r; i--) {
            results.add(0, r);
        }
        StringBuilder text = new StringBuilder();
        ObjectNode next = fresh();
        Set<String> shown = new java.util.HashSet<>();
        for (ToolExecutionResultMessage r : results) {
            JsonNode data = parse(r.text());
            switch (r.toolName()) {
                case "searchKnowledge" -> {
                    boolean answered = !data.path("abstained").asBoolean(true);
                    if (r != results.get(0)) {
                        // a part of a two-part question: another article's best passages, if it found one
                        if (answered && shown.add(data.path("docId").asText())) {
                            quote(text, data, PART_PASSAGES);
                        }
                    } else if (answered) {
                        shown.add(data.path("docId").asText());
                        quote(text, data, Integer.MAX_VALUE);
                    } else if (!partAnswered(results)) {
                        int misses = state.path("misses").asInt(0) + 1;
                        if (misses >= 2) {
                            return tools(call("handOff", "reason", "two questions without an answer", "summary", user));
                        }
                        next.put("misses", misses);
                        text.append("抱歉，这个问题我暂时没有找到确切的答案。");
                        if (data.hasNonNull("servicePhone")) {
                            text.append("您可以拨打物业服务电话").append(data.get("servicePhone").asText());
                            if (data.hasNonNull("officeHours")) {
                                text.append("（").append(data.get("officeHours").asText()).append("）");
                            }
                            text.append("咨询，");
                        }
                        text.append("或回复“转人工”由客服为您处理。");
                    }
                }
                case "listMyBills" -> text.append(bills(data));
                case "createWorkOrder" -> {
                    if (data.path("status").asText().equals("ok")) {
                        JsonNode o = data.get("order");
                        next.put("lastOrder", o.path("code").asText());
                        text.append(created(o));
                    } else {
                        text.append(refusal(data, "登记报修"));
                    }
                }
                case "myWorkOrders" -> text.append(status(data));
                case "cancelWorkOrder" -> text.append(switch (data.path("status").asText()) {
                    case "ok" -> "已为您取消工单" + data.get("order").path("code").asText() + "「"
                            + data.get("order").path("title").asText() + "」。";
                    case "none" -> "没有找到可以取消的工单。已经开始处理的工单请回复“转人工”由客服协助取消。";
                    default -> refusal(data, "取消工单");
                });
                case "rateWorkOrder" -> text.append(switch (data.path("status").asText()) {
                    case "ok" -> "感谢您的评价！工单" + data.get("order").path("code").asText() + "已记录"
                            + data.get("order").path("rating").asText() + "星，我们会转达给服务人员。";
                    case "none" -> "没有找到可以评价的已完成工单。";
                    default -> refusal(data, "评价");
                });
                case "handOff" -> text.append(handOffReply(data));
                case "reportEmergency" -> {
                    text.append(emergency(data));
                    next.put("description", user);
                    if (data.path("order").hasNonNull("code")) {
                        next.put("lastOrder", data.path("order").path("code").asText());
                    }
                }
                default -> text.append("好的。");
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
                text.append('\n');
            }
        }
        return reply(text.toString().strip(), next);
    }

    private static String bills(JsonNode d) {
        switch (d.path("status").asText()) {
            case "identity_required" -> {
                return "查询账单需要先验证您的身份：请用业主预留的手机号登录网页版（验证码登录），或在公众号绑定房屋后再查询。"
                        + "为保护业主隐私，我不能根据房号、姓名或电话直接提供账单。";
            }
            case "not_yours" -> {
                return "为保护业主隐私，只能查询您本人名下房屋的账单，" + d.path("house").asText()
                        + "不在您的名下，无法为您查询。";
            }
            default -> {
            }
        }
        StringBuilder s = new StringBuilder();
        JsonNode houses = d.path("houses");
        for (JsonNode h : houses) {
            JsonNode out = h.path("outstanding");
            s.append(h.path("house").asText()).append("：");
            if (out.isEmpty()) {
                s.append("目前没有欠费，费用已缴清。");
            } else {
                s.append("待缴").append(out.size()).append("笔，合计").append(h.path("total").asText()).append("元：\n");
                for (JsonNode b : out) {
                    s.append("· ").append(b.path("item").asText()).append(" ").append(period(b.path("period").asText()))
                            .append("：").append(b.path("amount").asText()).append("元（")
                            .append(b.path("calculation").asText()).append("），")
                            .append(b.path("due").asText()).append("到期")
                            .append("overdue".equals(b.path("status").asText()) ? "，已逾期" : "").append("\n");
                }
            }
            JsonNode paid = h.path("latestPaid");
            if (!paid.isEmpty()) {
                s.append("最近已缴：");
                List<String> parts = new ArrayList<>();
                paid.forEach(p -> parts.add(p.path("item").asText() + "交至" + period(p.path("period").asText())
                        + "（" + p.path("amount").asText() + "元）"));
                s.append(String.join("；", parts)).append("。\n");
            }
        }
        if (houses.size() > 1) {
            s.append("名下房屋合计待缴").append(d.path("total").asText()).append("元。");
        }
        if (!d.path("total").asText("0").matches("0(\\.0+)?")) {
            s.append("可通过公众号或物业服务中心缴纳。");
        }
        return s.toString().strip();
    }

    /** "2026-Q3" reads "2026-Q3（2026年第三季度）", "2026-10" reads "2026-10（2026年10月）". */
    static String period(String p) {
        String[] q = {"", "第一季度", "第二季度", "第三季度", "第四季度"};
        if (p.matches("\\d{4}-Q[1-4]")) {
            return p + "（" + p.substring(0, 4) + "年" + q[p.charAt(6) - '0'] + "）";
        }
        if (p.matches("\\d{4}-H[12]")) {
            return p + "（" + p.substring(0, 4) + "年" + (p.endsWith("1") ? "上半年" : "下半年") + "）";
        }
        if (p.matches("\\d{4}-\\d{2}")) {
            return p + "（" + p.substring(0, 4) + "年" + Integer.parseInt(p.substring(5)) + "月）";
        }
        if (p.matches("\\d{4}")) {
            return p + "年度";
        }
        return p;
    }

    private static String created(JsonNode o) {
        String category = ServiceCategory.ofCode(o.path("category").asText()).map(ServiceCategory::label).orElse("");
        StringBuilder s = new StringBuilder("已为您登记").append("complaint".equals(o.path("category").asText())
                ? "投诉" : "suggestion".equals(o.path("category").asText()) ? "建议" : "报修")
                .append("，单号").append(o.path("code").asText()).append("（").append(category);
        if ("emergency".equals(o.path("priority").asText())) {
            s.append("，紧急");
        }
        s.append("）。");
        if (o.hasNonNull("assigneeName")) {
            s.append("已安排").append(o.path("assigneeName").asText()).append("负责处理，");
        } else {
            s.append("正在为您安排工作人员，");
        }
        return s.append("会尽快与您联系。").toString();
    }

    private static String status(JsonNode d) {
        if (d.path("status").asText().equals("identity_required")) {
            return "查询工单需要先验证您的身份：请用手机号验证码登录，或在公众号绑定房屋后再查询。";
        }
        JsonNode orders = d.path("orders");
        if (orders.isEmpty()) {
            return "没有查到您名下的工单。如需报修，请直接告诉我哪里有问题。";
        }
        JsonNode o = orders.get(0);
        StringBuilder s = new StringBuilder("您的工单").append(o.path("code").asText()).append("「")
                .append(o.path("title").asText()).append("」目前状态：").append(o.path("statusLabel").asText());
        if (o.hasNonNull("assigneeName")) {
            s.append("，由").append(o.path("assigneeName").asText()).append("负责");
        }
        s.append("。");
        if ("pending_acceptance".equals(o.path("status").asText())) {
            s.append("维修已完工，请您验收确认。");
        }
        return s.toString();
    }

    private static String emergency(JsonNode d) {
        StringBuilder s = new StringBuilder("⚠️ 紧急情况，请先确保人身安全！\n");
        d.path("passages").forEach(p -> s.append(p.asText()).append('\n'));
        if (d.hasNonNull("emergencyPhone")) {
            s.append("请立即拨打物业24小时应急电话").append(d.get("emergencyPhone").asText()).append("。");
        }
        if (d.hasNonNull("order") && d.get("order").hasNonNull("code")) {
            s.append("已为您创建紧急工单").append(d.get("order").path("code").asText()).append("，");
        }
        s.append("并已通知值班人员和人工客服跟进。");
        if (d.hasNonNull("title")) {
            s.append("（来源：《").append(d.get("title").asText()).append("》）");
        }
        return s.toString();
    }

    /** What the resident hears after asking for a person: the wait, or the promised call back. */
    static String handOffReply(JsonNode data) {
        StringBuilder text = new StringBuilder();
        if ("callback".equals(data.path("status").asText())) {
            text.append("好的，您的问题已转给人工客服。现在暂时没有客服在线，我们已为您登记回电，客服会尽快联系您，不用重复说明情况。");
            if (data.hasNonNull("officeHours")) {
                text.append("人工服务时间：").append(data.get("officeHours").asText()).append("。");
            }
        } else {
            text.append("好的，已为您转接人工客服，工作人员会看到您之前说的全部内容，不用重复说明情况。");
            int ahead = data.path("waiting").asInt(0);
            int minutes = data.path("expectedMinutes").asInt(-1);
            if (minutes > 0) {
                text.append(ahead > 1 ? "前面还有" + (ahead - 1) + "位，" : "").append("预计等待约").append(minutes)
                        .append("分钟。");
            }
            if (data.path("offerCallback").asBoolean(false)) {
                text.append("如不想等待，回复“回电”，客服稍后主动联系您。");
            }
        }
        if (data.hasNonNull("servicePhone")) {
            text.append("紧急的话也可以直接拨打物业服务电话").append(data.get("servicePhone").asText()).append("。");
        }
        return text.toString();
    }

    private static String refusal(JsonNode d, String what) {
        if ("identity_required".equals(d.path("status").asText())) {
            return what + "需要先验证您的身份：请用手机号验证码登录，或在公众号绑定房屋后再试。";
        }
        return d.path("message").asText("暂时无法" + what + "，请稍后再试或回复“转人工”。");
    }

    // ---------------------------------------------------------------- plumbing

    private static AiMessage reply(String text, ObjectNode state) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(STATE, state.toString());
        return AiMessage.builder().text(text).attributes(attributes).build();
    }

    private static AiMessage tools(ToolExecutionRequest... calls) {
        return AiMessage.from(List.of(calls));
    }

    private static ToolExecutionRequest call(String tool, Object... args) {
        ObjectNode a = JSON.createObjectNode();
        for (int i = 0; i < args.length; i += 2) {
            Object v = args[i + 1];
            if (v instanceof Integer n) {
                a.put((String) args[i], n);
            } else {
                a.put((String) args[i], v == null ? "" : v.toString());
            }
        }
        return ToolExecutionRequest.builder().id("call-" + CALLS.incrementAndGet()).name(tool)
                .arguments(a.toString()).build();
    }

    private static ObjectNode fresh() {
        return JSON.createObjectNode();
    }

    private static ObjectNode awaiting(String slot, String description) {
        ObjectNode s = JSON.createObjectNode().put("awaiting", slot);
        if (description != null) {
            s.put(slot.equals("rating") ? "hint" : "description", description);
        }
        return s;
    }

    /** The state on the model's latest text reply: what it was waiting for, the last order made. */
    private static ObjectNode previousState(List<ChatMessage> messages) {
        // only the text reply right before the current question counts
        boolean seenUser = false;
        for (int i = messages.size() - 1; i >= 0; i--) {
            ChatMessage m = messages.get(i);
            if (m instanceof UserMessage) {
                seenUser = true;
            }
            if (seenUser && m instanceof AiMessage ai && !ai.hasToolExecutionRequests()) {
                Object s = ai.attributes() == null ? null : ai.attributes().get(STATE);
                if (s != null) {
                    JsonNode n = parse(s.toString());
                    return n instanceof ObjectNode o ? o : fresh();
                }
                return fresh();
            }
        }
        return fresh();
    }

    private static String lastUserText(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof UserMessage u) {
                return u.singleText();
            }
        }
        return null;
    }

    /** The channel the server wrote into the system message ("[channel:voice]"). */
    private static String channel(List<ChatMessage> messages) {
        for (ChatMessage m : messages) {
            if (m instanceof SystemMessage s) {
                var matcher = java.util.regex.Pattern.compile("\\[channel:(\\w+)]").matcher(s.text());
                if (matcher.find()) {
                    return matcher.group(1);
                }
            }
        }
        return "web";
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }
}
