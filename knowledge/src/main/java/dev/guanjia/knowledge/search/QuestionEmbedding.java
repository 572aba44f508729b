package dev.guanjia.knowledge.search;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Embeds questions while the lexical rankings run: the model works in native code, so on two cores
 * the two overlap. Bounded (as many threads as cores, a short queue): when it is full, or once it
 * is closed, a question is simply embedded by the search that needs it ({@link Question#vector()}
 * embeds on first use), so a burst of searches never piles up threads or work. Owned and closed by
 * whoever owns the search ({@code KnowledgeBase}).
 */
public final class QuestionEmbedding implements AutoCloseable {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ThreadPoolExecutor pool;

    public QuestionEmbedding() {
        this(Runtime.getRuntime().availableProcessors(), 64);
    }

    QuestionEmbedding(int threads, int queued) {
        int id = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queued),
                r -> {
                    // daemon: a search never keeps the process alive
                    Thread t = new Thread(r, "question-embedding-" + id + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.DiscardPolicy());
        pool.allowCoreThreadTimeOut(true);
    }

    /** Starts embedding a question ahead of its use; dropped when the queue is full or closed. */
    void prepare(Question q) {
        pool.execute(q::vector);
    }

    /** Threads currently alive (for tests). */
    int threads() {
        return pool.getPoolSize();
    }

    /** Stops the threads, waiting briefly for a question being embedded; later questions embed inline. */
    @Override
    public void close() {
        // no interrupt: the model runs in native code; a queued question takes milliseconds
        pool.shutdown();
        try {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    boolean isClosed() {
        return pool.isTerminated();
    }
}
