package dev.guanjia.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.app.config.ConfigLoader;
import dev.guanjia.community.sms.SmsMessages;
import dev.guanjia.testkit.FakeAliyunSms;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server with an sms section: a resident's sign-in code goes out through Alibaba Cloud SMS (the
 * fake, which checks the signature), the code it carries signs them in, and the gateway's delivery
 * report lands on /sms/report.
 */
class SmsGatewayTest {

    @TempDir
    static Path workDir;

    static FakeAliyunSms gateway;
    static GuanjiaServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        gateway = new FakeAliyunSms("LTAI5tServerTest", "server-secret", "翠湖物业", Set.of("SMS_200001"));
        Files.writeString(workDir.resolve("guanjia.yaml"), """
                sms:
                  access_key_id: LTAI5tServerTest
                  access_key_secret_env: TEST_SMS_SECRET
                  sign_name: 翠湖物业
                  templates:
                    login_code: SMS_200001
                  endpoint: %s
                """.formatted(gateway.endpoint()));
        server = GuanjiaServer.start(ClusterTemplate.seed(ConfigLoader.load(Map.of("GUANJIA_HTTP_PORT", "0", "GUANJIA_HTTP_HOST", "127.0.0.1",
                "TEST_SMS_SECRET", "server-secret"), workDir)));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        gateway.close();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSignInCodeGoesOutThroughTheGatewayAndItsReportIsStored() throws Exception {
        assertEquals(200, post("/api/v1/auth/code", "{\"community\":\"cuihu\",\"phone\":\"13962000104\"}").statusCode());
        // the text goes out on its own thread: wait for the gateway to have it
        for (int i = 0; i < 100 && gateway.sent().isEmpty(); i++) {
            Thread.sleep(100);
        }
        assertEquals(1, gateway.sent().size());
        FakeAliyunSms.Sent sent = gateway.sent().get(0);
        assertEquals("13962000104", sent.phone());
        assertEquals("SMS_200001", sent.templateCode());
        assertEquals(0, gateway.refusedSignatures());
        String code = json.readTree(sent.templateParam()).get("code").asText();
        HttpResponse<String> login = post("/api/v1/auth/login", "{\"community\":\"cuihu\",\"phone\":\"13962000104\","
                + "\"code\":\"" + code + "\"}");
        assertEquals(200, login.statusCode(), login.body());

        SmsMessages messages = new SmsMessages(server.dataSource(), Clock.systemUTC(), server.personalData());
        for (int i = 0; i < 50 && messages.byOutId(sent.outId()).orElseThrow().bizId() == null; i++) {
            Thread.sleep(100);
        }
        HttpResponse<String> report = post("/sms/report", "[{\"phone_number\":\"13962000104\",\"success\":true,"
                + "\"err_code\":\"DELIVERED\",\"err_msg\":\"用户接收成功\",\"biz_id\":\"" + sent.bizId() + "\",\"out_id\":\""
                + sent.outId() + "\",\"report_time\":\"2026-03-01 10:00:05\",\"send_time\":\"2026-03-01 10:00:00\","
                + "\"sms_size\":\"1\"}]");
        assertEquals(200, report.statusCode(), report.body());
        JsonNode answer = json.readTree(report.body());
        assertEquals(0, answer.get("code").asInt());
        assertEquals("delivered", messages.byOutId(sent.outId()).orElseThrow().state());
        assertEquals(400, post("/sms/report", "{\"biz_id\":\"x\"}").statusCode());
        assertTrue(server.jobs().names().contains("SMS delivery check"), server.jobs().names().toString());
        assertEquals(List.of("delivered"), messages.to("13962000104").stream().map(SmsMessages.SmsMessage::state).toList());
    }
}
