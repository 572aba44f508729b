package dev.guanjia.desk.conversation;

import dev.guanjia.desk.conversation.ConversationLog;
import dev.guanjia.bot.turn.Action;
import dev.guanjia.bot.turn.Identity;
import dev.guanjia.bot.turn.TurnResult;
import dev.guanjia.community.session.Caller;
import dev.guanjia.ticketing.workorder.WorkOrders;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A resident past the work-order limit is handed to a person by the bot, never just refused: a
 * real emergency among many reports still reaches someone, and nothing more is dispatched.
 */
class CreationLimitTest {

    static final Identity FLOODER = new Identity("web", "phone", "13700000009");
    static long flooderId;

    @BeforeAll
    static void estate() throws Exception {
        BotEstate.build();
        try (Connection c = BotEstate.db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO residents (community_id, code, name) VALUES ('c1', 'r9', '住户九')");
            s.execute("""
                    INSERT INTO resident_houses (resident_id, house_id, role)
                    SELECT r.id, h.id, 'tenant' FROM residents r, houses h WHERE r.code = 'r9' AND h.code = '1-1-102'""");
            s.execute("""
                    INSERT INTO resident_identities (community_id, resident_id, kind, value, source)
                    SELECT 'c1', id, 'phone', '13700000009', 'pack' FROM residents WHERE code = 'r9'""");
            dev.guanjia.community.privacy.Resealing.community(c, BotEstate.personalData);
            try (ResultSet rs = s.executeQuery("SELECT id FROM residents WHERE code = 'r9'")) {
                rs.next();
                flooderId = rs.getLong(1);
            }
        }
    }

    private static boolean did(TurnResult r, String action) {
        return r.actions().stream().map(Action::type).anyMatch(action::equals);
    }

    private static long orders() throws Exception {
        try (Connection c = BotEstate.db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM work_orders WHERE reporter_resident_id = " + flooderId)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void pastTheLimitTheBotHandsTheResidentToAPersonAndEmergenciesStillGetTheirInstructions() throws Exception {
        ServiceDesk desk = BotEstate.limitedDesk();
        // two emergency reports in a row are filed and dispatched as usual
        for (int i = 0; i < 2; i++) {
            String conv = desk.open("c1", FLOODER);
            TurnResult r = desk.turn("c1", conv, FLOODER, "燃气味很重");
            assertTrue(did(r, "work_order.created"), r.toString());
        }
        // the third in the hour is not dispatched, but a person gets the conversation at once
        String conv = desk.open("c1", FLOODER);
        TurnResult third = desk.turn("c1", conv, FLOODER, "燃气味很重");
        assertFalse(did(third, "work_order.created"), third.toString());
        assertTrue(did(third, "work_order.limited") && did(third, "handoff.requested"), third.toString());
        assertTrue(third.handoff());
        assertTrue(third.reply().contains("打开门窗通风"), "the safety steps are still given: " + third.reply());
        assertTrue(third.reply().contains("0512-1234 9999"), third.reply());
        assertEquals("queued", new ConversationLog(BotEstate.db, BotEstate.personalData).state(UUID.fromString(conv)).orElseThrow());
        assertEquals(2, orders());

        // ordinary orders: up to five an hour in all, then a person takes over with the reason
        WorkOrders direct = new WorkOrders(BotEstate.db, Clock.systemUTC());
        Caller me = new Caller("c1", Caller.Kind.RESIDENT, flooderId, "resident", "r9", "住户九");
        for (int i = 0; i < 3; i++) {
            direct.create(me, new WorkOrders.NewOrder("1-1-102", null, "web", null, "楼道灯不亮 " + i, null, null,
                    null, null, List.of(), null));
        }
        String repair = desk.open("c1", FLOODER);
        desk.turn("c1", repair, FLOODER, "卫生间水管漏水了");
        TurnResult limited = desk.turn("c1", repair, FLOODER, "明天上午家里有人");
        assertFalse(did(limited, "work_order.created"), limited.toString());
        assertTrue(did(limited, "handoff.requested"), limited.toString());
        assertTrue(limited.reply().contains("报修较多") && limited.reply().contains("人工"), limited.reply());
        assertEquals("queued", new ConversationLog(BotEstate.db, BotEstate.personalData).state(UUID.fromString(repair)).orElseThrow());
        assertEquals(5, orders());
    }
}
