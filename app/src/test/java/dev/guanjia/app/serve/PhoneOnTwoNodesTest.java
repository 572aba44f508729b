package dev.guanjia.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.app.config.ConfigLoader;
import dev.guanjia.community.session.Caller;
import dev.guanjia.community.session.Sessions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The phone line on two nodes of one PostgreSQL, each answering its own PBX connection (Asterisk's
 * AudioSocket, spoken by the test): a call on each, node A stopped while its caller is being
 * handed to a person. Only A's call ends ("node stopped"), B's goes on, and the callback owed to
 * A's caller shows in node B's console, live.
 */
class PhoneOnTwoNodesTest {

    @TempDir
    Path workDir;

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper json = new ObjectMapper();

    private GuanjiaServer node(String name, int pgPort) throws Exception {
        return GuanjiaServer.start(ConfigLoader.load(Map.of("GUANJIA_HTTP_PORT", "0",
                "GUANJIA_HTTP_HOST", "127.0.0.1", "GUANJIA_DATA_DIR", workDir.resolve("node-" + name).toString(),
                "GUANJIA_DB_URL", "jdbc:postgresql://localhost:" + pgPort + "/postgres",
                "GUANJIA_DB_USER", "postgres",
                "GUANJIA_DATA_KEY_FILE", workDir.resolve("keys").resolve("data.key").toString(),
                "GUANJIA_VOICE_COMMUNITY", "cuihu", "GUANJIA_VOICE_PORT", "0"), workDir),
                (phone, text) -> { });
    }

    /** The PBX's side of one call: registers the caller's number, then speaks AudioSocket. */
    private static final class Pbx implements AutoCloseable {
        final Socket socket;
        final DataOutputStream out;
        final AtomicInteger frames = new AtomicInteger();
        final AtomicBoolean closed = new AtomicBoolean();

        Pbx(int port, UUID call, String number) throws Exception {
            HttpResponse<String> registered = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/voice/calls/" + call + "/caller"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("number=" + number)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("ok", registered.body().strip());
            socket = new Socket("127.0.0.1", port);
            out = new DataOutputStream(socket.getOutputStream());
            send(0x01, ByteBuffer.allocate(16).putLong(call.getMostSignificantBits())
                    .putLong(call.getLeastSignificantBits()).array());
            Thread.ofVirtual().start(() -> {
                try (DataInputStream in = new DataInputStream(socket.getInputStream())) {
                    while (true) {
                        int type = in.readUnsignedByte();
                        in.readFully(new byte[in.readUnsignedShort()]);
                        if (type == 0x10) {
                            frames.incrementAndGet();
                        } else if (type == 0x00) {
                            break;
                        }
                    }
                } catch (IOException e) {
                    // the node closed the connection
                }
                closed.set(true);
            });
        }

        synchronized void send(int type, byte[] payload) throws IOException {
            out.writeByte(type);
            out.writeShort(payload.length);
            out.write(payload);
            out.flush();
        }

        void key(char d) throws IOException {
            send(0x03, new byte[]{(byte) d});
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long until = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < until, "timed out waiting: " + what);
            Thread.sleep(50);
        }
    }

    /** The call's record: outcome (null while open), handed_off, whether it was stamped seen. */
    private static String[] record(DataSource db, UUID call) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT outcome, ended_at IS NOT NULL, handed_off, seen_at IS NOT NULL FROM calls WHERE id = ?")) {
            s.setObject(1, call);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return new String[]{null, "false", "false"};
                }
                return new String[]{rs.getBoolean(2) ? rs.getString(1) : null, String.valueOf(rs.getBoolean(3)),
                        String.valueOf(rs.getBoolean(4))};
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aNodeThatStopsEndsOnlyItsOwnCallAndTheCallbackItOwesShowsOnTheOther() throws Exception {
        int pgPort = TwoNodesTest.freePort();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(workDir.resolve("pg"))
                .setCleanDataDirectory(false).setPort(pgPort).start()) {
            GuanjiaServer nodeA = node("a", pgPort);
            GuanjiaServer nodeB = node("b", pgPort);
            AtomicBoolean stoppedA = new AtomicBoolean();
            DataSource db = nodeB.dataSource();
            String agent = new Sessions(db, nodeB.personalData()).open("cuihu", Caller.Kind.STAFF, "e05",
                    Duration.ofHours(1));
            UUID callA = UUID.randomUUID();
            UUID callB = UUID.randomUUID();
            try (Pbx onA = new Pbx(nodeA.phonePort(), callA, "13962000101");
                 Pbx onB = new Pbx(nodeB.phonePort(), callB, "13962000102")) {
                waitFor("both greetings", () -> onA.frames.get() > 25 && onB.frames.get() > 25);
                assertEquals("true", record(db, callA)[2], "the answering node stamps its call");
                assertEquals("true", record(db, callB)[2]);

                // node B's console, open on its queue
                BlockingQueue<String> console = new LinkedBlockingQueue<>();
                HttpResponse<Stream<String>> stream = http.send(HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + nodeB.port() + "/api/v1/console/events"))
                        .header("Authorization", "Bearer " + agent).build(), HttpResponse.BodyHandlers.ofLines());
                assertEquals(200, stream.statusCode());
                Thread reader = Thread.ofVirtual().start(() -> {
                    try {
                        stream.body().forEach(console::add);
                    } catch (RuntimeException e) {
                        // closed at the end of the test
                    }
                });
                try {
                    int callbacksBefore = nextQueue(console, 10_000).get("callbacks").asInt();

                    // A's caller presses 0; the hand-off's turn is held at the database (the test locks
                    // the messages table), so node A stops in the middle of it
                    try (Connection lock = postgres.getPostgresDatabase().getConnection()) {
                        lock.setAutoCommit(false);
                        try (Statement s = lock.createStatement()) {
                            s.execute("LOCK TABLE messages IN EXCLUSIVE MODE");
                        }
                        onA.key('0');
                        waitFor("A's hand-off under way", () -> record(db, callA)[0] == null
                                && record(db, callA)[1].equals("true"));
                        try (ExecutorService stopper = Executors.newSingleThreadExecutor()) {
                            Future<?> stopping = stopper.submit(() -> {
                                nodeA.close();
                                stoppedA.set(true);
                                return null;
                            });
                            waitFor("A's call ended by its node", () -> record(db, callA)[0] != null);
                            lock.rollback();
                            stopping.get(90, TimeUnit.SECONDS);
                        }
                    }
                    assertEquals("node stopped", record(db, callA)[0]);
                    waitFor("A's PBX connection closed", onA.closed::get);

                    // B's call goes on: frames keep coming, keys are answered, the record stays open
                    int framesNow = onB.frames.get();
                    Thread.sleep(1_000);
                    assertTrue(onB.frames.get() >= framesNow + 40, "B's caller still hears the line");
                    assertFalse(onB.closed.get());
                    assertNull(record(db, callB)[0]);
                    onB.key('*');
                    waitFor("B's menu repeated", () -> transcript(db, callB).contains("按键*"));

                    // the callback owed to A's caller, on node B's console: live, and in its list
                    JsonNode queue;
                    do {
                        queue = nextQueue(console, 10_000);
                    } while (queue.get("callbacks").asInt() <= callbacksBefore);
                    assertEquals(callbacksBefore + 1, queue.get("callbacks").asInt());
                    HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                    + nodeB.port() + "/api/v1/console/callbacks"))
                            .header("Authorization", "Bearer " + agent).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, list.statusCode(), list.body());
                    int owed = 0;
                    for (JsonNode task : json.readTree(list.body()).get("callbacks")) {
                        if (task.get("request").asText().contains("电话转人工时通话中断")) {
                            owed++;
                            assertEquals("voice", task.get("channel").asText());
                            assertTrue(task.get("contact").asText().endsWith("0101"), task.toString());
                        }
                    }
                    assertEquals(1, owed, list.body());
                } finally {
                    stream.body().close();
                    reader.interrupt();
                }

                onB.send(0x00, new byte[0]); // B's caller hangs up
                waitFor("B's call ended", () -> record(db, callB)[0] != null);
                assertEquals("caller hung up", record(db, callB)[0]);
            } finally {
                if (!stoppedA.get()) {
                    nodeA.close();
                }
                nodeB.close();
            }
        }
    }

    /** The next "queue" event of a console stream. */
    private static JsonNode nextQueue(BlockingQueue<String> lines, long millis) throws Exception {
        long until = System.currentTimeMillis() + millis;
        String event = "";
        while (System.currentTimeMillis() < until) {
            String line = lines.poll(until - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                break;
            }
            if (line.startsWith("event:")) {
                event = line.substring(6).strip();
            } else if (line.startsWith("data:") && event.equals("queue")) {
                return json.readTree(line.substring(5));
            }
        }
        throw new AssertionError("no queue event on the console within " + millis + " ms");
    }

    private static String transcript(DataSource db, UUID call) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT transcript FROM calls WHERE id = ?")) {
            s.setObject(1, call);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : "";
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
