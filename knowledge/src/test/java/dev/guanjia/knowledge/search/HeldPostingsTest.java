package dev.guanjia.knowledge.search;

import dev.guanjia.knowledge.analysis.Aliases;
import dev.guanjia.knowledge.analysis.Colloquial;
import dev.guanjia.knowledge.analysis.KnowledgeAnalysis;
import dev.guanjia.knowledge.document.KbDocument;
import dev.guanjia.knowledge.embedding.Embedder;
import dev.guanjia.knowledge.embedding.OneHotEmbedder;
import dev.guanjia.knowledge.index.KnowledgeIndex;
import dev.guanjia.knowledge.index.SourceDocument;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lexical rankings score from postings held in memory: for every field, community and question
 * they must give Lucene's own top documents and scores, over several segments with deleted documents.
 */
class HeldPostingsTest {

    @TempDir
    Path dir;

    private static final Embedder EMBEDDER = new OneHotEmbedder("held-postings-test");

    private static KbDocument doc(String id, String title, String body, String... tags) {
        return new KbDocument(id, title, "procedures", List.of(tags), LocalDate.of(2026, 1, 1), body, "kb/" + id + ".md");
    }

    private static final List<String> QUESTIONS = List.of("物业费怎么交", "补一张门禁卡收多少钱", "电梯坏了",
            "装修要交押金吗 押金多少", "停车位月租多少", "狗狗要拴绳吗", "热水器漏水", "wuyefei zenme jiao",
            "the kitchen tap is leaking", "快递柜在哪里", "物业费 物业费 物业费", "垃圾分类几点投放");

    /** An index of two communities and shared documents, over several segments, with deleted documents. */
    private static KnowledgeIndex open(Path dir, KnowledgeAnalysis analysis) throws Exception {
        KnowledgeIndex index = new KnowledgeIndex(dir, EMBEDDER, analysis);
        index.open(() -> List.of(
                new SourceDocument("east", doc("fee-property", "物业服务费标准", """
                        物业服务费按建筑面积收取，每月每平方米2.50元，按季度缴纳。
                        一、缴费方式
                        可在公众号在线缴纳，也可到服务中心刷卡，物业费逾期不收滞纳金。""", "物业费", "缴费")),
                new SourceDocument("east", doc("proc-card", "门禁卡办理与补办", """
                        每户免费领取门禁卡两张。门禁卡丢失请到服务中心挂失补办，每张工本费15元。""", "门禁卡")),
                new SourceDocument("east", doc("decor", "装修管理", """
                        装修前到服务中心办理装修登记，交装修押金2000元，验收合格后退还押金。
                        装修时间：工作日8:00-12:00，14:00-18:00。""", "装修", "押金")),
                new SourceDocument("west", doc("parking", "停车收费", """
                        地下车位月租300元，临时停车首小时免费，之后每小时3元。""", "停车")),
                new SourceDocument(null, doc("pets", "文明养犬", """
                        遛狗须拴绳，及时清理粪便。大型犬不得进入电梯。""", "养狗")),
                new SourceDocument(null, doc("waste", "垃圾分类", """
                        垃圾分类投放时间为早上7点到9点、晚上6点到8点。""", "垃圾"))));
        // later changes land in segments of their own, and replace or delete documents of the first
        index.put("east", doc("lift", "电梯报修", "电梯坏了请拨打服务中心电话报修，维保单位30分钟内到场。", "电梯"));
        index.put("west", doc("pets", "西区养犬规定", "西区遛狗须拴绳，狗狗不得进入儿童游乐区。", "养狗"));
        index.put("east", doc("fee-property", "物业服务费标准（新）", """
                物业费每月每平方米2.80元，可在公众号、支付宝或服务中心缴纳物业费。""", "物业费"));
        index.delete(null, "waste");
        index.put("west", doc("locker", "快递柜", "快递柜在每栋楼一楼大堂，取件码短信发送。", "快递"));
        return index;
    }

    @Test
    void theHeldRankingIsLucenesOwnOverSegmentsAndDeletions() throws Exception {
        KnowledgeAnalysis analysis = new KnowledgeAnalysis();
        try (KnowledgeIndex index = open(dir, analysis)) {

            Aliases aliases = Aliases.bundled();
            Colloquial colloquial = Colloquial.bundled();
            int compared = 0;
            for (String field : List.of(KnowledgeAnalysis.WORDS, KnowledgeAnalysis.GRAMS, KnowledgeAnalysis.PINYIN)) {
                LexicalRetriever retriever = new LexicalRetriever(field, analysis, 0.4f);
                for (String community : Arrays.asList("east", "west", null)) {
                    for (String text : QUESTIONS) {
                        Question q = new Question(text, colloquial, aliases, EMBEDDER);
                        Query terms = retriever.query(q);
                        if (terms == null) {
                            continue;
                        }
                        String where = field + " / " + community + " / " + text;
                        List<String> lucene = index.withSearcher(s -> render(s.search(KnowledgeIndex.visibleTo(s, community)
                                .add(terms, BooleanClause.Occur.MUST).build(), 40).scoreDocs));
                        List<String> held = index.withSearcher(s -> render(HeldPostings.search(s, field,
                                retriever.clauses(q), KnowledgeIndex.visibleDocs(s, community), 40)));
                        assertEquals(lucene, held, where);
                        compared += lucene.isEmpty() ? 0 : 1;
                    }
                }
            }
            assertTrue(compared > 40, "most questions find something to compare: " + compared);
        }
    }

    @Test
    void theMeaningRankingComparesEveryVisibleChunkAsLucenesExactSearchDoes() throws Exception {
        try (KnowledgeIndex index = open(dir, new KnowledgeAnalysis())) {
            VectorRetriever retriever = new VectorRetriever();
            Aliases aliases = Aliases.bundled();
            Colloquial colloquial = Colloquial.bundled();
            for (String community : Arrays.asList("east", "west", null)) {
                for (String text : QUESTIONS) {
                    Question q = new Question(text, colloquial, aliases, EMBEDDER);
                    List<RankedDoc> lucene = index.withSearcher(s -> {
                        ScoreDoc[] hits = s.search(new org.apache.lucene.search.KnnFloatVectorQuery(
                                dev.guanjia.knowledge.index.ChunkFields.VECTOR, q.vector(), 40,
                                KnowledgeIndex.visibleTo(s, community).build()), 40).scoreDocs;
                        for (ScoreDoc h : hits) {
                            h.score = 2 * h.score - 1;
                        }
                        return LexicalRetriever.firstPerDocument(s, hits, 10);
                    });
                    List<RankedDoc> held = index.withSearcher(s -> retriever.retrieve(s, q, community, 10));
                    assertEquals(lucene, held, community + " / " + text);
                    assertTrue(!held.isEmpty(), "every community sees documents");
                }
            }
        }
    }

    private static List<String> render(ScoreDoc[] docs) {
        List<String> out = new ArrayList<>();
        for (ScoreDoc d : docs) {
            out.add(d.doc + ":" + d.score);
        }
        return out;
    }
}
