package dev.guanjia.channels.webchat;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The H5 chat page residents open from the official-account menu or a QR code: three files from
 * the classpath (resources/web/chat), no build step.
 * <pre>open http://localhost:8080/chat/?community=cuihu</pre>
 */
public final class WebChatPage implements HttpService {

    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "chat.js", "text/javascript; charset=utf-8",
            "chat.css", "text/css; charset=utf-8");

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> file("index.html", res))
                .get("/{file}", this::named);
    }

    private void named(ServerRequest req, ServerResponse res) throws IOException {
        String name = req.path().pathParameters().get("file");
        if (!FILES.containsKey(name)) {
            res.status(Status.NOT_FOUND_404).send("没有这个页面");
            return;
        }
        file(name, res);
    }

    private static void file(String name, ServerResponse res) throws IOException {
        try (InputStream in = WebChatPage.class.getResourceAsStream("/web/chat/" + name)) {
            if (in == null) {
                res.status(Status.NOT_FOUND_404).send("没有这个页面");
                return;
            }
            res.header(HeaderNames.CONTENT_TYPE, FILES.get(name))
                    .header(HeaderNames.CACHE_CONTROL, "no-cache")
                    .header("Content-Security-Policy", "default-src 'self'; style-src 'self'; script-src 'self'")
                    .send(in.readAllBytes());
        }
    }
}
