package dev.guanjia.channels.console;

import dev.guanjia.channels.ServedEstate;
import dev.guanjia.community.billing.Bills;
import dev.guanjia.community.change.InProcessChangeFeed;
import dev.guanjia.community.resident.Bindings;
import dev.guanjia.community.resident.Residents;
import dev.guanjia.desk.conversation.ConversationLog;
import dev.guanjia.desk.handoff.Availability;
import dev.guanjia.desk.handoff.Callbacks;
import dev.guanjia.desk.handoff.Handoffs;
import dev.guanjia.ticketing.workorder.WorkOrders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console's routes over real HTTP and PostgreSQL, one route per action, refusals from the one handler. */
class ConsoleServiceTest {

    private static final String C = "/api/v1/console/conversations/";

    private ServedEstate estate;
    private final InProcessChangeFeed changes = new InProcessChangeFeed();
    private ConversationLog log;
    private Callbacks callbacks;
    private String a1;
    private String s1;

    @BeforeEach
    void start() throws Exception {
        estate = new ServedEstate();
        log = new ConversationLog(estate.db, estate.personalData, changes);
        callbacks = new Callbacks(estate.db, estate.personalData, changes);
        ConsoleService.Parts parts = new ConsoleService.Parts(new Handoffs(estate.db, log, Map.of(),
                new dev.guanjia.community.staff.StaffDirectory(estate.db),
                new dev.guanjia.community.resident.ResidentDirectory(estate.db, estate.personalData), estate.personalData,
                changes), callbacks,
                new Availability(estate.db), log, new Residents(estate.db, estate.personalData), new Bills(estate.db),
                new Bindings(estate.db, estate.personalData), new WorkOrders(estate.db, Clock.systemUTC()), null, estate.db, changes);
        // a second console whose slow re-check runs every second: what no feed carried still shows
        estate.serve(r -> r.register("/api/v1/console", new ConsoleService(parts, estate.auth))
                .register("/rechecking/console", new ConsoleService(parts, estate.auth, 1_000)));
        a1 = estate.staff("c1", "a1");
        s1 = estate.staff("c1", "s1");
    }

    @AfterEach
    void stop() {
        estate.close();
    }

    private UUID queued(String visitor, String text) {
        UUID id = log.open("c1", "web", visitor, null);
        log.append(id, "in", "resident", "text", text, null, null);
        log.queueForHuman(id, "resident asked for a person", "访客：" + text);
        return id;
    }

    private static void answers(int status, String fragment, HttpResponse<String> r) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.body().contains(fragment), r.body());
    }

    @Test
    void eachActionHasItsOwnRoute() throws Exception {
        UUID id = queued("v1", "我要找人工");
        answers(200, id.toString(), estate.get("/api/v1/console/queue", a1));
        answers(200, "\"state\":\"human\"", estate.post(C + id + "/claim", a1, null));
        answers(200, "\"delivered\":true", estate.post(C + id + "/reply", a1, "{\"text\":\"您好，我是小李\"}"));
        answers(200, "备注一下", estate.post(C + id + "/notes", a1, "{\"text\":\"备注一下\"}"));
        answers(200, "\"agentCode\":\"a2\"", estate.post(C + id + "/transfer", a1, "{\"to\":\"a2\"}"));
        answers(200, "\"agentCode\":\"a1\"", estate.post(C + id + "/assign", s1, "{\"to\":\"a1\"}"));
        answers(200, "\"state\":\"bot\"", estate.post(C + id + "/return", a1, null));
        UUID other = queued("v2", "物业电话多少");
        estate.post(C + other + "/claim", a1, null);
        answers(200, "\"state\":\"closed\"", estate.post(C + other + "/close", a1, "{\"disposition\":\"resolved\"}"));
        HttpResponse<String> shown = estate.get(C + id, a1);
        answers(200, "您好，我是小李", shown);
        assertTrue(shown.body().contains("备注一下"), shown.body());
    }

    @Test
    void refusalsKeepTheirStatusCodeAndSentence() throws Exception {
        UUID id = queued("v1", "人工");
        estate.post(C + id + "/claim", a1, null);
        answers(409, "\"error\":\"not_waiting\"", estate.post(C + id + "/claim", estate.staff("c1", "a2"), null));
        answers(403, "\"error\":\"not_yours\"", estate.post(C + id + "/reply", estate.staff("c1", "a2"), "{\"text\":\"我来\"}"));
        answers(400, "\"error\":\"text_missing\"", estate.post(C + id + "/reply", a1, "{\"text\":\" \"}"));
        answers(400, "\"error\":\"bad_disposition\"", estate.post(C + id + "/close", a1, "{\"disposition\":\"x\"}"));
        answers(404, "\"error\":\"not_found\"", estate.post(C + id + "/claim", estate.staff("c2", "x1"), null));
        answers(404, "没有找到这个会话。", estate.post(C + "not-a-uuid/claim", a1, null));
        answers(404, "不支持的操作：dance", estate.post(C + id + "/dance", a1, null));
        answers(400, "\"error\":\"bad_json\"", estate.post(C + id + "/notes", a1, "{"));
        answers(400, "\"error\":\"too_large\"", estate.post(C + id + "/notes", a1, "x".repeat(40_000)));
        answers(400, "\"error\":\"q_missing\"", estate.get("/api/v1/console/canned", a1));
        answers(404, "\"error\":\"not_found\"", estate.get("/api/v1/console/events?conversation=nope", a1));
        // the checks before any action stay first: who is calling
        assertEquals(401, estate.post(C + id + "/dance", null, null).statusCode());
        assertEquals(403, estate.post(C + id + "/claim", estate.staff("c1", "t1"), null).statusCode());
    }

    @Test
    void callbackTasksAreClaimedAndDone() throws Exception {
        UUID id = queued("v1", "请给我回电");
        long task = callbacks.request("c1", id, "web", null, "v1", "请回电");
        answers(200, "\"status\":\"claimed\"", estate.post("/api/v1/console/callbacks/" + task + "/claim", a1, null));
        answers(409, "\"error\":\"not_open\"", estate.post("/api/v1/console/callbacks/" + task + "/claim", a1, null));
        answers(200, "{\"callbacks\":[]}", estate.post("/api/v1/console/callbacks/" + task + "/done", a1,
                "{\"outcome\":\"已回电\"}"));
        answers(404, "没有这个回电任务。", estate.post("/api/v1/console/callbacks/x/claim", a1, null));
        answers(404, "\"error\":\"unknown_action\"", estate.post("/api/v1/console/callbacks/" + task + "/dance", a1, null));
    }

    /** A change reaches an open stream when it is made, well before the stream's slow re-check. */
    @Test
    void theStreamPushesChangesWithoutPolling() throws Exception {
        UUID id = queued("v1", "人工");
        estate.post(C + id + "/claim", a1, null);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        CompletableFuture<Void> stream = open("/api/v1/console/events?conversation=" + id, lines);
        try {
            String first = until(lines, "\"queue\"", 10_000);
            assertNotNull(first, "the queue is sent when the stream opens");
            until(lines, "我要找人工", 2_000); // the messages so far
            lines.clear();

            long start = System.nanoTime();
            estate.post(C + id + "/reply", a1, "{\"text\":\"马上到\"}");
            String message = until(lines, "马上到", 5_000);
            assertNotNull(message, "the reply is pushed to the open stream");
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < ConsoleService.RECHECK_MILLIS);

            UUID second = queued("v2", "又一位住户");
            assertNotNull(until(lines, second.toString(), 5_000), "a new conversation in the queue is pushed too");
        } finally {
            stream.cancel(true);
        }
    }

    /** A change made where no feed hears it (another tool, a time-only change) shows at the next re-check. */
    @Test
    void theSlowRecheckFindsWhatNoFeedCarried() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        CompletableFuture<Void> stream = open("/rechecking/console/events", lines);
        try {
            assertNotNull(until(lines, "\"queue\"", 10_000));
            ConversationLog unheard = new ConversationLog(estate.db, estate.personalData);
            UUID id = unheard.open("c1", "web", "v9", null);
            unheard.append(id, "in", "resident", "text", "没人听见", null, null);
            unheard.queueForHuman(id, "resident asked for a person", "访客：没人听见");
            assertNotNull(until(lines, id.toString(), 5_000), "the re-check reads the queue again");
        } finally {
            stream.cancel(true);
        }
    }

    /** An agent's event stream, its lines collected as they come. */
    private CompletableFuture<Void> open(String path, BlockingQueue<String> lines) {
        return estate.http().sendAsync(estate.request(path, a1).build(), HttpResponse.BodyHandlers.ofLines())
                .thenAccept(r -> r.body().forEach(lines::add));
    }

    /** The first line containing the text within the time, or null. */
    private static String until(BlockingQueue<String> lines, String text, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        for (long left = millis; left > 0; left = end - System.currentTimeMillis()) {
            String line = lines.poll(left, TimeUnit.MILLISECONDS);
            if (line != null && line.contains(text)) {
                return line;
            }
        }
        return null;
    }
}
