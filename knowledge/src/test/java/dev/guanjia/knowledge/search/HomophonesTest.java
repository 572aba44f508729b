package dev.guanjia.knowledge.search;

import dev.guanjia.knowledge.analysis.Aliases;
import dev.guanjia.knowledge.analysis.KnowledgeAnalysis;
import dev.guanjia.knowledge.embedding.BgeSmallZhEmbedder;
import dev.guanjia.knowledge.index.KnowledgeIndex;
import dev.guanjia.knowledge.index.SourceDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static dev.guanjia.knowledge.search.KnowledgeSearchTest.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Real Lucene on a temporary directory: which spans of a question are read as a mistyped article word. */
class HomophonesTest {

    @TempDir
    Path dir;

    private KnowledgeAnalysis analysis;
    private KnowledgeIndex index;

    private static final List<SourceDocument> DOCS = List.of(
            new SourceDocument("east", doc("proc-card", "门禁卡补办", """
                    门禁卡丢失请到服务中心补办，每张工本费15元。""", "门禁卡")),
            new SourceDocument("east", doc("rule-works", "装修施工规定", """
                    装修施工时间为工作日8:00至18:00，以下情况禁止施工：卧室改卫生间、拆除承重墙。
                    车位管理费每月60元。""", "装修")),
            new SourceDocument("west", doc("fee-water", "西区二次供水收费", """
                    西区二次供水加压费每吨0.60元，随水费一起收取。""", "水费")));

    @BeforeEach
    void open() throws IOException {
        analysis = new KnowledgeAnalysis();
        index = new KnowledgeIndex(dir, BgeSmallZhEmbedder.shared(), analysis);
        index.open(() -> DOCS);
    }

    @AfterEach
    void close() throws IOException {
        index.close();
    }

    private String repaired(String community, String text) {
        return index.withSearcher(s -> Homophones.repair(s, analysis, text,
                phrase -> KnownWords.known(s, analysis, Aliases.bundled(), community, phrase)));
    }

    @Test
    void aWordTypedWithTheWrongCharacterOfItsSoundIsReadAsTheArticlesWord() {
        assertEquals("门禁卡不见了去哪补", repaired("east", "门尽卡不见了去哪补"));
        assertEquals("装修押金", repaired("east", "装秀押金"));
        assertEquals("车位管理费多少", repaired("east", "车为管里费多少"));
    }

    @Test
    void grammarAndWordsThatOnlySoundAlikeAreLeftAsWritten() {
        // "一下" sounds like the articles' 以下 and keeps 下, but 一 is grammar
        assertEquals("你等一下", repaired("east", "你等一下"));
        // "进止" sounds like 禁止 and keeps 止, but 进 is grammar
        assertEquals("进止", repaired("east", "进止"));
        // "金枝" sounds like 禁止 and holds no grammar, but keeps none of its characters: a name, no typo
        assertEquals("找李金枝", repaired("east", "找李金枝"));
    }

    @Test
    void onlyTheCommunitysOwnArticlesSayWhatWasMeant() {
        // 加压 is a word of the west estate's articles only
        assertEquals("家压费多少", repaired("east", "家压费多少"));
        assertEquals("加压费多少", repaired("west", "家压费多少"));
    }

    @Test
    void aWordTheArticlesHoldIsNeverReplaced() {
        assertEquals("门禁卡不见了", repaired("east", "门禁卡不见了"));
    }
}
