package dev.guanjia.desk.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.guanjia.bot.local.LocalChatModel;
import dev.guanjia.bot.model.FallbackChatModel;
import dev.guanjia.bot.model.Models;
import dev.guanjia.bot.turn.TurnResult;
import dev.langchain4j.model.chat.ChatModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The `openai` provider against a fake OpenAI-compatible server speaking the real chat-completions
 * wire format (tool_calls, then the final answer); failures fall back to the offline model.
 */
class RemoteModelTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server;
    private final AtomicReference<String> mode = new AtomicReference<>("tools");
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void estate() throws Exception {
        BotEstate.build();
    }

    @BeforeEach
    void fakeOpenAi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            requests.add(body);
            String response;
            int status = 200;
            switch (mode.get()) {
                case "500" -> {
                    status = 500;
                    response = "{\"error\":{\"message\":\"upstream overloaded\",\"type\":\"server_error\"}}";
                }
                case "slow" -> {
                    try {
                        Thread.sleep(3000);
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                    response = completion("{\"role\":\"assistant\",\"content\":\"太慢了\"}", "stop");
                }
                default -> {
                    boolean hasToolResult = false;
                    for (JsonNode m : body.path("messages")) {
                        hasToolResult |= "tool".equals(m.path("role").asText());
                    }
                    // the model tries to widen access through arguments; the tools ignore it
                    response = hasToolResult
                            ? completion("{\"role\":\"assistant\",\"content\":\"（远程模型）已为您查询账单。\"}", "stop")
                            : completion("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\","
                            + "\"type\":\"function\",\"function\":{\"name\":\"listMyBills\",\"arguments\":"
                            + "\"{\\\"house\\\":\\\"\\\",\\\"residentId\\\":\\\"r2\\\"}\"}}]}", "tool_calls");
                }
            }
            byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        // a thread per request: a slow answer must not hold later requests unread, or the count of
        // calls made would grow after the turn that made them
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static String completion(String message, String finish) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"fake\",\"choices\":[{"
                + "\"index\":0,\"message\":" + message + ",\"finish_reason\":\"" + finish + "\"}],"
                + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}";
    }

    private ChatModel remote(Duration timeout) {
        return Models.openAiWithFallback(new Models.Remote("http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
                "test-key", "fake-model", timeout, 0), new LocalChatModel(BotEstate.intents));
    }

    @Test
    void theRemoteModelCallsToolsWithTheServersIdentity() {
        ServiceDesk desk = BotEstate.desk(remote(Duration.ofSeconds(5)));
        String conv = desk.open("c1", BotEstate.OWNER);
        // a message the dialogue policy leaves to the model (a plain bill question is answered by the policy itself)
        TurnResult r = desk.turn("c1", conv, BotEstate.OWNER, "帮我看看我家这边的情况");
        assertEquals("（远程模型）已为您查询账单。", r.reply());
        assertEquals(2, requests.size());
        assertTrue(r.actions().stream().anyMatch(a -> a.type().equals("bill.listed")));
        assertEquals(List.of("1-1-101"), r.actions().get(0).details().get("houses"), "the owner's house, not r2's");
        JsonNode second = requests.get(1).path("messages");
        String toolResult = second.get(second.size() - 1).path("content").asText();
        assertTrue(toolResult.contains("600.00") && !toolResult.contains("480"), toolResult);
        assertTrue(requests.get(0).path("messages").get(0).path("content").asText().contains("不要编造"),
                "the Chinese system prompt is sent");
        assertTrue(requests.get(0).path("tools").size() >= 7);
    }

    @Test
    void aServerErrorIsAnsweredByTheOfflineModel() {
        mode.set("500");
        ServiceDesk desk = BotEstate.desk(remote(Duration.ofSeconds(5)));
        String conv = desk.open("c1", BotEstate.OWNER);
        int before = requests.size();
        TurnResult r = desk.turn("c1", conv, BotEstate.OWNER, "厨房水龙头一直在滴水");
        assertTrue(requests.size() > before, "the remote model was asked first");
        assertTrue(r.reply().contains("什么时候"), r.reply());
    }

    @Test
    void aTimeoutIsAnsweredByTheOfflineModelAndRepeatedFailuresOpenTheCircuit() {
        mode.set("slow");
        ChatModel model = remote(Duration.ofSeconds(1));
        ServiceDesk desk = BotEstate.desk(model);
        String conv = desk.open("c1", BotEstate.VISITOR);
        long start = System.nanoTime();
        TurnResult r = desk.turn("c1", conv, BotEstate.VISITOR, "物业费可以在哪里交");
        assertTrue(r.reply().contains("生活缴费"), r.reply());
        // two remote calls in the turn, each cut at 1 s instead of the server's 3 s
        assertTrue((System.nanoTime() - start) / 1_000_000 < 5500, "did not wait for the slow server");
        desk.turn("c1", conv, BotEstate.VISITOR, "你好");
        desk.turn("c1", conv, BotEstate.VISITOR, "谢谢");
        assertTrue(((FallbackChatModel) model).circuitOpen());
        int before = requests.size();
        desk.turn("c1", conv, BotEstate.VISITOR, "你好");
        assertEquals(before, requests.size(), "an open circuit does not call the remote");
        assertFalse(r.handoff());
    }

    @Test
    void theCircuitClosesAgainAfterItsPause() {
        mode.set("500");
        ChatModel down = new ChatModel() {
            @Override
            public dev.langchain4j.model.chat.response.ChatResponse doChat(
                    dev.langchain4j.model.chat.request.ChatRequest request) {
                throw new IllegalStateException("down");
            }
        };
        dev.guanjia.testkit.MutableClock clock =
                new dev.guanjia.testkit.MutableClock(java.time.Instant.parse("2026-11-26T00:00:00Z"));
        FallbackChatModel model = new FallbackChatModel(down, new LocalChatModel(BotEstate.intents), 1,
                Duration.ofSeconds(30), clock);
        ServiceDesk desk = BotEstate.desk(model);
        String conv = desk.open("c1", BotEstate.VISITOR);
        desk.turn("c1", conv, BotEstate.VISITOR, "你好");
        assertTrue(model.circuitOpen());
        clock.advance(Duration.ofSeconds(31));
        assertFalse(model.circuitOpen());
    }
}
