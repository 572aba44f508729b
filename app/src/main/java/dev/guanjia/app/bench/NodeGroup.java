package dev.guanjia.app.bench;

import dev.guanjia.app.config.ConfigLoader;
import dev.guanjia.app.serve.GuanjiaServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Several Guanjia nodes on one PostgreSQL behind HAProxy, all on loopback in a throwaway directory:
 * what README's "Several nodes" section deploys, in one process, for {@code bench chat --nodes}.
 * The PostgreSQL is a server of its own (as an external one would be), durable like production.
 */
final class NodeGroup implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final List<GuanjiaServer> nodes;
    private final Haproxy haproxy;
    private final Path pgData;

    private NodeGroup(EmbeddedPostgres postgres, List<GuanjiaServer> nodes, Haproxy haproxy, Path pgData) {
        this.postgres = postgres;
        this.nodes = nodes;
        this.haproxy = haproxy;
        this.pgData = pgData;
    }

    /**
     * @param settings YAML every node reads (wechat: …); the database, addresses and keys are set here
     */
    /** @param warmupSeconds each node's desk.warmup_seconds (0: cold) */
    static NodeGroup start(Path dir, int count, String settings, int warmupSeconds) throws IOException, InterruptedException {
        // fail before minutes of start-up, not after
        Haproxy.binary().orElseThrow(() -> new IOException("haproxy is not installed: install it "
                + "(Debian/Ubuntu: apt-get install haproxy) or put it on PATH, then run this again"));
        Files.writeString(dir.resolve("guanjia.yaml"), settings);
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg"))
                .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on").setServerConfig("max_connections", "200")
                .setPort(freePort()).start();
        List<GuanjiaServer> nodes = new ArrayList<>();
        NodeGroup group = new NodeGroup(pg, nodes, null, dir.resolve("pg"));
        try {
            // one after the other: the first migrates and loads the demo estate, the others find them there
            for (int i = 0; i < count; i++) {
                nodes.add(GuanjiaServer.serve(ConfigLoader.load(Map.of("GUANJIA_HTTP_PORT", "0",
                        "GUANJIA_HTTP_HOST", "127.0.0.1", "GUANJIA_DATA_DIR", dir.resolve("node-" + i).toString(),
                        "GUANJIA_DB_URL", "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres",
                        "GUANJIA_DB_USER", "postgres",
                        // HAProxy's X-Forwarded-For names the client, so per-address limits key on it
                        "GUANJIA_HTTP_TRUSTED_PROXIES", "127.0.0.1",
                        // every node reads and seals residents' data with the same key
                        "GUANJIA_DATA_KEY_FILE", dir.resolve("keys").resolve("data.key").toString(),
                        "GUANJIA_DESK_WARMUP_SECONDS", Integer.toString(warmupSeconds)), dir)));
            }
            Haproxy h = Haproxy.start(dir, freePort(), nodes.stream().map(GuanjiaServer::port).toList());
            return new NodeGroup(pg, nodes, h, dir.resolve("pg"));
        } catch (IOException | InterruptedException | RuntimeException e) {
            group.close();
            throw e;
        }
    }

    int port() {
        return haproxy.port();
    }

    /** CPU milliseconds PostgreSQL's server has used so far (-1 without /proc). */
    long postgresCpuMillis() {
        return ProcessCpu.millis(ProcessCpu.pidIn(pgData.resolve("postmaster.pid")));
    }

    /** CPU milliseconds HAProxy has used so far (-1 without /proc). */
    long haproxyCpuMillis() {
        return haproxy.cpuMillis();
    }

    /** A node, for reading the shared database after a run. */
    GuanjiaServer node(int index) {
        return nodes.get(index);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (haproxy != null) {
            haproxy.close();
        }
        for (GuanjiaServer n : nodes) {
            try {
                n.close();
            } catch (Exception e) {
                // the others and the database still close
            }
        }
        postgres.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
