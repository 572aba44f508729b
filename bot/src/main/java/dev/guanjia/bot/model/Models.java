package dev.guanjia.bot.model;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;

import java.time.Clock;
import java.time.Duration;

/** Builds the chat model the configuration asks for. */
public final class Models {

    /** Settings of an OpenAI-compatible endpoint (DeepSeek, Qwen compatible mode, vLLM, Ollama /v1…). */
    public record Remote(String baseUrl, String apiKey, String model, Duration timeout, int maxRetries) {
    }

    private Models() {
    }

    /** The remote model, answered by the local one whenever the remote fails. */
    public static ChatModel openAiWithFallback(Remote remote, ChatModel local) {
        ChatModel openAi = OpenAiChatModel.builder()
                .baseUrl(remote.baseUrl())
                .apiKey(remote.apiKey() == null || remote.apiKey().isBlank() ? "none" : remote.apiKey())
                .modelName(remote.model())
                .timeout(remote.timeout())
                .maxRetries(remote.maxRetries())
                .temperature(0.2)
                .build();
        return new FallbackChatModel(openAi, local, 3, Duration.ofMinutes(2), Clock.systemUTC());
    }
}
