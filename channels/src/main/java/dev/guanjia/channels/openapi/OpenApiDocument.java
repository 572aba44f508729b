package dev.guanjia.channels.openapi;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The API description for integrators, written by hand beside the services it describes.
 * <pre>curl -s localhost:8080/openapi</pre>
 */
public final class OpenApiDocument implements HttpService {

    private final byte[] document;

    public OpenApiDocument() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream("/web/openapi/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml is missing from the build");
            }
            document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> res.header(HeaderNames.CONTENT_TYPE, "application/yaml; charset=utf-8")
                .send(document));
    }
}
