package dev.guanjia.app.serve;

import dev.guanjia.app.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HTTPS by configuration, with a self-signed certificate made by the JDK's keytool. */
class HttpsTest {

    @TempDir
    Path workDir;

    @Test
    void theServiceAnswersOverTlsAndMarksStaffCookiesSecure() throws Exception {
        Path keystore = workDir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "guanjia", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "test-pass-123").inheritIO().start();
        assertEquals(0, keytool.waitFor());
        try (GuanjiaServer server = GuanjiaServer.start(ClusterTemplate.seed(ConfigLoader.load(Map.of("GUANJIA_HTTP_PORT", "0",
                "GUANJIA_HTTP_HOST", "127.0.0.1", "GUANJIA_TLS_KEYSTORE", keystore.toString(),
                "GUANJIA_TLS_PASSWORD", "test-pass-123"), workDir)), (phone, text) -> { })) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                trust.load(in, "test-pass-123".toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            HttpClient https = HttpClient.newBuilder().sslContext(ctx).build();
            HttpResponse<String> health = https.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + server.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertTrue(health.body().contains("UP"), health.body());
            HttpResponse<String> login = https.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + server.port() + "/api/v1/staff/login")).POST(
                    HttpRequest.BodyPublishers.ofString("{\"community\":\"cuihu\",\"code\":\"e05\",\"password\":\"x\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, login.statusCode());
            new dev.guanjia.community.staff.StaffAccounts(server.dataSource()).setPassword("cuihu", "e05", "Tls-check-2026");
            HttpResponse<String> ok = https.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + server.port() + "/api/v1/staff/login")).POST(
                    HttpRequest.BodyPublishers.ofString("{\"community\":\"cuihu\",\"code\":\"e05\",\"password\":\"Tls-check-2026\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(ok.headers().firstValue("set-cookie").orElse("").contains("Secure"), ok.headers().toString());
            HttpClient plain = HttpClient.newHttpClient();
            assertThrows(java.io.IOException.class, () -> plain.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString()),
                    "no plain HTTP on the TLS port");
        }
    }
}
