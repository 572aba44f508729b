package dev.guanjia.app.agent;

import dev.guanjia.app.config.GuanjiaConfig;
import dev.guanjia.desk.conversation.ServiceDesk;
import dev.guanjia.bot.model.Models;
import dev.guanjia.desk.conversation.ConversationLog;
import dev.guanjia.desk.handoff.Availability;
import dev.guanjia.desk.handoff.Callbacks;
import dev.guanjia.bot.intent.IntentClassifier;
import dev.guanjia.bot.local.LocalChatModel;
import dev.guanjia.bot.tools.ServiceDeskTools;
import dev.guanjia.community.change.ChangeFeed;
import dev.guanjia.community.billing.Bills;
import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.knowledge.KnowledgeBase;
import dev.guanjia.knowledge.embedding.BgeSmallZhEmbedder;
import dev.guanjia.ticketing.workorder.WorkOrders;

import dev.langchain4j.model.chat.ChatModel;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;

/** Builds the service desk: the offline model, the tools over the real stores, the memory. */
public final class AgentSetup {

    private static volatile IntentClassifier intents;

    private AgentSetup() {
    }

    public static ServiceDesk serviceDesk(GuanjiaConfig config, DataSource db, KnowledgeBase kb,
                                          PersonalData personalData) {
        return serviceDesk(config, db, kb, personalData, ChangeFeed.NONE);
    }

    /** @param changes told of the desk's messages, hand-offs and call backs (the console watches them) */
    public static ServiceDesk serviceDesk(GuanjiaConfig config, DataSource db, KnowledgeBase kb,
                                          PersonalData personalData, ChangeFeed changes) {
        return serviceDesk(config, db, kb, new WorkOrders(db, Clock.systemUTC()), personalData, changes);
    }

    /**
     * For replaying evaluation cases: dozens of scripted conversations of one resident run within
     * seconds, which the per-resident creation limit (meant for live abuse) would cut short.
     */
    public static ServiceDesk replayDesk(GuanjiaConfig config, DataSource db, KnowledgeBase kb,
                                         PersonalData personalData) {
        return serviceDesk(config, db, kb, new WorkOrders(db, Clock.systemUTC()).withoutCreationLimit(),
                personalData, ChangeFeed.NONE);
    }

    private static ServiceDesk serviceDesk(GuanjiaConfig config, DataSource db, KnowledgeBase kb, WorkOrders orders,
                                           PersonalData personalData, ChangeFeed changes) {
        ServiceDeskTools tools = new ServiceDeskTools(kb, new Bills(db), orders,
                new CommunityDirectory(db), new dev.guanjia.desk.handoff.HandoffIntake(
                new ConversationLog(db, personalData, changes), new Availability(db),
                new Callbacks(db, personalData, changes)));
        ChatModel local = new LocalChatModel(intents());
        GuanjiaConfig.Llm llm = config.llm();
        ChatModel model = "openai".equals(llm.provider())
                ? Models.openAiWithFallback(new Models.Remote(llm.baseUrl(), llm.apiKey(), llm.model(),
                Duration.ofSeconds(llm.timeoutSeconds()), llm.maxRetries()), local)
                : local;
        return new ServiceDesk(model, tools, db, intents(), personalData, changes);
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
