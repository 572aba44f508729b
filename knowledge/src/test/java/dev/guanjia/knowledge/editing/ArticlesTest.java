package dev.guanjia.knowledge.editing;

import dev.guanjia.knowledge.KnowledgeBase;
import dev.guanjia.knowledge.analysis.Aliases;
import dev.guanjia.knowledge.document.KbDocument;
import dev.guanjia.knowledge.document.KbDocumentStore;
import dev.guanjia.knowledge.embedding.BgeSmallZhEmbedder;
import dev.guanjia.knowledge.search.SearchResult;
import dev.guanjia.testkit.MutableClock;
import dev.guanjia.testkit.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Articles saved as versions in real PostgreSQL, searched in a real index with the real embedding model. */
class ArticlesTest {

    @TempDir
    Path dir;

    private final DataSource db = TestDatabase.fresh("knowledge");
    // 2026-12-03 10:00 in Shanghai
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T02:00:00Z"));
    private final List<String> audited = new ArrayList<>();
    private KnowledgeBase kb;
    private Articles articles;

    @BeforeEach
    void open() throws Exception {
        try (Connection c = db.getConnection()) {
            KbDocumentStore.replace(c, "east", List.of(new KbDocument("proc-card", "门禁卡办理与补办", "procedures",
                    List.of("门禁卡"), LocalDate.of(2026, 1, 1), "门禁卡丢失请到服务中心补办，每张工本费15元。", "kb/proc-card.md")));
        }
        kb = new KnowledgeBase(new KbDocumentStore(db), dir, BgeSmallZhEmbedder.shared(), Aliases.bundled())
                .useClock(clock, c -> KnowledgeBase.DEFAULT_ZONE).open();
        articles = new Articles(db, kb, clock, (c, actor, action, community, subject, details) ->
                audited.add(actor + " " + action + " " + community + " " + subject));
    }

    @AfterEach
    void close() throws IOException {
        kb.close();
    }

    private static ArticleDraft draft(String title, String body, Integer base) {
        return new ArticleDraft(title, "facilities", List.of("游泳池"), body, null, null, base);
    }

    private String quoted(String community, String question) {
        SearchResult r = kb.search(community, question, 3);
        assertFalse(r.passages().isEmpty(), r::toString);
        return r.passages().get(0).text();
    }

    @Test
    void anEditAnswersTheNextSearchAndARollBackBringsTheOldAnswerBack() {
        articles.create("east", "pool-hours", draft("游泳池开放时间", "小区游泳池每天上午9点至晚上9点开放，周一闭馆清洁。", null), "staff:e07");
        assertTrue(quoted("east", "游泳池几点开门").contains("上午9点"));

        Article edited = articles.edit("east", "pool-hours",
                draft("游泳池开放时间", "小区游泳池每天上午10点至晚上8点开放，周一闭馆清洁。", 1), "staff:e07");
        assertEquals(2, edited.version());
        String now = quoted("east", "游泳池几点开门");
        assertTrue(now.contains("上午10点") && !now.contains("上午9点"), now);

        List<LineDiff.Line> diff = articles.diff("east", "pool-hours", 1, 2);
        assertTrue(diff.contains(new LineDiff.Line('-', "小区游泳池每天上午9点至晚上9点开放，周一闭馆清洁。")), diff::toString);
        assertTrue(diff.contains(new LineDiff.Line('+', "小区游泳池每天上午10点至晚上8点开放，周一闭馆清洁。")), diff::toString);
        assertTrue(diff.contains(new LineDiff.Line('=', "标题：游泳池开放时间")), diff::toString);

        Article back = articles.rollBack("east", "pool-hours", 1, "admin:token");
        assertEquals(3, back.version());
        assertTrue(quoted("east", "游泳池几点开门").contains("上午9点"));
        List<ArticleVersion> versions = articles.versions("east", "pool-hours");
        assertEquals(List.of("rolled_back", "edited", "created"), versions.stream().map(ArticleVersion::action).toList());
        assertEquals(1, versions.get(0).fromVersion());
        assertEquals("staff:e07", versions.get(1).author());
        assertEquals(List.of("staff:e07 knowledge.article_created east kb:pool-hours",
                "staff:e07 knowledge.article_edited east kb:pool-hours",
                "admin:token knowledge.article_rolled_back east kb:pool-hours"), audited);
    }

    @Test
    void aStaleEditIsRefusedAndChangesNothing() {
        articles.create("east", "pool-hours", draft("游泳池开放时间", "每天9点开放。", null), "staff:e07");
        articles.edit("east", "pool-hours", draft("游泳池开放时间", "每天10点开放。", 1), "staff:e07");
        ArticleRefusal r = assertThrows(ArticleRefusal.class, () -> articles.edit("east", "pool-hours",
                draft("游泳池开放时间", "每天11点开放。", 1), "staff:e05"));
        assertEquals("article_changed", r.code());
        assertEquals("每天10点开放。", articles.find("east", "pool-hours").orElseThrow().body());
        assertEquals(2, articles.versions("east", "pool-hours").size());
        assertEquals("article_exists", assertThrows(ArticleRefusal.class, () -> articles.create("east", "pool-hours",
                draft("游泳池", "重复", null), "staff:e07")).code());
        assertEquals("category_invalid", assertThrows(ArticleRefusal.class, () -> articles.create("east", "x",
                new ArticleDraft("标题", "gossip", List.of(), "正文", null, null, null), "staff:e07")).code());
    }

    @Test
    void aRetiredArticleIsListedButNotAnsweredUntilRestored() {
        assertTrue(quoted("east", "门禁卡弄没了要怎样重新办").contains("15元"));
        Article retired = articles.retire("east", "proc-card", "staff:e07");
        assertTrue(retired.retired());
        // a pack's article gets its state before the first console save as version 1
        assertEquals(List.of("retired", "imported"), articles.versions("east", "proc-card").stream()
                .map(ArticleVersion::action).toList());
        SearchResult r = kb.search("east", "门禁卡弄没了要怎样重新办", 3);
        assertFalse(r.docIds().contains("proc-card"), r::toString);
        assertTrue(articles.list("east").stream().anyMatch(a -> a.docId().equals("proc-card") && a.retired()));
        assertThrows(ArticleRefusal.class, () -> articles.edit("east", "proc-card",
                draft("门禁卡", "改", null), "staff:e07"));

        articles.restore("east", "proc-card", "staff:e07");
        assertTrue(quoted("east", "门禁卡弄没了要怎样重新办").contains("15元"));
    }

    @Test
    void anArticleIsAnsweredOnlyWithinItsValidityByTheServiceClock() throws IOException {
        articles.create("east", "pool-winter", new ArticleDraft("冬季游泳池关闭", "facilities", List.of("游泳池"),
                "冬季游泳池关闭维护，明年4月1日重新开放。", LocalDate.of(2026, 12, 5), LocalDate.of(2026, 12, 10), null),
                "staff:e07");
        assertFalse(kb.search("east", "游泳池冬天开吗", 3).docIds().contains("pool-winter"));

        clock.advance(Duration.ofDays(2)); // 12-05 in Shanghai
        assertEquals(1, kb.catchUp());
        assertTrue(kb.search("east", "游泳池冬天开吗", 3).docIds().contains("pool-winter"));
        assertEquals(0, kb.catchUp());

        clock.advance(Duration.ofDays(6)); // 12-11
        assertEquals(1, kb.catchUp());
        assertFalse(kb.search("east", "游泳池冬天开吗", 3).docIds().contains("pool-winter"));
        // a rebuild from PostgreSQL leaves it out as well
        kb.rebuild();
        assertFalse(kb.search("east", "游泳池冬天开吗", 3).docIds().contains("pool-winter"));
    }

    @Test
    void anotherNodesEditsReachThisNodesIndexAtItsNextCatchUp(@TempDir Path otherDir) throws Exception {
        try (KnowledgeBase other = new KnowledgeBase(new KbDocumentStore(db), otherDir, BgeSmallZhEmbedder.shared(),
                Aliases.bundled()).useClock(clock, c -> KnowledgeBase.DEFAULT_ZONE).open()) {
            assertEquals(0, other.catchUp());
            Articles there = new Articles(db, other, clock, (c, actor, action, community, subject, details) -> { });
            there.edit("east", "proc-card", new ArticleDraft("门禁卡办理与补办", "procedures", List.of("门禁卡"),
                    "门禁卡丢失请到服务中心补办，每张工本费25元。", null, null, null), "staff:e07");
            there.create("east", "pool-hours", draft("游泳池开放时间", "小区游泳池每天上午9点至晚上9点开放。", null), "staff:e07");
            assertEquals(0, other.catchUp(), "the editing node's own index is already current");
        }
        assertTrue(quoted("east", "门禁卡弄没了要怎样重新办").contains("15元"), "not yet seen here");
        assertEquals(2, kb.catchUp());
        assertTrue(quoted("east", "门禁卡弄没了要怎样重新办").contains("25元"));
        assertTrue(kb.search("east", "游泳池几点开门", 3).docIds().contains("pool-hours"));
        assertEquals(0, kb.catchUp());

        // removed from PostgreSQL elsewhere (a pack re-import without it): gone from here at the next round;
        // the article written in the console is not the pack's and stays
        try (Connection c = db.getConnection()) {
            KbDocumentStore.replace(c, "east", List.of());
        }
        assertEquals(1, kb.catchUp());
        assertFalse(kb.search("east", "门禁卡弄没了要怎样重新办", 3).docIds().contains("proc-card"));
        assertTrue(kb.search("east", "游泳池几点开门", 3).docIds().contains("pool-hours"));
    }

    @Test
    void aRestartedNodeTakesInWhatWasStoredWhileItWasDown(@TempDir Path otherDir) throws Exception {
        kb.close();
        try (KnowledgeBase other = new KnowledgeBase(new KbDocumentStore(db), otherDir, BgeSmallZhEmbedder.shared(),
                Aliases.bundled()).useClock(clock, c -> KnowledgeBase.DEFAULT_ZONE).open()) {
            new Articles(db, other, clock, (c, actor, action, community, subject, details) -> { }).edit("east",
                    "proc-card", new ArticleDraft("门禁卡办理与补办", "procedures", List.of("门禁卡"),
                            "门禁卡丢失请到服务中心补办，每张工本费25元。", null, null, null), "staff:e07");
        }
        // the index on disk still says 15元; the restart finds the newer row and the first round takes it in
        kb = new KnowledgeBase(new KbDocumentStore(db), dir, BgeSmallZhEmbedder.shared(), Aliases.bundled())
                .useClock(clock, c -> KnowledgeBase.DEFAULT_ZONE).open();
        assertTrue(quoted("east", "门禁卡弄没了要怎样重新办").contains("15元"));
        assertTrue(kb.catchUp() >= 1);
        assertTrue(quoted("east", "门禁卡弄没了要怎样重新办").contains("25元"));
        assertEquals(0, kb.catchUp());
    }

    @Test
    void aCommunitysArticleOverridesTheCompanyWideOneOfTheSameId() {
        articles.create(null, "parcel-lockers", new ArticleDraft("快递柜位置", "facilities", List.of("快递"),
                "快递柜统一放在小区北门岗亭旁边，24小时可取。", null, null, null), "admin:token");
        assertTrue(quoted("east", "快递柜在哪里").contains("北门"));
        assertTrue(quoted("west", "快递柜在哪里").contains("北门"));

        articles.create("east", "parcel-lockers", new ArticleDraft("快递柜位置", "facilities", List.of("快递"),
                "本小区快递柜在南门物业服务中心门口，24小时可取。", null, null, null), "staff:e07");
        SearchResult east = kb.search("east", "快递柜在哪里", 3);
        assertTrue(east.passages().get(0).text().contains("南门"), east::toString);
        assertTrue(east.passages().stream().noneMatch(p -> p.text().contains("北门")), east::toString);
        assertEquals(1, east.docIds().stream().filter("parcel-lockers"::equals).count());
        assertTrue(quoted("west", "快递柜在哪里").contains("北门"));
        // listed both, the company-wide one first
        assertEquals(List.of("company", "east"), articles.list("east").stream()
                .filter(a -> a.docId().equals("parcel-lockers"))
                .map(a -> a.communityId() == null ? "company" : a.communityId()).toList());

        articles.retire("east", "parcel-lockers", "staff:e07");
        assertTrue(quoted("east", "快递柜在哪里").contains("北门"));
    }
}
