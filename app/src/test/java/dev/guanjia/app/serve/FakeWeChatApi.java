package dev.guanjia.app.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * The fake WeChat API the WeChat tests run beside the server: it hands out access tokens, keeps
 * every customer-service message it is sent and answers in WeChat's own JSON or bytes.
 */
final class FakeWeChatApi implements AutoCloseable {

    static final String OK = "{\"errcode\":0,\"errmsg\":\"ok\"}";

    /** One official account as guanjia.yaml names it: the community it serves, or several. */
    record Account(List<String> communities, String appId, String secret, String token) {

        /** The demo estate's account with the tests' usual app id and secret. */
        static Account cuihu(String token) {
            return new Account(List.of("cuihu"), "wxtestappid", "testsecret", token);
        }

        String served() {
            return communities.size() == 1 ? "community: " + communities.get(0)
                    : "communities: [" + String.join(", ", communities) + "]";
        }
    }

    /** The customer-service messages' bodies, in the order they came. */
    final List<String> kefu = new CopyOnWriteArrayList<>();
    /** The same messages as "access token | body", to see which account sent each. */
    final List<String> kefuByToken = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    private FakeWeChatApi(UnaryOperator<String> accessToken, UnaryOperator<String> kefuAnswer,
                          Map<String, HttpHandler> extra) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/cgi-bin/token", ex -> json(ex, "{\"access_token\":\""
                + accessToken.apply(ex.getRequestURI().getQuery()) + "\",\"expires_in\":7200}"));
        server.createContext("/cgi-bin/message/custom/send", ex -> {
            String token = ex.getRequestURI().getQuery().replaceAll(".*access_token=([^&]*).*", "$1");
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            kefu.add(body);
            kefuByToken.add(token + " | " + body);
            json(ex, kefuAnswer.apply(body));
        });
        extra.forEach(server::createContext);
        server.start();
    }

    /** A fake giving every account the access token T1 and taking every customer-service message. */
    static FakeWeChatApi start() throws IOException {
        return start(query -> "T1", body -> OK, Map.of());
    }

    /**
     * A fake whose access token depends on the token request's query (its appid), whose answer to a
     * customer-service message depends on the message, and which serves more API paths.
     */
    static FakeWeChatApi start(UnaryOperator<String> accessToken, UnaryOperator<String> kefuAnswer,
                               Map<String, HttpHandler> extra) throws IOException {
        return new FakeWeChatApi(accessToken, kefuAnswer, extra);
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** guanjia.yaml for a server on 127.0.0.1 at any free port with one official account using this fake. */
    void writeConfig(Path workDir, Account account, String wechat) throws IOException {
        writeConfig(workDir, 0, account, wechat, "");
    }

    /**
     * guanjia.yaml for a server on 127.0.0.1 at {@code httpPort} with one official account using this
     * fake: {@code wechat} adds lines to the wechat section, {@code sections} whole top-level sections.
     */
    void writeConfig(Path workDir, int httpPort, Account account, String wechat, String sections) throws IOException {
        Files.writeString(workDir.resolve("guanjia.yaml"), """
                http:
                  host: 127.0.0.1
                  port: %d
                %swechat:
                  %s
                  app_id: %s
                  secret: %s
                  token: %s
                  api_host: http://127.0.0.1:%d
                %s""".formatted(httpPort, sections, account.served(), account.appId(), account.secret(),
                account.token(), port(), wechat.indent(2)));
    }

    @Override
    public void close() {
        server.stop(0);
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
