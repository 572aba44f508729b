package dev.guanjia.knowledge.index;

import dev.guanjia.knowledge.analysis.KnowledgeAnalysis;
import dev.guanjia.knowledge.document.KbDocument;
import dev.guanjia.knowledge.embedding.Embedder;
import dev.guanjia.knowledge.embedding.OneHotEmbedder;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.ScoreDoc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The visibility filters are kept in a query cache: after every change a community still sees its own
 * version of a document where it has one, else the company-wide one, and nothing deleted.
 */
class VisibilityFilterTest {

    @TempDir
    Path dir;

    private static final Embedder EMBEDDER = new OneHotEmbedder("visibility-test");

    private static KbDocument card(String fee) {
        return new KbDocument("proc-card", "门禁卡办理与补办", "procedures", List.of("门禁卡"), LocalDate.of(2026, 1, 1),
                "门禁卡遗失后到物业服务中心补办，工本费" + fee + "。", "kb/proc-card.md");
    }

    /** The texts a community sees, each search asked twice so the second is answered from the cache. */
    private static List<String> seen(KnowledgeIndex index, String communityId) {
        List<String> first = read(index, communityId);
        long hits = KnowledgeIndex.filterHits();
        assertEquals(first, read(index, communityId), "the cached filter finds what the first search found");
        assertTrue(KnowledgeIndex.filterHits() > hits, "the second search used the kept filter");
        return first;
    }

    private static List<String> read(KnowledgeIndex index, String communityId) {
        return index.withSearcher(s -> {
            List<String> out = new ArrayList<>();
            for (ScoreDoc d : s.search(KnowledgeIndex.visibleTo(s, communityId)
                    .add(new MatchAllDocsQuery(), BooleanClause.Occur.MUST).build(), 100).scoreDocs) {
                out.add(s.storedFields().document(d.doc).get(ChunkFields.TEXT));
            }
            out.sort(null);
            return out;
        });
    }

    @Test
    void aCommunitySeesItsOwnVersionThenTheSharedOneAgainAfterEachChange() throws Exception {
        try (KnowledgeIndex index = new KnowledgeIndex(dir, EMBEDDER, new KnowledgeAnalysis())) {
            index.open(() -> List.of(new SourceDocument(null, card("20元"))));
            assertTrue(seen(index, "east").get(0).contains("20元"));

            index.put("east", card("30元"));
            assertEquals(1, seen(index, "east").size());
            assertTrue(seen(index, "east").get(0).contains("30元"), "east's own version replaces the shared one");
            assertTrue(seen(index, "west").get(0).contains("20元"), "west still sees the shared one");

            index.put("east", card("40元"));
            assertEquals(1, seen(index, "east").size());
            assertTrue(seen(index, "east").get(0).contains("40元"), "the replaced version is gone");

            index.delete("east", "proc-card");
            assertEquals(1, seen(index, "east").size());
            assertTrue(seen(index, "east").get(0).contains("20元"), "east sees the shared one again");

            index.delete(null, "proc-card");
            // every chunk deleted: no segment left to keep a filter for
            assertEquals(List.of(), read(index, "east"));
        }
    }

    @Test
    void onlyTheVisibilityFilterIsCached() throws Exception {
        try (KnowledgeIndex index = new KnowledgeIndex(dir, EMBEDDER, new KnowledgeAnalysis())) {
            index.open(() -> List.of(new SourceDocument(null, card("20元"))));
            index.withSearcher(s -> {
                org.apache.lucene.search.BooleanQuery whole = KnowledgeIndex.visibleTo(s, "east")
                        .add(new MatchAllDocsQuery(), BooleanClause.Occur.MUST).build();
                assertTrue(KnowledgeIndex.visibilityFilter(whole.clauses().get(0).query()));
                assertTrue(!KnowledgeIndex.visibilityFilter(whole), "a question's query is its own");
                return null;
            });
        }
    }
}
