package dev.guanjia.app.serve;

import dev.guanjia.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jobs declared for one node: two processes on one database stand for two nodes. */
class JobsOnOneNodeTest {

    private final DataSource db = TestDatabase.fresh("community");

    @Test
    void aRoundUnderWayOnOneNodeIsSkippedByTheOther() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicInteger rounds = new AtomicInteger();
        try (ExecutorService nodeA = Executors.newSingleThreadExecutor()) {
            Future<Boolean> a = nodeA.submit(() -> BackgroundJobs.onOneNode(db, "SLA sweep", () -> {
                rounds.incrementAndGet();
                running.countDown();
                assertTrue(finish.await(30, TimeUnit.SECONDS));
            }));
            assertTrue(running.await(30, TimeUnit.SECONDS));
            assertFalse(BackgroundJobs.onOneNode(db, "SLA sweep", rounds::incrementAndGet),
                    "node B skips while node A sweeps");
            assertTrue(BackgroundJobs.onOneNode(db, "complaint sweep", () -> { }), "other jobs are not held up");
            finish.countDown();
            assertTrue(a.get());
        }
        assertEquals(1, rounds.get());
        assertTrue(BackgroundJobs.onOneNode(db, "SLA sweep", rounds::incrementAndGet), "released after the round");
        assertEquals(2, rounds.get());
    }

    @Test
    void aFailedRoundReleasesTheJob() throws Exception {
        try {
            BackgroundJobs.onOneNode(db, "retention job", () -> {
                throw new IllegalStateException("database went away mid-round");
            });
        } catch (IllegalStateException expected) {
            // logged by the scheduler in the server
        }
        assertTrue(BackgroundJobs.onOneNode(db, "retention job", () -> { }));
    }

    @Test
    void aNodeThatDiesReleasesItsJobs() throws Exception {
        // a node's session ends with it (kill -9 closes its sockets): its lock goes with it
        java.sql.Connection dying = db.getConnection();
        dying.setAutoCommit(false);
        try (var s = dying.prepareStatement("SELECT pg_try_advisory_xact_lock(?, hashtext(?))")) {
            s.setInt(1, BackgroundJobs.LOCK_CLASS);
            s.setString(2, "SMS delivery check");
            try (var rs = s.executeQuery()) {
                assertTrue(rs.next() && rs.getBoolean(1));
            }
        }
        assertFalse(BackgroundJobs.onOneNode(db, "SMS delivery check", () -> { }));
        dying.close();
        assertTrue(BackgroundJobs.onOneNode(db, "SMS delivery check", () -> { }));
    }

    @Test
    void eachRoundLogsUnderAJobIdOfItsOwn() {
        java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(BackgroundJobs.class.getName());
        dev.guanjia.app.logging.LogLines.Text text = new dev.guanjia.app.logging.LogLines.Text();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                lines.add(text.format(r)); // formatted on the job's thread, as the console handler does
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        try {
            for (int round = 0; round < 2; round++) {
                BackgroundJobs.round("SLA sweep", () -> {
                    log.info("sweeping");
                    log.info("2 deadline(s) passed");
                });
            }
            BackgroundJobs.round("retention job", () -> {
                throw new IllegalStateException("database went away");
            });
        } finally {
            log.removeHandler(capture);
        }
        java.util.regex.Pattern job = java.util.regex.Pattern.compile("\\[job=([0-9a-f]{16})]");
        java.util.List<String> ids = lines.stream().map(l -> {
            java.util.regex.Matcher m = job.matcher(l);
            assertTrue(m.find(), l);
            return m.group(1);
        }).toList();
        assertEquals(5, ids.size(), lines::toString);
        assertEquals(ids.get(0), ids.get(1), "one round, one id");
        assertEquals(ids.get(2), ids.get(3));
        assertFalse(ids.get(0).equals(ids.get(2)), "the next round, a new id");
        assertTrue(lines.get(4).contains("retention job failed: database went away"), lines.get(4));
        assertEquals(null, dev.guanjia.community.logging.LogContext.jobId(), "nothing left on the thread");
    }
}
