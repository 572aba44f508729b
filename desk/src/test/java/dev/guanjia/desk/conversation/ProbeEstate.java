package dev.guanjia.desk.conversation;

import dev.guanjia.bookings.booking.Bookings;
import dev.guanjia.bookings.facility.Bookables;
import dev.guanjia.bot.booking.BookingDesk;
import dev.guanjia.bot.local.LocalChatModel;
import dev.guanjia.bot.tools.ServiceDeskTools;
import dev.guanjia.community.billing.Bills;
import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.community.session.Caller;
import dev.guanjia.testkit.MutableClock;
import dev.guanjia.testkit.TestDatabase;
import dev.guanjia.testkit.TwoHouseholds;
import dev.guanjia.ticketing.workorder.WorkOrders;

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

/**
 * The estate the wording probes run on (OrderWordingTest, ReportWordingTest): the two-household community
 * on 2026-12-03 10:00 with a bookable court, a desk on the offline model, and the owner's state that
 * {@link #reset()} sets before a probe — one open order, one finished order awaiting acceptance, one booking.
 * Built once per test JVM.
 */
final class ProbeEstate {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    static DataSource db;
    static ServiceDesk desk;
    static Bookings bookings;
    static WorkOrders orders;
    static MutableClock clock;

    private ProbeEstate() {
    }

    static synchronized void build() throws Exception {
        if (desk != null) {
            return;
        }
        BotEstate.build();
        clock = new MutableClock(LocalDateTime.of(2026, 12, 3, 10, 0).atZone(SHANGHAI).toInstant());
        db = twoHouseholdsAndACourt();
        CommunityDirectory communities = new CommunityDirectory(db);
        bookings = new Bookings(db, clock, communities::zone);
        orders = new WorkOrders(db, clock).withoutCreationLimit();
        desk = BotEstate.desk(db, new LocalChatModel(BotEstate.intents), communities, intake -> new ServiceDeskTools(
                BotEstate.kb, new Bills(db), orders, communities, intake, clock)
                .withBookings(new BookingDesk(bookings, new Bookables(db), clock)));
    }

    /** A fresh database: the two households (sealed as in the service) and a badminton court to book, 9:00–21:00. */
    static DataSource twoHouseholdsAndACourt() throws Exception {
        DataSource fresh = TestDatabase.fresh("community", "knowledge", "ticketing", "payments", "bookings", "desk", "bot");
        try (Connection c = fresh.getConnection()) {
            TwoHouseholds.insert(c);
            dev.guanjia.community.privacy.Resealing.community(c, BotEstate.personalData);
            Bookables.replaceFromPack(c, "c1", List.of(new Bookables.Entry("court", "会所羽毛球场",
                    LocalTime.of(9, 0), LocalTime.of(21, 0), 60, 1, new BigDecimal("20.00"), 7)));
        }
        return fresh;
    }

    /** The lines of a probe file: group TAB message, without blank lines and # comments. */
    static List<String[]> probes(String resource) throws Exception {
        List<String[]> probes = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                ProbeEstate.class.getResourceAsStream(resource), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", 2);
                probes.add(new String[]{f[0].strip(), f[1].strip()});
            }
        }
        return probes;
    }

    /**
     * The probes of a file as test arguments (group, message): the whole set with -Dguanjia.probes=all, by default
     * every tenth line, to keep the suite within its time.
     */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> sampled(String resource) throws Exception {
        int stride = "all".equals(System.getProperty("guanjia.probes")) ? 1 : 10;
        List<String[]> all = probes(resource);
        List<org.junit.jupiter.params.provider.Arguments> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += stride) {
            out.add(org.junit.jupiter.params.provider.Arguments.of(all.get(i)[0], all.get(i)[1]));
        }
        return out.stream();
    }

    /** The owner's state before each probe: one open order, one finished order awaiting acceptance, one booking. */
    static void reset() throws Exception {
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
}
