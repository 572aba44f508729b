package dev.guanjia.app.serve;

import dev.guanjia.app.config.ConfigLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The WeChat figures on /metrics as WeChat's callbacks and a fake WeChat API (speaking its JSON)
 * move them: passive answers, answers acknowledged and pushed, kefu messages sent and refused.
 */
class WeChatMetricsTest {

    @TempDir
    Path workDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private FakeWeChatApi fake;
    private GuanjiaServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (fake != null) {
            fake.close();
        }
    }

    private void start(long passiveWaitMillis) throws Exception {
        // a follower silent for two days: WeChat refuses customer-service messages to them
        fake = FakeWeChatApi.start(query -> "T1", body -> body.contains("wx-cuihu-c02")
                ? "{\"errcode\":45015,\"errmsg\":\"response out of time limit\"}" : FakeWeChatApi.OK, Map.of());
        fake.writeConfig(workDir, FakeWeChatApi.Account.cuihu(WeChatCallbackTest.TOKEN), """
                passive_wait_ms: %d
                """.formatted(passiveWaitMillis));
        server = GuanjiaServer.start(ClusterTemplate.seed(ConfigLoader.load(Map.of(), workDir)), (phone, text) -> { });
    }

    private String callback(String openid, String text, long msgId, String nonce) throws Exception {
        String ts = String.valueOf(java.time.Instant.now().getEpochSecond());
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/wechat/cuihu/callback?timestamp=" + ts + "&nonce=" + nonce + "&signature="
                + WeChatCallbackTest.sha1(WeChatCallbackTest.TOKEN, ts, nonce) + "&openid=" + openid))
                .POST(HttpRequest.BodyPublishers.ofString(WeChatCallbackTest.textXml(openid, text, msgId))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private double metric(String series) throws Exception {
        String scrape = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).strip());
            }
        }
        throw new AssertionError("no " + series + " in " + scrape);
    }

    /** Polls a counter until it reaches a value (the push happens after the acknowledgement). */
    private double await(String series, double value) throws Exception {
        double v = metric(series);
        for (int i = 0; i < 100 && v < value; i++) {
            Thread.sleep(100);
            v = metric(series);
        }
        return v;
    }

    @Test
    void aPassiveAnswerIsCountedAsOne() throws Exception {
        start(4000);
        String reply = callback(WeChatCallbackTest.OPENID, "门禁卡遗失了怎么补办", 700001, "m1");
        assertTrue(reply.contains("<Content>"), reply);
        assertEquals(1, metric("guanjia_wechat_acks_total{reply=\"passive\"}"));
        assertEquals(0, metric("guanjia_wechat_acks_total{reply=\"deferred\"}"));
        assertEquals(1, metric("guanjia_turns_total{channel=\"wechat\"}"));
        assertEquals(0, metric("guanjia_wechat_kefu_messages_total{result=\"sent\"}"), "nothing pushed");
    }

    @Test
    void slowAnswersAreAcknowledgedThenPushedAndRefusalsCounted() throws Exception {
        start(1);
        assertEquals("success", callback(WeChatCallbackTest.OPENID, "门禁卡遗失了怎么补办", 700002, "m2"));
        assertEquals(1, await("guanjia_wechat_kefu_messages_total{result=\"sent\"}", 1));
        assertEquals(1, metric("guanjia_wechat_acks_total{reply=\"deferred\"}"));

        // WeChat refuses the push to a follower outside the 48-hour window
        assertEquals("success", callback("wx-cuihu-c02", "门禁卡遗失了怎么补办", 700003, "m3"));
        assertEquals(1, await("guanjia_wechat_kefu_messages_total{result=\"window_closed\"}", 1));
        assertEquals(2, metric("guanjia_wechat_acks_total{reply=\"deferred\"}"));
        assertEquals(1, metric("guanjia_wechat_kefu_messages_total{result=\"sent\"}"));
        assertEquals(2, metric("guanjia_turns_total{channel=\"wechat\"}"));
    }
}
