package dev.guanjia.app.serve;

import dev.guanjia.app.config.ConfigLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service behind a real nginx (Debian's package) configured as README's "Transport" section
 * says: requests pass, and per-client limits key on the client nginx names — one person at their
 * limit does not block everyone else, and nobody else can pick their key by writing the header.
 * Clients come from different loopback addresses (127.0.0.2, 127.0.0.3…).
 */
class ReverseProxyTest {

    static final Path NGINX = Path.of("/usr/sbin/nginx");

    @TempDir
    static Path workDir;

    static GuanjiaServer server;
    static Process nginx;
    static int proxyPort;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(NGINX), "nginx is not installed (bin/test installs it)");
        server = GuanjiaServer.start(ClusterTemplate.seed(ConfigLoader.load(Map.of("GUANJIA_HTTP_PORT", "0", "GUANJIA_HTTP_HOST", "127.0.0.1",
                "GUANJIA_HTTP_TRUSTED_PROXIES", "127.0.0.1"), workDir)), (phone, text) -> { });
        try (ServerSocket s = new ServerSocket(0)) {
            proxyPort = s.getLocalPort();
        }
        Path conf = workDir.resolve("nginx.conf");
        Files.createDirectories(workDir.resolve("nginx-temp"));
        // the proxy lines are README's, word for word
        Files.writeString(conf, """
                daemon off;
                master_process off;
                pid %1$s/nginx.pid;
                error_log %1$s/nginx-error.log;
                events { worker_connections 64; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/nginx-temp;
                  proxy_temp_path %1$s/nginx-temp;
                  upstream guanjia { server 127.0.0.1:%2$d; keepalive 16; }
                  server {
                    listen 127.0.0.1:%3$d;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                    proxy_set_header Host $host;
                    proxy_set_header X-Real-IP $remote_addr;
                    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                    proxy_set_header X-Forwarded-Proto $scheme;
                    location / { proxy_pass http://guanjia; }
                    location ~ /events$ { proxy_pass http://guanjia; proxy_buffering off; proxy_read_timeout 600s; }
                  }
                }
                """.formatted(workDir, server.port(), proxyPort));
        nginx = new ProcessBuilder(NGINX.toString(), "-p", workDir.toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(workDir.resolve("nginx.out").toFile()).start();
        long end = System.currentTimeMillis() + 10_000;
        while (true) {
            try (Socket s = new Socket("127.0.0.1", proxyPort)) {
                break;
            } catch (java.io.IOException notYet) {
                if (System.currentTimeMillis() > end || !nginx.isAlive()) {
                    throw new AssertionError("nginx did not start: " + Files.readString(workDir.resolve("nginx.out")));
                }
                Thread.sleep(100);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void pagesAndApisWorkThroughTheProxy() throws Exception {
        String health = request("127.0.0.2", proxyPort, "GET /health HTTP/1.1\r\nHost: guanjia.example\r\n"
                + "Connection: close\r\n\r\n");
        assertTrue(health.startsWith("HTTP/1.1 200") && health.contains("UP"), health);
        String page = request("127.0.0.2", proxyPort, "GET /chat/?community=cuihu HTTP/1.0\r\nHost: guanjia.example\r\n\r\n");
        assertTrue(page.startsWith("HTTP/1.1 200"), "a client's HTTP/1.0 reaches the page through nginx: " + page);
    }

    @Test
    void oneClientAtItsLimitDoesNotBlockAnother() throws Exception {
        int status = 0;
        for (int i = 0; i < 12 && status != 429; i++) {
            status = codeRequest("127.0.0.3", proxyPort, "1390000" + String.format("%04d", i), null);
        }
        assertEquals(429, status, "the client asking too often is limited");
        assertEquals(200, codeRequest("127.0.0.4", proxyPort, "13900009999", null), "another client is not");
    }

    @Test
    void forwardedHeadersFromAnyoneButTheProxyAreIgnored() throws Exception {
        int status = 0;
        for (int i = 0; i < 12 && status != 429; i++) {
            // straight to the service, claiming a new client address every time
            status = codeRequest("127.0.0.5", server.port(), "1391000" + String.format("%04d", i), "10.9.8." + i);
        }
        assertEquals(429, status, "a forged X-Forwarded-For does not escape the limit");
    }

    private static int codeRequest(String from, int port, String phone, String forwardedFor) throws Exception {
        String body = "{\"community\":\"cuihu\",\"phone\":\"" + phone + "\"}";
        String response = request(from, port, "POST /api/v1/auth/code HTTP/1.1\r\nHost: guanjia.example\r\n"
                + "Content-Type: application/json\r\nConnection: close\r\n"
                + (forwardedFor == null ? "" : "X-Forwarded-For: " + forwardedFor + "\r\nX-Real-IP: " + forwardedFor + "\r\n")
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
        return Integer.parseInt(response.substring(9, 12));
    }

    /** One request on a socket bound to a chosen loopback address, as a different client would. */
    private static String request(String from, int port, String raw) throws Exception {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(from, 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(raw.getBytes(StandardCharsets.UTF_8));
            out.flush();
            // the head, then as many bytes as Content-Length says (a server may keep the connection)
            InputStream in = s.getInputStream();
            java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                head.write(b);
                byte[] h = head.toByteArray();
                if (h.length >= 4 && h[h.length - 4] == '\r' && h[h.length - 3] == '\n' && h[h.length - 2] == '\r'
                        && h[h.length - 1] == '\n') {
                    break;
                }
            }
            String headers = head.toString(StandardCharsets.UTF_8);
            var length = java.util.regex.Pattern.compile("(?i)content-length:\\s*(\\d+)").matcher(headers);
            byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : in.readAllBytes();
            return headers + new String(body, StandardCharsets.UTF_8);
        }
    }
}
