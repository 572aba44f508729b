package dev.guanjia.app.bench;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Debian's HAProxy in front of nodes on loopback, configured as README's "Several nodes" section
 * says (round robin, no stickiness, readiness checked on /health/ready), for the multi-node
 * benchmark and the two-node test. Each answer names its node in {@code X-Guanjia-Node} (a, b, c…).
 */
public final class Haproxy implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private Haproxy(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The haproxy program: Debian's, else the first on PATH. */
    public static Optional<Path> binary() {
        Path debian = Path.of("/usr/sbin/haproxy");
        if (Files.isExecutable(debian)) {
            return Optional.of(debian);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isBlank() && Files.isExecutable(Path.of(dir, "haproxy"))) {
                return Optional.of(Path.of(dir, "haproxy"));
            }
        }
        return Optional.empty();
    }

    /** The node behind {@code X-Guanjia-Node} value {@code name}: a is the first port, b the second… */
    public static String nodeName(int index) {
        return String.valueOf((char) ('a' + index));
    }

    /**
     * The configuration: frontend on 127.0.0.1:{@code port}, one server per node port. Checks every
     * 500 ms, out after 2 failures, in after 1 success, so a draining node leaves within a second.
     */
    public static String config(int port, List<Integer> nodePorts) {
        if (nodePorts.isEmpty() || nodePorts.size() > 26) {
            throw new IllegalArgumentException("1 to 26 nodes, got " + nodePorts.size());
        }
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < nodePorts.size(); i++) {
            servers.append("  server ").append(nodeName(i)).append(" 127.0.0.1:").append(nodePorts.get(i))
                    .append(" check inter 500ms fall 2 rise 1\n");
        }
        // Guanjia does not take HTTP/1.0, hence the check's HTTP/1.1 and Host
        return """
                global
                  maxconn 1024

                defaults
                  mode http
                  timeout connect 2s
                  timeout client 10m
                  timeout server 10m
                  option redispatch
                  option forwardfor
                  retries 3

                frontend guanjia
                  bind 127.0.0.1:%d
                  default_backend nodes

                backend nodes
                  balance roundrobin
                  option httpchk
                  http-check send meth GET uri /health/ready ver HTTP/1.1 hdr Host guanjia
                  http-check expect status 200
                  http-response set-header X-Guanjia-Node %%[srv_name]
                """.formatted(port) + servers;
    }

    /**
     * Writes the configuration into {@code dir}, starts HAProxy in the foreground and returns once
     * every node has answered a readiness check through it.
     *
     * @throws IOException haproxy missing, not starting, or a node not ready within 30 s
     */
    public static Haproxy start(Path dir, int port, List<Integer> nodePorts) throws IOException, InterruptedException {
        Path program = binary().orElseThrow(() -> new IOException("haproxy is not installed: install it "
                + "(Debian/Ubuntu: apt-get install haproxy) or put it on PATH, then run this again"));
        Path conf = dir.resolve("haproxy.cfg");
        Path log = dir.resolve("haproxy.out");
        Files.writeString(conf, config(port, nodePorts));
        Process p = new ProcessBuilder(program.toString(), "-db", "-f", conf.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Haproxy h = new Haproxy(p, port, log);
        try {
            h.awaitListening();
            h.awaitNodes(nodePorts.size());
            return h;
        } catch (IOException | InterruptedException | RuntimeException e) {
            h.close();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    /** CPU milliseconds it has used so far (-1 without Linux's /proc). */
    long cpuMillis() {
        return ProcessCpu.millis(process.pid());
    }

    private void awaitListening() throws IOException, InterruptedException {
        long end = System.currentTimeMillis() + 10_000;
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (System.currentTimeMillis() > end || !process.isAlive()) {
                    throw new IOException("haproxy did not start: " + Files.readString(log));
                }
                Thread.sleep(50);
            }
        }
    }

    private void awaitNodes(int count) throws IOException, InterruptedException {
        Set<String> up = new HashSet<>();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        long end = System.currentTimeMillis() + 30_000;
        while (up.size() < count && System.currentTimeMillis() < end) {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/health/ready")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() == 200) {
                r.headers().firstValue("X-Guanjia-Node").ifPresent(up::add);
            } else {
                Thread.sleep(200);
            }
        }
        if (up.size() < count) {
            throw new IOException("only " + up + " of " + count + " nodes became ready behind haproxy: "
                    + Files.readString(log));
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
