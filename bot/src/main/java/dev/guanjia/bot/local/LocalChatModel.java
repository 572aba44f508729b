package dev.guanjia.bot.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guanjia.bot.intent.IntentClassifier;
import dev.guanjia.bot.policy.Language;
import dev.guanjia.bot.policy.Replies;
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

    /** Someone at home, or at the door, to let the technician in: said with a visit time, not a fault. */
    private static final java.util.regex.Pattern AT_HOME = java.util.regex.Pattern.compile("在家|有人|人都在|人在");
    private static final java.util.regex.Pattern AT_HOME_OR_DOOR = java.util.regex.Pattern.compile("在家|有人|门口");
    private static final java.util.regex.Pattern SOMEONE_IN = java.util.regex.Pattern.compile("在家|有人");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STATE = dev.guanjia.bot.policy.DialoguePolicy.STATE;
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
        Language l = Language.of(t);
        if ("voice".equals(channel) && t.equals("2")) {
            return reply(l.say("请说一下需要维修什么问题，比如“厨房水管漏水”。", "Please say what needs repairing."),
                    awaiting("what", null));
        }
        // what the resident means is read from the Mandarin of it ("冇得用" → "没有用");
        // questions are searched and repairs described in their own words
        String m = dev.guanjia.bot.policy.Vernacular.read(t);
        Classification c = classifier.classify(m);
        if (c.category() == ServiceCategory.OTHER && !m.equals(t)) {
            c = classifier.classify(t);
        }
        String awaiting = state.path("awaiting").asText("");
        // an order registered before its visit time was said is still open for one, and this message is about it
        boolean visitOpen = awaiting.isEmpty() && state.path("visitOpen").asBoolean(false) && state.hasNonNull("lastOrder")
                && !isOtherRequest(t);
        // "今晚七点后人都在", "Tomorrow morning": the visit time of a home's order registered before a time was
        // said (urgent, or a door that would not open) — that order's appointment, never a question searched
        // "卧室插座也没电了，明天下午在家" after a leak's order: a fault of another trade with its own time is a new
        // report, not the first order's visit moved
        boolean anotherTrade = Utterance.describesProblem(AT_HOME.matcher(t).replaceAll(""))
                && c.category() != ServiceCategory.OTHER && state.hasNonNull("lastCategory")
                && !c.category().code().equals(state.path("lastCategory").asText());
        if (visitOpen && isVisitTime(t, m) && !anotherTrade) {
            return tools(call("scheduleVisit", "codeOrHint", state.get("lastOrder").asText(), "appointment", t));
        }
        // "随时来都行", "店里一直有人": any time suits, so no window to set — the technician calls before coming
        if (visitOpen && ANY_TIME.matcher(m).find() && !Utterance.describesProblem(t)) {
            ObjectNode kept = state.deepCopy();
            return reply(l.say("好的，已记下：随时都可以上门（工单" + state.get("lastOrder").asText() + "），师傅出发前会先打电话联系您。",
                    "Noted: any time suits for order " + state.get("lastOrder").asText()
                            + "; the technician will call before coming."), kept);
        }
        // "我而家就喺门口等": someone is there now — the technician is told to come as soon as possible
        if (visitOpen && (HERE_NOW.matcher(t).find() || HERE_NOW.matcher(m).find())
                && !Utterance.describesProblem(AT_HOME_OR_DOOR.matcher(m).replaceAll("")) && !Utterance.matches(m, "[？?]|吗|么|几点|什么时候|啥时候")) {
            ObjectNode kept = state.deepCopy();
            return reply(l.say("好的，已记下您现在就在（工单" + state.get("lastOrder").asText() + "），会请师傅尽快过来，出发前先打电话联系您。",
                    "Noted: you are there now (order " + state.get("lastOrder").asText()
                            + "); the technician will come as soon as possible and call before coming."), kept);
        }
        // "3栋2单元门口": the place asked for beside a public order just registered, not a new question
        if (awaiting.isEmpty() && state.hasNonNull("placeFor") && Utterance.placeIsSpecific(t) && !isOtherRequest(t)
                && !Utterance.describesProblem(m) && !isQuestion(m)) {
            return tools(call("addWorkOrderDetail", "codeOrHint", state.get("placeFor").asText(), "detail", t));
        }
        // "今晚七点以后", "随时": a time said after a shared area's order (which needs nobody home) — kept on the
        // order for the technician who may want to ask or be shown the place, not a question searched
        if (awaiting.isEmpty() && state.hasNonNull("placeFor") && !isOtherRequest(t) && !Utterance.describesProblem(m)
                && !isQuestion(m) && (isVisitTime(t, m) || ANY_TIME.matcher(m).find())) {
            return tools(call("addWorkOrderDetail", "codeOrHint", state.get("placeFor").asText(), "detail",
                    l.say("方便的时间：", "time that suits: ") + t));
        }
        if (!awaiting.isEmpty() && !isOtherRequest(t)) {
            AiMessage slot = continueSlots(awaiting, t, state);
            if (slot != null) {
                return slot;
            }
        }
        // "那就是我家的问题了，派个人来看看吧，我今天一直在家" after a fault told and answered otherwise (the notices,
        // an article): the fault told is what is reported now
        // — and "那您派个师傅来给瞅瞅吧" after a question about a thing answered ("这暖气算达标么"): a visit to that thing
        String earlierTold = earlierTold(state, m, c);
        if (awaiting.isEmpty() && earlierTold != null && !state.hasNonNull("lastOrder")
                && DISPATCH.matcher(m).find() && !isQuestion(m)
                // "算了，我自己找人修吧": someone of their own, no order
                && !Utterance.matches(m, "自己|我去|不用|不要|别|算了|(?i)\\b(myself|never ?mind|no need)\\b")) {
            Classification was = classifier.classify(dev.guanjia.bot.policy.Vernacular.read(earlierTold));
            if (was.category() != ServiceCategory.OTHER) {
                return repairWithDescription(earlierTold + "；" + t, was, l);
            }
        }
        // "楼道灯的事你们慢慢弄吧 现在单元门禁又坏了": the new fault is reported, of its own trade
        dev.guanjia.bot.policy.AnotherMatter.Raised another = dev.guanjia.bot.policy.AnotherMatter.in(m, classifier);
        if (another != null && awaiting.isEmpty()) {
            return startRepair(t, classifier.classify(another.raised()), l);
        }
        String intent = intent(m);
        return switch (intent) {
            case "bill" -> {
                // "我那套欠多少 还有年审要带什么": the bills, and the other question searched as well
                List<ToolExecutionRequest> calls = new ArrayList<>(List.of(call("listMyBills", "house", t)));
                otherQuestions(t).forEach(q -> calls.add(call("searchKnowledge", "question", q)));
                // "电梯口那盏灯又不亮了。还有我物业费还欠多少": the fault told beside the bills is reported too (an order
                // that needs nothing more is made now; one that needs a visit time asks for it after the bills)
                String repair = repairPart(t);
                AiMessage taken = repair == null ? null : startRepair(repair, trade(repair), l);
                if (taken != null && taken.hasToolExecutionRequests()) {
                    calls.addAll(taken.toolExecutionRequests());
                }
                yield AiMessage.from(calls);
            }
            case "status" -> tools(call("myWorkOrders", "hint", t));
            // the order just talked about, unless "one of" them is meant ("撤一个吧", "cancel one of my requests"):
            // then which, when there are several
            case "cancel" -> tools(call("cancelWorkOrder", "codeOrHint",
                    state.hasNonNull("lastOrder") && !Utterance.describesProblem(t) && !ONE_OF_THEM.matcher(t).find()
                            ? state.get("lastOrder").asText() + " " + t : t,
                    "reason", t));
            case "rate" -> {
                int score = Utterance.score(t);
                yield score > 0 ? tools(rateCall(t, score))
                        : reply(l.say("好的，请给这次服务打个分吧：1到5分（5分最满意）。",
                        "Sure: how many stars, 1 to 5 (5 is best)?"), awaiting("rating", t));
            }
            case "repair" -> {
                // "快派人来修" after an emergency: the earlier description says what is broken
                // (only when this message names no thing of its own: "帮我派个人来修下阳台的晾衣架" is that)
                if (state.hasNonNull("description") && (c.category() == ServiceCategory.OTHER
                        && !classifier.namesAThing(dev.guanjia.bot.policy.Vernacular.read(t))
                        || !state.path("house").asText("").isEmpty() && Utterance.matches(t, "派人|来修|快来|赶紧|马上"))) {
                    String earlier = state.get("description").asText();
                    ToolExecutionRequest follow = createCall(earlier + "；" + t, t, "", classifier.classify(earlier),
                            state.path("house").asText(""));
                    yield tools(follow);
                }
                yield startRepair(t, c, l);
            }
            // a complaint the policy's cues did not catch but the intent examples do ("钱照收不误，事情一概不理"):
            // recorded for the supervisor with its deadline, and a person brought in, as the policy does
            case "complaint" -> tools(call("fileComplaint", "words", t, "kind", "complaint"),
                    call("handOff", "reason", "complaint", "summary", t));
            // "好的，谢谢", "辛苦了", "bye": the conversation closes politely, not with the opening introduction again
            case "greeting" -> CLOSING.matcher(m.toLowerCase(java.util.Locale.ROOT)).find() && !OPENING.matcher(t).matches()
                    ? reply(l.say("不客气！还有其他需要随时告诉我。", "You're welcome. Anything else, just tell me."), fresh())
                    : reply(l.say("您好，我是物业智能管家，可以帮您查询账单、报修、查看工单进度，也可以解答缴费、装修、"
                    + "门禁、停车等问题。请问有什么可以帮您？", "Hello, I am the property desk's assistant: I can look up your bills, "
                    + "take repair requests, tell you how an order stands and answer questions on fees, renovation, access "
                    + "and parking. How can I help?"), fresh());
            default -> {
                // "暖气费多少？还有我家暖气不热，能来人看看不": the question is searched and the repair in the same
                // message taken up; an order that needs nothing more is made in the same batch
                String repair = repairPart(t);
                AiMessage taken = repair == null ? null : startRepair(repair, trade(repair), l);
                if (taken != null && taken.hasToolExecutionRequests()) {
                    // "阳台龙头滴个不停 周六下午有人 另外车位月卡怎么续": the question is searched without the repair told
                    // beside it, whose words would find the repair article instead
                    // (only a fault that names its thing: "泳池而家仲开唔开" read as one is still a question; and only a
                    // question about something else — "电梯停了 还有电梯坐吗" asks about the fault told)
                    String rest = t.replace(repair, " ").strip();
                    boolean aboutIt = classifier.namesAThing(rest)
                            && classifier.classify(rest).category() == classifier.classify(repair).category();
                    String asked = classifier.namesAThing(repair) && !aboutIt ? rest : t;
                    List<ToolExecutionRequest> calls = new ArrayList<>(List.of(knowledgeCalls(asked.length() >= 4 ? asked : t)));
                    calls.addAll(taken.toolExecutionRequests());
                    yield AiMessage.from(calls);
                }
                yield tools(knowledgeCalls(t));
            }
        };
    }

    /** A message that only says when someone is home ("后天上午有人", "明天午后两点起有人在"), not a new problem. */
    private static boolean isVisitTime(String t, String reading) {
        boolean timed = WINDOW.matcher(t).find() || WINDOW.matcher(reading).find();
        return timed && (t.length() <= 16 || !Utterance.describesProblem(AT_HOME.matcher(t).replaceAll("")))
                && !Utterance.matches(t, "[？?]|吗|么|几点|什么时候|啥时候|when|what time")
                // "快派人来修", "马上来": wanting someone now, which the duty line and the technician's call answer
                && !URGENT.matcher(t).find() && !URGENT.matcher(reading).find();
    }

    /** Any time suits: someone is always in, come whenever. */
    private static final java.util.regex.Pattern ANY_TIME = java.util.regex.Pattern.compile(
            "随时|一直有人|一直都有人|都有人在|整天都在|全天都在|天天都在|什么时候(来)?都(行|可以|方便)|哪天都(行|可以)|几点都(行|可以)|"
                    // "白天随便哪个时候", "随便什么时候来都可以", "看师傅方便", "你们么样方便就么样来"
                    + "(什么时候|啥时候|几点|哪天)(来)?都(行|可以|方便|成)|无所谓|随便(哪个|什么|啥)?(时候|时间|哪天|几点)|(看|按|随)(师傅|你们)(的)?(方便|安排|时间)|(怎么|么样|咋)方便就(怎么|么样|咋)(来|弄)|"
                    + "(?i)\\b(any ?time|whenever|someone is always (in|home|there))\\b");

    /** Asking when the technician would come, instead of saying when one is in ("师傅一般几点能到？", "what time can the plumber come?"). */
    private static final java.util.regex.Pattern WHEN_COMES = java.util.regex.Pattern.compile(
            "(师傅|人|维修工|工人|你们)?[^，,。]{0,4}(一般|大概|大约|最快)?(几点|什么时候|啥时候|多久|几时|好久)(能|会|可以)?(到|来|上门|过来)(?!都|也|水|电|气|暖)"
                    + "|(?i)\\b(what time|when|how soon) (can|will|would|does|do) (the |a |your )?(plumber|technician|electrician|repairman|"
                    + "worker|someone|somebody|they|you)\\b");

    /** A correction of what was said before: "说错了", "不对不对", "不是厨房，是卫生间", "I meant…". */
    private static final java.util.regex.Pattern CORRECTED = java.util.regex.Pattern.compile(
            "说错了|讲错了|打错了|搞错了|弄错了|不对不对|不是[^，,。]{1,8}[，,]?(而)?是|(?i)\\b(i meant|sorry,? (it'?s|it is) (the|my))\\b");

    /**
     * What a request to send someone is about, said before: the fault told (when this message tells none), or a
     * question whether a thing is as it should be (when this message names no thing and asks someone of the desk
     * to come, not the resident's own errand: "我明天叫个人来拿卡"); null for neither.
     */
    private String earlierTold(ObjectNode state, String m, Classification c) {
        if (state.hasNonNull("description") && !Utterance.describesProblem(m)) {
            return state.get("description").asText();
        }
        String asked = state.path(dev.guanjia.bot.policy.DialoguePolicy.ASKED).asText("");
        if (!asked.isEmpty() && c.category() == ServiceCategory.OTHER && !classifier.namesAThing(m)
                && VISIT_ASKED.matcher(m).find() && !Utterance.matches(m, "我[^，,。]{0,6}(叫|找|喊|派|请|过来|过去)")) {
            return asked;
        }
        return null;
    }

    /** Someone from the desk asked to come and look ("那您派个师傅来给瞅瞅吧", "你们来个人看看"). */
    private static final java.util.regex.Pattern VISIT_ASKED = java.util.regex.Pattern.compile(
            "(派|安排|叫|喊)(个|一个|位|一位)?(人|师傅|电工|水工|水电工|维修工)(来|过来|上门)|(来|过来)(个)?(人|师傅)?(给)?(看看|瞧瞧|瞅瞅|看一下|瞅一眼|查查|检查一下)|"
                    + "上门(看看|检查|瞧瞧|瞅瞅|看一下)|(?i)\\bsend (someone|somebody|a technician|a plumber|an electrician)\\b|\\bcome (and |to )?(take a )?look\\b");
    /** Asking for the fault told to be seen to: send someone, report it ("派个人来看看吧", "帮我报了吧", "send someone"). */
    private static final java.util.regex.Pattern DISPATCH = java.util.regex.Pattern.compile(
            "(派|叫|找|安排|喊)(个|一个|位|一位)?(人|师傅|电工|水工|水电工|维修工)|来(个)?人|上门|(来|过来)(看看|瞧瞧|瞅瞅|睇下|看一下)|"
                    + "帮(我|忙)?报(了|一下|个修)?|报(个)?修吧|给我报|登记(一下)?吧|"
                    + "(?i)\\b(send (someone|somebody|a technician|a plumber|an electrician)|report it|log it|book (a|the) repair)\\b");

    /** Someone asked to come: "来", "上门", "过来", "come over". */
    private static final java.util.regex.Pattern COME = java.util.regex.Pattern.compile(
            "(?<![回起出原本后])来(?!不)|上门|过来|(?i)\\b(come|visit|send)\\b");
    /** A put-off or an assent that answers nothing: never mind, later, fine. */
    private static final java.util.regex.Pattern PUT_OFF = java.util.regex.Pattern.compile(
            "^(好的?|好吧|行吧?|嗯+|哦+|噢)[。！!，,~\\s]*$|^(算了|不用|再说|回头|以后|等等|等下)|再说吧|回头再|(?i)\\b(never ?mind|later)\\b");

    /** Someone is there now, waiting: the visit can be at once. */
    private static final java.util.regex.Pattern HERE_NOW = java.util.regex.Pattern.compile(
            "现在|而家|宜家|依家|这会儿|这阵子?|眼下|马上|立刻|就在(家|屋|门口)|(在|喺|佇)(家|屋|门口|門口)(等|守)|"
                    + "(?i)\\b(now|right away|i'?m (home|here|in|waiting)|someone is (home|in) now)\\b");

    /** A day, a part of a day or a clock time: what a visit window is made of ("随时", "有人" alone are not). */
    private static final java.util.regex.Pattern WINDOW = java.util.regex.Pattern.compile(
            "今天|明天|后天|今晚|明早|明晚|今早|周[一二三四五六日天末]|星期[一二三四五六日天]|礼拜[一二三四五六日天]|上午|下午|中午|晚上|"
                    + "早上|傍晚|夜里|午后|\\d{1,2}\\s*[点:：]|(?<![快慢好大小有差多少])[一二三四五六七八九十两]{1,3}点(?!儿)|\\d{1,2}号|"
                    + "(?i)\\b(today|tomorrow|tonight|morning|afternoon|evening|weekend|monday|tuesday|wednesday|thursday|"
                    + "friday|saturday|sunday)\\b|\\d{1,2}\\s*(am|pm)\\b|\\b(after|before) \\d");
    /** Sparks from a fitting: no emergency, but a reason to stop using it until the visit. */
    private static final java.util.regex.Pattern SPARKS = java.util.regex.Pattern.compile(
            "火花|火星|(?i)\\bspark");

    private static final java.util.regex.Pattern URGENT = java.util.regex.Pattern.compile(
            "派人|派个|来修|快来|快点|快一点|赶紧|马上|尽快|立刻|立即|现在就|(?i)\\b(right now|asap|immediately|urgent)\\b");

    private static final java.util.regex.Pattern ASIDE = java.util.regex.Pattern.compile(
            "(顺便|另外|再|还想)问一?下[，,:：\\s]*(.+)$");

    /** How many passages each further part of a two-part question quotes. */
    private static final int PART_PASSAGES = 2;

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
        List<String> parts = new ArrayList<>(Utterance.questions(t));
        // "…堵了 顺便问下通一次好多钱": the question said to be an aside is searched on its own, in Mandarin
        var aside = ASIDE.matcher(dev.guanjia.bot.policy.Vernacular.read(t));
        boolean asideAdded = false;
        if (aside.find()) {
            String rest = aside.group(2).strip();
            if (rest.length() >= 4 && !parts.contains(rest)) {
                parts.add(rest);
                asideAdded = true;
            }
        }
        if (parts.size() > 1 || asideAdded) {
            parts.forEach(part -> calls.add(call("searchKnowledge", "question", part)));
        }
        return calls.toArray(ToolExecutionRequest[]::new);
    }

    private AiMessage startRepair(String t, Classification c, Language l) {
        boolean generic = !Utterance.describesProblem(t.replace("报修", "")) && c.category() == ServiceCategory.OTHER;
        if (generic) {
            return reply(l.say("好的，请描述一下需要维修的问题，比如哪里坏了、是什么情况。",
                    "Sure: what needs repairing, and what is wrong with it?"), awaiting("what", null));
        }
        return repairWithDescription(t, c, l);
    }

    private AiMessage repairWithDescription(String description, Classification c, Language l) {
        // a nuisance from someone else (noise, a neighbour's conduct, a car in one's space) is registered at once,
        // even when it reaches the home: nobody needs to be in for it
        // so is a tree, litter or a guard's matter outside that only reaches the home ("树枝耷拉到我家窗户上")
        // a lift serves the building, never one home: nobody need be in for it
        boolean nuisance = c.category() == ServiceCategory.NOISE || c.category() == ServiceCategory.COMPLAINT
                || c.category() == ServiceCategory.PARKING || c.category() == ServiceCategory.GREENING
                || c.category() == ServiceCategory.CLEANING || c.category() == ServiceCategory.SECURITY
                || c.category() == ServiceCategory.ELEVATOR;
        // the place is read from the Mandarin of it too ("louti deng huai le" → 楼梯灯坏了)
        String said = dev.guanjia.bot.policy.Vernacular.read(description);
        boolean home = !nuisance && Utterance.atHome(description) || !Utterance.inPublicArea(description)
                && !Utterance.inPublicArea(said)
                && c.category() != ServiceCategory.NOISE && c.category() != ServiceCategory.PARKING
                && c.category() != ServiceCategory.SUGGESTION && c.category() != ServiceCategory.GREENING
                && c.category() != ServiceCategory.CLEANING && c.category() != ServiceCategory.COMPLAINT
                && c.category() != ServiceCategory.ELEVATOR && c.category() != ServiceCategory.PUBLIC_FACILITY
                && c.category() != ServiceCategory.SECURITY;
        if (home) {
            if (Utterance.saysWhenIn(description)) {
                return tools(createCall(description, description, "", c));
            }
            // even a fault getting worse, a door that will not open or lock, or a shop's fault waits for this one
            // question: the technician needs someone there to let them in, and "现在就在" or "随时" answers it at
            // once (see continueSlots); what to do meanwhile and the duty line come with the question
            String reading = dev.guanjia.bot.policy.Vernacular.read(description);
            if (Utterance.worsening(reading) || Utterance.worsening(description)) {
                return reply(l.say("收到，" + c.category().label() + "问题，情况比较急，会优先安排。请问现在有人在吗？"
                                + "师傅什么时候方便上门？等不及的话可直接拨打24小时值班电话。",
                        "Got it — that is urgent and will be handled first. Is someone there now, or when can the"
                                + " technician come? If it cannot wait, call the 24-hour duty line."),
                        awaiting("time", description));
            }
            if (Utterance.doorWillNotOpenOrLock(reading) && !Utterance.innerDoor(reading)) {
                return reply(l.say("收到，门锁问题。请问您现在在门口吗？师傅什么时候方便过来？",
                        "Got it, a lock problem. Are you at the door now, or when can the technician come?"),
                        awaiting("time", description));
            }
            if (dev.guanjia.bot.policy.Cues.atBusinessPremises(description)) {
                return reply(l.say("收到，" + c.category().label() + "问题。请问店里什么时候有人，方便师傅上门？",
                        "Got it. When is someone at the premises for the technician to come?"), awaiting("time", description));
            }
            // sparks from a socket or switch are a repair like any, but the fitting should not be used till then
            String meanwhile = c.category() == ServiceCategory.ELECTRICAL && SPARKS.matcher(reading).find()
                    ? l.say("为安全起见，修好之前请先别用这个插座或开关，必要时把对应回路的空气开关关掉。",
                    " Until then, please stop using that socket or switch, and switch off its breaker if you can.")
                    : "";
            return reply(l.say("收到，" + c.category().label() + "问题。" + meanwhile + "请问您什么时候方便师傅上门？家里什么时间有人？",
                    "Got it." + meanwhile + " When can a technician come — when is someone at home?"), awaiting("time", description));
        }
        // a public fault whose place is said loosely ("小区门口的灯坏了", "地库的灯不亮") is registered at once with
        // the place as said, and the reply asks for the detail beside the order (see afterTools); so is a shared
        // thing named with no place at all ("健身器材坏了", "井盖松了"), which says by itself it is not in a home.
        // Only a light or fitting on a stair or corridor that every floor has waits for which floor, unless it
        // could hurt someone meanwhile (glass on the stairs): that is registered first, its floor asked beside it.
        boolean needsPlace = (c.category() == ServiceCategory.ELECTRICAL || c.category() == ServiceCategory.PUBLIC_FACILITY)
                && !Utterance.placeIsSpecific(description) && !Utterance.placeIsSpecific(said)
                && !Utterance.hazard(description) && !Utterance.hazard(said)
                && (Utterance.onEveryFloor(description) || Utterance.onEveryFloor(said));
        if (needsPlace) {
            return reply(l.say("收到。请问具体在哪个位置？比如几楼、哪一层或哪个单元，方便师傅尽快找到。",
                    "Got it. Where exactly is it (building, floor, unit), so the technician can find it?"),
                    awaiting("where", description));
        }
        return tools(createCall(description, "", description, c));
    }

    private AiMessage continueSlots(String awaiting, String t, ObjectNode state) {
        String description = state.path("description").asText("");
        Language l = Language.of(t);
        switch (awaiting) {
            case "what" -> {
                Classification c = classifier.classify(dev.guanjia.bot.policy.Vernacular.read(t));
                return repairWithDescription(t, c, l);
            }
            case "house" -> {
                // the resident said which home: the order asked for before goes there
                return tools(call("createWorkOrder", "description", description, "appointment",
                        state.path("appointment").asText(""), "location", "", "category", state.path("category").asText(""),
                        "priority", state.path("priority").asText(""), "house", t));
            }
            case "cancel" -> {
                return tools(call("cancelWorkOrder", "codeOrHint", t, "reason", description));
            }
            case "rate-which" -> {
                return tools(rateCall(t, state.path("score").asInt(5)));
            }
            case "time" -> {
                // the time is read from the Mandarin of the answer too ("mingtian shangwu 10 dian" → 明天上午10点)
                String when = dev.guanjia.bot.policy.Vernacular.read(t);
                // "说错了，是主卧的吸顶灯不亮，周六上午有人": the fault said again, corrected, is the one to repair
                if (CORRECTED.matcher(when).find() && Utterance.describesProblem(when)) {
                    // the home named before ("1806厨房龙头…" then "不对 是卫生间台盆") is still the one meant
                    String home = dev.guanjia.bot.policy.Cues.roomsNamed(description).stream()
                            .filter(r -> !t.contains(r)).findFirst().map(r -> r + " ").orElse("");
                    return repairWithDescription(home + t, trade(t), Language.of(t));
                }
                boolean timed = Utterance.hasTime(t) || Utterance.hasTime(when);
                // "你叫师傅明天下午来好了，我八十多了走不动": a day and someone to come is the answer, whatever else is said
                boolean comeThen = timed && dev.guanjia.ticketing.appointment.VisitWindow.namesADayOrClock(when)
                        && COME.matcher(when).find();
                if (timed && !Utterance.describesProblem(SOMEONE_IN.matcher(t).replaceAll(""))
                        || timed && t.length() <= 12 || comeThen) {
                    // the trade was read from the Mandarin of the description ("nuan qi bu re" → 暖气不热)
                    return tools(createCall(description, t, "", urgency(description)));
                }
                // "我而家就喺门口等", "随时来都行": now or any time is the answer to when — registered, the
                // technician calls ahead
                if ((HERE_NOW.matcher(t).find() || HERE_NOW.matcher(when).find() || ANY_TIME.matcher(t).find()
                        || ANY_TIME.matcher(when).find()) && !Utterance.describesProblem(AT_HOME_OR_DOOR.matcher(t).replaceAll(""))) {
                    return tools(createCall(description, t, "", urgency(description)));
                }
                // "等一下，不光是灯，卧室插座也没电。周六全天在家", "明天下午三点以后在，顺便把地漏也通一下": more of
                // the fault and a day with it — one order for all of it, at that time
                if (timed && dev.guanjia.ticketing.appointment.VisitWindow.namesADayOrClock(when)
                        && !PUT_OFF.matcher(when.toLowerCase(java.util.Locale.ROOT)).find()
                        && !dev.guanjia.bot.policy.Cues.givesUpAnOrder(when)) {
                    return tools(createCall(description + "；" + t, t, "", urgency(description + "；" + t)));
                }
                // "师傅一般几点能到？": when someone comes is what the resident's answer decides — said so, and asked again
                if (WHEN_COMES.matcher(when).find() && !timed) {
                    return reply(l.say("师傅会按您方便的时间上门，出发前会先给您打电话。请问您什么时候家里有人？比如“明天下午两点到四点”。",
                            "The technician comes at a time that suits you and phones before setting off. When is someone "
                                    + "at home, e.g. \"tomorrow 2 to 4 pm\"?"), awaiting("time", description));
                }
                // more about the fault ("就开灯那会儿最厉害", "水是黄的") rather than a question or another matter: noted,
                // and the one question asked again — the repair is not dropped for a "no answer"
                boolean detail = t.codePointCount(0, t.length()) <= 30 && !dev.guanjia.bot.policy.Cues.asksAboutOneThing(when)
                        && !dev.guanjia.bot.policy.Cues.givesUpAnOrder(when)
                        && !CLOSING.matcher(when.toLowerCase(java.util.Locale.ROOT)).find()
                        && !PUT_OFF.matcher(when.toLowerCase(java.util.Locale.ROOT)).find() && Utterance.score(t) == 0;
                if (detail && !Utterance.describesProblem(t)) {
                    // the detail goes with the fault onto the order made once the time is said
                    String more = description + "；" + t;
                    return reply(l.say("好的，我记下了：" + t + "。请问您什么时候方便师傅上门？比如“明天上午”。",
                            "Noted: " + t + ". When can the technician come, e.g. \"tomorrow morning\"?"),
                            awaiting("time", more));
                }
                // "那得多少钱啊？", "要收费不": a question about the repair that names no thing of its own is about the
                // fault awaiting its visit — searched with it (the answer is followed by the time asked again)
                if (!timed && dev.guanjia.bot.policy.AsksFact.in(when) && !classifier.namesAThing(when)
                        && !Utterance.describesProblem(when) && !description.isBlank()) {
                    // the fault's first clause in Chinese ("马桶堵了"), not the whole telling nor a home's number before
                    // it; a price asked is a repair's price (an English question stays English, the words it searches)
                    String told = description.replaceFirst("^[\\s\\d\\-A-Za-z]*(?=\\p{IsHan})", "").strip();
                    boolean chinese = told.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
                    String fault = chinese ? told.split("[，,。；;！!？?\\s]")[0] : description;
                    if (fault.isBlank()) {
                        fault = description;
                    }
                    return tools(call("searchKnowledge", "question", fault + (chinese ? "，" : ". ") + t
                            + (chinese && COST.matcher(when.toLowerCase(java.util.Locale.ROOT)).find() ? " 上门维修收费" : "")));
                }
                if (Utterance.describesProblem(t) || t.contains("听不") || t.contains("说啥") || t.contains("什么")) {
                    return reply(l.say("好的，我记下了：" + description + "。请问您什么时候方便师傅上门？比如“明天上午”。",
                            "Noted: " + description + ". When can the technician come, e.g. \"tomorrow morning\"?"),
                            awaiting("time", description));
                }
                return null;
            }
            case "where" -> {
                String full = description + "（位置：" + t + "）";
                Classification c = trade(description);
                return tools(createCall(full, "", full,
                        c.category() == ServiceCategory.OTHER ? trade(description + t) : c));
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

    /** The trade of a home fault, raised to high priority when it is getting worse (water rising, a home too cold). */
    private Classification urgency(String description) {
        Classification c = trade(description);
        String reading = dev.guanjia.bot.policy.Vernacular.read(description);
        boolean worse = Utterance.worsening(reading) || Utterance.worsening(description);
        return worse && (c.priority() == Priority.NORMAL || c.priority() == Priority.LOW)
                ? new Classification(c.category(), Priority.HIGH, "情况在加重：" + description) : c;
    }

    /** Names a thing one of the trades sees to, without asking the articles anything. */
    private boolean talksOfATrade(String t) {
        ServiceCategory c = trade(t).category();
        String m = dev.guanjia.bot.policy.Vernacular.read(t);
        return c != ServiceCategory.OTHER && c != ServiceCategory.COMPLAINT && c != ServiceCategory.SUGGESTION
                // "烟还是往屋里跑": 还是 here is "still", not the either-or of a question about the rule
                && SAYS_A_STATE.matcher(t).find() && !SETTLED.matcher(t).find() && reportedAsQuestion(m.replace("还是", "仍然"))
                && reportedAsQuestion(t.replace("还是", "仍然"));
    }

    /**
     * Fixed, thanked for, not wanted any more, or someone come for their own round ("谢谢，热水器已经好了", "空调不用了，
     * 想把外机拆了", "燃气公司的人今天来抄表了"): nothing to report.
     */
    private static final java.util.regex.Pattern SETTLED = java.util.regex.Pattern.compile(
            "好了|修好|弄好|搞好|谢谢|多谢|感谢|不用了|不需要了|拆|抄表|查表|送来了|送到了|(?i)\\b(thanks|thank you|fixed|sorted)\\b");
    /**
     * Something said of the thing — negated, repeated, too much, changed — as a fault is told; a place alone
     * ("东门，挨着A1那个人行门", "A2 unit 1, lift lobby") says none.
     */
    private static final java.util.regex.Pattern SAYS_A_STATE = java.util.regex.Pattern.compile(
            "不|没|冇|唔|无|未|坏|老是|一直|总是|经常|又|还是|太|特别|好几|得很|得要死|死了|了(?=[，,。！!？?\\s]|$)|嘞|咯|啦|哒|咧|"
                    + "(?i)\\b(not|no|never|keeps?|won'?t|doesn'?t|isn'?t|stopped|dead|still|too|again)\\b|n't");

    /** The taxonomy's reading of the Mandarin of a description, or of its own words when only they name the trade. */
    private Classification trade(String description) {
        Classification read = classifier.classify(dev.guanjia.bot.policy.Vernacular.read(description));
        return read.category() == ServiceCategory.OTHER ? classifier.classify(description) : read;
    }

    private ToolExecutionRequest createCall(String description, String appointment, String location,
                                            Classification c) {
        return createCall(description, appointment, location, c, "");
    }

    private ToolExecutionRequest createCall(String description, String appointment, String location,
                                            Classification c, String house) {
        return call("createWorkOrder", "description", description, "appointment", appointment,
                "location", location, "category", c.category().code(),
                "priority", c.priority() == Priority.NORMAL ? "" : c.priority().code(), "house", house);
    }

    private ToolExecutionRequest rateCall(String hint, int score) {
        return call("rateWorkOrder", "codeOrHint", hint, "rating", score, "comment", hint);
    }

    /** Thanks or goodbye, in any register ("多谢晒", "辛苦了", "好嘞", "cheers"). */
    private static final java.util.regex.Pattern CLOSING = java.util.regex.Pattern.compile(
            "谢|感谢|唔该|辛苦|麻烦你了|拜拜|再见|回头见|知道了|明白了|没事了|好嘞|好的|行吧|可以了|\\b(thanks|thank you|cheers|bye|goodbye|ok|okay|got it)\\b");

    private String intent(String t) {
        String lower = t.toLowerCase(java.util.Locale.ROOT);
        if (Language.of(t).english()) {
            return englishIntent(lower);
        }
        // "喂 是物业吧", "您好 在吗": opening the line, nothing asked or reported yet
        if (OPENING.matcher(t).matches()) {
            return "greeting";
        }
        // "你好 my bill please": the English part says what is wanted
        if (Utterance.matches(lower, "[a-z]{2,}\\s+[a-z]{2,}\\s+[a-z]{2,}")) {
            String english = englishIntent(lower);
            if (!english.equals("knowledge") && !english.equals("greeting")) {
                return english;
            }
        }
        // "不用修了，自己弄好了", "单子销了吧", "那单退了", "师傅别来了": the order is not wanted any more
        if (dev.guanjia.bot.policy.Cues.givesUpAnOrder(t)
                && !Utterance.matches(t, "^(请问|想问)?(怎么|如何|可以|能不能|能否)|(可以|能|能不能|能否)(取消|撤销)(吗|不|么)?[？?]?$|要扣|扣钱|收费吗")) {
            return "cancel";
        }
        // pinyin: "quxiao baoxiu" (not a booking's "quxiao yuyue"), "wu xing hao ping"
        if (Utterance.matches(lower, "\\bqu ?xiao\\b") && !Utterance.matches(lower, "yu ?yue|yu ?ding")) {
            return "cancel";
        }
        if (Utterance.matches(lower, "\\b(hao ?ping|cha ?ping|da ?fen|ping ?jia)\\b|\\b(yi|er|san|si|wu) ?xing\\b")) {
            return "rate";
        }
        // "上回灯修得挺好，很满意": a finished job praised is rated, as 好评 is
        if ((Utterance.matches(t, "评价|打分|打个分|好评|差评|" + dev.guanjia.bot.policy.Cues.NO_CLOCK_BEFORE + "[1-5一二三四五两]\\s*(颗)?(" + dev.guanjia.bot.policy.Cues.POINTS + "|星)|满意度|满分")
                || Utterance.matches(t, Utterance.PRAISED) && Utterance.matches(t, "师傅|修|弄|装|换|工单|单子|服务|上次|上回|那次"))
                && !Utterance.matches(t, "^(请问|想问)?(怎么|如何)(评价|打分)|评价有什么用")) {
            return "rate";
        }
        // "什么时候来电 / 来水" asks when a supply returns, not when the technician comes
        // "健身器材的转盘松了，有没有人管啊": a new problem with "does anyone see to it" reports it; only one that
        // names the earlier report ("我报的漏水有人管吗") asks how it stands
        // (the policy has already answered a fault of the same trade as an open order with that order's status: a
        // fault told here without naming a report — "单元门老是关不严，老这样了，有人管没有" — is new)
        boolean newProblem = Utterance.describesProblem(t) && !dev.guanjia.bot.policy.Cues.refersToReport(t)
                && !Utterance.matches(t, "报的|报了|报过|报修了|反映过|之前|上次|上回");
        if (!Utterance.matches(t, "^(请问|想问一?下|问一?下)?(怎么|怎样|如何|在哪|哪里|去哪)(查|看)")
                && (Utterance.matches(t, "怎么样了|到哪一步|进度|什么时候来(?![电水气暖])|修好了没|修得怎么样|什么状态|处理完了没|处理了没|"
                + "有没有人来|派人了|有回音|结果出来|报的.*(呢|吗|没)|单子.*(状态|怎么|到哪)")
                // "有人管么" asks after a report only when one is named ("我报的漏水有人管吗"): "窗外挂腊肉有人管么"
                // asks the rule
                || Utterance.matches(t, "有人管") && Utterance.matches(t, "报|单(?![元车])|反映|投诉|的事|那事|那个事|上次|之前|上回|前几天|前天|昨天|说的|讲的|修"))
                && !(newProblem && reportedAsQuestion(t) && !Utterance.matches(t, "怎么样了|哪一步|进度|修到|修好了没|修得怎么样|"
                + "什么状态|处理完了没|处理了没|派人了|有回音|结果出来|的事|那事"))) {
            return "status";
        }
        // a house named by its code or room ("查一下A1-1-201欠多少") is someone's account too: the visitor is asked who they are
        boolean personal = Utterance.matches(t, "我|咱|俺|名下|屋里|自家|\\bmy\\b|\\bI\\b|"
                + "[A-Za-z]?\\d{1,2}-\\d{1,2}-\\d{2,4}|\\d{1,2}(栋|幢|号楼)\\d{1,2}单元\\d{3,4}|\\d{3,4}(室|房)");
        // (bills lost from a broken mailbox are the mailbox's fault, not a question of the account)
        if (Utterance.matches(t, "账单|查.{0,4}(欠费|交费|缴费|费用)|欠费情况|缴费记录|交费记录") && !Utterance.matches(t, "怎么|如何|哪里|在哪|信箱|信报箱|邮箱|报箱")) {
            return "bill";
        }
        // pinyin: "hai qian duoshao", "zhangdan"
        if (Utterance.matches(lower, "hai ?qian|qian ?(le )?duo ?shao|zhang ?dan|qian ?fei")) {
            return "bill";
        }
        if (Utterance.matches(t, "是不是该交|该交了|要交了吗|到期了没|到期没|(今|这|本)(个)?(季|季度|月|期)(的)?(物业费|管理费|费用|车位费).{0,4}(几多钱|多少钱|多少|几钱)")
                && !asksTheRule(t)) {
            return "bill";
        }
        if (personal && !asksTheRule(t) && Utterance.matches(t, "欠多少|还欠|欠了|欠着|欠费|欠缴|账单|交了没|交过没|交了吗|交到|没交|还差|待缴|"
                // "交掉了吗" (Shanghai 交脱了伐), "是不是还没缴", "缴了没"
                + "(交|缴)掉了(吗|没)|没缴|(交|缴)没(交|缴)|缴了(没|吗)|缴过没|"
                // how much is still to pay ("还要交多少", "一共该交好多")
                + "(还|一共|总共)?(要|得|需要|该)(交|缴|付)(多少|几多|好多|几钱)|差不差|"
                // "我那俩房子的物业费一共多少": the sum of their own bills
                + "(费|钱).{0,4}(一共|总共|合计|加起来)(是)?(多少|几多|好多)|"
                + "未缴|缴清|交清|结清|交费情况|缴费情况|交齐|应缴|催缴|催费|费用.*(没|吗)")) {
            return "bill";
        }
        // owing said as "差" (西南, 中原: "两套一共差好多，一起交了", "还差几多钱"), money in the message; a price
        // difference ("换成大车位差多少钱") or votes short ("一共差多少票") is no bill
        if (personal && !asksTheRule(t) && OWING_AS_CHA.matcher(t).find() && MONEY_WORD.matcher(t).find()
                && !CHA_COMPARES.matcher(t).find()) {
            return "bill";
        }
        // "电梯坏了的话维修费谁出": a fault supposed in a question of who pays is no report
        if (Utterance.describesProblem(t) && !isQuestion(t) && !Utterance.matches(t, "的话|假如|假设|(业主|物业|谁)(来)?出")) {
            return "repair";
        }
        // "台阶是不是塌了？能不能派人来看看", "井盖翘起来了，你们物业知道吗": a problem said with a question that only
        // asks for someone to see to it is a report, not a question for the articles
        if (newProblem && reportedAsQuestion(t)) {
            return "repair";
        }
        // "车棚顶让风刮开了 砸着人咋整": a fault reported with only "what now" asked wants it repaired
        if (Utterance.describesProblem(t) && WHAT_NOW.matcher(t).find()
                && !isQuestion(WHAT_NOW.matcher(t).replaceAll("")) && !Utterance.matches(t, "万一|如果|要是|假如|假设|的话")) {
            return "repair";
        }
        IntentClassifier.Result r = intents.classify(t);
        if (r.confidence() >= 0.6 && r.cosine() >= 0.72 && !r.intent().equals("knowledge")) {
            // "管理费每平方收几块" sounds like a bill question but asks for the rule, not the caller's account
            if (!personal && Set.of("bill", "status", "cancel", "rate").contains(r.intent())
                    || r.intent().equals("bill") && asksTheRule(t)) {
                return "knowledge";
            }
            // "这个修要俺掏钱不" right after an order: a question that only sounds like one given up asks who pays;
            // an order is cancelled on its own words (取消, 撤, 不用来了…: see Cues.givesUpAnOrder), never on a likeness
            if (r.intent().equals("cancel") && isQuestion(t) && !dev.guanjia.bot.policy.Cues.givesUpAnOrder(t)
                    && !Utterance.matches(t, "取消|撤|退单|不要了|不用了|不用来|别来|(?i)\\bcancel")) {
                return "knowledge";
            }
            // how an order stands only when something was reported, asked for or is to come ("什么时候来电" is not)
            // "报咗修师傅一般几耐上门": how repairs go as a rule, no fault told — the articles answer
            if (r.intent().equals("repair") && dev.guanjia.bot.policy.Cues.asksInGeneral(t) && !Utterance.describesProblem(t)) {
                return "knowledge";
            }
            // (nor "报了修多久会有人联系我", "报咗修一般几耐上门": how it goes as a rule)
            if (r.intent().equals("status") && (!Utterance.matches(t, "报|单|修|师傅|人|投诉|申请|进度|处理|反映|约|弄|搞|整|装|换|查")
                    || dev.guanjia.bot.policy.Cues.asksInGeneral(t))) {
                return "knowledge";
            }
            // "…另外我家储藏间的顶灯不亮 麻烦派个师傅看看": a new repair asked for beside a question, not an order's status
            if (r.intent().equals("status") && repairPart(t) != null) {
                return "knowledge";
            }
            // "你们物业办公室在哪", "投诉找哪个部门": asking where or who, which the articles answer, is no complaint
            if (r.intent().equals("complaint") && Utterance.matches(t, "在哪|哪里|哪儿|几点|电话|号码|归谁|谁管|找谁|哪个部门|怎么(联系|走|去|投诉)")) {
                return "knowledge";
            }
            return r.intent().equals("handoff") ? "knowledge" : r.intent();
        }
        return "knowledge";
    }

    /** Only greetings and "is this the property desk?": how a call or chat opens, in any region's words. */
    private static final java.util.regex.Pattern OPENING = java.util.regex.Pattern.compile(
            "(?i)[\\s，,。.!！?？~、]*((喂|哎|诶|嗯|你好|您好|哈喽|哈啰|在吗|在不在|有人吗|有人没|有人不|请问|早上好|下午好|晚上好|"
                    + "(这|这里|你们|你)?(是|系)(不是)?(物业|管理处|物业公司|服务中心|客服)(吗|吧|嘛|不|么|呀|啊|哦|哇)?|"
                    // "你是真人还是机器人": what one is talking to, which the introduction answers
                    + dev.guanjia.bot.policy.Cues.WHAT_IT_IS + "|"
                    + "hello|hi|hey)[\\s，,。.!！?？~、]*)+");

    /** The same intents read from English: a tenant's own bills, orders, or a problem at home. */
    private static String englishIntent(String t) {
        if ((dev.guanjia.bot.policy.Cues.givesUpAnOrder(t) || Utterance.matches(t, "\\bqu ?xiao\\b")) && !Utterance.matches(t, "yu ?yue|yu ?ding|^(how|(can|could) (i|we|one|tenants|residents)|is it possible)\\b")) {
            return "cancel";
        }
        if (Utterance.matches(t, "\\b(hao ?ping|cha ?ping|da ?fen)\\b|\\b(yi|er|san|si|wu) ?xing\\b")) {
            return "rate";
        }
        if (Utterance.matches(t, "\\b(rate (the|my|this|it|your|our|them|him|her)|rating for|[1-5] stars?|five stars|feedback on)\\b")) {
            return "rate";
        }
        boolean mine = Utterance.matches(t, "\\b(i|my|we|our|me)\\b");
        if (mine && Utterance.matches(t, "\\b(fee|fees|charge|charges)\\b") && Utterance.matches(t, "\\bthis (month|quarter|year)\\b")
                && Utterance.matches(t, "\\b(my|our) (flat|apartment|home|unit|house|shop|office)\\b|\\b(i|we) (need|have) to pay\\b")) {
            return "bill";
        }
        if (mine && Utterance.matches(t, "\\b(owe|owing|bills?|outstanding|arrears|unpaid|balance|paid up|overdue|dues|"
                // "is my car park fee paid for december?"
                + "(fee|fees|charge|charges|rent) (is |are )?paid (for|up|until|yet|through)|"
                + "pending (payments?|charges|fees|amounts?)|maintenance (charges|fees)|"
                + "(need|have) to pay|pay this (month|quarter|year))\\b")
                && !Utterance.matches(t, "\\b(how (can|do) i pay|where)\\b")) {
            return "bill";
        }
        if (Utterance.describesProblem(t) && !Utterance.matches(t, "^(how|what|where|when|is|are|can|do|does)\\b")) {
            return "repair";
        }
        if (Utterance.matches(t, "^((ok|okay|great|fine|alright)[,!. ]+)?(hi|hello|hey|thanks|thank you|cheers|bye|goodbye|good (morning|afternoon|evening))\\b[a-z ,'’]{0,20}[!. ]*$")) {
            return "greeting";
        }
        return "knowledge";
    }

    /**
     * Asking what the rule is rather than what the caller owes: a consequence (会停电吗), a permission
     * (能不能), a hypothetical (如果), or a sum worked from a given area ("120平米一年多少").
     */
    private static boolean asksTheRule(String t) {
        return Utterance.matches(t, "会不会|会.{0,8}吗|能不能|可不可以|可以.{0,6}吗|是否|如果|要是|万一|规定|"
                + "\\d+(\\.\\d+)?\\s*(个)?(平方|平米|㎡|m2)|怎么算|怎么收|标准|"
                // the price per unit ("物业费一平米多钱", "单价多少"), however much is owed
                + "一平|每平|单价|(多少|几)钱一(平|个?月|年)|按(面积|平方|平米)|"
                // how paying is done for someone ("替我爸缴 他要本人到场么"): the procedure
                + dev.guanjia.bot.policy.Cues.IN_PERSON + "|代(交|缴)|代办");
    }

    /**
     * The question forms that report rather than ask: whether the desk knows, whether anyone sees to it, asking
     * for someone to come, "是不是坏了", "怎么回事" — and a final question mark. What is left must ask nothing.
     */
    /** An order left unnamed among several: "撤一个", "撤个单子", "其中一个", "cancel one of my repair requests". */
    private static final java.util.regex.Pattern ONE_OF_THEM = java.util.regex.Pattern.compile(
            "(撤|取消|退|销)(掉)?(一个|一单|个)(?!下)|(?<![这那])个单子|其中一|(?i)\\bcancel\\s+(one|one of|a|an)\\b");

    private static final java.util.regex.Pattern RHETORICAL = java.util.regex.Pattern.compile(
            "(你们|物业|你们物业|管理处)?(知道|知不知道|晓得|晓不晓得|知唔知|清楚|发现)(吗|不|么|伐|没|嘛|没有)?|"
                    // "晚上咋关店啊？", "这样怎么睡觉": what the fault keeps one from, no question for the articles
                    + "(晚上|今晚|这样|这下|那|让我|叫我|我)?(咋|怎么)(关店|关门|锁门|出门|睡觉?|过|住|做饭|洗澡|上班|出去|进去|进门|开门|营业|做生意|上楼|下楼)"
                    + "(啊|呀|呢|嘛|哦)?[？?]*|"
                    + "(有没有|有冇|有无|还有没有|到底有没有|就没有|都没有)(人|物业)?(管|理|处理|来|收拾|除|修|剪|扫|清|弄)(管|一下|一哈|啊|呀)?|"
                    + "(是)?(个)?摆设(吗|嘛|么)?|怎么(搞|干|做|办)(卫生|活|事)?的|"
                    // "你们能不能上点心": a grumble, not a question
                    + "(你们)?(能不能|能否|可不可以|就不能|可以)?(上点儿?心|用点心|长点心)(啊|呀|吗|嘛|么|呢)?|"
                    + "(还|到底)?管不管|能不能管管|管一管|"
                    // "路灯不亮了 你们管管吗", "侬拉管管伐": asking them to see to it, with a question's tag
                    + "(你们|物业|你们物业)?(来)?管(管|一下|下)(吗|么|伐|好吗|好伐|行吗|行不行|可以吗|呗|吧|呀|啊)?|(就|都|也|还)?不管(的)?(吗|嘛|么|啊)?|都几点了|"
                    // "这都多少天了", "说了多少回了": how long it has gone on, said in anger
                    + "(这|都|已经|说了|讲了|打了)(都)?(多少|几)(天|回|次|趟|遍|年|个月|个礼拜)了|"
                    // "你叫保洁来铲铲清爽好吗", "派个人来看下行不行": a request for someone with a polite tag
                    + "(?<![我己])(叫|喊|派|找|让|安排)[^，,。？?！!]{1,10}(好吗|好不好|行吗|行不行|可以吗|可不可以|好伐|中不中|得不得)(?=[？?。！!，,\\s]|$)|"
                    // "能调一下吗", "可以派人来看看不", "能不能给修剪一下": the whole request for someone, its 吗 too
                    + "(能不能|可不可以|能否|可否|能|可以|麻烦|请)(给我?|替我)?(派|找|叫|安排|来|过来|上门|帮|去|修|处理|清理|弄|管|调|换|看|装|通|检查|维修|补种|打药|喷药|打点药|喷点药)"
                    + "[^，,。？?！!]{0,8}?(吗|嘛|么|不|呀|啊|呢)(?=[？?。！!，,\\s]|$)|"
                    + "(能不能|可不可以|能否|可否|能|可以|麻烦|请|快)(?=(给我?|替我)?(派|找|叫|安排|来|过来|帮|让|去|联系|通知|喊|赶紧|快|尽快|加固|修|处理|清(?!楚)|扫|收拾|拾掇|拖走|拉走|搬走|弄|管|打药|打点药|喷药|喷点药|补种|种上|灭|修剪|锯|割|挪|查|调|换|看|装|通|检查|维修))|"
                    // "有人管吗", "找谁修", "是坏了吗": asking someone to see to it, or whether it is broken, of a fault told
                    + "(有|没)?人管(吗|没|不|么|嘛)?|找谁(修|来修|弄|处理|看)|(是不是|是)?(坏|堵|漏|断|停|没电|没水)(了)?(吗|吧|么|嘛)|"
                    + "是不是(哪里|哪儿|哪个地方|什么地方|哪块|哪根管子?)?(?=(坏|没人|该|又|被|漏|堵|破|断|塌|停|裂|松|不|出(了)?问题|有问题))|"
                    + "怎么回事|咋回事|怎么搞的|咋搞的|咋整的|咋弄的|"
                    // "周末不是不让整吗", "不是规定不准装修吗": a rule broken, said as a question, reports who broke it
                    + "(不是|不是说|不是规定|不是讲)(不让|不准|不许|不能|禁止|不可以)[^，,。？?！!]{0,6}(吗|嘛|么|啊|呀|哦)?[？?]*|"
                    // "锁芯坏了，师傅今天能来吗", "玻璃裂了，多久能来换": when someone comes is asked of a fault reported
                    + "(多久|多长时间|什么时候|啥时候|几点|几时|今天|明天|马上|现在)(能|可以|会)?(来|到|上门|派人|来人)(修|换|看|弄|处理|收|清|扫|拉走|运走|剪|挪)?"
                    // Wu "来收脱伊" (come and take it away), Cantonese "嚟收咗佢"
                    + "(掉|脱|忒|走|咗)?(它|伊|佢|渠)?(一下|看看)?(吗|不|么|嘛|呢|没|啊|呀)?(?=[？?。！!，,\\s]|$)|"
                    + "(吗|嘛|么|不|啊|呀|呢)?[？?]");
    /** A question about the rule or a case that has not happened, which a problem named in it does not make a report. */
    private static final java.util.regex.Pattern RULE_ASKED = java.util.regex.Pattern.compile(
            "一般|的话|如果|要是|假如|假设|还是|规定|收费|要钱|多少钱|费用|谁出|谁负责|谁来修|归谁|怎么申请|申请|流程|手续|多久能|能修好");

    private static boolean reportedAsQuestion(String t) {
        return !RULE_ASKED.matcher(t).find() && !isQuestion(RHETORICAL.matcher(t).replaceAll("，"));
    }

    /** Asking how something works (几点, 多久, 怎么, 电话…) rather than reporting that something is wrong. */
    private static final java.util.regex.Pattern WHAT_NOW = java.util.regex.Pattern.compile(
            "(可|那|这)?(怎么办|咋整|咋办|咋弄|怎么弄|怎么整|点算|咋个办)(呀|啊|呢|哦|嘛)?[？?！!]*");

    /** Where someone came from, not known ("也不知道打哪儿进来的"): said of a stranger, not asked. */
    private static final java.util.regex.Pattern ORIGIN_UNKNOWN = java.util.regex.Pattern.compile(
            "((?<!知)不知道?|不晓得|不清楚|也不知)(是)?(打|从)哪(里|儿)?(进来|来|冒出来|跑来|钻进来|跑进来|混进来)的");

    private static final java.util.regex.Pattern OWING_AS_CHA = java.util.regex.Pattern.compile("(一共|总共|还|倒)差(多少|好多|几多|几)|差(多少|好多|几多)钱");
    private static final java.util.regex.Pattern MONEY_WORD = java.util.regex.Pattern.compile("钱|费|交|缴|付|欠|账");
    private static final java.util.regex.Pattern CHA_COMPARES = java.util.regex.Pattern.compile("换|比|相差|差价|差别|差额|票|天|人|分");

    private static boolean isQuestion(String t) {
        t = ORIGIN_UNKNOWN.matcher(t).replaceAll("");
        // "多久没擦了", "多久没人管": how long it has been neglected is said, not asked
        // "这几天", "前几年": a span of time told, not asked
        return Utterance.matches(t, "几点|(?<![好这前近那了])几年(?!(都|也)?没)|(?<![好这前近那了])几天(?!(都|也)?没)|几号|多久(?!(都)?没)|多长|多少(?!危险|吓人|可怕)|多钱|几钱|几多(?!危险|吓人|可怕)|怎么(?!.{0,3}[都也])|如何|哪里|在哪|找谁|归谁|谁管|谁负责|"
                // "挪车电话打了没人接" reports a call that failed; it does not ask for a number
                // "只能打电话", "打电话叫人": calling someone is told, no number asked for; so is a number not left
                // ("车上也没留电话", "连个电话都没留")
                + "(?<![打拨留])电话(?!.{0,3}(打|拨|没人|无人|不接|不通|关机|占线|都没|也没|没留))|什么时候|为什么|是否|能否|"
                + "[能可会要行].{0,12}不[？?\\s]*$|"
                + "可以吗|能不能|(?<!违反|违背|不按|不守)规定|要求|流程|手续|需要.*吗|要.*吗|吗？?$|\\?$|？$");
    }

    /** Sentences of a message, and "还有 / 另外 / 顺便" starting a new one. */
    private static final java.util.regex.Pattern SENTENCES = java.util.regex.Pattern.compile(
            "[？?。！!；;\\n]+|[，,\\s]+(?=还有|另外|顺便|再就是|and also|also)");

    /**
     * In a message of several sentences that asks something, the one that reports a problem and asks for
     * someone ("还有我家暖气不热 能来人看看不"); null when there is none or the message is one sentence.
     */
    private static String repairPart(String t) {
        String[] parts = SENTENCES.split(t.strip());
        if (parts.length < 2) {
            return null;
        }
        // "…堵了 顺便问下通一次多少钱": the question is said to be an aside, so the rest reports the repair
        boolean aside = Utterance.matches(t, "顺便问|顺带问|顺道问|捎带问|另外问|再问一?下|还想问|(?i)\\b(also|btw|by the way)\\b");
        for (String part : parts) {
            String m = dev.guanjia.bot.policy.Vernacular.read(part.strip());
            if (aside && Utterance.describesProblem(m) && !isQuestion(m)) {
                return part.strip();
            }
            // "物业费多少？顺便报个修，花洒一直滴水，周六上午在家", "补卡多少钱？还有单元门口的门禁屏幕被砸裂了": a fault
            // told as such — with when someone is home, or of a shared thing — beside the question is reported too
            String told = Utterance.withoutConnective(part.strip());
            if (Utterance.describesProblem(m) && !isQuestion(m) && !Utterance.matches(m, "如果|要是|万一|假如|的话")
                    && (Utterance.saysWhenIn(m) || Utterance.inPublicArea(m) || Utterance.matches(m, "报个?修|报一下修"))) {
                return told;
            }
            // it asks for someone to come, so a question that only mentions a fault ("停电了？几时来电") stays a question
            if (Utterance.describesProblem(m) && Utterance.matches(m, "来人|派人|上门|师傅|来修|修一下|修修|看看|看一下|瞧瞧|瞅瞅|"
                    + "处理一下|报修|(?i)\\b(fix|send|come|repair)\\b")
                    && !Utterance.matches(m, "多少|多钱|几钱|收费|费用|规定|标准|流程|手续|怎么办|如何")) {
                return part.strip();
            }
        }
        return null;
    }

    /** The sentences of a bill question that ask about something else than money ("还有补贴年审要带什么"). */
    private static List<String> otherQuestions(String t) {
        List<String> out = new ArrayList<>();
        String[] parts = SENTENCES.split(t.strip());
        for (int i = 1; i < parts.length; i++) {
            String part = Utterance.withoutConnective(parts[i]);
            boolean asks = isQuestion(part) || Utterance.matches(part, "么|啥|什么|哪|吗|[？?]");
            if (part.length() >= 4 && asks && !Utterance.matches(part, "费|钱|账|欠|交|缴|付|(?i)bill|fee|owe|pay")) {
                out.add(part);
            }
        }
        return out;
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
        Language l = Language.of(user == null ? "" : user);
        // "热水器开了半小时出来的还是凉水", "单元门关上也扣不住": a resident naming a thing of a trade, asking the
        // articles nothing, whom no article answers, tells of a fault in words the taxonomy lacks — a report
        if (user != null && results.size() == 1 && results.get(0).toolName().equals("searchKnowledge")
                && parse(results.get(0).text()).path("abstained").asBoolean(false)
                && "resident".equals(caller(messages)) && talksOfATrade(user)) {
            return startRepair(user, trade(user), l);
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
                            Replies.quote(text, data, PART_PASSAGES);
                        }
                    } else if (answered) {
                        shown.add(data.path("docId").asText());
                        Replies.quote(text, data, Integer.MAX_VALUE);
                        // a fault answered with what to try ("暖气贼拉凉，咋整"): "试了，也不好使，明天来人吧" next is a
                        // report of that fault, whose trade the first message names
                        String said = dev.guanjia.bot.policy.Vernacular.read(user);
                        if (Utterance.describesProblem(said) && classifier.classify(said).category() != ServiceCategory.OTHER
                                && !next.hasNonNull("description")) {
                            next.put("description", user);
                        } else if (dev.guanjia.bot.policy.DialoguePolicy.asksWhetherAThingIsWell(classifier, user)) {
                            next.put(dev.guanjia.bot.policy.DialoguePolicy.ASKED, user);
                        }
                    } else if (!partAnswered(results)) {
                        text.append(Replies.noAnswer(l, data));
                    }
                }
                case "listMyBills" -> text.append(Replies.bills(l, data, user));
                case "createWorkOrder" -> {
                    switch (data.path("status").asText()) {
                        case "ok" -> {
                            JsonNode o = data.get("order");
                            next.put("lastOrder", o.path("code").asText());
                            next.put("lastCategory", o.path("category").asText(""));
                            // a home's order: the time said next becomes (or corrects) its appointment
                            boolean home = !o.path("house").asText("").isEmpty() && !o.path("house").isNull();
                            String location = parse(requestOf(messages, r).arguments()).path("location").asText("");
                            if (home && location.isEmpty()) {
                                next.put("visitOpen", true);
                            }
                            text.append(Replies.created(l, o));
                            // a shared thing's order: where exactly, said next ("就A2栋1单元靠左边那台"), is added to it
                            if (!home) {
                                next.put("placeFor", o.path("code").asText());
                            }
                            // a public fault or a light whose place was said loosely: the order stands, the detail is asked
                            String category = o.path("category").asText("");
                            if (!location.isEmpty() && !Utterance.placeIsSpecific(location)
                                    && (category.equals(ServiceCategory.ELECTRICAL.code())
                                    || category.equals(ServiceCategory.PUBLIC_FACILITY.code()))) {
                                if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
                                    text.append('\n');
                                }
                                text.append(l.say("为方便师傅尽快找到，麻烦补充一下具体位置（比如几栋、几单元、几楼或旁边的标志），师傅出发前也会电话跟您确认。",
                                        "So the technician finds it quickly, please add the exact place (building, unit, floor or a landmark "
                                                + "nearby); they will also call you before coming."));
                                next.put("placeFor", o.path("code").asText());
                            }
                        }
                        case "choose_house" -> {
                            JsonNode args = parse(requestOf(messages, r).arguments());
                            text.append(Replies.whichHouse(l, data));
                            next = awaiting("house", args.path("description").asText(""));
                            next.put("appointment", args.path("appointment").asText(""));
                            next.put("category", args.path("category").asText(""));
                            next.put("priority", args.path("priority").asText(""));
                        }
                        default -> text.append(Replies.refusal(l, data, l.say("登记报修", "register a repair")));
                    }
                }
                case "fileComplaint" -> {
                    // not signed in: the hand-off that follows says what happens next
                    if ("ok".equals(data.path("status").asText())) {
                        next.put("lastOrder", data.path("order").path("code").asText());
                        text.append(Replies.complaintFiled(l, data));
                    }
                }
                case "myWorkOrders" -> text.append(Replies.status(l, data));
                case "addWorkOrderDetail" -> {
                    text.append(Replies.detailed(l, data, parse(requestOf(messages, r).arguments()).path("detail").asText("")));
                    // the shared order stays the one a place or a time said next is added to
                    if ("ok".equals(data.path("status").asText()) && state.hasNonNull("placeFor")) {
                        next.put("placeFor", state.get("placeFor").asText());
                    }
                }
                case "scheduleVisit" -> {
                    text.append(Replies.scheduled(l, data));
                    // the same order's time may be said again ("改成下午吧")
                    next = state.deepCopy();
                    next.remove("awaiting");
                }
                case "cancelWorkOrder" -> {
                    text.append(Replies.cancelled(l, data));
                    if ("choose".equals(data.path("status").asText())) {
                        next = awaiting("cancel", user);
                    }
                }
                case "rateWorkOrder" -> {
                    text.append(Replies.rated(l, data));
                    if ("choose".equals(data.path("status").asText())) {
                        next = awaiting("rate-which", user);
                        next.put("score", parse(requestOf(messages, r).arguments()).path("rating").asInt(5));
                    }
                }
                case "handOff" -> text.append(Replies.handOff(l, data));
                case "reportEmergency" -> {
                    text.append(Replies.emergency(l, data));
                    next.put("description", user);
                    if (data.path("order").hasNonNull("code")) {
                        next.put("lastOrder", data.path("order").path("code").asText());
                        // a follow-up ("快派人来修") goes to the same home
                        next.put("house", data.path("order").path("house").asText(""));
                        if (!data.path("order").path("house").asText("").isEmpty() && !data.path("order").hasNonNull("appointment")) {
                            next.put("visitOpen", true);
                        }
                    }
                }
                default -> text.append(l.say("好的。", "OK."));
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
                text.append('\n');
            }
        }
        // the repair part of a message that also asked a question: its first slot question follows the answer
        String repair = user == null ? null : repairPart(user);
        if (repair != null && results.stream().allMatch(r -> r.toolName().equals("searchKnowledge")
                || r.toolName().equals("listMyBills"))) {
            AiMessage ask = startRepair(repair, trade(repair), l);
            if (!ask.hasToolExecutionRequests() && ask.text() != null) {
                text.append(ask.text());
                next = parse(String.valueOf(ask.attributes().get(STATE))) instanceof ObjectNode o ? o : next;
            }
        }
        // a question between the order and its visit time ("要多久能到？") leaves the order's time still to say
        if (!next.has("awaiting") && !next.has("lastOrder") && state.path("visitOpen").asBoolean(false)
                && state.hasNonNull("lastOrder")) {
            next.put("lastOrder", state.get("lastOrder").asText());
            next.put("lastCategory", state.path("lastCategory").asText(""));
            next.put("visitOpen", true);
        }
        // a question asked while the visit time of a report is awaited ("马桶堵了" … "通一下要多少钱"): the report still
        // waits for it — answered, then asked again, and the time said next registers it
        // (once; asked again only when the question was answered; giving up, putting off or another fault end the wait)
        String read = user == null ? "" : dev.guanjia.bot.policy.Vernacular.read(user);
        if (!next.has("awaiting") && !next.has("lastOrder") && "time".equals(state.path("awaiting").asText(""))
                && !state.path("askedAgain").asBoolean(false)
                && results.stream().allMatch(r -> r.toolName().equals("searchKnowledge"))
                && !dev.guanjia.bot.policy.Cues.givesUpAnOrder(read) && !dev.guanjia.bot.policy.Cues.callsOffTheVisit(read)
                && !PUT_OFF.matcher(read.toLowerCase(java.util.Locale.ROOT)).find() && !Utterance.describesProblem(read)) {
            next = state.deepCopy();
            next.put("askedAgain", true);
            if (!parse(results.get(0).text()).path("abstained").asBoolean(true)) {
                text.append('\n').append(l.say("请问您什么时候方便师傅上门？家里什么时间有人？",
                        "When is someone at home for the technician to come?"));
            }
        }
        return reply(text.toString().strip(), next);
    }

    /** The model's own request that a tool result answers (its arguments say what was asked). */
    private static ToolExecutionRequest requestOf(List<ChatMessage> messages, ToolExecutionResultMessage result) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof AiMessage ai && ai.hasToolExecutionRequests()) {
                for (ToolExecutionRequest q : ai.toolExecutionRequests()) {
                    if (q.id().equals(result.id())) {
                        return q;
                    }
                }
            }
        }
        return ToolExecutionRequest.builder().id(result.id()).name(result.toolName()).arguments("{}").build();
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

    /** A price asked ("那得多少钱", "收不收费", "how much is it"). */
    private static final java.util.regex.Pattern COST = java.util.regex.Pattern.compile(
            "多少钱|几多钱|几钱|几钿|几块|收费|收钱|要钱|花钱|掏钱|付费|免费|费用|\\b(how much|cost|charge|fee|free)\\b");

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
                    if (n instanceof ObjectNode o) {
                        // the articles that reply gave are that reply's: never carried to a later one
                        o.remove(dev.guanjia.bot.policy.DialoguePolicy.GIVEN);
                        return o;
                    }
                    return fresh();
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
        return tag(messages, "channel", "web");
    }

    /** "resident" when the desk knows who writes, "visitor" otherwise (as the system message says). */
    private static String caller(List<ChatMessage> messages) {
        return tag(messages, "caller", "visitor");
    }

    /** A regular expression's word character: ASCII letters, digits and the underscore. */
    private static boolean wordChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    private static String tag(List<ChatMessage> messages, String name, String otherwise) {
        for (ChatMessage m : messages) {
            if (m instanceof SystemMessage s) {
                // "[name:value]": a plain search, as the system message is long and read every turn
                String text = s.text();
                String open = "[" + name + ":";
                for (int at = text.indexOf(open); at >= 0; at = text.indexOf(open, at + 1)) {
                    int from = at + open.length();
                    int to = from;
                    while (to < text.length() && wordChar(text.charAt(to))) {
                        to++;
                    }
                    if (to > from && to < text.length() && text.charAt(to) == ']') {
                        return text.substring(from, to);
                    }
                }
            }
        }
        return otherwise;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }
}
