package dev.guanjia.desk.conversation;

import dev.guanjia.bot.turn.Identity;
import dev.guanjia.bot.turn.TurnResult;
import dev.guanjia.desk.unanswered.UnansweredQuestions;
import dev.guanjia.knowledge.embedding.BgeSmallZhEmbedder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A start-up rehearsal answers as a turn does and leaves nothing behind: no rows, no counted turn. */
class RehearsalTest {

    private static final List<String> TABLES = List.of("conversations", "messages", "chat_memory",
            "unanswered_questions");

    @BeforeAll
    static void estate() throws Exception {
        BotEstate.build();
    }

    @Test
    void aRehearsedTurnIsAnsweredThenDiscardedUncounted() throws Exception {
        AtomicInteger counted = new AtomicInteger();
        ServiceDesk desk = BotEstate.localDesk()
                .withKnowledgeGaps(new UnansweredQuestions(BotEstate.db, BotEstate.personalData,
                        BgeSmallZhEmbedder.shared()))
                .meter((channel, nanos, outcome) -> counted.incrementAndGet());
        List<Long> before = rows();
        TurnResult answered = desk.rehearse("c1", "补办门禁卡每张收费多少");
        assertTrue(answered.reply().contains("15元"), answered.reply());
        assertFalse(answered.citations().isEmpty(), answered.toString());
        // an abstention is recorded as a knowledge gap during the turn; the discard takes it too
        TurnResult abstained = desk.rehearse("c1", "小区里有没有游泳池");
        assertFalse(abstained.handoff(), abstained.toString());
        assertEquals(before, rows(), TABLES + ": the rehearsals' rows are gone");
        assertEquals(0, counted.get(), "rehearsed turns are not the residents' figures");

        // the same two messages as a visitor's turns do stay and count: what the rehearsal removes
        for (String text : List.of("补办门禁卡每张收费多少", "小区里有没有游泳池")) {
            Identity visitor = Identity.anonymous("web");
            desk.turn("c1", desk.open("c1", visitor), visitor, text);
        }
        List<Long> after = rows();
        for (int i = 0; i < TABLES.size(); i++) {
            assertTrue(after.get(i) > before.get(i), TABLES.get(i) + " " + before + " → " + after);
        }
        assertEquals(2, counted.get());
    }

    private static List<Long> rows() throws Exception {
        List<Long> out = new ArrayList<>();
        try (Connection c = BotEstate.db.getConnection(); Statement s = c.createStatement()) {
            for (String t : TABLES) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + t)) {
                    rs.next();
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }
}
