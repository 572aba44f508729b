package dev.guanjia.bookings.booking;

import dev.guanjia.bookings.facility.Bookables;
import dev.guanjia.bookings.facility.BookingRules;
import dev.guanjia.testkit.MutableClock;
import dev.guanjia.testkit.TestDatabase;
import dev.guanjia.testkit.TwoHouseholds;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BookingsTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** Thursday 3 December 2026, 10:00 in Shanghai. */
    private final MutableClock clock = new MutableClock(LocalDateTime.of(2026, 12, 3, 10, 0).atZone(SHANGHAI).toInstant());
    private DataSource db;
    private Bookings bookings;
    private Bookables bookables;
    private Bookings.Booker owner;
    private Bookings.Booker neighbour;

    @BeforeEach
    void community() throws Exception {
        db = TestDatabase.fresh("community", "bookings");
        try (Connection c = db.getConnection()) {
            TwoHouseholds.insert(c);
            Bookables.replaceFromPack(c, "c1", List.of(
                    new Bookables.Entry("court", "会所羽毛球场", LocalTime.of(9, 0), LocalTime.of(21, 0), 60, 1,
                            new BigDecimal("20.00"), 7),
                    new Bookables.Entry("gym", "健身房", LocalTime.of(9, 0), LocalTime.of(12, 0), 60, 3,
                            BigDecimal.ZERO, 2)));
        }
        bookings = new Bookings(db, clock, id -> SHANGHAI);
        bookables = new Bookables(db);
        owner = new Bookings.Booker(id("residents", "r1"), id("houses", "1-1-101"), "1-1-101", "web");
        neighbour = new Bookings.Booker(id("residents", "r2"), id("houses", "1-1-102"), "1-1-102", "wechat");
    }

    private long id(String table, String code) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT id FROM " + table + " WHERE code = '" + code + "'")) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void slotsOfADayFollowTheOpeningHoursAndLeaveOutWhatIsBookedOrPast() {
        List<Slot> today = bookings.freeSlots("c1", "court", LocalDate.of(2026, 12, 3));
        assertEquals(LocalTime.of(11, 0), today.get(0).start().toLocalTime(), "10:00 has begun: the first is 11:00");
        assertEquals(LocalTime.of(20, 0), today.get(today.size() - 1).start().toLocalTime());
        bookings.book("c1", "court", LocalDateTime.of(2026, 12, 5, 10, 0), owner);
        List<Slot> saturday = bookings.freeSlots("c1", "court", LocalDate.of(2026, 12, 5));
        assertEquals(11, saturday.size(), "12 slots from 9 to 21, one taken");
        assertTrue(saturday.stream().noneMatch(s -> s.start().getHour() == 10));
        assertEquals("12月5日（周六）09:00-10:00", saturday.get(0).label());
        assertTrue(bookings.freeSlots("c1", "court", LocalDate.of(2026, 12, 11)).isEmpty(), "beyond 7 days ahead");
    }

    @Test
    void twoResidentsTakingTheLastSlotAtOnceOneWinsTheOtherIsOfferedTheNext() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // several rounds, each two threads released together on one slot of capacity 1
            for (int hour = 9; hour < 15; hour++) {
                try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                    s.execute("DELETE FROM bookings");
                }
                LocalDateTime start = LocalDateTime.of(2026, 12, 5, hour, 0);
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<Object>> results = new ArrayList<>();
                for (Bookings.Booker who : List.of(owner, neighbour)) {
                    Callable<Object> task = () -> {
                        together.await();
                        try {
                            return bookings.book("c1", "court", start, who);
                        } catch (BookingRefused e) {
                            return e;
                        }
                    };
                    results.add(pool.submit(task));
                }
                List<Booking> won = new ArrayList<>();
                List<BookingRefused> lost = new ArrayList<>();
                for (Future<Object> f : results) {
                    Object r = f.get();
                    if (r instanceof Booking b) {
                        won.add(b);
                    } else {
                        lost.add((BookingRefused) r);
                    }
                }
                assertEquals(1, won.size(), "exactly one booking of the last place at " + start);
                assertEquals(1, lost.size());
                BookingRefused refused = lost.get(0);
                assertEquals("slot_full", refused.code());
                assertTrue(refused.getMessage().contains("约满"), refused.getMessage());
                assertEquals(start.plusHours(1), refused.alternatives().get(0).start(), "the next free slot is offered");
                assertEquals(1, bookings.ofDay("c1", "court", LocalDate.of(2026, 12, 5)).size());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSlotWithRoomForThreeTakesThreeBookingsFromThreeHousesOnly() throws Exception {
        bookables.saveRules("c1", new BookingRules(1, 120));
        LocalDateTime start = LocalDateTime.of(2026, 12, 4, 9, 0);
        bookings.book("c1", "gym", start, owner);
        bookings.book("c1", "gym", start, neighbour);
        assertEquals(1, bookings.freeSlots("c1", "gym", start.toLocalDate()).get(0).left());
    }

    @Test
    void aHouseHoldsOneActiveBookingUnlessTheCommunityAllowsMore() {
        Booking first = bookings.book("c1", "court", LocalDateTime.of(2026, 12, 5, 10, 0), owner);
        BookingRefused again = assertThrows(BookingRefused.class,
                () -> bookings.book("c1", "gym", LocalDateTime.of(2026, 12, 4, 9, 0), owner));
        assertEquals("house_limit", again.code());
        assertTrue(again.getMessage().contains("每户同时只能保留一个预约"), again.getMessage());
        // the neighbour's house is another house
        bookings.book("c1", "gym", LocalDateTime.of(2026, 12, 4, 9, 0), neighbour);

        bookables.saveRules("c1", new BookingRules(2, 120));
        bookings.book("c1", "gym", LocalDateTime.of(2026, 12, 4, 10, 0), owner);
        assertEquals(2, bookings.upcoming("c1", owner.residentId()).size());

        // once a booking is over it no longer counts
        bookables.saveRules("c1", BookingRules.DEFAULTS);
        clock.advance(Duration.ofDays(2).plusHours(2)); // Saturday 12:00: both of the owner's are over
        assertTrue(bookings.upcoming("c1", owner.residentId()).isEmpty());
        bookings.book("c1", "court", LocalDateTime.of(2026, 12, 6, 10, 0), owner);
        assertEquals(first.code(), bookings.byCode("c1", first.code()).orElseThrow().code());
    }

    /** A booking moved: the new slot is booked while the old one is still held, which alone does not count. */
    @Test
    void aSlotBookedInPlaceOfTheHousesBookingIsNotRefusedForIt() {
        Booking first = bookings.book("c1", "court", LocalDateTime.of(2026, 12, 5, 10, 0), owner);
        Booking moved = bookings.bookInstead("c1", "court", LocalDateTime.of(2026, 12, 6, 10, 0), owner, first.code());
        assertEquals(LocalDateTime.of(2026, 12, 6, 10, 0), moved.start());
        // only the one named is left out: a third booking is still over the house's limit
        BookingRefused third = assertThrows(BookingRefused.class, () -> bookings.bookInstead("c1", "gym",
                LocalDateTime.of(2026, 12, 4, 9, 0), owner, first.code()));
        assertEquals("house_limit", third.code());
    }

    @Test
    void cancellingWorksUntilTheDeadlineAndIsRefusedInChineseAfterIt() {
        Booking b = bookings.book("c1", "court", LocalDateTime.of(2026, 12, 3, 14, 0), owner);
        BookingRefused notMine = assertThrows(BookingRefused.class,
                () -> bookings.cancel("c1", neighbour.residentId(), b.code(), "resident:r2", false));
        assertEquals("no_booking", notMine.code());

        clock.advance(Duration.ofHours(2)); // 12:00, exactly two hours before: still allowed
        Booking cancelled = bookings.cancel("c1", owner.residentId(), b.code(), "resident:r1", false);
        assertEquals("cancelled", cancelled.status());
        assertTrue(bookings.upcoming("c1", owner.residentId()).isEmpty());
        assertEquals(1, bookings.freeSlots("c1", "court", LocalDate.of(2026, 12, 3)).stream()
                .filter(s -> s.start().getHour() == 14).count(), "the slot is free again");

        Booking late = bookings.book("c1", "court", LocalDateTime.of(2026, 12, 3, 13, 0), owner);
        BookingRefused refused = assertThrows(BookingRefused.class,
                () -> bookings.cancel("c1", owner.residentId(), late.code(), "resident:r1", false));
        assertEquals("cancel_deadline", refused.code());
        assertTrue(refused.getMessage().contains("开始前2小时取消"), refused.getMessage());
        assertTrue(bookings.byCode("c1", late.code()).orElseThrow().confirmed());
        // staff may still cancel, e.g. when the court is closed for repairs
        assertFalse(bookings.cancel("c1", 0, late.code(), "staff:s09", true).confirmed());
    }

    @Test
    void aTimeOutsideTheHoursOrThePastOrBeyondTheWindowIsRefused() {
        assertEquals("not_a_slot", assertThrows(BookingRefused.class,
                () -> bookings.book("c1", "court", LocalDateTime.of(2026, 12, 4, 21, 0), owner)).code());
        assertEquals("not_a_slot", assertThrows(BookingRefused.class,
                () -> bookings.book("c1", "court", LocalDateTime.of(2026, 12, 4, 9, 30), owner)).code());
        assertEquals("past", assertThrows(BookingRefused.class,
                () -> bookings.book("c1", "court", LocalDateTime.of(2026, 12, 3, 9, 0), owner)).code());
        assertEquals("too_far", assertThrows(BookingRefused.class,
                () -> bookings.book("c1", "court", LocalDateTime.of(2026, 12, 11, 9, 0), owner)).code());
    }

    @Test
    void theFacilitiesKeptForChatTurnsFollowEveryChangeMadeHere() throws Exception {
        assertEquals(List.of("court", "gym"), bookables.active("c1").stream().map(b -> b.code()).toList());
        // the console switches the gym off: the next turn no longer offers it
        bookables.save("c1", new Bookables.Entry("gym", "健身房", LocalTime.of(9, 0), LocalTime.of(12, 0), 60, 3,
                BigDecimal.ZERO, 2), false);
        assertEquals(List.of("court"), bookables.active("c1").stream().map(b -> b.code()).toList());
        // a pack import adds a facility, seen by another store's kept list too
        Bookables another = new Bookables(db);
        assertEquals(List.of("court"), another.active("c1").stream().map(b -> b.code()).toList());
        try (Connection c = db.getConnection()) {
            Bookables.replaceFromPack(c, "c1", List.of(
                    new Bookables.Entry("court", "会所羽毛球场", LocalTime.of(9, 0), LocalTime.of(21, 0), 60, 1,
                            new BigDecimal("20.00"), 7),
                    new Bookables.Entry("pingpong", "乒乓球室", LocalTime.of(9, 0), LocalTime.of(21, 0), 60, 2,
                            BigDecimal.ZERO, 7)));
        }
        assertEquals(List.of("court", "pingpong"), another.active("c1").stream().map(b -> b.code()).toList());
        assertEquals(List.of("court", "pingpong"), bookables.active("c1").stream().map(b -> b.code()).toList());
    }

    @Test
    void aReimportUpdatesTheSettingsAndSwitchesOffWhatThePackNoLongerLists() throws Exception {
        try (Connection c = db.getConnection()) {
            Bookables.replaceFromPack(c, "c1", List.of(new Bookables.Entry("court", "羽毛球场", LocalTime.of(8, 0),
                    LocalTime.of(22, 0), 120, 2, new BigDecimal("30.00"), 3)));
        }
        var court = bookables.find("c1", "court").orElseThrow();
        assertEquals("羽毛球场", court.name());
        assertEquals(120, court.slotMinutes());
        assertEquals(2, court.capacity());
        assertEquals(new BigDecimal("30.00"), court.fee());
        assertFalse(bookables.find("c1", "gym").orElseThrow().active());
        assertEquals(List.of("court"), bookables.active("c1").stream().map(b -> b.code()).toList());
        assertEquals("no_bookable", assertThrows(BookingRefused.class,
                () -> bookings.book("c1", "gym", LocalDateTime.of(2026, 12, 4, 9, 0), owner)).code());
    }
}
