package dev.guanjia.channels.chat;

import dev.guanjia.bot.turn.Identity;
import dev.guanjia.desk.conversation.ConversationLog;
import dev.guanjia.desk.conversation.ServiceDesk;

import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Web chat messages whose node died while answering them: stored, never answered, their lease over.
 * Every node runs {@link #resume()} every few seconds; each message is claimed by one of them
 * (the lease), answered, and the answer reaches the resident's page over its event stream (the
 * change feed tells every node's streams), so a resident whose node died need not send again.
 */
public final class ChatResumption {

    private static final Logger LOG = Logger.getLogger(ChatResumption.class.getName());

    /** Older than this, an answer would reach a page long closed: left for the console's history. */
    static final Duration WITHIN = Duration.ofMinutes(10);

    private final ServiceDesk desk;

    public ChatResumption(ServiceDesk desk) {
        this.desk = desk;
    }

    /** Answers what it could claim; returns how many. */
    public int resume() {
        java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();
        // answered side by side (a dead node may leave several), the round ends when all are
        try (var workers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (ConversationLog.Unanswered u : desk.unanswered(null, "web", WITHIN, 20)) {
                if (!desk.claim(u.messageId())) {
                    continue; // another node took it, or its answer was stored meanwhile
                }
                workers.submit(() -> {
                    // the conversation recorded who sent it: a signed-in resident's code, or a visitor
                    Identity identity = "anonymous".equals(u.channelUser()) ? Identity.anonymous("web")
                            : new Identity("web", "resident", u.channelUser());
                    try {
                        desk.answer(u.communityId(), u.conversation().toString(), identity, u.body(), u.messageId(),
                                Instant.now());
                        answered.incrementAndGet();
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "web message " + u.messageId()
                                + " not answered; taken again when its lease ends", e);
                    }
                });
            }
        }
        int resumed = answered.get();
        if (resumed > 0) {
            int n = resumed;
            LOG.info(() -> n + " web chat message(s) left unanswered by a stopped node answered here");
        }
        return resumed;
    }
}
