package dev.guanjia.desk.conversation;

import dev.guanjia.bookings.booking.Bookings;
import dev.guanjia.bookings.facility.Bookables;
import dev.guanjia.bot.agent.ResidentAgent;
import dev.guanjia.bot.booking.BookingDesk;
import dev.guanjia.bot.local.LocalChatModel;
import dev.guanjia.bot.memory.PostgresChatMemoryStore;
import dev.guanjia.bot.tools.ServiceDeskTools;
import dev.guanjia.bot.turn.Action;
import dev.guanjia.bot.turn.Identity;
import dev.guanjia.bot.turn.TurnResult;
import dev.guanjia.community.billing.Bills;
import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.community.session.Caller;
import dev.guanjia.desk.handoff.Availability;
import dev.guanjia.desk.handoff.Callbacks;
import dev.guanjia.desk.handoff.HandoffIntake;
import dev.guanjia.testkit.MutableClock;
import dev.guanjia.testkit.TestDatabase;
import dev.guanjia.testkit.TwoHouseholds;
import dev.guanjia.ticketing.workorder.WorkOrders;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our own probes of how residents all over China (and in English, pinyin, with typos) report,
 * complain, ask after, cancel or rate an order, cancel a booking or ask for a person — one message
 * each, from a known resident who has an open order, a finished order awaiting acceptance and a
 * booking — and near-misses that must trigger none of it (questions about rules, a fault at home
 * that first asks when someone is in). Each group must keep at least the number of passes it
 * reached; the lines that still fail are printed.
 */
class OrderWordingTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Identity OWNER = new Identity("wechat", "wechat_openid", "wx-owner");
    private static final Identity VISITOR = Identity.anonymous("web");

    /**
     * Passes each group must keep. Before the wording fix: complaint 53/89, public 51/82, status 28/40,
     * cancel 36/40, rate 36/40, booking_cancel 34/40, person 36/40, nearmiss 76/82 (public_ask and six
     * public lines were added after: a stair or corridor fitting said without its floor still asks which).
     */
    private static final Map<String, Integer> FLOOR = Map.of(
            "complaint", 86, "public", 80, "public_ask", 5, "status", 39, "cancel", 39, "rate", 39,
            "booking_cancel", 39, "person", 39, "nearmiss", 81);

    private static final Set<String> ORDER_ACTIONS = Set.of("work_order.created", "work_order.status",
            "work_order.cancelled", "work_order.rated", "booking.cancelled", "handoff.requested");

    private static DataSource db;
    private static ServiceDesk desk;
    private static Bookings bookings;
    private static WorkOrders orders;
    private static MutableClock clock;
    private static List<String[]> probes;

    @BeforeAll
    static void estate() throws Exception {
        BotEstate.build();
        clock = new MutableClock(LocalDateTime.of(2026, 12, 3, 10, 0).atZone(SHANGHAI).toInstant());
        db = TestDatabase.fresh("community", "knowledge", "ticketing", "payments", "bookings", "desk", "bot");
        try (Connection c = db.getConnection()) {
            TwoHouseholds.insert(c);
            dev.guanjia.community.privacy.Resealing.community(c, BotEstate.personalData);
            Bookables.replaceFromPack(c, "c1", List.of(new Bookables.Entry("court", "会所羽毛球场",
                    LocalTime.of(9, 0), LocalTime.of(21, 0), 60, 1, new BigDecimal("20.00"), 7)));
        }
        CommunityDirectory communities = new CommunityDirectory(db);
        bookings = new Bookings(db, clock, communities::zone);
        orders = new WorkOrders(db, clock).withoutCreationLimit();
        ConversationLog log = new ConversationLog(db, BotEstate.personalData);
        Callbacks callbacks = new Callbacks(db, BotEstate.personalData);
        ServiceDeskTools tools = new ServiceDeskTools(BotEstate.kb, new Bills(db), orders,
                communities, new HandoffIntake(log, new Availability(db), callbacks), clock)
                .withBookings(new BookingDesk(bookings, new Bookables(db), clock));
        desk = new ServiceDesk(new ResidentAgent(new LocalChatModel(BotEstate.intents), tools,
                new PostgresChatMemoryStore(db)), log,
                new dev.guanjia.community.resident.Residents(db, BotEstate.personalData), communities, callbacks,
                BotEstate.intents, BotEstate.personalData);
        probes = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                OrderWordingTest.class.getResourceAsStream("/probes/order-wording.tsv"), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", 2);
                probes.add(new String[]{f[0].strip(), f[1].strip()});
            }
        }
    }

    /** The owner's state before each probe: one open order, one finished order awaiting acceptance, one booking. */
    private static void reset() throws Exception {
        long resident;
        long house;
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE work_orders SET status = 'closed', rating = 3 WHERE community_id = 'c1'");
            s.execute("UPDATE bookings SET status = 'cancelled', cancelled_at = now() WHERE status = 'confirmed'");
            try (ResultSet rs = s.executeQuery("SELECT r.id, h.id FROM residents r JOIN resident_houses rh ON rh.resident_id = r.id "
                    + "JOIN houses h ON h.id = rh.house_id WHERE r.code = 'r1'")) {
                rs.next();
                resident = rs.getLong(1);
                house = rs.getLong(2);
            }
        }
        Caller owner = new Caller("c1", Caller.Kind.RESIDENT, resident, "resident", "r1", "业主甲");
        orders.create(owner, new WorkOrders.NewOrder("1-1-101", null, "wechat", "厨房水管漏水", "厨房水槽下面的水管漏水",
                "plumbing", null, null, null, List.of(), "r1"));
        String done = orders.create(owner, new WorkOrders.NewOrder("1-1-101", null, "wechat", "卫生间灯不亮",
                "卫生间顶灯不亮", "electrical", null, null, null, List.of(), "r1")).code();
        try (Connection c = db.getConnection(); var ps = c.prepareStatement(
                "UPDATE work_orders SET status = 'pending_acceptance' WHERE code = ?")) {
            ps.setString(1, done);
            ps.executeUpdate();
        }
        bookings.book("c1", "court", LocalDateTime.of(2026, 12, 5, 19, 0),
                new Bookings.Booker(resident, house, "1-1-101", "wechat"));
    }

    private static boolean did(TurnResult r, String type) {
        return r.actions().stream().anyMatch(a -> a.type().equals(type));
    }

    private static boolean passes(String group, TurnResult r) {
        return switch (group) {
            case "complaint", "public" -> did(r, "work_order.created");
            case "status" -> did(r, "work_order.status");
            case "cancel" -> did(r, "work_order.cancelled");
            case "rate" -> did(r, "work_order.rated");
            case "booking_cancel" -> did(r, "booking.cancelled");
            case "person", "person_anon" -> did(r, "handoff.requested") || r.handoff();
            case "public_ask" -> !did(r, "work_order.created") && (r.reply().contains("位置") || r.reply().contains("Where"));
            case "nearmiss" -> r.actions().stream().map(Action::type).noneMatch(ORDER_ACTIONS::contains) && !r.handoff();
            default -> throw new IllegalArgumentException(group);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"complaint", "public", "public_ask", "status", "cancel", "rate", "booking_cancel", "person", "nearmiss"})
    void eachGroupIsUnderstoodInAnyWording(String group) throws Exception {
        int pass = 0;
        int total = 0;
        int inGroup = 0;
        // the whole set with -Dguanjia.probes=all; by default every tenth line, to keep the suite within its time
        int stride = "all".equals(System.getProperty("guanjia.probes")) ? 1 : 10;
        List<String> failed = new ArrayList<>();
        boolean changed = true;
        for (String[] p : probes) {
            if (!p[0].equals(group) && !(group.equals("person") && p[0].equals("person_anon"))) {
                continue;
            }
            if (inGroup++ % stride != 0) {
                continue;
            }
            if (changed) {
                reset();
            }
            Identity who = p[0].equals("person_anon") ? VISITOR : OWNER;
            TurnResult r = desk.turn("c1", desk.open("c1", who), who, p[1]);
            // the owner's orders and booking are set again only after a turn that may have changed them
            changed = !r.actions().isEmpty() || r.handoff();
            total++;
            if (passes(p[0], r)) {
                pass++;
            } else {
                failed.add(p[1] + "  →  " + r.actions().stream().map(Action::type).toList() + " "
                        + r.reply().replace('\n', ' ').substring(0, Math.min(60, r.reply().length())));
            }
        }
        System.out.println("PROBES " + group + " " + pass + "/" + total);
        failed.forEach(f -> System.out.println("  MISS " + group + ": " + f));
        assertTrue(total > 0, group);
        // the misses allowed over the whole group (its size less its floor); a sample may not have more
        int allowed = inGroup - FLOOR.get(group);
        assertTrue(total - pass <= allowed, group + ": " + pass + "/" + total + ", more than " + allowed + " missed");
    }
}
