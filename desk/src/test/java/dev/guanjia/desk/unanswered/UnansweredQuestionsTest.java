package dev.guanjia.desk.unanswered;

import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.community.refusal.Refusal;
import dev.guanjia.desk.conversation.ConversationLog;
import dev.guanjia.desk.conversation.KnowledgeGaps;
import dev.guanjia.desk.feedback.AnswerFeedback;
import dev.guanjia.knowledge.document.KbDocument;
import dev.guanjia.knowledge.embedding.BgeSmallZhEmbedder;
import dev.guanjia.testkit.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Unanswered questions and answer feedback on real PostgreSQL with the real embeddings. */
class UnansweredQuestionsTest {

    private final DataSource db = TestDatabase.fresh("community", "knowledge", "ticketing", "desk", "bot");
    private final PersonalData personalData = PersonalData.ephemeral();
    private final UnansweredQuestions unanswered = new UnansweredQuestions(db, personalData, BgeSmallZhEmbedder.shared());
    private ConversationLog log;

    @BeforeEach
    void communities() throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO communities VALUES ('c1', '测试苑', '市', '路', '1', '2', '全天', now()), "
                    + "('c2', '别苑', '市', '路', '1', '2', '全天', now())");
        }
        log = new ConversationLog(db, personalData);
    }

    /** A web conversation where the resident asked and the bot answered; returns the answer's id. */
    private long exchange(UUID conversation, String question, String answer, String payload) {
        ConversationLog.Received in = log.receive(conversation, question, null, Duration.ofMinutes(1));
        return log.answer(conversation, in.messageId(), "bot", answer, payload, false, Instant.now()).orElseThrow();
    }

    private void ask(String community, String question) {
        UUID conversation = log.open(community, "web", "anonymous", null);
        long answer = exchange(conversation, question, "抱歉，这个问题我暂时没有找到答案。", null);
        unanswered.record(community, conversation, answer, KnowledgeGaps.Kind.ABSTAINED, question,
                "抱歉，这个问题我暂时没有找到答案。");
    }

    @Test
    void threeWordingsOfOneQuestionMakeOneGroupAndAnUnrelatedQuestionAnother() throws SQLException {
        ask("c1", "小区的快递柜在哪里？");
        ask("c1", "游泳池几点开放");
        ask("c1", "丰巢快递柜放在哪儿了");
        ask("c1", "请问取快递的柜子在什么位置");
        ask("c2", "小区的快递柜在哪里？"); // another community's question is its own

        List<UnansweredQuestions.Group> groups = unanswered.groups("c1");
        assertEquals(2, groups.size(), groups.toString());
        UnansweredQuestions.Group lockers = groups.get(0);
        assertEquals(3, lockers.count(), "the largest group ranks first");
        assertEquals(Set.of("小区的快递柜在哪里？", "丰巢快递柜放在哪儿了", "请问取快递的柜子在什么位置"),
                lockers.examples().stream().map(UnansweredQuestions.Question::question).collect(Collectors.toSet()));
        assertEquals("请问取快递的柜子在什么位置", lockers.examples().get(0).question(), "newest example first");
        assertEquals("抱歉，这个问题我暂时没有找到答案。", lockers.examples().get(0).answer());
        assertEquals(3, lockers.kinds().get("abstained"));
        assertEquals(List.of("游泳池几点开放"), groups.get(1).examples().stream()
                .map(UnansweredQuestions.Question::question).toList());
        assertEquals(1, unanswered.groups("c2").size());

        // sealed at rest: the words are not in the table
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM unanswered_questions WHERE question LIKE '%快递%' "
                     + "OR answer LIKE '%抱歉%'")) {
            rs.next();
            assertEquals(0, rs.getInt(1));
        }

        // handled: the group leaves the list; only the community's own questions change
        assertEquals(0, unanswered.handle("c2", lockers.memberIds(), "s1", "dismissed"));
        assertEquals(3, unanswered.handle("c1", lockers.memberIds(), "s1", "article:locker"));
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT actor, subject, details FROM audit_log WHERE action = 'unanswered.handled'")) {
            assertTrue(rs.next(), "audited");
            assertEquals("s1 article:locker 3 questions", rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
            assertFalse(rs.next(), "once");
        }
        assertEquals(List.of("游泳池几点开放"), unanswered.groups("c1").stream()
                .flatMap(g -> g.examples().stream()).map(UnansweredQuestions.Question::question).toList());
        // the same question asked again after the article: a new group
        ask("c1", "快递柜在什么地方");
        assertEquals(2, unanswered.groups("c1").size());
    }

    @Test
    void aPersonsRepliesAfterAHandOffBecomeADraftArticle() {
        UUID conversation = log.open("c1", "web", "anonymous", null);
        long first = exchange(conversation, "电动车在哪里充电", "抱歉，没有找到相关内容。", null);
        unanswered.record("c1", conversation, first, KnowledgeGaps.Kind.ABSTAINED, "电动车在哪里充电", "抱歉，没有找到相关内容。");
        long second = exchange(conversation, "电瓶车充电桩在什么地方", "为您转接人工客服。", null);
        unanswered.record("c1", conversation, second, KnowledgeGaps.Kind.HANDOFF, "电瓶车充电桩在什么地方",
                "为您转接人工客服。");
        assertNull(unanswered.groups("c1").get(0).draft(), "nobody answered yet");
        log.append(conversation, "out", "agent", "text", "充电桩在地下车库B区，扫码付费，每度电1元。", null, null);
        log.append(conversation, "out", "agent", "text", "晚上22点后也可以充。", null, null);

        UnansweredQuestions.Group g = unanswered.groups("c1").get(0);
        assertEquals(2, g.count(), "two wordings, one group");
        assertEquals(1, g.kinds().get("handoff"));
        UnansweredQuestions.Draft draft = g.draft();
        assertNotNull(draft);
        assertEquals("电瓶车充电桩在什么地方", draft.title());
        assertTrue(draft.body().startsWith("充电桩在地下车库B区，扫码付费，每度电1元。\n\n晚上22点后也可以充。"), draft.body());
        assertTrue(draft.body().contains("## 常见问法\n- 电瓶车充电桩在什么地方\n- 电动车在哪里充电"), draft.body());
        assertEquals(g.id(), unanswered.groupOf("c1", g.memberIds().get(1)).orElseThrow().id());
    }

    @Test
    void aThumbsDownIsCountedPerArticleAndRecordedAsUnansweredUntilTakenBack() {
        AnswerFeedback feedback = new AnswerFeedback(db, unanswered);
        String cites = "{\"citations\":[{\"docId\":\"fee-parking\",\"title\":\"停车费\"}]}";
        UUID a = log.open("c1", "web", "anonymous", null);
        long answerA = exchange(a, "临时停车怎么收费", "临时停车每小时5元。", cites);
        UUID b = log.open("c1", "web", "anonymous", null);
        long answerB = exchange(b, "停车多少钱一个小时", "临时停车每小时5元。", cites);
        long plain = exchange(b, "你好", "您好！", "{\"citations\":[]}");

        feedback.vote(a, answerA, false);
        feedback.vote(a, answerA, false); // the same vote again changes nothing
        feedback.vote(b, answerB, true);
        assertEquals(List.of(new AnswerFeedback.ArticleVotes("fee-parking", 1, 1)), feedback.poorArticles("c1", 30));
        List<UnansweredQuestions.Group> groups = unanswered.groups("c1");
        assertEquals(1, groups.size());
        assertEquals(1, groups.get(0).count());
        assertEquals("临时停车怎么收费", groups.get(0).examples().get(0).question());
        assertEquals("临时停车每小时5元。", groups.get(0).examples().get(0).answer());
        assertEquals(1, groups.get(0).kinds().get("thumbs_down"));

        // changed to 👍: no longer poor, no longer unanswered
        feedback.vote(a, answerA, true);
        assertEquals(List.of(), feedback.poorArticles("c1", 30));
        assertEquals(List.of(), unanswered.groups("c1"));
        assertEquals(true, feedback.voteOf(answerA).orElseThrow());

        // only the bot's knowledge answers of the voter's own conversation can be rated
        assertEquals(Refusal.Reason.NOT_FOUND, assertThrows(Refusal.class, () -> feedback.vote(a, answerB, false)).reason());
        assertThrows(Refusal.class, () -> feedback.vote(b, plain, false));
        assertFalse(feedback.voteOf(plain).isPresent());
    }

    @Test
    void anExampleQuestionGoesUnderTheArticlesCommonWordings() {
        KbDocument d = new KbDocument("fee-parking", "停车费", "fees", List.of(), LocalDate.of(2026, 1, 1),
                "# 停车费\n临时停车每小时5元。", "kb/fee-parking.md");
        KbDocument once = ExampleQuestions.add(d, "停车多少钱一个小时", LocalDate.of(2026, 12, 3));
        assertEquals("# 停车费\n临时停车每小时5元。\n\n## 常见问法\n- 停车多少钱一个小时", once.body());
        assertEquals(LocalDate.of(2026, 12, 3), once.updated());
        KbDocument twice = ExampleQuestions.add(once, "临时停车怎么收费", LocalDate.of(2026, 12, 3));
        assertEquals("# 停车费\n临时停车每小时5元。\n\n## 常见问法\n- 停车多少钱一个小时\n- 临时停车怎么收费", twice.body());
        assertEquals(twice, ExampleQuestions.add(twice, "临时停车怎么收费", LocalDate.of(2026, 12, 3)), "listed once");
        KbDocument middle = new KbDocument("x", "x", "fees", List.of(), LocalDate.of(2026, 1, 1),
                "正文\n\n## 常见问法\n- 甲\n\n## 附录\n乙", "kb/x.md");
        assertEquals("正文\n\n## 常见问法\n- 甲\n- 丙\n\n## 附录\n乙",
                ExampleQuestions.add(middle, "丙", LocalDate.of(2026, 12, 3)).body());
    }
}
