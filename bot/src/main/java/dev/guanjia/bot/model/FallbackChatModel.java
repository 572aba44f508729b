package dev.guanjia.bot.model;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * A remote model with the offline one behind it: when the remote errs or times out, the same
 * request is answered locally, so a resident always gets an answer. After several failures in a
 * row the remote is not tried for a while (the circuit is open), so residents do not each wait
 * for a timeout while the provider is down.
 */
public final class FallbackChatModel implements ChatModel {

    private static final Logger LOG = Logger.getLogger(FallbackChatModel.class.getName());

    private final ChatModel primary;
    private final ChatModel fallback;
    private final int failuresToOpen;
    private final Duration openFor;
    private final Clock clock;
    private int failures;
    private Instant openUntil = Instant.MIN;

    public FallbackChatModel(ChatModel primary, ChatModel fallback, int failuresToOpen, Duration openFor, Clock clock) {
        this.primary = primary;
        this.fallback = fallback;
        this.failuresToOpen = failuresToOpen;
        this.openFor = openFor;
        this.clock = clock;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        if (circuitOpen()) {
            return fallback.chat(request);
        }
        try {
            ChatResponse r = primary.chat(request);
            succeeded();
            return r;
        } catch (RuntimeException e) {
            failed(e);
            return fallback.chat(request);
        }
    }

    public synchronized boolean circuitOpen() {
        return clock.instant().isBefore(openUntil);
    }

    private synchronized void succeeded() {
        failures = 0;
    }

    private synchronized void failed(RuntimeException e) {
        failures++;
        LOG.warning(() -> "remote model failed (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                + "); answering with the offline model");
        if (failures >= failuresToOpen) {
            openUntil = clock.instant().plus(openFor);
            failures = 0;
            LOG.warning(() -> "remote model off for " + openFor.toSeconds() + " s after repeated failures");
        }
    }
}
