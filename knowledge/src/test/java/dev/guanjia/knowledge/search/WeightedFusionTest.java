package dev.guanjia.knowledge.search;

import dev.guanjia.knowledge.analysis.Aliases;
import dev.guanjia.knowledge.analysis.Colloquial;
import dev.guanjia.knowledge.embedding.BgeSmallZhEmbedder;
import org.apache.lucene.search.IndexSearcher;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WeightedFusionTest {

    /** A retriever with a fixed ranking that notes when it ran. */
    private record Fixed(String name, boolean embeds, List<String> docs, List<String> calls) implements Retriever {
        @Override
        public List<RankedDoc> retrieve(IndexSearcher searcher, Question q, String communityId, int depth) {
            calls.add(name);
            List<RankedDoc> out = new ArrayList<>();
            for (int i = 0; i < docs.size(); i++) {
                out.add(new RankedDoc(docs.get(i), i, 1.0 / (i + 1)));
            }
            return out;
        }
    }

    private static final Question QUESTION =
            new Question("物业费", Colloquial.bundled(), Aliases.bundled(), BgeSmallZhEmbedder.shared());

    @Test
    void theEmbeddingRankingRunsLastWhereverItIsListedAndListsKeepTheirNames() throws Exception {
        for (boolean denseFirst : new boolean[] {true, false}) {
            List<String> calls = new ArrayList<>();
            WeightedFusion.Part dense = new WeightedFusion.Part("dense",
                    new Fixed("dense", true, List.of("a", "b"), calls), 1.0);
            WeightedFusion.Part words = new WeightedFusion.Part("words",
                    new Fixed("words", false, List.of("b", "c"), calls), 0.4);
            WeightedFusion.Part grams = new WeightedFusion.Part("grams",
                    new Fixed("grams", false, List.of("c"), calls), 0.4);
            List<WeightedFusion.Part> parts = denseFirst ? List.of(dense, words, grams) : List.of(words, grams, dense);
            WeightedFusion fusion = new WeightedFusion(parts, 60);

            Map<String, List<RankedDoc>> lists = fusion.lists(null, QUESTION, "east", 10);

            assertEquals("dense", calls.get(calls.size() - 1), calls::toString);
            assertEquals(parts.stream().map(WeightedFusion.Part::name).toList(), List.copyOf(lists.keySet()));
            assertEquals(List.of("a", "b"), lists.get("dense").stream().map(RankedDoc::docId).toList());
            assertEquals(List.of("c"), lists.get("grams").stream().map(RankedDoc::docId).toList());
            // b: 1/62 + 0.4/61 beats a: 1/61 and c: 0.4/62 + 0.4/61, whatever the order of the parts
            assertEquals(List.of("b", "a", "c"), fusion.fuse(lists, 10).stream().map(RankedDoc::docId).toList());
        }
    }

    @Test
    void aRetrieverReadingOnlySomeQuestionsReturnsNothingForTheOthersAndStillEmbedsLast() throws Exception {
        List<String> calls = new ArrayList<>();
        Retriever dense = new Fixed("dense", true, List.of("a"), calls).readingOnly(q -> !q.isPinyin());
        Question pinyin = new Question("wuyefei zenme jiao", Colloquial.bundled(), Aliases.bundled(),
                BgeSmallZhEmbedder.shared());
        assertEquals(List.of(), dense.retrieve(null, pinyin, "east", 10));
        assertEquals(List.of(), calls);
        assertEquals(1, dense.retrieve(null, QUESTION, "east", 10).size());
        assertEquals(true, dense.embeds());
    }

    @Test
    void twoPartsWithOneNameAreRefused() {
        Retriever none = (s, q, c, d) -> List.of();
        assertThrows(IllegalArgumentException.class, () -> new WeightedFusion(List.of(
                new WeightedFusion.Part("words", none, 1), new WeightedFusion.Part("words", none, 1)), 60));
    }
}
