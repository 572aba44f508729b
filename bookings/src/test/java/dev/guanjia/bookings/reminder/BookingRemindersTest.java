package dev.guanjia.bookings.reminder;

import dev.guanjia.bookings.booking.Booking;
import dev.guanjia.bookings.booking.Bookings;
import dev.guanjia.bookings.facility.Bookables;
import dev.guanjia.testkit.MutableClock;
import dev.guanjia.testkit.TestDatabase;
import dev.guanjia.testkit.TwoHouseholds;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BookingRemindersTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    void aBookingIsRemindedOnceTheDayBeforeOutsideQuietHours() throws Exception {
        DataSource db = TestDatabase.fresh("community", "bookings");
        long resident;
        long house;
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            TwoHouseholds.insert(c);
            Bookables.replaceFromPack(c, "c1", List.of(new Bookables.Entry("court", "会所羽毛球场",
                    LocalTime.of(9, 0), LocalTime.of(21, 0), 60, 1, BigDecimal.ZERO, 7)));
            ResultSet r = s.executeQuery("SELECT r.id, h.id FROM residents r, houses h WHERE r.code = 'r1' AND h.code = '1-1-101'");
            r.next();
            resident = r.getLong(1);
            house = r.getLong(2);
        }
        // Thursday 22:00: quiet hours (21:00–08:00) are under way
        MutableClock clock = new MutableClock(LocalDateTime.of(2026, 12, 3, 22, 0).atZone(SHANGHAI).toInstant());
        Bookings bookings = new Bookings(db, clock, id -> SHANGHAI);
        Booking friday = bookings.book("c1", "court", LocalDateTime.of(2026, 12, 4, 10, 0),
                new Bookings.Booker(resident, house, "1-1-101", "web"));
        List<String> sent = new CopyOnWriteArrayList<>();
        BookingReminders reminders = new BookingReminders(db, id -> SHANGHAI,
                (id, t) -> !t.isBefore(LocalTime.of(21, 0)) || t.isBefore(LocalTime.of(8, 0)),
                (community, who, text) -> sent.add(community + "/" + who + ": " + text));

        assertEquals(0, reminders.run(clock.instant()).sent(), "quiet hours");
        clock.advance(Duration.ofHours(3)); // Friday 01:00: the booking is today now, not tomorrow
        assertEquals(0, reminders.run(clock.instant()).sent());
        assertTrue(sent.isEmpty());

        // a booking for Saturday is reminded on Friday after 08:00, once
        clock.advance(Duration.ofHours(1)); // 02:00, still quiet
        Booking cancelledFriday = bookings.cancel("c1", resident, friday.code(), "resident:r1", false);
        Booking next = bookings.book("c1", "court", LocalDateTime.of(2026, 12, 5, 19, 0),
                new Bookings.Booker(resident, house, "1-1-101", "web"));
        assertEquals(0, reminders.run(clock.instant()).sent());
        clock.advance(Duration.ofHours(7)); // Friday 09:00
        assertEquals(1, reminders.run(clock.instant()).sent());
        assertEquals(0, reminders.run(clock.instant()).sent(), "once");
        assertEquals(1, sent.size());
        assertTrue(sent.get(0).startsWith("c1/" + resident + ": 预约提醒：您预约的会所羽毛球场在明天（12月5日 19:00）开始"),
                sent.get(0));
        assertTrue(sent.get(0).contains(next.code()));
        assertEquals("cancelled", cancelledFriday.status(), "a cancelled booking is not reminded");
    }
}
