package dev.guanjia.app.serve;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * `guanjia serve` in a child JVM with the tests' class path, as a production node runs: its own
 * process, reading guanjia.yaml from its working directory, on a database outside it. A test can
 * kill it the way a crash does ({@link #kill()}: SIGKILL, nothing runs on the way out).
 * <pre>
 * try (ServeProcess node = ServeProcess.start(dir, port, Map.of())) { ... node.kill(); }
 * </pre>
 */
final class ServeProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private ServeProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the node in {@code workDir} (its guanjia.yaml listening on {@code port}) and returns once
     * it answers on /health: ready (200 on /health/ready) when {@code ready}, else merely up.
     *
     * @param env extra GUANJIA_* variables; the test JVM's own are not passed on
     */
    static ServeProcess start(Path workDir, int port, Map<String, String> env, boolean ready) throws IOException,
            InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = workDir.resolve("serve.log");
        ProcessBuilder b = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "dev.guanjia.app.Main", "serve").directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        b.environment().keySet().removeIf(k -> k.startsWith("GUANJIA_"));
        b.environment().putAll(env);
        ServeProcess node = new ServeProcess(b.start(), port, log);
        try {
            node.await(ready ? "/health/ready" : "/health", Duration.ofSeconds(120));
            return node;
        } catch (IOException | InterruptedException | RuntimeException e) {
            node.kill();
            throw e;
        }
    }

    static ServeProcess start(Path workDir, int port, Map<String, String> env) throws IOException, InterruptedException {
        return start(workDir, port, env, true);
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    /** Returns once the node is ready for traffic (200 on /health/ready), e.g. after starting it merely up. */
    void awaitReady() throws IOException, InterruptedException {
        await("/health/ready", Duration.ofSeconds(120));
    }

    /** kill -9: the JVM stops where it is, its database sessions end with their connections. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** The last lines the node logged, for a failure message. */
    String tail() {
        try {
            String s = Files.readString(log);
            return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void await(String path, Duration limit) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("UP")) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (!process.isAlive()) {
                throw new IOException("the node stopped while starting (exit " + process.exitValue() + "):\n" + tail());
            }
            if (System.nanoTime() > end) {
                throw new IOException("the node did not answer " + path + " within " + limit.toSeconds() + " s:\n" + tail());
            }
            Thread.sleep(200);
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
