package dev.guanjia.bot.booking;

import dev.guanjia.bookings.booking.Booking;
import dev.guanjia.bookings.booking.BookingRefused;
import dev.guanjia.bookings.booking.Bookings;
import dev.guanjia.bookings.booking.Slot;
import dev.guanjia.bookings.day.DayPhrases;
import dev.guanjia.bookings.facility.Bookable;
import dev.guanjia.bookings.facility.Bookables;
import dev.guanjia.bot.policy.Replies;
import dev.guanjia.bot.turn.TurnContext;
import dev.guanjia.community.resident.Resident;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Booking in the conversation, the same whatever model is behind the desk: "周六上午想订羽毛球场"
 * gets the free slots of that morning, a named free time is booked at once, a taken one is answered
 * with the next free ones, "第二个" or "10点" books one of those offered, "取消预约" cancels and
 * "我的预约" lists. Dates are read on the service's clock in the community's time zone. What was
 * offered is kept per conversation for half an hour, in memory: a restart only means asking again.
 */
public final class BookingDesk {

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(BookingDesk.class.getName());
    private static final Duration OFFER_KEPT = Duration.ofMinutes(30);
    private static final int MAX_OFFERED = 6;
    private static final int MAX_PENDING = 10_000;
    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm");

    private final Bookings bookings;
    private final Bookables bookables;
    private final java.time.Clock clock;
    private final Map<String, Offered> offered = new ConcurrentHashMap<>();
    /** A slot chosen by a resident with several homes, waiting for which home it is for. */
    private final Map<String, HouseAsked> houseAsked = new ConcurrentHashMap<>();
    private volatile FeeOffer feeOffer = (t, house, bill) -> Optional.empty();

    /** Offers the online payment of the bill a booking charged; the reply's words, empty when it cannot. */
    @FunctionalInterface
    public interface FeeOffer {
        Optional<String> offer(TurnContext t, long houseId, String billCode);
    }

    private record HouseAsked(String bookable, LocalDateTime start, Instant at) {
    }

    /** The booking last made in a conversation, which a bare "取消吧" in the next turns cancels. */
    private record Booked(String code, Instant at) {
    }

    private final Map<String, Booked> booked = new ConcurrentHashMap<>();

    /** Slots offered in a conversation, and whether a plain "好的" picks the first (one suggestion). */
    private record Offered(String bookable, List<Slot> slots, boolean suggestion, Instant at) {
    }

    public BookingDesk(Bookings bookings, Bookables bookables, java.time.Clock clock) {
        this.bookings = bookings;
        this.bookables = bookables;
        this.clock = clock;
    }

    /** Lets a booking's fee be paid in the conversation (the payment flow's offer). */
    public BookingDesk payingWith(FeeOffer offer) {
        this.feeOffer = offer;
        return this;
    }

    /** The reply when this turn is about bookings, after doing what it asks; empty otherwise. */
    public Optional<String> turn(String text, TurnContext t) {
        String cid = t.communityId();
        List<Bookable> facilities = bookables.active(cid);
        if (facilities.isEmpty()) {
            return Optional.empty();
        }
        String s = BookingCues.mandarin(text.strip());
        Optional<Bookable> named = BookingCues.facility(s, facilities, Bookable::name);
        if (BookingCues.asksForMine(s)) {
            return Optional.of(mine(t, facilities));
        }
        if (BookingCues.wantsToCancel(s, named.isPresent())) {
            return Optional.of(cancel(s, t, named));
        }
        // "算了 取消吧" right after booking: the booking just made, not a repair order
        Booked last = t.conversationId() == null ? null : booked.get(t.conversationId());
        if (last != null && last.at().plus(OFFER_KEPT).isAfter(clock.instant()) && BookingCues.cancelsBare(s)) {
            booked.remove(t.conversationId());
            return Optional.of(cancel(last.code(), t, Optional.empty()));
        }
        HouseAsked asked = t.conversationId() == null ? null : houseAsked.get(t.conversationId());
        if (asked != null && asked.at().plus(OFFER_KEPT).isAfter(clock.instant()) && t.resident().isPresent()) {
            Optional<Resident.Household> home = house(s, t.resident().get(), true);
            if (home.isPresent()) {
                houseAsked.remove(t.conversationId());
                return Optional.of(book(s, t, facilities, asked.bookable(), asked.start(), home.get()));
            }
        }
        Offered pending = pending(t.conversationId());
        if (pending != null && named.map(b -> b.code().equals(pending.bookable())).orElse(true)) {
            Optional<Slot> picked = pick(s, pending, bookings.now(cid).toLocalDate());
            if (picked.isPresent()) {
                return Optional.of(book(s, t, facilities, picked.get().bookableCode(), picked.get().start(), null));
            }
        }
        boolean when = DayPhrases.day(s, bookings.now(cid).toLocalDate()).isPresent() || DayPhrases.time(s).isPresent()
                || DayPhrases.partOfDay(s).isPresent();
        if (BookingCues.aboutRepair(s)) {
            return Optional.empty();
        }
        // "活动室几点关门", "最早提前几天订": asked about, not asked for; unless a day or a time is named
        if (BookingCues.asksAboutRules(s) && DayPhrases.day(s, bookings.now(cid).toLocalDate()).isEmpty()
                && DayPhrases.time(s).isEmpty()) {
            return Optional.empty();
        }
        if (named.isPresent() && (BookingCues.wantsToBook(s) || when)) {
            return Optional.of(request(s, t, facilities, named.get()));
        }
        if (named.isEmpty() && pending != null && when) {
            Bookable f = facilities.stream().filter(b -> b.code().equals(pending.bookable())).findFirst().orElse(null);
            if (f != null) {
                return Optional.of(request(s, t, facilities, f));
            }
        }
        return Optional.empty();
    }

    // ----------------------------------------------------------------------------------- requests

    private String request(String s, TurnContext t, List<Bookable> facilities, Bookable f) {
        if (t.resident().isEmpty()) {
            return identityRequired(t);
        }
        LocalDateTime now = bookings.now(t.communityId());
        Optional<LocalDate> day = DayPhrases.day(s, now.toLocalDate());
        Optional<LocalTime> time = DayPhrases.time(s).map(x -> afternoon(x, s, f));
        if (time.isPresent()) {
            LocalDate d = day.orElseGet(() -> now.toLocalTime().isBefore(time.get()) ? now.toLocalDate()
                    : now.toLocalDate().plusDays(1));
            return book(s, t, facilities, f.code(), d.atTime(time.get()), null);
        }
        LocalDate d = day.orElse(now.toLocalDate());
        Optional<LocalTime[]> part = DayPhrases.partOfDay(s);
        List<Slot> free = bookings.freeSlots(t.communityId(), f.code(), d).stream()
                .filter(x -> part.isEmpty() || !x.start().toLocalTime().isBefore(part.get()[0])
                        && x.start().toLocalTime().isBefore(part.get()[1]))
                .toList();
        if (!free.isEmpty()) {
            return offer(t, f, free, false, f.name() + " " + dayLabel(d) + part.map(p -> partName(s)).orElse("")
                    + "可预约的时段：");
        }
        LocalDateTime from = part.map(p -> d.atTime(p[0])).orElse(d.atStartOfDay());
        List<Slot> next = bookings.nextFree(t.communityId(), f.code(), from.isBefore(now) ? now : from, 3);
        String full = f.name() + " " + dayLabel(d) + part.map(p -> partName(s)).orElse("") + "没有可预约的时段了"
                + (d.isAfter(now.toLocalDate().plusDays(f.advanceDays()))
                ? "（最多可提前" + f.advanceDays() + "天预约）" : "") + "。";
        if (next.isEmpty()) {
            t.record("booking.offered", Map.of("bookable", f.code(), "slots", List.of()));
            return full + "近期也没有空闲时段，如有需要请联系物业服务中心。";
        }
        return offer(t, f, next, next.size() == 1, full + "最近的空闲时段：");
    }

    private String book(String s, TurnContext t, List<Bookable> facilities, String code, LocalDateTime start,
                        Resident.Household chosen) {
        Optional<Resident> me = t.resident();
        if (me.isEmpty()) {
            return identityRequired(t);
        }
        Resident.Household house = chosen != null ? chosen : house(s, me.get(), false).orElse(null);
        if (house == null) {
            return askHouse(t, me.get(), code, start);
        }
        Bookable f = facilities.stream().filter(b -> b.code().equals(code)).findFirst().orElseThrow();
        try {
            Booking b = bookings.book(t.communityId(), code, start,
                    new Bookings.Booker(me.get().id(), house.houseId(), house.houseCode(), t.identity().channel()));
            offered.remove(t.conversationId());
            if (t.conversationId() != null) {
                if (booked.size() >= MAX_PENDING) {
                    booked.clear();
                }
                booked.put(t.conversationId(), new Booked(b.code(), clock.instant()));
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("id", b.code());
            d.put("bookable", b.bookableCode());
            d.put("start", b.start().toString());
            d.put("end", b.end().toString());
            d.put("house", b.houseCode());
            d.put("fee", b.fee().toPlainString());
            d.put("status", b.status());
            t.record("booking.created", d);
            int deadline = bookables.rules(t.communityId()).cancelBeforeMinutes();
            String head = "预约号 " + b.code() + "：" + b.bookableName() + " " + b.slot().label() + "（" + b.houseCode() + "）";
            if (b.awaitingPayment()) {
                long minutes = Math.max(1, Duration.between(clock.instant(), b.payBy()).toMinutes());
                String pay;
                try {
                    pay = feeOffer.offer(t, house.houseId(), b.code()).orElse("回复“缴费”即可在线支付。");
                } catch (RuntimeException e) {
                    // the booking and its bill are stored: paying later through "缴费" still works
                    LOG.log(java.util.logging.Level.WARNING, "booking " + b.code() + ": payment not offered", e);
                    pay = "回复“缴费”即可在线支付。";
                }
                return "已为您保留时段，" + head + "。场地费" + yuan(b.fee()) + "元，请在" + minutes
                        + "分钟内支付，支付成功后预约生效，逾期未支付将自动取消。\n" + pay;
            }
            return "已为您预约：" + b.bookableName() + " " + b.slot().label() + "（" + b.houseCode() + "），预约号 "
                    + b.code() + "。" + feeNote(b.fee()) + "如需取消，请在开始前" + minutes(deadline)
                    + "回复“取消预约”。";
        } catch (BookingRefused e) {
            if (!e.alternatives().isEmpty()) {
                return offer(t, f, e.alternatives(), true, e.getMessage() + "\n最近的空闲时段：");
            }
            t.record("booking.refused", Map.of("bookable", code, "reason", e.code()));
            return e.getMessage();
        }
    }

    /**
     * The home a booking is for: the one the text names (see {@link Resident#named}). With several and
     * none named, empty; {@code byOrdinal}: "2" picks the second listed.
     */
    private static Optional<Resident.Household> house(String s, Resident me, boolean byOrdinal) {
        List<Resident.Household> homes = me.houses();
        Optional<Resident.Household> named = me.named(s);
        if (named.isPresent()) {
            return named;
        }
        if (byOrdinal) {
            Optional<Integer> n = BookingCues.ordinal(s);
            if (n.isPresent() && n.get() >= 1 && n.get() <= homes.size()) {
                return Optional.of(homes.get(n.get() - 1));
            }
            return Optional.empty();
        }
        // a flat beside a parking space or a shop: the household's booking is the flat's
        return me.onlyHouseFor(Resident.Use.DWELLING);
    }

    private String askHouse(TurnContext t, Resident me, String code, LocalDateTime start) {
        if (t.conversationId() != null) {
            houseAsked.put(t.conversationId(), new HouseAsked(code, start, clock.instant()));
        }
        t.record("booking.house_asked", Map.of("bookable", code, "start", start.toString(),
                "houses", me.houses().stream().map(Resident.Household::houseCode).toList()));
        StringBuilder r = new StringBuilder("您名下有多套房屋，这个预约记在哪一套？");
        for (int i = 0; i < me.houses().size(); i++) {
            r.append('\n').append(i + 1).append(". ").append(me.houses().get(i).houseCode());
        }
        return r.append("\n回复序号或房号即可。").toString();
    }

    private String offer(TurnContext t, Bookable f, List<Slot> slots, boolean suggestion, String head) {
        List<Slot> shown = slots.subList(0, Math.min(MAX_OFFERED, slots.size()));
        remember(t.conversationId(), new Offered(f.code(), List.copyOf(shown), suggestion, clock.instant()));
        List<String> labels = new ArrayList<>();
        StringBuilder r = new StringBuilder(head);
        for (int i = 0; i < shown.size(); i++) {
            Slot s = shown.get(i);
            labels.add(s.start().toString());
            r.append('\n').append(i + 1).append(". ").append(s.label());
            if (f.capacity() > 1) {
                r.append("（余").append(s.left()).append("）");
            }
        }
        t.record("booking.offered", Map.of("bookable", f.code(), "slots", labels));
        r.append('\n').append(shown.size() == 1 ? "回复“好的”即可预约。" : "回复序号（如“1”）或时间（如“"
                + HM.format(shown.get(0).start()) + "”）即可预约。");
        String fee = bookings.paidOnline(f) ? "场地费" + yuan(f.fee()) + "元/时段，预约后在线支付。" : feeNote(f.fee());
        if (!fee.isEmpty()) {
            r.append(fee);
        }
        return r.toString();
    }

    private String mine(TurnContext t, List<Bookable> facilities) {
        if (t.resident().isEmpty()) {
            return identityRequired(t);
        }
        List<Booking> mine = bookings.upcoming(t.communityId(), t.resident().get().id());
        t.record("booking.listed", Map.of("count", mine.size()));
        if (mine.isEmpty()) {
            return "您目前没有预约。可以预约：" + String.join("、", facilities.stream().map(Bookable::name).toList())
                    + "，例如回复“周六上午订" + facilities.get(0).name() + "”。";
        }
        StringBuilder r = new StringBuilder("您的预约：");
        for (int i = 0; i < mine.size(); i++) {
            Booking b = mine.get(i);
            r.append('\n').append(i + 1).append(". ").append(b.bookableName()).append(' ').append(b.slot().label())
                    .append("，预约号 ").append(b.code());
        }
        return r.append("\n如需取消，回复“取消预约”并附上预约号。").toString();
    }

    private String cancel(String s, TurnContext t, Optional<Bookable> named) {
        if (t.resident().isEmpty()) {
            return identityRequired(t);
        }
        long me = t.resident().get().id();
        List<Booking> mine = bookings.upcoming(t.communityId(), me);
        Optional<String> code = BookingCues.code(s);
        List<Booking> which = mine.stream()
                .filter(b -> code.map(c -> c.equals(b.code())).orElse(true))
                .filter(b -> named.map(n -> n.code().equals(b.bookableCode())).orElse(true))
                .toList();
        Optional<LocalDate> day = DayPhrases.day(s, bookings.now(t.communityId()).toLocalDate());
        if (which.size() > 1 && day.isPresent()) {
            which = which.stream().filter(b -> b.start().toLocalDate().equals(day.get())).toList();
        }
        if (mine.isEmpty() || which.isEmpty()) {
            t.record("booking.listed", Map.of("count", mine.size()));
            return mine.isEmpty() ? "您目前没有可以取消的预约。" : "没有找到要取消的这个预约。" + mine(t, List.of());
        }
        if (which.size() > 1) {
            StringBuilder r = new StringBuilder("您有多个预约，请回复要取消的预约号：");
            for (Booking b : which) {
                r.append('\n').append(b.bookableName()).append(' ').append(b.slot().label()).append("，预约号 ")
                        .append(b.code());
            }
            return r.toString();
        }
        Booking b = which.get(0);
        try {
            Booking done = bookings.cancel(t.communityId(), me, b.code(), "resident:" + t.resident().get().code(), false);
            t.record("booking.cancelled", Map.of("id", done.code(), "bookable", done.bookableCode(),
                    "start", done.start().toString()));
            String money = "";
            if (b.billId() != null && b.confirmed()) {
                money = done.refundNo() != null ? "已付的场地费" + yuan(done.fee()) + "元将原路退回，一般1至3个工作日到账。"
                        : "已付的场地费" + yuan(done.fee()) + "元暂未能自动退回，物业会尽快为您办理退款。";
            }
            return "已取消您的预约：" + done.bookableName() + " " + done.slot().label() + "（预约号 " + done.code() + "）。"
                    + money;
        } catch (BookingRefused e) {
            t.record("booking.refused", Map.of("bookable", b.bookableCode(), "reason", e.code()));
            return e.getMessage();
        }
    }

    // ----------------------------------------------------------------------------------- helpers

    private Optional<Slot> pick(String s, Offered o, LocalDate today) {
        Optional<Integer> n = BookingCues.ordinal(s);
        if (n.isPresent()) {
            return n.get() >= 1 && n.get() <= o.slots().size() ? Optional.of(o.slots().get(n.get() - 1)) : Optional.empty();
        }
        if (BookingCues.agrees(s) && (o.suggestion() || o.slots().size() == 1)) {
            return Optional.of(o.slots().get(0));
        }
        Optional<LocalTime> time = DayPhrases.time(s);
        if (time.isPresent()) {
            Optional<LocalDate> day = DayPhrases.day(s, today);
            // "3点" after an afternoon was offered means 15:00
            return o.slots().stream().filter(x -> (x.start().toLocalTime().equals(time.get())
                            || x.start().toLocalTime().equals(time.get().plusHours(12)) && time.get().getHour() < 12)
                    && day.map(d -> d.equals(x.start().toLocalDate())).orElse(true)).findFirst();
        }
        return Optional.empty();
    }

    /** "3点" for a court open 9–21 is 15:00: an hour before opening, without 上午/早上, is read as p.m. */
    private static LocalTime afternoon(LocalTime t, String s, Bookable f) {
        boolean partNamed = DayPhrases.partOfDay(s).isPresent();
        if (!partNamed && t.getHour() < 12 && t.isBefore(f.opens()) && !t.plusHours(12).isAfter(f.closes())) {
            return t.plusHours(12);
        }
        return t;
    }

    private Offered pending(String conversationId) {
        Offered o = conversationId == null ? null : offered.get(conversationId);
        if (o != null && o.at().plus(OFFER_KEPT).isBefore(clock.instant())) {
            offered.remove(conversationId);
            return null;
        }
        return o;
    }

    private void remember(String conversationId, Offered o) {
        if (conversationId == null) {
            return;
        }
        if (offered.size() >= MAX_PENDING) {
            Instant old = clock.instant().minus(OFFER_KEPT);
            offered.values().removeIf(x -> x.at().isBefore(old));
            if (offered.size() >= MAX_PENDING) {
                offered.clear();
            }
        }
        offered.put(conversationId, o);
    }

    private static String identityRequired(TurnContext t) {
        t.record("identity.required", Map.of("for", "booking"));
        return "预约需要先验证您的身份：" + Replies.howToVerify(t.language(), t.identity().channel());
    }

    /** Without online payment the fee is paid where the facility is used. */
    private static String feeNote(BigDecimal fee) {
        return fee.signum() == 0 ? "" : "费用" + yuan(fee) + "元/时段，请在使用时到现场支付。";
    }

    private static String yuan(BigDecimal fee) {
        return fee.stripTrailingZeros().toPlainString();
    }

    private static String dayLabel(LocalDate d) {
        return d.getMonthValue() + "月" + d.getDayOfMonth() + "日（周" + "一二三四五六日".charAt(d.getDayOfWeek().getValue() - 1)
                + "）";
    }

    private static String partName(String s) {
        for (String p : List.of("上午", "中午", "下午", "晚上")) {
            if (s.contains(p)) {
                return p;
            }
        }
        return "";
    }

    private static String minutes(int m) {
        return m % 60 == 0 ? m / 60 + "小时" : m + "分钟";
    }
}
