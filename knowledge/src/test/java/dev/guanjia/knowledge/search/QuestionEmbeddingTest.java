package dev.guanjia.knowledge.search;

import dev.guanjia.knowledge.analysis.Aliases;
import dev.guanjia.knowledge.analysis.Colloquial;
import dev.guanjia.knowledge.embedding.Embedder;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuestionEmbeddingTest {

    /** An embedder that holds every call until released, counting them. */
    private static final class Held implements Embedder {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public float[] embed(String text) {
            calls.incrementAndGet();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new float[] {1, 0};
        }

        @Override
        public float[] embedQuery(String text) {
            return embed(text);
        }

        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public String modelId() {
            return "held";
        }
    }

    private static Question question(Embedder embedder, int i) {
        return new Question("第" + i + "个问题", Colloquial.bundled(), Aliases.bundled(), embedder);
    }

    @Test
    void aBurstOfQuestionsUsesAtMostItsThreadsAndDropsWhatItCannotQueue() throws Exception {
        Held embedder = new Held();
        try (QuestionEmbedding embedding = new QuestionEmbedding(2, 3)) {
            for (int i = 0; i < 50; i++) {
                embedding.prepare(question(embedder, i));
            }
            assertEquals(2, embedding.threads());
            embedder.release.countDown();
        }
        // two running and three queued were embedded; the other 45 are left to their searches
        assertEquals(5, embedder.calls.get());
    }

    @Test
    void closingStopsItsThreadsAndLaterQuestionsAreEmbeddedByTheirSearch() {
        Held embedder = new Held();
        embedder.release.countDown();
        QuestionEmbedding embedding = new QuestionEmbedding(2, 3);
        Question first = question(embedder, 1);
        embedding.prepare(first);
        embedding.close();
        assertTrue(embedding.isClosed());
        assertEquals(0, embedding.threads());

        Question later = question(embedder, 2);
        embedding.prepare(later); // no exception: dropped
        assertEquals(2, later.vector().length);
        assertEquals(2, embedder.calls.get());
    }
}
