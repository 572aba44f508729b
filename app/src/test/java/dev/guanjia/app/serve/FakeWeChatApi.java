package dev.guanjia.app.serve;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Answers of the fake WeChat API the WeChat tests run beside the server: WeChat's own JSON or bytes. */
final class FakeWeChatApi {

    private FakeWeChatApi() {
    }

    /** A 200 with a JSON body, the way WeChat answers every API call (errors included). */
    static void json(HttpExchange ex, String body) throws IOException {
        respond(ex, 200, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    static void respond(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
