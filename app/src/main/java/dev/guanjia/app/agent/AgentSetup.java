package dev.guanjia.app.agent;

import dev.guanjia.app.config.GuanjiaConfig;
import dev.guanjia.app.store.Stores;
import dev.guanjia.bot.agent.ResidentAgent;
import dev.guanjia.desk.conversation.ServiceDesk;
import dev.guanjia.bot.model.Models;
import dev.guanjia.bot.intent.IntentClassifier;
import dev.guanjia.bot.local.LocalChatModel;
import dev.guanjia.bot.tools.ServiceDeskTools;
import dev.guanjia.knowledge.KnowledgeBase;
import dev.guanjia.knowledge.embedding.BgeSmallZhEmbedder;
import dev.guanjia.ticketing.workorder.WorkOrders;

import dev.langchain4j.model.chat.ChatModel;

import java.time.Duration;

/** Builds the service desk: the offline model, the tools over the real stores, the memory. */
public final class AgentSetup {

    private static volatile IntentClassifier intents;

    private AgentSetup() {
    }

    public static ServiceDesk serviceDesk(GuanjiaConfig config, Stores stores, KnowledgeBase kb) {
        // what the bot could not answer is kept for staff to write the missing articles
        ServiceDesk desk = serviceDesk(config, stores, kb, stores.ticketing().orders())
                .withKnowledgeGaps(stores.desk().unanswered())
                // how long a node has to answer a message before another takes it over (its node died)
                .answerLease(Duration.ofSeconds(config.desk().answerLeaseSeconds()));
        String base = publicBase(config);
        if (!base.isEmpty()) {
            // WeChat answers get a link to rate them on the web (a link needs the service's public address)
            java.util.function.LongFunction<String> key = feedbackKey(stores);
            desk.withFeedbackLinks(id -> base + "/chat/feedback.html?m=" + id + "&k=" + key.apply(id));
        }
        return desk;
    }

    /**
     * For replaying evaluation cases: dozens of scripted conversations of one resident run within
     * seconds, which the per-resident creation limit (meant for live abuse) would cut short.
     */
    public static ServiceDesk replayDesk(GuanjiaConfig config, Stores stores, KnowledgeBase kb) {
        return serviceDesk(config, stores, kb, stores.ticketing().orders().withoutCreationLimit());
    }

    private static ServiceDesk serviceDesk(GuanjiaConfig config, Stores stores, KnowledgeBase kb, WorkOrders orders) {
        Stores.Community community = stores.community();
        // with payments configured, a resident who wants to pay is offered a payment in the conversation
        ServiceDeskTools tools = new ServiceDeskTools(kb, community.bills(), orders, community.directory(),
                stores.desk().intake(), stores.clock(),
                stores.payments().map(dev.guanjia.payments.Payments::offers).orElse(null), publicBase(config))
                .withNotices(stores.notices(), stores.noticeReach())

                .withBookings(new dev.guanjia.bot.booking.BookingDesk(stores.bookings().bookings(),
                        stores.bookings().bookables(), stores.clock()));
        ChatModel local = new LocalChatModel(intents());
        GuanjiaConfig.Llm llm = config.llm();
        ChatModel model = "openai".equals(llm.provider())
                ? Models.openAiWithFallback(new Models.Remote(llm.baseUrl(), llm.apiKey(), llm.model(),
                Duration.ofSeconds(llm.timeoutSeconds()), llm.maxRetries()), local)
                : local;
        ServiceDesk desk = new ServiceDesk(new ResidentAgent(model, tools, stores.memory()), stores.desk().conversations(),
                community.residents(), community.directory(), stores.desk().callbacks(), intents(), stores.personalData());
        // the local model only computes: three turns a core keep the cores busy through the database's
        // round trips, and the rest wait their turn in order instead of slowing every turn down
        return model == local ? desk.turnsAtOnce(3 * Runtime.getRuntime().availableProcessors()) : desk;
    }

    /**
     * The key of a WeChat feedback link, from the id of the resident's message: a keyed hash, so
     * nothing more is stored and another message's link cannot be guessed.
     */
    public static java.util.function.LongFunction<String> feedbackKey(Stores stores) {
        return id -> stores.personalData().rawLookup("answer feedback", Long.toString(id)).substring(0, 24);
    }

    /**
     * The service's public address (scheme, host, port) residents open payment links and receipts at:
     * the origin of WeChat Pay's notify URL, which must reach this service from outside anyway. Empty
     * when payment is off (links are then relative).
     */
    public static String publicBase(GuanjiaConfig config) {
        if (config.payments() == null || config.payments().notifyUrl() == null) {
            return "";
        }
        java.net.URI u = java.net.URI.create(config.payments().notifyUrl().strip());
        return u.getScheme() + "://" + u.getRawAuthority();
    }

    /** The intent examples are embedded once per process (about a second). */
    private static IntentClassifier intents() {
        IntentClassifier i = intents;
        if (i == null) {
            synchronized (AgentSetup.class) {
                i = intents;
                if (i == null) {
                    i = IntentClassifier.bundled(BgeSmallZhEmbedder.shared());
                    intents = i;
                }
            }
        }
        return i;
    }
}
