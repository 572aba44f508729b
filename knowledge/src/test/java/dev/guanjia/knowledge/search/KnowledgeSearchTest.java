package dev.guanjia.knowledge.search;

import dev.guanjia.knowledge.analysis.Aliases;
import dev.guanjia.knowledge.analysis.Colloquial;
import dev.guanjia.knowledge.analysis.KnowledgeAnalysis;
import dev.guanjia.knowledge.document.KbDocument;
import dev.guanjia.knowledge.embedding.BgeSmallZhEmbedder;
import dev.guanjia.knowledge.embedding.Embedder;
import dev.guanjia.knowledge.index.KnowledgeIndex;
import dev.guanjia.knowledge.index.SourceDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real Lucene on a temporary directory and the real embedding model (loaded once per JVM). */
class KnowledgeSearchTest {

    @TempDir
    Path dir;

    private final Embedder embedder = BgeSmallZhEmbedder.shared();
    private KnowledgeIndex index;
    private KnowledgeSearch search;
    private final QuestionEmbedding embedding = new QuestionEmbedding();

    static KbDocument doc(String id, String title, String body, String... tags) {
        return new KbDocument(id, title, "fees", List.of(tags), LocalDate.of(2026, 1, 1), body, "kb/" + id + ".md");
    }

    static final List<SourceDocument> DOCS = List.of(
            new SourceDocument("east", doc("fee-property", "物业服务费标准", """
                    物业服务费按建筑面积收取，每月每平方米2.50元，按季度缴纳。
                    一、缴费方式
                    可在公众号在线缴纳，也可到服务中心刷卡。""", "物业费", "缴费")),
            new SourceDocument("east", doc("proc-card", "门禁卡办理与补办", """
                    每户免费领取门禁卡两张。门禁卡丢失请到服务中心挂失补办，每张工本费15元。""", "门禁卡", "补办")),
            new SourceDocument("east", doc("emg-lift", "电梯困人应急", """
                    电梯困人在哪里求助？被困电梯时请按警铃求助，不要扒门，救援人员30分钟内到达。""", "电梯", "应急")),
            new SourceDocument("east", doc("rule-dog", "养犬管理规定", """
                    出门遛狗必须拴绳，犬只须登记并接种疫苗。<script>alert(1)</script>""", "宠物", "养狗")),
            new SourceDocument("west", doc("fee-water", "西区二次供水收费", """
                    西区二次供水加压费每吨0.60元，随水费一起收取。""", "水费")),
            new SourceDocument("north", doc("notice-tank", "5号楼水箱清洗停水通知", """
                    物业将于12月12日清洗5号楼屋顶水箱。
                    停水时间：12月12日8:00至15:00。
                    停水范围：5号楼12层及以上住户。
                    不受影响：5号楼11层及以下正常供水。
                    请提前储水，来水后先放水几分钟。""", "停水", "水箱")),
            new SourceDocument(null, doc("company-hotline", "集团客服热线", """
                    集团24小时客服热线400-000-1234，受理所有小区的投诉和建议。""", "热线", "投诉")));

    private KnowledgeAnalysis analysis;

    @BeforeEach
    void open() throws IOException {
        analysis = new KnowledgeAnalysis();
        index = new KnowledgeIndex(dir, embedder, analysis);
        index.open(() -> DOCS);
        search = new KnowledgeSearch(index, embedder, analysis, Aliases.bundled(), Colloquial.bundled(), KnowledgeSearch.Weights.defaults(),
                RankingModel.bundled(), embedding);
    }

    @AfterEach
    void close() throws IOException {
        embedding.close();
        index.close();
    }

    private String top(String community, String question) {
        SearchResult r = search.search(community, question, 3);
        return r.hits().isEmpty() ? null : r.hits().get(0).docId();
    }

    @Test
    void findsTheDocumentForPlainAndColloquialQuestions() {
        assertEquals("fee-property", top("east", "物业费一个平方多少钱"));
        assertEquals("proc-card", top("east", "门禁卡遗失了"));
        assertEquals("emg-lift", top("east", "我被关在电梯里出不来了"));
    }

    /** A follow-up about an article just given is quoted from that article by its own words, not the earlier ones. */
    @Test
    void oneArticleIsQuotedForAFollowUpsOwnWords() {
        KnowledgeSearch.Quoted quoted = search.quoteIn("north", "notice-tank", "那我家10楼也停吗").orElseThrow();
        assertEquals("notice-tank", quoted.hit().docId());
        List<Passage> floors = quoted.passages();
        assertFalse(floors.isEmpty());
        assertTrue(floors.get(0).text().contains("层"), floors::toString);
        assertTrue(floors.stream().anyMatch(p -> p.text().contains("11层及以下")), floors::toString);
        List<Passage> when = search.quoteIn("north", "notice-tank", "几点来水").orElseThrow().passages();
        assertTrue(when.get(0).text().contains("15:00"), when::toString);
        assertTrue(search.quoteIn("north", "no-such-notice", "那我家10楼也停吗").isEmpty());
    }

    @Test
    void dialectQuestionsAreReadAsMandarin() {
        assertEquals("fee-property", top("east", "物业费咋个交嘛"));
        assertEquals("proc-card", top("east", "门禁卡冇咗咋整"));
        assertEquals("emg-lift", top("east", "侬好，电梯里厢困牢了哪能办"));
    }

    @Test
    void aPriceQuestionIsAnsweredForTheEstatesFeesButNotForFlats() {
        // both ask "how much per square metre"; only the first is the property desk's to answer
        SearchResult fee = search.search("east", "物业费一平方多少钱", 3);
        assertFalse(fee.abstained(), fee::toString);
        SearchResult flat = search.search("east", "对面那个楼盘的房价一平方卖多少", 3);
        assertTrue(flat.abstained(), flat::toString);
        assertTrue(flat.signals().outOfScope() > flat.signals().inScope(), flat::toString);
    }

    @Test
    void aThingNoDocumentMentionsCountsAsAnUnknownWord() {
        // the estate's documents never speak of a sauna; they do speak of lost access cards
        KnowledgeSearch.Ranking sauna = search.explain("east", "桑拿房周末开不开");
        assertTrue(sauna.unknown() > 0, sauna::toString);
        KnowledgeSearch.Ranking card = search.explain("east", "门禁卡丢失怎么补办");
        assertEquals(0, card.unknown(), 1e-9, card::toString);
        // an alias found in the documents makes the word known (物管费 = 物业服务费)
        assertEquals(0, search.explain("east", "物管费").unknown(), 1e-9);
    }

    @Test
    void aWordTypedWithTheWrongCharacterOfItsSoundIsSearchedAsTheArticlesWord() {
        // 门尽卡 for 门禁卡: the word is searched and marked as the article writes it
        SearchResult r = search.search("east", "门尽卡丢失怎么补办", 3);
        assertEquals("proc-card", r.hits().get(0).docId());
        assertTrue(r.hits().get(0).snippet().contains("<em>门禁卡</em>"), r.hits().get(0)::snippet);
    }

    @Test
    void aDocumentWithoutTheAskedKindOfFigureIsMarked() {
        int missing = Candidate.FEATURES.indexOf("figure_missing");
        // the card article has a price (工本费15元) but no opening hours
        assertEquals(0, feature(search.explain("east", "门禁卡补办要多少钱"), "proc-card", missing));
        assertEquals(1, feature(search.explain("east", "门禁卡几点可以去补办"), "proc-card", missing));
    }

    @Test
    void aPieceHoldingTheQuestionsWordsTogetherScoresAboveWordsSpreadOverTheDocument() {
        int passage = Candidate.FEATURES.indexOf("passage_coverage");
        int piece = Candidate.FEATURES.indexOf("piece_cosine");
        KnowledgeSearch.Ranking together = search.explain("east", "门禁卡丢失怎么补办");
        KnowledgeSearch.Ranking apart = search.explain("east", "按建筑面积收取的能在公众号缴纳吗");
        assertEquals(1, feature(together, "proc-card", passage), 1e-9);
        double closest = feature(together, "proc-card", piece);
        assertTrue(closest > 0.5 && closest <= 1.0001, () -> "piece cosine " + closest);
        // 建筑面积 is in the opening sentence, 公众号 in the payment section: no one piece has both
        assertTrue(feature(apart, "fee-property", passage) < 1, apart::toString);
    }

    private static double feature(KnowledgeSearch.Ranking r, String docId, int feature) {
        return r.ranked().stream().filter(d -> d.candidate().docId().equals(docId)).findFirst()
                .orElseThrow(() -> new AssertionError(docId + " not among " + r.ranked()))
                .candidate().features()[feature];
    }

    @Test
    void theDocumentsTagsJoinTheUserDictionary() throws IOException {
        assertTrue(analysis.queryTerms(KnowledgeAnalysis.WORDS, "小区里养狗要登记吗").contains("养狗"));
        // also when an existing index is opened rather than built
        index.close();
        KnowledgeAnalysis fresh = new KnowledgeAnalysis();
        index = new KnowledgeIndex(dir, embedder, fresh);
        index.open(() -> { throw new AssertionError("the index on disk is current: no rebuild"); });
        assertTrue(fresh.queryTerms(KnowledgeAnalysis.WORDS, "小区里养狗要登记吗").contains("养狗"));
    }

    @Test
    void synonymsFromTheAliasFile() {
        // the document never says 管理费 or 门卡
        assertEquals("fee-property", top("east", "管理费怎么交"));
        assertEquals("proc-card", top("east", "门卡补一张多少钱"));
    }

    @Test
    void misspelledAndPinyinQuestionsStillFindTheDocument() {
        assertEquals("fee-property", top("east", "物页费按季度交吗"));
        assertEquals("proc-card", top("east", "buban gongbenfei duoshao"));
        // "zai nali" (在哪里) is in the lift article's first line; the topic's syllables decide
        assertEquals("proc-card", top("east", "menjinka guashi zai nali"));
    }

    @Test
    void aCommunitySeesItsOwnAndCompanyWideDocumentsOnly() {
        SearchResult east = search.search("east", "二次供水加压费多少钱", 10);
        assertFalse(east.docIds().contains("fee-water"), east.docIds()::toString);
        assertEquals("fee-water", top("west", "二次供水加压费多少钱"));
        assertEquals("company-hotline", top("west", "投诉热线是多少"));
        assertFalse(search.search("west", "门禁卡遗失了", 10).docIds().contains("proc-card"));
    }

    @Test
    void offTopicQuestionsAreAbstainedAndOnTopicOnesAnswered() {
        assertTrue(search.search("east", "明天股市会涨吗", 3).abstained());
        assertTrue(search.search("east", "推荐一家好吃的饭店", 3).abstained());
        SearchResult onTopic = search.search("east", "门禁卡遗失了怎么补办", 3);
        assertFalse(onTopic.abstained());
        assertTrue(onTopic.confidence() > 0.5);
    }

    @Test
    void passagesQuoteTheAnswerAndSnippetsAreEscaped() {
        SearchResult r = search.search("east", "补办门禁卡要多少钱", 3);
        assertTrue(r.passages().get(0).text().contains("15元"), r.passages()::toString);
        SearchResult dog = search.search("east", "遛狗要拴绳吗", 3);
        assertEquals("rule-dog", dog.hits().get(0).docId());
        String snippet = dog.hits().get(0).snippet();
        assertFalse(snippet.contains("<script>"), snippet);
        assertTrue(snippet.contains("<em>"), snippet);
    }

    @Test
    void changesAreSearchableAtOnce() throws IOException {
        index.put("east", doc("notice-pool", "游泳池开放通知", "小区游泳池7月1日起开放，每天9:00至21:00。", "游泳池"));
        assertEquals("notice-pool", top("east", "游泳池几点开"));
        index.delete("east", "notice-pool");
        assertNotEquals("notice-pool", top("east", "游泳池几点开"));
    }

    @Test
    void aDeletedIndexIsRebuiltFromSource() throws IOException {
        Path gen = index.directory();
        index.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(dir)).forEach(p -> p.toFile().delete());
        }
        index = new KnowledgeIndex(dir, embedder, new KnowledgeAnalysis());
        index.open(() -> DOCS);
        search = new KnowledgeSearch(index, embedder, new KnowledgeAnalysis(), Aliases.bundled(), Colloquial.bundled(),
                KnowledgeSearch.Weights.defaults(), RankingModel.bundled(), embedding);
        assertTrue(Files.isDirectory(index.directory()));
        assertEquals("proc-card", top("east", "门禁卡遗失了"));
        assertTrue(gen.getFileName().toString().startsWith("gen-"));
    }

    @Test
    void aCorruptIndexIsRebuilt() throws IOException {
        Path gen = index.directory();
        index.close();
        try (Stream<Path> files = Files.list(gen)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("segments")).toList()) {
                Files.write(f, new byte[]{1, 2, 3});
            }
        }
        index = new KnowledgeIndex(dir, embedder, new KnowledgeAnalysis());
        index.open(() -> DOCS);
        assertTrue(index.generation() > Integer.parseInt(gen.getFileName().toString().substring(4)));
    }

    @Test
    void searchesGoOnWhileTheIndexIsRebuilt() throws Exception {
        AtomicBoolean rebuilding = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> searches = pool.submit(() -> {
                int ok = 0;
                while (rebuilding.get() || ok < 5) {
                    if ("proc-card".equals(top("east", "门禁卡遗失了"))) {
                        ok++;
                    } else {
                        throw new AssertionError("a search during the rebuild missed");
                    }
                }
                return ok;
            });
            int before = index.generation();
            for (int i = 0; i < 3; i++) {
                index.rebuild(new ArrayList<>(DOCS));
            }
            rebuilding.set(false);
            assertTrue(searches.get(60, TimeUnit.SECONDS) >= 5);
            assertEquals(before + 3, index.generation());
            try (Stream<Path> gens = Files.list(dir)) {
                assertEquals(1, gens.count(), "older generations are removed");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
