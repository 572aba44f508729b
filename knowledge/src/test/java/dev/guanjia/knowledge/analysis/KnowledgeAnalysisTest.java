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
    void theUserDictionaryKeepsWordsTheSegmenterWouldCutApart() {
        KnowledgeAnalysis own = new KnowledgeAnalysis();
        List<String> before = own.queryTerms(KnowledgeAnalysis.WORDS, "换锁芯要多少钱");
        assertFalse(before.contains("锁芯"), "SmartCN alone cuts it: " + before);
        // a single word on a line of the alias file is a dictionary word too
        own.addWords(Aliases.parse("锁芯\n群租, 合租房\n").words());
        List<String> after = own.queryTerms(KnowledgeAnalysis.WORDS, "换锁芯要多少钱");
        assertTrue(after.contains("锁芯"), after::toString);
        assertTrue(after.contains("锁"), "the pieces stay, for indexes built before the word was known: " + after);
        assertTrue(own.queryTerms(KnowledgeAnalysis.WORDS, "隔断群租要罚款吗").contains("群租"));
        // indexing sees the same words
        assertTrue(KnowledgeAnalysis.terms(own.indexAnalyzer(), "禁止群租和隔断出租").contains("群租"));
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

    @Test
    void theBundledAliasesJoinEverydayWordsToTheWordsRulesAndPriceListsUse() {
        Aliases bundled = Aliases.bundled();
        assertTrue(bundled.expansions("表弟来玩要收钱吗").contains("收费"));
        assertTrue(bundled.expansions("表弟来玩要收钱吗").contains("访客") == false);
        assertTrue(bundled.expansions("同学朋友来玩").contains("访客"));
        assertTrue(bundled.expansions("过节能放鞭炮吗").contains("烟花爆竹"));
        assertTrue(bundled.expansions("半夜太吵").contains("夜间"));
        assertTrue(bundled.expansions("星期六能装修吗").contains("周末"));
    }
}
