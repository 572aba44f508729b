package dev.guanjia.app.database;

import dev.guanjia.knowledge.KnowledgeBase;
import dev.guanjia.knowledge.analysis.Aliases;
import dev.guanjia.knowledge.document.KbDocument;
import dev.guanjia.knowledge.document.KbDocumentStore;
import dev.guanjia.knowledge.editing.ArticleDraft;
import dev.guanjia.knowledge.editing.Articles;
import dev.guanjia.knowledge.embedding.BgeSmallZhEmbedder;
import dev.guanjia.knowledge.search.SearchResult;
import dev.guanjia.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two nodes, each with its own search index, on one database: an edit through one node's editor
 * answers on the other within 2 s, told by the kb_documents trigger's NOTIFY, not by its 5 s round.
 */
class KnowledgeAcrossNodesTest {

    @Test
    void anEditOnOneNodeAnswersOnTheOtherWithinTwoSeconds(@TempDir Path dirA, @TempDir Path dirB) throws Exception {
        DataSource db = TestDatabase.fresh("community", "knowledge");
        try (Connection c = db.getConnection()) {
            KbDocumentStore.replace(c, "east", List.of(new KbDocument("proc-card", "门禁卡办理与补办", "procedures",
                    List.of("门禁卡"), LocalDate.of(2026, 1, 1), "门禁卡丢失请到服务中心补办，每张工本费15元。", "kb/proc-card.md")));
        }
        try (KnowledgeBase a = new KnowledgeBase(new KbDocumentStore(db), dirA, BgeSmallZhEmbedder.shared(),
                Aliases.bundled()).open();
             KnowledgeBase b = new KnowledgeBase(new KbDocumentStore(db), dirB, BgeSmallZhEmbedder.shared(),
                     Aliases.bundled()).open();
             Notifications heardOnB = new Notifications(db::getConnection)
                     .on(KnowledgeBase.CHANGES_CHANNEL, ignored -> b.changed()).start()) {
            waitListening(heardOnB);
            assertTrue(quoted(b, "门禁卡弄没了要怎样重新办").contains("15元"));

            new Articles(db, a, java.time.Clock.systemUTC(), (c, actor, action, community, subject, details) -> { })
                    .edit("east", "proc-card", new ArticleDraft("门禁卡办理与补办", "procedures", List.of("门禁卡"),
                            "门禁卡丢失请到服务中心补办，每张工本费25元。", null, null, null), "staff:e07");

            long until = System.currentTimeMillis() + 2_000;
            String answer = quoted(b, "门禁卡弄没了要怎样重新办");
            while (!answer.contains("25元") && System.currentTimeMillis() < until) {
                Thread.sleep(50);
                answer = quoted(b, "门禁卡弄没了要怎样重新办");
            }
            assertTrue(answer.contains("25元"), answer);
        }
    }

    private static String quoted(KnowledgeBase kb, String question) {
        SearchResult r = kb.search("east", question, 3);
        assertTrue(!r.passages().isEmpty(), r::toString);
        return r.passages().get(0).text();
    }

    private static void waitListening(Notifications n) throws InterruptedException {
        long until = System.currentTimeMillis() + 10_000;
        while (!n.listening() && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
        assertTrue(n.listening(), "listening");
    }
}
