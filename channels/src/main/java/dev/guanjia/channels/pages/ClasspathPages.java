package dev.guanjia.channels.pages;

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
 * Pages shipped inside the jar (HTML, JS, CSS from one classpath folder), no build step. Only the
 * listed files are served; every page forbids inline and foreign scripts.
 */
public class ClasspathPages implements HttpService {

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");

    private final String folder;
    private final java.util.Set<String> files;

    /** @param folder classpath folder, like "/web/chat/"; the first file is served for "/" */
    public ClasspathPages(String folder, java.util.List<String> files) {
        this.folder = folder;
        this.files = new java.util.LinkedHashSet<>(files);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> file(files.iterator().next(), res))
                .get("/{file}", this::named);
    }

    private void named(ServerRequest req, ServerResponse res) throws IOException {
        String name = req.path().pathParameters().get("file");
        if (!files.contains(name)) {
            res.status(Status.NOT_FOUND_404).send("没有这个页面");
            return;
        }
        file(name, res);
    }

    protected void file(String name, ServerResponse res) throws IOException {
        try (InputStream in = ClasspathPages.class.getResourceAsStream(folder + name)) {
            if (in == null) {
                res.status(Status.NOT_FOUND_404).send("没有这个页面");
                return;
            }
            res.header(HeaderNames.CONTENT_TYPE, TYPES.get(name.substring(name.lastIndexOf('.') + 1)))
                    .header(HeaderNames.CACHE_CONTROL, "no-cache")
                    .header("X-Content-Type-Options", "nosniff")
                    .header("X-Frame-Options", "DENY")
                    .header("Content-Security-Policy",
                            "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:")
                    .send(in.readAllBytes());
        }
    }
}
