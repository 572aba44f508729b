package dev.guanjia.bookings.fee;

import dev.guanjia.bookings.booking.Booking;
import dev.guanjia.bookings.booking.BookingRefused;
import dev.guanjia.bookings.booking.Bookings;
import dev.guanjia.bookings.facility.Bookables;
import dev.guanjia.payments.Payments;
import dev.guanjia.payments.merchant.Merchant;
import dev.guanjia.payments.merchant.MerchantSettings;
import dev.guanjia.payments.merchant.WxPayMerchant;
import dev.guanjia.payments.notify.PaymentNotifies;
import dev.guanjia.payments.offer.Offer;
import dev.guanjia.payments.order.PaymentException;
import dev.guanjia.payments.order.PaymentOrder;
import dev.guanjia.testkit.FakeWeChatPay;
import dev.guanjia.testkit.MutableClock;
import dev.guanjia.testkit.TestDatabase;
import dev.guanjia.testkit.TwoHouseholds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A booking's fee paid through WeChat Pay (the fake, real APIv3 wire format) on a real PostgreSQL:
 * the slot is held until the fee is paid, the notify confirms it, an unpaid one lapses and frees
 * its slot and its bill, a paid one cancelled in time is refunded, a payment after the lapse is
 * settled as a duplicate (money back), (a pack
 * re-import leaving the fee's bill alone is PackImportTest's).
 */
class BookingFeesTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static FakeWeChatPay fake;
    private static Merchant merchant;

    private final MutableClock clock = new MutableClock(LocalDateTime.of(2026, 12, 3, 10, 0).atZone(SHANGHAI).toInstant());
    private DataSource db;
    private Payments payments;
    private Bookings bookings;
    private Bookings.Booker owner;
    private Bookings.Booker neighbour;
    private long ownerId;

    @BeforeAll
    static void startFake() {
        fake = FakeWeChatPay.start("1900000109", "wx8888888888888888");
        merchant = new WxPayMerchant(new MerchantSettings(fake.appId(), fake.mchId(), fake.apiV3Key(),
                fake.merchantSerial(), fake.merchantPrivateKeyPath().toString(), fake.publicKeyId(),
                fake.platformPublicKeyPath().toString(), null, "https://guanjia.example.com/pay/notify",
                "https://guanjia.example.com/pay/refund-notify", fake.baseUrl()));
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @BeforeEach
    void community() throws Exception {
        db = TestDatabase.fresh("community", "payments", "bookings");
        try (Connection c = db.getConnection()) {
            TwoHouseholds.insert(c);
            Bookables.replaceFromPack(c, "c1", List.of(new Bookables.Entry("court", "会所羽毛球场",
                    LocalTime.of(9, 0), LocalTime.of(21, 0), 60, 1, new BigDecimal("20.00"), 7)));
        }
        payments = new Payments(db, merchant, clock, new Payments.Timing(Duration.ofMinutes(30),
                Duration.ofMinutes(15), Duration.ofMinutes(5)));
        bookings = new Bookings(db, clock, id -> SHANGHAI)
                .withFees(new BookingFees(payments.refunds(), Duration.ofMinutes(20)));
        payments.onSettled(o -> bookings.feesPaid(o.communityId(), o.billCodes()));
        ownerId = id("residents", "r1");
        owner = new Bookings.Booker(ownerId, id("houses", "1-1-101"), "1-1-101", "web");
        neighbour = new Bookings.Booker(id("residents", "r2"), id("houses", "1-1-102"), "1-1-102", "web");
    }

    private static final LocalDateTime SATURDAY_TEN = LocalDateTime.of(2026, 12, 5, 10, 0);

    private PaymentOrder pay(Booking b) {
        Offer o = payments.offers().offer("c1", ownerId, List.of(owner.houseId()), List.of(b.code()), "web", null, "conv")
                .orElseThrow();
        assertEquals(2000, o.totalFen(), "the fee, read from the bill");
        assertEquals(List.of(b.code()), o.bills().stream().map(Offer.OfferedBill::code).toList());
        return payments.orders().payByNative(o.token());
    }

    private void notifyPaid(PaymentOrder order) {
        FakeWeChatPay.Notify n = fake.paymentNotify(order.outTradeNo());
        PaymentNotifies.Answer a = payments.notifies().onPayment(n.body(),
                new Merchant.NotifyHeaders(n.timestamp(), n.nonce(), n.signature(), n.serial()));
        assertEquals(204, a.status(), a.body());
    }

    @Test
    void aFeeBookingHoldsItsSlotUntilPaidAndTheNotifyConfirmsIt() throws Exception {
        Booking b = bookings.book("c1", "court", SATURDAY_TEN, owner);
        assertTrue(b.awaitingPayment());
        assertEquals(clock.instant().plus(Duration.ofMinutes(20)), b.payBy());
        assertEquals("unpaid", one("SELECT status FROM bills WHERE code = '" + b.code() + "'"));
        assertEquals("场地预约费", one("SELECT f.name FROM bills b JOIN fee_items f ON f.id = b.fee_item_id WHERE b.code = '"
                + b.code() + "'"));
        // the slot is held: a neighbour cannot take it while it is being paid
        BookingRefused full = assertThrows(BookingRefused.class, () -> bookings.book("c1", "court", SATURDAY_TEN, neighbour));
        assertEquals("slot_full", full.code());

        notifyPaid(pay(b));
        Booking paid = bookings.byCode("c1", b.code()).orElseThrow();
        assertTrue(paid.confirmed(), paid.status());
        assertEquals("paid", one("SELECT status FROM bills WHERE code = '" + b.code() + "'"));
        clock.advance(Duration.ofMinutes(30));
        assertTrue(bookings.releaseUnpaid().isEmpty(), "a paid booking is not released");
        assertTrue(bookings.byCode("c1", b.code()).orElseThrow().confirmed());
    }

    @Test
    void anUnpaidBookingLapsesFreeingItsSlotAndItsBill() throws Exception {
        Booking b = bookings.book("c1", "court", SATURDAY_TEN, owner);
        clock.advance(Duration.ofMinutes(19));
        assertTrue(bookings.releaseUnpaid().isEmpty(), "not yet due");
        clock.advance(Duration.ofMinutes(2));
        List<Booking> released = bookings.releaseUnpaid();
        assertEquals(List.of(b.code()), released.stream().map(Booking::code).toList());
        assertEquals("cancelled", bookings.byCode("c1", b.code()).orElseThrow().status());
        assertEquals("0", one("SELECT count(*) FROM bills WHERE code = '" + b.code() + "'"), "the fee's bill is taken back");
        assertTrue(bookings.book("c1", "court", SATURDAY_TEN, neighbour).awaitingPayment(), "the slot is free again");
    }

    @Test
    void aBookingBeingPaidIsNotReleasedUntilItsOrderCloses() throws Exception {
        Booking b = bookings.book("c1", "court", SATURDAY_TEN, owner);
        clock.advance(Duration.ofMinutes(10));
        PaymentOrder order = pay(b);
        clock.advance(Duration.ofMinutes(11));
        assertTrue(bookings.releaseUnpaid().isEmpty(), "its order is open at WeChat Pay");
        BookingRefused paying = assertThrows(BookingRefused.class,
                () -> bookings.cancel("c1", ownerId, b.code(), "resident:r1", false));
        assertEquals("paying", paying.code());
        // the resident pays at the last moment: the notify confirms it
        notifyPaid(order);
        assertTrue(bookings.byCode("c1", b.code()).orElseThrow().confirmed());
    }

    @Test
    void aPaidBookingCancelledInTimeIsRefundedAtWeChatPay() throws Exception {
        Booking b = bookings.book("c1", "court", SATURDAY_TEN, owner);
        PaymentOrder order = pay(b);
        notifyPaid(order);
        Booking cancelled = bookings.cancel("c1", ownerId, b.code(), "resident:r1", false);
        assertEquals("cancelled", cancelled.status());
        assertNotNull(cancelled.refundNo());
        FakeWeChatPay.Refund r = fake.refund(cancelled.refundNo());
        assertEquals(order.outTradeNo(), r.outTradeNo);
        assertEquals(2000, r.refundFen);
        assertEquals("2000", one("SELECT refunded_fen FROM payment_orders WHERE out_trade_no = '" + order.outTradeNo() + "'"));
    }

    @Test
    void aPaidBookingPastTheDeadlineIsNeitherCancelledNorRefunded() throws Exception {
        Booking b = bookings.book("c1", "court", LocalDateTime.of(2026, 12, 3, 11, 0), owner);
        notifyPaid(pay(b));
        BookingRefused late = assertThrows(BookingRefused.class,
                () -> bookings.cancel("c1", ownerId, b.code(), "resident:r1", false));
        assertEquals("cancel_deadline", late.code());
        assertEquals("0", one("SELECT count(*) FROM payment_refunds"));
        assertTrue(bookings.byCode("c1", b.code()).orElseThrow().confirmed());
    }

    @Test
    void anUnpaidBookingCancelledTakesItsBillBackAndAnOfferOfItCannotBePaid() throws Exception {
        Booking b = bookings.book("c1", "court", SATURDAY_TEN, owner);
        Offer o = payments.offers().offer("c1", ownerId, List.of(owner.houseId()), List.of(b.code()), "web", null, null)
                .orElseThrow();
        bookings.cancel("c1", ownerId, b.code(), "resident:r1", false);
        assertEquals("0", one("SELECT count(*) FROM bills WHERE code = '" + b.code() + "'"));
        PaymentException e = assertThrows(PaymentException.class, () -> payments.orders().payByNative(o.token()));
        assertTrue(e.getMessage().contains("已取消"), e.getMessage());
    }

    @Test
    void aPaymentOfAFeeTakenBackMeanwhileIsSettledAsADuplicateToRefund() throws Exception {
        Booking b = bookings.book("c1", "court", SATURDAY_TEN, owner);
        PaymentOrder order = pay(b);
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            // what a resident's erasure does to an unpaid fee, whatever is open at WeChat Pay
            s.execute("DELETE FROM bills WHERE code = '" + b.code() + "'");
        }
        notifyPaid(order);
        assertEquals("t", one("SELECT duplicate FROM payments p JOIN payment_orders o ON o.id = p.order_id"
                + " WHERE o.out_trade_no = '" + order.outTradeNo() + "'"), "the money must go back");
    }

    private String one(String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getString(1) : null;
        }
    }

    private long id(String table, String code) throws Exception {
        return Long.parseLong(one("SELECT id FROM " + table + " WHERE code = '" + code + "'"));
    }
}
