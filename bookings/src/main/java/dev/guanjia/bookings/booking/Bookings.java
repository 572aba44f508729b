package dev.guanjia.bookings.booking;

import dev.guanjia.bookings.facility.Bookable;
import dev.guanjia.bookings.facility.Bookables;
import dev.guanjia.bookings.facility.BookingRules;
import dev.guanjia.bookings.fee.BookingFees;
import dev.guanjia.payments.order.BillOrders;
import dev.guanjia.community.refusal.Refusal;

import javax.sql.DataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Slots, bookings and cancellations. Booking a slot locks the house (an advisory lock: the house
 * row is the community module's) and then the facility's row for the transaction, so the house
 * limit and the slot's capacity are counted with no other booking of either in between: of two
 * residents taking the last place at once, one waits, then finds it full and is offered the next.
 * Times are the community's local time, "now" is the service's clock.
 */
public final class Bookings {

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(Bookings.class.getName());

    /** The advisory-lock class of houses being booked for ("BK"). */
    private static final int HOUSE_LOCK = 0x424B;
    private static final String CODE_LETTERS = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final int ALTERNATIVES = 3;
    private static final String COLUMNS = """
            k.id, k.code, k.community_id, b.code AS bookable_code, b.name AS bookable_name, k.resident_id,
            k.house_code, k.starts_at, k.ends_at, k.status, k.fee, k.channel, k.created_at, k.cancelled_at, k.bill_id,
            k.pay_by, k.refund_no""";

    private final DataSource db;
    private final Clock clock;
    private final Function<String, ZoneId> zones;
    private final SecureRandom random = new SecureRandom();
    /** Online payment of fees; null: fees are paid at the facility. */
    private volatile BookingFees fees;

    /** @param zones the community's time zone by id (the community directory's) */
    public Bookings(DataSource db, Clock clock, Function<String, ZoneId> zones) {
        this.db = db;
        this.clock = clock;
        this.zones = zones;
    }

    /** Lets residents pay a booking's fee online: the booking holds its slot until paid. */
    public Bookings withFees(BookingFees fees) {
        this.fees = fees;
        return this;
    }

    /** Whether a booking of this facility is paid online (else at the facility, or it is free). */
    public boolean paidOnline(Bookable b) {
        return fees != null && b.fee().signum() > 0;
    }

    /** What a resident books for: who, for which of their houses, on which channel. */
    public record Booker(long residentId, long houseId, String houseCode, String channel) {
    }

    /** The community's local date and time on the service's clock. */
    public LocalDateTime now(String communityId) {
        return LocalDateTime.ofInstant(clock.instant(), zones.apply(communityId));
    }

    /** Every slot of the day with its places left (0 when full), from now on, within the booking window. */
    public List<Slot> slots(String communityId, String bookableCode, LocalDate day) {
        Bookable b = bookable(communityId, bookableCode);
        try (Connection c = db.getConnection()) {
            return slots(c, b, day);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read slots: " + e.getMessage(), e);
        }
    }

    /** The slots of the day that still take a booking. */
    public List<Slot> freeSlots(String communityId, String bookableCode, LocalDate day) {
        return slots(communityId, bookableCode, day).stream().filter(s -> s.left() > 0).toList();
    }

    /** The next free slots from a time on, over the booking window: what to offer instead of a full one. */
    public List<Slot> nextFree(String communityId, String bookableCode, LocalDateTime from, int max) {
        Bookable b = bookable(communityId, bookableCode);
        try (Connection c = db.getConnection()) {
            return nextFree(c, b, from, max);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read slots: " + e.getMessage(), e);
        }
    }

    /**
     * Books the slot starting at {@code start}. Refused (in Chinese, with free slots to offer when the
     * slot is taken) when the facility is closed then, the slot is past or beyond the window, full,
     * or the house already holds as many bookings as the community allows.
     */
    public Booking book(String communityId, String bookableCode, LocalDateTime start, Booker who) {
        return book(communityId, bookableCode, start, who, null);
    }

    /**
     * Books a slot in place of the house's booking {@code replaced} (a booking moved to another time): that
     * one does not count against the house's limit. The caller cancels it once this one is made, so a move
     * refused leaves the booking held as it was.
     */
    public Booking bookInstead(String communityId, String bookableCode, LocalDateTime start, Booker who, String replaced) {
        return book(communityId, bookableCode, start, who, java.util.Objects.requireNonNull(replaced));
    }

    private Booking book(String communityId, String bookableCode, LocalDateTime start, Booker who, String replaced) {
        Bookable known = bookable(communityId, bookableCode);
        List<Slot> instead;
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
                    s.setInt(1, HOUSE_LOCK);
                    s.setInt(2, (int) who.houseId());
                    s.execute();
                }
                Bookable b = Bookables.lock(c, known.id()).filter(Bookable::active).orElseThrow(() -> gone(known));
                checkSlot(b, start);
                ZoneId zone = zones.apply(communityId);
                BookingRules rules = Bookables.rules(c, communityId);
                List<Booking> held = houseActive(c, who.houseId()).stream()
                        .filter(h -> replaced == null || !h.code().equalsIgnoreCase(replaced)).toList();
                if (held.size() >= rules.activePerHouse()) {
                    Booking first = held.get(0);
                    throw new BookingRefused(Refusal.Reason.CONFLICT, "house_limit", rules.activePerHouse() == 1
                            ? "您家已有一个未使用的预约（" + first.bookableName() + " " + first.slot().label()
                            + "），每户同时只能保留一个预约。如需改约，请先取消原预约。"
                            : "您家已有" + held.size() + "个未使用的预约，每户同时最多保留" + rules.activePerHouse()
                            + "个。如需改约，请先取消其中一个。");
                }
                LocalDateTime end = start.plusMinutes(b.slotMinutes());
                int taken = taken(c, b.id(), start.atZone(zone).toInstant());
                if (taken >= b.capacity()) {
                    c.rollback();
                    instead = nextFree(c, b, start, ALTERNATIVES);
                    throw new BookingRefused(Refusal.Reason.CONFLICT, "slot_full",
                            b.name() + " " + new Slot(b.code(), b.name(), start, end, 0).label() + " 已经约满了。"
                                    + (instead.isEmpty() ? "近期没有空闲时段。" : "可以改约其他时段。"), instead);
                }
                String code = newCode();
                Instant now = clock.instant();
                BookingFees online = paidOnline(b) ? fees : null;
                Long bill = online == null ? null : online.charge(c, communityId, who.houseId(), code,
                        b.name() + " " + new Slot(b.code(), b.name(), start, end, 0).label(), b.fee(),
                        now(communityId).toLocalDate());
                try (PreparedStatement s = c.prepareStatement("""
                        INSERT INTO bookings (code, community_id, bookable_id, resident_id, house_id, house_code,
                                              starts_at, ends_at, status, fee, channel, created_at, bill_id, pay_by)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                    s.setString(1, code);
                    s.setString(2, communityId);
                    s.setLong(3, b.id());
                    s.setLong(4, who.residentId());
                    s.setLong(5, who.houseId());
                    s.setString(6, who.houseCode());
                    s.setTimestamp(7, Timestamp.from(start.atZone(zone).toInstant()));
                    s.setTimestamp(8, Timestamp.from(end.atZone(zone).toInstant()));
                    s.setString(9, online == null ? "confirmed" : "awaiting_payment");
                    s.setBigDecimal(10, b.fee());
                    s.setString(11, who.channel());
                    s.setTimestamp(12, Timestamp.from(now));
                    s.setObject(13, bill);
                    s.setTimestamp(14, online == null ? null : Timestamp.from(now.plus(online.hold())));
                    s.executeUpdate();
                }
                c.commit();
                return byCode(communityId, code).orElseThrow();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot book: " + e.getMessage(), e);
        }
    }

    /**
     * Cancels a resident's own booking, up to the community's deadline before the start. Staff
     * ({@code byStaff}) may cancel at any time before the end, for example when the court is closed.
     * A fee paid online goes back the way it came (a refund at WeChat Pay, after the cancellation is
     * stored: when WeChat Pay refuses, the booking stays cancelled and the refund waits for staff, whom
     * the log and the missing {@link Booking#refundNo()} tell). An unpaid fee's bill is taken back.
     */
    public Booking cancel(String communityId, long residentId, String code, String actor, boolean byStaff) {
        Booking b;
        Optional<BillOrders.PaidBy> paid = Optional.empty();
        BookingFees online = fees;
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + """
                         FROM bookings k JOIN bookables b ON b.id = k.bookable_id
                        WHERE k.community_id = ? AND upper(k.code) = upper(?) FOR UPDATE OF k""")) {
                    s.setString(1, communityId);
                    s.setString(2, code.strip());
                    try (ResultSet r = s.executeQuery()) {
                        b = r.next() ? read(r, zones.apply(communityId)) : null;
                    }
                }
                if (b == null || !byStaff && b.residentId() != residentId) {
                    throw new BookingRefused(Refusal.Reason.NOT_FOUND, "no_booking", "没有找到您的这个预约。");
                }
                if (!b.active()) {
                    throw new BookingRefused(Refusal.Reason.CONFLICT, "already_cancelled", "这个预约已经取消了。");
                }
                LocalDateTime now = now(communityId);
                if (!now.isBefore(b.end())) {
                    throw new BookingRefused(Refusal.Reason.CONFLICT, "over", "这个预约的时段已经过去，不能取消。");
                }
                BookingRules rules = Bookables.rules(c, communityId);
                // an unpaid booking costs nobody anything: it may be given up until it starts
                if (!byStaff && !b.awaitingPayment() && now.isAfter(b.start().minusMinutes(rules.cancelBeforeMinutes()))) {
                    throw new BookingRefused(Refusal.Reason.CONFLICT, "cancel_deadline",
                            "预约需在开始前" + minutes(rules.cancelBeforeMinutes()) + "取消，现在已过取消时间，"
                                    + "不能在线取消了。如有特殊情况请联系物业服务中心。");
                }
                if (b.billId() != null && online != null) {
                    BookingFees.Release release = b.awaitingPayment() ? online.release(c, b.billId())
                            : BookingFees.Release.PAID;
                    if (release == BookingFees.Release.PAYING) {
                        throw new BookingRefused(Refusal.Reason.CONFLICT, "paying",
                                "这个预约的场地费正在支付中。请先完成支付，或等待未完成的订单自动关闭（约15分钟）后再取消。");
                    }
                    if (release == BookingFees.Release.PAID) {
                        paid = online.paidBy(c, b.billId());
                    }
                }
                try (PreparedStatement s = c.prepareStatement("""
                        UPDATE bookings SET status = 'cancelled', cancelled_at = ?, cancelled_by = ? WHERE id = ?""")) {
                    s.setTimestamp(1, Timestamp.from(clock.instant()));
                    s.setString(2, actor);
                    s.setLong(3, b.id());
                    s.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot cancel: " + e.getMessage(), e);
        }
        if (paid.isPresent()) {
            refund(communityId, b, paid.get(), actor, online);
        }
        return byCode(communityId, b.code()).orElseThrow();
    }

    private void refund(String communityId, Booking b, BillOrders.PaidBy paid, String actor, BookingFees online) {
        try {
            String no = online.refund(communityId, paid, "预约取消退款（预约号 " + b.code() + "）", actor);
            try (Connection c = db.getConnection();
                 PreparedStatement s = c.prepareStatement("UPDATE bookings SET refund_no = ? WHERE id = ?")) {
                s.setString(1, no);
                s.setLong(2, b.id());
                s.executeUpdate();
            }
        } catch (RuntimeException | SQLException e) {
            LOG.warning("booking " + b.code() + " cancelled but its fee (order " + paid.outTradeNo() + ", "
                    + paid.billFen() + " fen) was not refunded: " + e.getMessage() + "; refund it from the console");
        }
    }

    /**
     * Confirms the bookings whose fee bills an order just paid (told after the payment committed).
     * Returns the codes confirmed; bookings released meanwhile stay released (their payment is a
     * duplicate the payments module refunds).
     */
    public List<String> feesPaid(String communityId, List<String> billCodes) {
        if (billCodes.isEmpty()) {
            return List.of();
        }
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                UPDATE bookings SET status = 'confirmed'
                 WHERE community_id = ? AND code = ANY (?) AND status = 'awaiting_payment' RETURNING code""")) {
            s.setString(1, communityId);
            s.setArray(2, c.createArrayOf("text", billCodes.toArray()));
            List<String> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot confirm paid bookings: " + e.getMessage(), e);
        }
    }

    /**
     * Releases the bookings whose fee was not paid by their deadline: the slot is free again and the
     * bill taken back. One whose bill was paid meanwhile is confirmed instead; one being paid right now
     * waits for its order to be paid or closed. Each booking in its own transaction, skipped if another
     * node holds it. Returns those released.
     */
    public List<Booking> releaseUnpaid() {
        BookingFees online = fees;
        if (online == null) {
            return List.of();
        }
        List<Booking> released = new ArrayList<>();
        List<Long> due = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT id FROM bookings WHERE status = 'awaiting_payment' AND pay_by <= ? ORDER BY pay_by LIMIT 500")) {
            s.setTimestamp(1, Timestamp.from(clock.instant()));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    due.add(r.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read unpaid bookings: " + e.getMessage(), e);
        }
        for (long id : due) {
            try (Connection c = db.getConnection()) {
                c.setAutoCommit(false);
                try {
                    Booking b = null;
                    try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + """
                             FROM bookings k JOIN bookables b ON b.id = k.bookable_id
                            WHERE k.id = ? AND k.status = 'awaiting_payment' FOR UPDATE OF k SKIP LOCKED""")) {
                        s.setLong(1, id);
                        try (ResultSet r = s.executeQuery()) {
                            if (r.next()) {
                                b = read(r, zones.apply(r.getString("community_id")));
                            }
                        }
                    }
                    if (b != null) {
                        switch (online.release(c, b.billId())) {
                            case PAID -> update(c, "UPDATE bookings SET status = 'confirmed' WHERE id = ?", id);
                            case WITHDRAWN -> {
                                update(c, "UPDATE bookings SET status = 'cancelled', cancelled_at = now(), "
                                        + "cancelled_by = 'system:unpaid' WHERE id = ?", id);
                                released.add(b);
                            }
                            case PAYING -> {
                            }
                        }
                    }
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot release an unpaid booking: " + e.getMessage(), e);
            }
        }
        return released;
    }

    private static void update(Connection c, String sql, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, id);
            s.executeUpdate();
        }
    }

    /** A resident's bookings not yet over, soonest first. */
    public List<Booking> upcoming(String communityId, long residentId) {
        return query(communityId, "SELECT " + COLUMNS + """
                 FROM bookings k JOIN bookables b ON b.id = k.bookable_id
                WHERE k.community_id = ? AND k.resident_id = ? AND k.status <> 'cancelled' AND k.ends_at > ?
                ORDER BY k.starts_at, k.id""", communityId, residentId, Timestamp.from(clock.instant()));
    }

    /** A facility's bookings on a local day, cancelled ones too, for staff. */
    public List<Booking> ofDay(String communityId, String bookableCode, LocalDate day) {
        ZoneId zone = zones.apply(communityId);
        return query(communityId, "SELECT " + COLUMNS + """
                 FROM bookings k JOIN bookables b ON b.id = k.bookable_id
                WHERE k.community_id = ? AND b.code = ? AND k.starts_at >= ? AND k.starts_at < ?
                ORDER BY k.starts_at, k.status, k.id""", communityId, bookableCode,
                Timestamp.from(day.atStartOfDay(zone).toInstant()),
                Timestamp.from(day.plusDays(1).atStartOfDay(zone).toInstant()));
    }

    public Optional<Booking> byCode(String communityId, String code) {
        return query(communityId, "SELECT " + COLUMNS + """
                 FROM bookings k JOIN bookables b ON b.id = k.bookable_id
                WHERE k.community_id = ? AND upper(k.code) = upper(?)""", communityId, code).stream().findFirst();
    }

    /** Removes every booking (evaluation runs start each case from the pack as imported). */
    public static void removeAll(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM bookings")) {
            s.executeUpdate();
        }
    }

    // ---------------------------------------------------------------------------------------------

    private Bookable bookable(String communityId, String code) {
        return new Bookables(db).find(communityId, code).filter(Bookable::active)
                .orElseThrow(() -> new BookingRefused(Refusal.Reason.NOT_FOUND, "no_bookable", "没有这个可预约的场地或服务。"));
    }

    private static BookingRefused gone(Bookable b) {
        return new BookingRefused(Refusal.Reason.NOT_FOUND, "no_bookable", b.name() + "暂不开放预约。");
    }

    private void checkSlot(Bookable b, LocalDateTime start) {
        LocalDateTime now = now(b.communityId());
        LocalDate last = now.toLocalDate().plusDays(b.advanceDays());
        long offset = Duration.between(b.opens(), start.toLocalTime()).toMinutes();
        if (start.toLocalTime().isBefore(b.opens())
                || start.plusMinutes(b.slotMinutes()).isAfter(start.toLocalDate().atTime(b.closes()))
                || offset % b.slotMinutes() != 0 || start.getSecond() != 0 || start.getNano() != 0) {
            throw new BookingRefused(Refusal.Reason.INVALID, "not_a_slot", b.name() + "开放时间为" + b.opens() + "-"
                    + b.closes() + "，每" + minutes(b.slotMinutes()) + "一个时段，请选择其中一个时段。",
                    nextFree(b, start.toLocalDate().atStartOfDay()));
        }
        if (!start.isAfter(now)) {
            throw new BookingRefused(Refusal.Reason.INVALID, "past", "这个时段已经开始或过去了。", nextFree(b, now));
        }
        if (start.toLocalDate().isAfter(last)) {
            throw new BookingRefused(Refusal.Reason.INVALID, "too_far", b.name() + "最多可提前" + b.advanceDays()
                    + "天预约，请选择" + last.getMonthValue() + "月" + last.getDayOfMonth() + "日及以前的时段。");
        }
    }

    private List<Slot> nextFree(Bookable b, LocalDateTime from) {
        try (Connection c = db.getConnection()) {
            return nextFree(c, b, from, ALTERNATIVES);
        } catch (SQLException e) {
            return List.of();
        }
    }

    private List<Slot> nextFree(Connection c, Bookable b, LocalDateTime from, int max) throws SQLException {
        List<Slot> out = new ArrayList<>();
        LocalDate last = now(b.communityId()).toLocalDate().plusDays(b.advanceDays());
        for (LocalDate d = from.toLocalDate(); !d.isAfter(last) && out.size() < max; d = d.plusDays(1)) {
            for (Slot s : slots(c, b, d)) {
                if (s.left() > 0 && s.start().isAfter(from) && out.size() < max) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private List<Slot> slots(Connection c, Bookable b, LocalDate day) throws SQLException {
        LocalDateTime now = now(b.communityId());
        if (day.isBefore(now.toLocalDate()) || day.isAfter(now.toLocalDate().plusDays(b.advanceDays()))) {
            return List.of();
        }
        ZoneId zone = zones.apply(b.communityId());
        Map<Instant, Integer> taken = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT starts_at, count(*) FROM bookings WHERE bookable_id = ? AND status <> 'cancelled'
                  AND starts_at >= ? AND starts_at < ? GROUP BY starts_at""")) {
            s.setLong(1, b.id());
            s.setTimestamp(2, Timestamp.from(day.atStartOfDay(zone).toInstant()));
            s.setTimestamp(3, Timestamp.from(day.plusDays(1).atStartOfDay(zone).toInstant()));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    taken.put(r.getTimestamp(1).toInstant(), r.getInt(2));
                }
            }
        }
        List<Slot> out = new ArrayList<>();
        // opening hours lie within one day (opens < closes), so no slot crosses midnight
        for (LocalDateTime t = day.atTime(b.opens()); !t.plusMinutes(b.slotMinutes()).isAfter(day.atTime(b.closes()));
             t = t.plusMinutes(b.slotMinutes())) {
            if (t.isAfter(now)) {
                int left = b.capacity() - taken.getOrDefault(t.atZone(zone).toInstant(), 0);
                out.add(new Slot(b.code(), b.name(), t, t.plusMinutes(b.slotMinutes()), Math.max(0, left)));
            }
        }
        return out;
    }

    private static int taken(Connection c, long bookableId, Instant start) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM bookings WHERE bookable_id = ? AND starts_at = ? AND status <> 'cancelled'")) {
            s.setLong(1, bookableId);
            s.setTimestamp(2, Timestamp.from(start));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    private List<Booking> houseActive(Connection c, long houseId) throws SQLException {
        List<Booking> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + """
                 FROM bookings k JOIN bookables b ON b.id = k.bookable_id
                WHERE k.house_id = ? AND k.status <> 'cancelled' AND k.ends_at > ? ORDER BY k.starts_at""")) {
            s.setLong(1, houseId);
            s.setTimestamp(2, Timestamp.from(clock.instant()));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(read(r, zones.apply(r.getString("community_id"))));
                }
            }
        }
        return out;
    }

    private List<Booking> query(String communityId, String sql, Object... args) {
        ZoneId zone = zones.apply(communityId);
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            List<Booking> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(read(r, zone));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read bookings: " + e.getMessage(), e);
        }
    }

    static Booking read(ResultSet r, ZoneId zone) throws SQLException {
        Timestamp cancelled = r.getTimestamp("cancelled_at");
        return new Booking(r.getLong("id"), r.getString("code"), r.getString("community_id"),
                r.getString("bookable_code"), r.getString("bookable_name"), r.getLong("resident_id"),
                r.getString("house_code"), LocalDateTime.ofInstant(r.getTimestamp("starts_at").toInstant(), zone),
                LocalDateTime.ofInstant(r.getTimestamp("ends_at").toInstant(), zone), r.getString("status"),
                r.getBigDecimal("fee"), r.getString("channel"), r.getTimestamp("created_at").toInstant(),
                cancelled == null ? null : cancelled.toInstant(), (Long) r.getObject("bill_id"),
                r.getTimestamp("pay_by") == null ? null : r.getTimestamp("pay_by").toInstant(), r.getString("refund_no"));
    }

    private String newCode() {
        StringBuilder b = new StringBuilder("BK");
        for (int i = 0; i < 6; i++) {
            b.append(CODE_LETTERS.charAt(random.nextInt(CODE_LETTERS.length())));
        }
        return b.toString();
    }

    static String minutes(int m) {
        if (m % 60 == 0) {
            return m / 60 + "小时";
        }
        return m + "分钟";
    }
}
