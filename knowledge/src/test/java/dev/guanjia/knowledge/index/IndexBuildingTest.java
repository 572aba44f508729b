package dev.guanjia.knowledge.index;

import dev.guanjia.knowledge.analysis.KnowledgeAnalysis;
import dev.guanjia.knowledge.document.KbDocument;
import dev.guanjia.knowledge.embedding.OneHotEmbedder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The index says when it is being built, so a node can tell the load balancer it is not ready. */
class IndexBuildingTest {

    @TempDir
    Path dir;

    /** Vectors only once the test lets it: a rebuild stays under way until then. */
    private static final class HeldEmbedder extends OneHotEmbedder {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean hold;

        HeldEmbedder() {
            super("held-test");
        }

        @Override
        public float[] embed(String text) {
            if (hold) {
                entered.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.embed(text);
        }
    }

    private static List<SourceDocument> docs() {
        return List.of(new SourceDocument("east", new KbDocument("proc-card", "门禁卡办理与补办", "procedures",
                List.of("门禁卡"), LocalDate.of(2026, 1, 1), "门禁卡遗失后到物业服务中心补办，工本费20元。", "kb/proc-card.md")));
    }

    @Test
    void buildingIsTrueWhileAGenerationIsWrittenAndFalseOnceItAnswers() throws Exception {
        HeldEmbedder embedder = new HeldEmbedder();
        try (KnowledgeIndex index = new KnowledgeIndex(dir, embedder, new KnowledgeAnalysis())) {
            assertFalse(index.isOpen(), "nothing opened yet");
            index.open(IndexBuildingTest::docs);
            assertTrue(index.isOpen());
            assertFalse(index.building(), "the first build is over when open returns");
            int before = index.generation();

            embedder.hold = true;
            CompletableFuture<Void> rebuild = CompletableFuture.runAsync(() -> {
                try {
                    index.rebuild(docs());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertTrue(embedder.entered.await(30, TimeUnit.SECONDS), "the rebuild reached the embedder");
            assertTrue(index.building(), "a generation is being written");
            assertEquals(before, index.generation(), "searches still use the old generation meanwhile");

            embedder.release.countDown();
            rebuild.get(30, TimeUnit.SECONDS);
            assertFalse(index.building(), "the new generation answers");
            assertEquals(before + 1, index.generation());

            // a single document's change is not a build: the node stays ready
            index.put("east", docs().get(0).document());
            assertFalse(index.building());
        }
    }
}
