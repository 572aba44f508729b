package dev.guanjia.knowledge.analysis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KnowledgeAnalysisTest {

    private final KnowledgeAnalysis analysis = new KnowledgeAnalysis();

    @Test
    void wordsOfATypicalQuestionWithoutItsFiller() {
        List<String> terms = analysis.queryTerms(KnowledgeAnalysis.WORDS, "请问装修押金要交多少钱啊？");
        assertTrue(terms.contains("装修"), terms::toString);
        assertTrue(terms.contains("押金"), terms::toString);
        assertFalse(terms.contains("请问"), terms::toString);
        assertFalse(terms.contains("啊"), terms::toString);
    }

    @Test
    void bigramsGiveRecallOnWordsTheSegmenterSplitsDifferently() {
        assertEquals(List.of("门禁", "禁卡"), analysis.queryTerms(KnowledgeAnalysis.GRAMS, "门禁卡"));
        // full-width digits and letters are folded, so ２０ and 20 match
        assertTrue(analysis.queryTerms(KnowledgeAnalysis.GRAMS, "工本费２０元").contains("20"));
    }

    @Test
    void numbersPhonesAndIdsAreKeptExact() {
        assertEquals(List.of("0512-6601", "2299", "3-2-501", "2.80"),
                KnowledgeAnalysis.exactTokens("电话0512-6601 2299，房号3-2-501，单价2.80元"));
    }

    @Test
    void aliasesExpandAQuestionWithTheDomainsOtherWords() {
        Aliases aliases = Aliases.parse("物业费, 管理费, 物管费\n门禁卡, 门卡 # comment\nfee, 费用\n");
        assertEquals(List.of("物业费", "物管费"), aliases.expansions("管理费怎么交"));
        assertEquals(List.of("门禁卡"), aliases.expansions("门卡丢了"));
        assertEquals(List.of(), aliases.expansions("coffee"), "Latin aliases match whole words only");
        assertTrue(Aliases.bundled().size() > 40);
    }
}
