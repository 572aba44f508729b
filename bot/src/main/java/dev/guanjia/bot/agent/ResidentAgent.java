package dev.guanjia.bot.agent;

import dev.guanjia.bot.memory.PostgresChatMemoryStore;
import dev.guanjia.bot.policy.DialoguePolicy;
import dev.guanjia.bot.tools.ServiceDeskTools;
import dev.guanjia.bot.turn.TurnContext;
import dev.guanjia.ticketing.classify.Classifier;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.memory.chat.ChatMemoryProvider;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.ToolErrorHandlerResult;

import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The agent that answers a resident's message: the dialogue policy first (the same for every
 * model), else the model with the tools, and the conversation's working memory around both.
 * Storing the message and its answer is the desk's business, not the agent's.
 */
public final class ResidentAgent {

    private static final Logger LOG = Logger.getLogger(ResidentAgent.class.getName());
    private static final String SORRY_EN = "Sorry, the system is busy right now; your message is saved. "
            + "Please try again shortly or call the service centre.";
    private static final String SORRY = "抱歉，系统暂时有点忙，您的消息我们已经记录。请稍后再试，或拨打物业服务电话。";

    private final ServiceDeskAgent agent;
    private final DialoguePolicy policy;
    private final ChatMemoryProvider memory;
    private final PostgresChatMemoryStore store;

    public ResidentAgent(ChatModel model, ServiceDeskTools tools, PostgresChatMemoryStore store) {
        this.store = store;
        this.policy = new DialoguePolicy(tools, new Classifier());
        this.memory = id -> MessageWindowChatMemory.builder().id(id).maxMessages(30).chatMemoryStore(store).build();
        this.agent = AiServices.builder(ServiceDeskAgent.class)
                .chatModel(model)
                .tools(tools)
                .chatMemoryProvider(memory)
                // a failing tool must not show the model (or the resident) internals
                .toolExecutionErrorHandler((error, context) -> {
                    LOG.log(Level.WARNING, "tool failed", error);
                    return ToolErrorHandlerResult.text("{\"status\":\"error\",\"message\":\"系统暂时无法完成这一步\"}");
                })
                .hallucinatedToolNameStrategy(request -> ToolExecutionResultMessage.from(request,
                        "{\"status\":\"error\",\"message\":\"no such tool\"}"))
                .build();
    }

    /**
     * The reply to one message. Never throws: a failure is logged and the resident is told the
     * message is kept. {@code misses} counts the conversation's unanswered questions so far.
     */
    public String reply(String communityName, String text, TurnContext context, int misses) {
        String conversationId = context.conversationId();
        store.begin(conversationId);
        try {
            // "那就交了吧", "怎么付": said right after the bills were shown, it is about those bills
            var earlier = memory.get(conversationId).messages();
            context.billsShown(billsJustShown(earlier));
            // "进水阀拧紧了，师傅快来": said right after an emergency was taken, it is about that order
            var emergency = emergencyJustTaken(earlier);
            if (emergency != null) {
                context.emergencyOrder(emergency.get(DialoguePolicy.EMERGENCY_ORDER).asText())
                        .emergencyDanger(emergency.path(DialoguePolicy.EMERGENCY_DANGER).asText(""));
            }
            context.message(text).previousMessage(lastMessage(earlier)).identityAsked(identityJustAsked(earlier))
                    .previousArticles(articlesJustGiven(earlier));
            // "电梯那个", "第二个": said right after a list of orders to choose from, it picks one of them
            context.ordersListed(ordersJustListed(earlier));
            String made = orderJustMade(earlier);
            if (made != null) {
                context.orderJustMade(made);
            }
            Optional<String> ruled = policy.before(text, context);
            if (ruled.isPresent()) {
                String answer = policy.withBills(text, context,
                        policy.withNotices(text, context, policy.withKnowledge(text, context, ruled.get())));
                // the model reads this turn too when the conversation goes on
                var m = memory.get(conversationId);
                m.add(UserMessage.from(text));
                m.add(AiMessage.builder().text(answer).attributes(policy.memoryState(text, context)).build());
                return answer;
            }
            String reply = policy.withBills(text, context, policy.withNotices(text, context, policy.withKnowledge(text, context,
                    agent.chat(conversationId, text, communityName, context.identity().channel(),
                            context.resident().isPresent() ? "resident" : "visitor",
                            InvocationParameters.from(Map.of(TurnContext.KEY, context))))));
            Optional<String> person = policy.after(text, context, misses);
            return person.map(p -> reply + "\n" + p).orElse(reply);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "turn failed in conversation " + conversationId, e);
            return context.language().say(SORRY, SORRY_EN);
        } finally {
            try {
                store.flush(conversationId);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not store the memory of " + conversationId, e);
            }
        }
    }

    /** What the reply to the previous message asked the visitor to sign in for, or null. */
    static String identityJustAsked(java.util.List<dev.langchain4j.data.message.ChatMessage> messages) {
        for (var m : recentReplies(messages, 1)) {
            // the tool's own result (the model asked), or the state the policy kept of its reply: the same JSON
            String text = m instanceof ToolExecutionResultMessage r ? r.text()
                    : m instanceof AiMessage ai && stated(ai) ? String.valueOf(ai.attributes().get(DialoguePolicy.STATE))
                    : null;
            if (text != null && text.contains("identity_required")) {
                try {
                    var read = STATE_JSON.readTree(text);
                    if ("identity_required".equals(read.path("status").asText())) {
                        return read.path("identity_required_for").asText("bills");
                    }
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    return null; // a result this version does not read asked nothing
                }
            }
        }
        return null;
    }

    /**
     * The articles the reply to the resident's previous message gave: found by the model's search (the tool's
     * result names it), notices listed (each names its article), or kept in the policy's state.
     */
    static java.util.List<String> articlesJustGiven(java.util.List<dev.langchain4j.data.message.ChatMessage> messages) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (var m : recentReplies(messages, 1)) {
            String text = m instanceof ToolExecutionResultMessage r ? r.text()
                    : m instanceof AiMessage ai && stated(ai) ? String.valueOf(ai.attributes().get(DialoguePolicy.STATE))
                    : null;
            if (text == null || !text.startsWith("{")) {
                continue;
            }
            try {
                var read = STATE_JSON.readTree(text);
                java.util.List<String> found = new java.util.ArrayList<>();
                if (read.path("docId").isTextual() && !read.path("abstained").asBoolean(false)) {
                    found.add(read.path("docId").asText());
                }
                read.path(DialoguePolicy.GIVEN).forEach(d -> found.add(d.asText()));
                read.path("notices").forEach(n -> found.add(n.path("doc").asText("")));
                found.stream().filter(d -> !d.isBlank() && !out.contains(d)).forEach(out::add);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                // a result this version does not read gave nothing it can name
            }
        }
        return out;
    }

    /** The resident's last message before this one, or null. */
    static String lastMessage(java.util.List<dev.langchain4j.data.message.ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof UserMessage u && u.hasSingleText()) {
                return u.singleText();
            }
        }
        return null;
    }

    /** The state of the reply to the resident's previous message when it registered an emergency order, or null. */
    static com.fasterxml.jackson.databind.JsonNode emergencyJustTaken(java.util.List<dev.langchain4j.data.message.ChatMessage> messages) {
        for (var m : recentReplies(messages, 1)) {
            if (m instanceof AiMessage ai && stated(ai)) {
                try {
                    var state = stateOf(ai);
                    if (state.hasNonNull(DialoguePolicy.EMERGENCY_ORDER)) {
                        return state;
                    }
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    return null; // a state this version does not read is no emergency
                }
            }
        }
        return null;
    }

    /**
     * The code of the work order registered after one of the resident's last two messages, or null: by a tool
     * the model called (its result names the order) or by the policy (its state names it).
     */
    static String orderJustMade(java.util.List<dev.langchain4j.data.message.ChatMessage> messages) {
        for (var m : recentReplies(messages, 2)) {
            try {
                if (m instanceof ToolExecutionResultMessage r && MADE_BY.contains(r.toolName()) && r.text() != null
                        && r.text().contains("\"status\":\"ok\"")) {
                    var code = STATE_JSON.readTree(r.text()).path("order").path("code");
                    if (code.isTextual()) {
                        return code.asText();
                    }
                }
                if (m instanceof AiMessage ai && stated(ai)) {
                    // only a reply that registered the order itself: "lastOrder" is carried forward for visit times
                    var state = stateOf(ai);
                    var order = state.path("lastOrder");
                    if (state.path(DialoguePolicy.MADE_NOW).asBoolean(false) && order.isTextual()
                            && !order.asText().isBlank() && !"null".equals(order.asText())) {
                        return order.asText();
                    }
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return null; // a result or state this version does not read names no order
            }
        }
        return null;
    }

    /** The orders the reply to the previous message listed to choose from (the model's or the policy's), or none. */
    static java.util.List<String> ordersJustListed(java.util.List<dev.langchain4j.data.message.ChatMessage> messages) {
        for (var m : recentReplies(messages, 1)) {
            try {
                // the model's tool result lists the orders themselves, the policy's state their codes
                java.util.List<String> codes = new java.util.ArrayList<>();
                if (m instanceof ToolExecutionResultMessage r && "myWorkOrders".equals(r.toolName()) && r.text() != null) {
                    var d = STATE_JSON.readTree(r.text());
                    if (d.path("choose").asBoolean(false)) {
                        d.path("orders").forEach(o -> codes.add(o.path("code").asText()));
                    }
                } else if (m instanceof AiMessage ai && stated(ai)) {
                    stateOf(ai).path(DialoguePolicy.LISTED).forEach(c -> codes.add(c.asText()));
                }
                if (!codes.isEmpty()) {
                    return codes;
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return java.util.List.of(); // a result or state this version does not read lists nothing
            }
        }
        return java.util.List.of();
    }

    /** Whether the policy left its state on this reply. */
    private static boolean stated(AiMessage ai) {
        return ai.attributes() != null && ai.attributes().get(DialoguePolicy.STATE) != null;
    }

    private static com.fasterxml.jackson.databind.JsonNode stateOf(AiMessage ai)
            throws com.fasterxml.jackson.core.JsonProcessingException {
        return STATE_JSON.readTree(String.valueOf(ai.attributes().get(DialoguePolicy.STATE)));
    }

    private static final java.util.Set<String> MADE_BY = java.util.Set.of("createWorkOrder", "reportEmergency", "fileComplaint");

    /** What the desk said and did after each of the resident's latest {@code turns} messages, newest first. */
    private static java.util.List<dev.langchain4j.data.message.ChatMessage> recentReplies(
            java.util.List<dev.langchain4j.data.message.ChatMessage> messages, int turns) {
        java.util.List<dev.langchain4j.data.message.ChatMessage> replies = new java.util.ArrayList<>();
        int users = 0;
        for (int i = messages.size() - 1; i >= 0 && users < turns; i--) {
            if (messages.get(i) instanceof UserMessage) {
                users++;
            } else {
                replies.add(messages.get(i));
            }
        }
        return replies;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper STATE_JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * Whether the reply to one of the resident's two previous messages listed their bills (by any model, or by the
     * policy): "为啥还有个垃圾费" asked between the bills and "那一起交了" leaves the bills the ones meant.
     */
    static boolean billsJustShown(java.util.List<dev.langchain4j.data.message.ChatMessage> messages) {
        for (var m : recentReplies(messages, 2)) {
            // a payment offered since the bills were shown closes them: "付好了" after it pays nothing again
            if (m instanceof ToolExecutionResultMessage r && "offerPayment".equals(r.toolName())
                    || m instanceof AiMessage ai && ai.attributes() != null
                    && String.valueOf(ai.attributes().get(DialoguePolicy.STATE)).contains("\"paymentOffered\":true")) {
                return false;
            }
            if (m instanceof ToolExecutionResultMessage r && "listMyBills".equals(r.toolName())
                    && r.text() != null && r.text().contains("\"status\":\"ok\"")) {
                return true;
            }
            if (m instanceof AiMessage ai && ai.attributes() != null
                    && String.valueOf(ai.attributes().get(DialoguePolicy.STATE)).contains("\"billsShown\":true")) {
                return true;
            }
        }
        return false;
    }
}
