package dev.guanjia.bot.booking;

import dev.guanjia.bookings.booking.Booking;
import dev.guanjia.bookings.booking.BookingRefused;
import dev.guanjia.bookings.booking.Bookings;
import dev.guanjia.bookings.booking.Slot;
import dev.guanjia.bookings.day.DayPhrases;
import dev.guanjia.bookings.facility.Bookable;
import dev.guanjia.bookings.facility.Bookables;
import dev.guanjia.bot.policy.Language;
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
    /** What goes wrong in the estate, read as the work orders read it. */
    private final dev.guanjia.ticketing.classify.Classifier reports = new dev.guanjia.ticketing.classify.Classifier();
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

    /** The facility last named in a conversation ("羽毛球场能预约吗"), which "那帮我订明晚七点" goes on to book. */
    private record Talked(String bookable, Instant at) {
    }

    private final Map<String, Talked> talked = new ConcurrentHashMap<>();
    /** The facility whose slot was just refused in a conversation: "那周六呢" asks it again for another time. */
    private final Map<String, Talked> refused = new ConcurrentHashMap<>();

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
        Talked before = t.conversationId() == null ? null : talked.get(t.conversationId());
        // a refusal is answered by the very next message or not at all: taken now, whatever this one says
        Talked no = t.conversationId() == null ? null : refused.remove(t.conversationId());
        if (named.isPresent() && t.conversationId() != null) {
            if (talked.size() >= MAX_PENDING) {
                talked.clear();
            }
            talked.put(t.conversationId(), new Talked(named.get().code(), clock.instant()));
        }
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
        // "改到后天上午九点" right after booking: the booking just made moves to the day and hour said after the
        // word that moves it (the day given up comes before it: "明儿下午我得上医院，改到后天上午九点吧")
        // (not a technician's visit moved — "师傅上门时间改到明天下午" — nor another facility named: "换成乒乓球室")
        java.util.regex.Matcher moves = BookingCues.MOVE.matcher(s);
        if (last != null && last.at().plus(OFFER_KEPT).isAfter(clock.instant()) && moves.find() && !BookingCues.aboutRepair(s)) {
            String to = s.substring(moves.start());
            if (DayPhrases.day(to, bookings.now(cid).toLocalDate()).isPresent() || DayPhrases.time(to).isPresent()) {
                Optional<String> moved = move(to, t, facilities, last, named);
                if (moved.isPresent()) {
                    return moved;
                }
            }
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
        // a fault or a nuisance told beside a facility and a time ("邻里中心前面跳舞 九点多了音响还震天响",
        // "搬家电梯门关上又弹开 今早…") is a report for the work orders, unless a slot is asked for ("帮我订",
        // "还有空吗"); read only when a facility is named or talked of, since nothing below books otherwise
        if (BookingCues.aboutRepair(s) || (named.isPresent() || pending != null || before != null)
                && reports.describesProblem(s) && !BookingCues.ordersASlot(s) && !BookingCues.wantsToBook(s)) {
            return Optional.empty();
        }
        // "羽毛球场几点关门", "货梯搬家要交钱吗", "最多提前几天订": the facility's own terms answer, for anyone,
        // whatever day is named with it ("周六上午想去 几点开门"); no clock time is a request for a slot
        // (a slot asked for outright with its day — "帮我订明天晚上的羽毛球场，多少钱" — is booked, the fee said then)
        if (BookingCues.asksAboutRules(s) && BookingCues.asksTerms(s) && DayPhrases.time(s).isEmpty()
                && !BookingCues.wantsToCancel(s, named.isPresent()) && !(BookingCues.ordersASlot(s) && when)) {
            Optional<Bookable> about = named.isPresent() ? named : before != null && before.at().plus(OFFER_KEPT)
                    .isAfter(clock.instant()) ? facilities.stream().filter(b -> b.code().equals(before.bookable())).findFirst()
                    : Optional.empty();
            if (about.isPresent()) {
                return Optional.of(terms(t.language(), about.get(), s));
            }
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
        // a slot refused ("最多可提前3天预约"), then straight after only another time ("那这周六下午三点嘛"): the same
        // facility (a message with anything else in it — a fault, a question — is no answer to the refusal)
        if (named.isEmpty() && no != null && no.at().plus(OFFER_KEPT).isAfter(clock.instant()) && onlyWhen(s)
                && !BookingCues.asksAboutRules(s) && !reports.describesProblem(s) && !BookingCues.aboutRepair(s)) {
            Bookable f = facilities.stream().filter(b -> b.code().equals(no.bookable())).findFirst().orElse(null);
            if (f != null) {
                return Optional.of(request(s, t, facilities, f));
            }
        }
        // "会所的羽毛球场能预约吗" answered, then "那你帮我订明天晚上七点到八点": the facility just talked about
        if (named.isEmpty() && before != null && before.at().plus(OFFER_KEPT).isAfter(clock.instant()) && when
                && BookingCues.wantsToBook(s)) {
            Bookable f = facilities.stream().filter(b -> b.code().equals(before.bookable())).findFirst().orElse(null);
            if (f != null) {
                return Optional.of(request(s, t, facilities, f));
            }
        }
        return Optional.empty();
    }

    // ----------------------------------------------------------------------------------- requests

    private static final java.util.regex.Pattern SENTENCES = java.util.regex.Pattern.compile("[。？?！!；;\\n]+|(?=还有|另外|顺便)");
    /** Clauses set off by commas or spaces, for a message written without stops ("9号停水是伐 停到几点 … 帮我订10号上半天"). */
    private static final java.util.regex.Pattern CLAUSES = java.util.regex.Pattern.compile("[。？?！!；;\\n，,\\s]+");

    /**
     * The sentences of a message that ask for the booking ("今天停水是吧，几点恢复？还有明天上午10点到12点我要搬家，
     * 货梯帮我约一下"): the day and hour are read from them, not from another need beside it. The whole message
     * when no sentence alone names the facility or a booking, or the one that does names no day or hour.
     */
    private static String bookingPart(String s, List<Bookable> facilities, Bookable f) {
        String sentences = bookingPart(s, SENTENCES, facilities, f);
        return sentences.equals(s) ? bookingPart(s, CLAUSES, facilities, f) : sentences;
    }

    private static String bookingPart(String s, java.util.regex.Pattern stops, List<Bookable> facilities, Bookable f) {
        String[] parts = stops.split(s);
        if (parts.length < 2) {
            return s;
        }
        StringBuilder kept = new StringBuilder();
        for (String part : parts) {
            if (BookingCues.facility(part, facilities, Bookable::name).map(b -> b.code().equals(f.code())).orElse(false)
                    || BookingCues.wantsToBook(part) || stops == CLAUSES && onlyWhen(part)) {
                kept.append(part).append('。');
            }
        }
        String k = kept.toString();
        boolean when = DayPhrases.day(k, LocalDate.of(2000, 1, 1)).isPresent() || DayPhrases.time(k).isPresent()
                || DayPhrases.partOfDay(k).isPresent();
        return k.isEmpty() || !when ? s : k;
    }

    /** A clause that only says when ("明天", "后天下午", "下礼拜六", "那这周六下午三点嘛"), no other need ("8号是不是停电"). */
    private static boolean onlyWhen(String part) {
        part = part.replaceAll("[嘛呢吧啊呀哦咧啦]+[？?。！!~～\\s]*$", "");
        return (DayPhrases.day(part, LocalDate.of(2000, 1, 1)).isPresent() || DayPhrases.time(part).isPresent()
                || DayPhrases.partOfDay(part).isPresent()) && !OTHER_NEED.matcher(part).find();
    }

    private static final java.util.regex.Pattern OTHER_NEED = java.util.regex.Pattern.compile(
            "停|断|吗|伐|嘛|是不是|是否|几点|多久|[？?]|通知|检修|施工|维保");

    private String request(String said, TurnContext t, List<Bookable> facilities, Bookable f) {
        if (t.resident().isEmpty()) {
            return identityRequired(t);
        }
        String s = bookingPart(said, facilities, f);
        LocalDateTime now = bookings.now(t.communityId());
        Optional<LocalDate> day = DayPhrases.day(s, now.toLocalDate());
        Optional<LocalTime> time = DayPhrases.time(s).map(x -> afternoon(x, s, f));
        if (time.isPresent()) {
            LocalDate d = day.orElseGet(() -> now.toLocalTime().isBefore(time.get()) ? now.toLocalDate()
                    : now.toLocalDate().plusDays(1));
            // the home may be named in another clause than the booking's ("我是3栋502的 … 周六上午订羽毛球场")
            return book(said, t, facilities, f.code(), d.atTime(time.get()), null);
        }
        LocalDate d = day.orElse(now.toLocalDate());
        Optional<LocalTime[]> part = DayPhrases.partOfDay(s);
        List<Slot> free = bookings.freeSlots(t.communityId(), f.code(), d).stream()
                .filter(x -> part.isEmpty() || !x.start().toLocalTime().isBefore(part.get()[0])
                        && x.start().toLocalTime().isBefore(part.get()[1]))
                .toList();
        Language l = t.language();
        if (!free.isEmpty()) {
            return offer(t, f, free, false, l.say(f.name() + " " + dayLabel(d) + part.map(p -> partName(s)).orElse("")
                    + "可预约的时段：", f.name() + ", free slots on " + dayLabelEn(d) + ":"));
        }
        LocalDateTime from = part.map(p -> d.atTime(p[0])).orElse(d.atStartOfDay());
        List<Slot> next = bookings.nextFree(t.communityId(), f.code(), from.isBefore(now) ? now : from, 3);
        boolean tooFar = d.isAfter(now.toLocalDate().plusDays(f.advanceDays()));
        String full = l.say(f.name() + " " + dayLabel(d) + part.map(p -> partName(s)).orElse("") + "没有可预约的时段了"
                + (tooFar ? "（最多可提前" + f.advanceDays() + "天预约）" : "") + "。",
                f.name() + " has no free slot then on " + dayLabelEn(d)
                        + (tooFar ? " (bookings open " + f.advanceDays() + " days ahead at most)" : "") + ". ");
        if (next.isEmpty()) {
            t.record("booking.offered", Map.of("bookable", f.code(), "slots", List.of()));
            return full + l.say("近期也没有空闲时段，如有需要请联系物业服务中心。",
                    "Nothing is free soon either; please contact the service centre if you need it.");
        }
        return offer(t, f, next, next.size() == 1, full + l.say("最近的空闲时段：", "Nearest free slots:"));
    }

    private String book(String s, TurnContext t, List<Bookable> facilities, String code, LocalDateTime start,
                        Resident.Household chosen) {
        return book(s, t, facilities, code, start, chosen, null);
    }

    /** Books, or with {@code replaced} books in place of that booking of the house (a move). */
    private String book(String s, TurnContext t, List<Bookable> facilities, String code, LocalDateTime start,
                        Resident.Household chosen, String replaced) {
        Optional<Resident> me = t.resident();
        if (me.isEmpty()) {
            return identityRequired(t);
        }
        Bookable f = facilities.stream().filter(b -> b.code().equals(code)).findFirst().orElseThrow();
        Resident.Household house = chosen != null ? chosen : house(s, me.get(), false)
                .or(() -> FOR_A_HOME.matcher(f.name()).find() ? Optional.empty() : firstHome(me.get()))
                .orElse(null);
        if (house == null) {
            return askHouse(t, me.get(), code, start);
        }
        try {
            Bookings.Booker who = new Bookings.Booker(me.get().id(), house.houseId(), house.houseCode(), t.identity().channel());
            Booking b = replaced == null ? bookings.book(t.communityId(), code, start, who)
                    : bookings.bookInstead(t.communityId(), code, start, who, replaced);
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
            Language l = t.language();
            String head = l.say("预约号 " + b.code() + "：" + b.bookableName() + " " + b.slot().label() + "（" + b.houseCode() + "）",
                    "booking " + b.code() + ": " + b.bookableName() + " " + label(l, b.slot()) + " (" + b.houseCode() + ")");
            String payHere = l.say("回复“缴费”即可在线支付。", "Reply \"pay\" to pay online.");
            if (b.awaitingPayment()) {
                long minutes = Math.max(1, Duration.between(clock.instant(), b.payBy()).toMinutes());
                String pay;
                try {
                    pay = feeOffer.offer(t, house.houseId(), b.code()).orElse(payHere);
                } catch (RuntimeException e) {
                    // the booking and its bill are stored: paying later through "缴费" still works
                    LOG.log(java.util.logging.Level.WARNING, "booking " + b.code() + ": payment not offered", e);
                    pay = payHere;
                }
                return l.say("已为您保留时段，" + head + "。场地费" + yuan(b.fee()) + "元，请在" + minutes
                        + "分钟内支付，支付成功后预约生效，逾期未支付将自动取消。\n",
                        "The slot is held for you, " + head + ". The fee is " + yuan(b.fee()) + " yuan; pay within " + minutes
                                + " minutes and the booking is confirmed, otherwise it is released.\n") + pay;
            }
            return l.say("已为您预约：" + b.bookableName() + " " + b.slot().label() + "（" + b.houseCode() + "），预约号 "
                    + b.code() + "。" + feeNote(l, b.fee()) + "如需取消，请在开始前" + minutes(deadline)
                    + "回复“取消预约”。",
                    "Booked: " + b.bookableName() + " " + label(l, b.slot()) + " (" + b.houseCode() + "), booking "
                            + b.code() + ". " + feeNote(l, b.fee()) + "To cancel, reply \"cancel booking\" at least "
                            + minutesEn(deadline) + " before it starts.");
        } catch (BookingRefused e) {
            if (!e.alternatives().isEmpty()) {
                return offer(t, f, e.alternatives(), true, refusal(t, e) + t.language().say("\n最近的空闲时段：", "\nNearest free slots:"));
            }
            t.record("booking.refused", Map.of("bookable", code, "reason", e.code()));
            if (t.conversationId() != null) {
                if (refused.size() >= MAX_PENDING) {
                    refused.clear();
                }
                refused.put(t.conversationId(), new Talked(code, clock.instant()));
            }
            return refusal(t, e);
        }
    }

    /**
     * The booking just made, moved: the new slot is booked first (refused, the old one stays and the
     * refusal is said), then the old one cancelled. A day said alone keeps the hour, an hour alone the day.
     * One cancelled just before is booked anew at the time said. Empty when the booking is not the
     * resident's, another facility is named, or it is over.
     */
    private Optional<String> move(String to, TurnContext t, List<Bookable> facilities, Booked last, Optional<Bookable> named) {
        if (t.resident().isEmpty()) {
            return Optional.empty();
        }
        Resident me = t.resident().get();
        Optional<Booking> old = bookings.byCode(t.communityId(), last.code()).filter(b -> b.residentId() == me.id());
        Optional<Bookable> f = old.flatMap(b -> facilities.stream().filter(x -> x.code().equals(b.bookableCode())).findFirst());
        if (old.isEmpty() || f.isEmpty() || named.isPresent() && !named.get().code().equals(f.get().code())
                || !old.get().end().isAfter(bookings.now(t.communityId()))) {
            return Optional.empty();
        }
        Booking b = old.get();
        LocalDateTime now = bookings.now(t.communityId());
        LocalDate day = DayPhrases.day(to, now.toLocalDate()).orElse(b.start().toLocalDate());
        Optional<LocalTime> said = DayPhrases.time(to).map(x -> afternoon(x, to, f.get()));
        Resident.Household home = me.houses().stream().filter(h -> h.houseCode().equals(b.houseCode())).findFirst().orElse(null);
        if (!b.active()) {
            // cancelled just before ("两点那个先取消掉" … "改成四点"): the same facility booked anew, on its day unless said
            return said.map(x -> book(to, t, facilities, b.bookableCode(), day.atTime(x), home));
        }
        LocalDateTime start = day.atTime(said.orElse(b.start().toLocalTime()));
        Language l = t.language();
        if (start.equals(b.start())) {
            return Optional.of(l.say("您的预约已经是这个时间：", "Your booking is already at that time: ") + b.bookableName()
                    + " " + label(l, b.slot()) + l.say("，预约号 ", ", booking ") + b.code() + l.say("。", "."));
        }
        // moved only where nothing can be left half done: a fee paid online is refunded and billed again, and
        // within the cancelling deadline the old one could not be given up — the resident is told how instead
        boolean paid = b.billId() != null && b.confirmed();
        int deadline = bookables.rules(t.communityId()).cancelBeforeMinutes();
        if (paid || !b.awaitingPayment() && now.isAfter(b.start().minusMinutes(deadline))) {
            return Optional.of(l.say("这个预约（" + b.bookableName() + " " + b.slot().label() + "，预约号 " + b.code()
                    + "）" + (paid ? "已支付场地费" : "已过取消时间") + "，不能在线改约。"
                    + "如需改约，请联系物业服务中心。", "Booking " + b.code() + " (" + label(l, b.slot()) + ") "
                    + (paid ? "is paid" : "is past its cancelling deadline")
                    + " and cannot be moved online; please contact the service centre to change it."));
        }
        // a slot that is not free is said so here: the slots offered instead would be booked beside the old one
        if (bookings.freeSlots(t.communityId(), b.bookableCode(), day).stream().noneMatch(x -> x.start().equals(start))) {
            return Optional.of(l.say(b.bookableName() + " " + dayLabel(day) + " " + HM.format(start) + " 不能预约（已约满、不开放或超出可预约的日期）。",
                    b.bookableName() + " cannot be booked on " + dayLabelEn(day) + " at " + HM.format(start)
                            + " (taken, closed or too far ahead). ") + kept(l, b));
        }
        String booked = book(to, t, facilities, b.bookableCode(), start, home, b.code());
        Booked made = this.booked.get(t.conversationId());
        if (made == null || made.code().equals(b.code())) {
            return Optional.of(booked + "\n" + kept(l, b));
        }
        return Optional.of(l.say("已为您改约。", "Moved. ") + booked + "\n" + cancelled(b, t));
    }

    /** The booking a move left as it was, said after the reason. */
    private static String kept(Language l, Booking b) {
        return l.say("原来的预约（" + b.slot().label() + "，预约号 " + b.code() + "）仍然保留。",
                "Your booking " + b.code() + " (" + label(l, b.slot()) + ") stays as it was.");
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

    /**
     * A facility booked for a home's own job (a move's lift slot, a renovation's, a visit inside the flat):
     * which home matters, so an owner of several is asked. A court or a room is the resident's to use, and
     * is booked under their first home, which the reply names.
     */
    private static final java.util.regex.Pattern FOR_A_HOME = java.util.regex.Pattern.compile(
            "搬家|搬场|搬入|搬出|装修|货梯|入户|上门|家政|保洁|维修|(?i)\\b(mov(e|ing)|renovat\\w*|delivery)\\b");

    private static Optional<Resident.Household> firstHome(Resident me) {
        // (an office tenant with two units and no flat books under the first of them)
        return me.houses().stream().filter(h -> h.use() == Resident.Use.DWELLING).findFirst()
                .or(() -> me.houses().stream().filter(h -> h.use() != Resident.Use.PARKING_OR_STORAGE).findFirst());
    }

    private String askHouse(TurnContext t, Resident me, String code, LocalDateTime start) {
        if (t.conversationId() != null) {
            houseAsked.put(t.conversationId(), new HouseAsked(code, start, clock.instant()));
        }
        t.record("booking.house_asked", Map.of("bookable", code, "start", start.toString(),
                "houses", me.houses().stream().map(Resident.Household::houseCode).toList()));
        StringBuilder r = new StringBuilder(t.language().say("您名下有多套房屋，这个预约记在哪一套？",
                "You have several homes here: which one is this booking for?"));
        for (int i = 0; i < me.houses().size(); i++) {
            r.append('\n').append(i + 1).append(". ").append(me.houses().get(i).houseCode());
        }
        return r.append(t.language().say("\n回复序号或房号即可。", "\nReply with its number in the list or the house code.")).toString();
    }

    private String offer(TurnContext t, Bookable f, List<Slot> slots, boolean suggestion, String head) {
        List<Slot> shown = slots.subList(0, Math.min(MAX_OFFERED, slots.size()));
        remember(t.conversationId(), new Offered(f.code(), List.copyOf(shown), suggestion, clock.instant()));
        List<String> labels = new ArrayList<>();
        Language l = t.language();
        StringBuilder r = new StringBuilder(head);
        for (int i = 0; i < shown.size(); i++) {
            Slot s = shown.get(i);
            labels.add(s.start().toString());
            r.append('\n').append(i + 1).append(". ").append(label(l, s));
            if (f.capacity() > 1) {
                r.append(l.say("（余" + s.left() + "）", " (" + s.left() + " left)"));
            }
        }
        t.record("booking.offered", Map.of("bookable", f.code(), "slots", labels));
        r.append('\n').append(shown.size() == 1 ? l.say("回复“好的”即可预约。", "Reply \"ok\" to book it. ")
                : l.say("回复序号（如“1”）或时间（如“" + HM.format(shown.get(0).start()) + "”）即可预约。",
                "Reply with its number (e.g. \"1\") or its time (e.g. \"" + HM.format(shown.get(0).start()) + "\") to book. "));
        String fee = bookings.paidOnline(f) ? l.say("场地费" + yuan(f.fee()) + "元/时段，预约后在线支付。",
                "The fee is " + yuan(f.fee()) + " yuan a slot, paid online after booking.") : feeNote(l, f.fee());
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
        Language l = t.language();
        if (mine.isEmpty()) {
            return l.say("您目前没有预约。可以预约：" + String.join("、", facilities.stream().map(Bookable::name).toList())
                    + "，例如回复“周六上午订" + facilities.get(0).name() + "”。",
                    "You have no bookings. You can book: " + String.join(", ", facilities.stream().map(Bookable::name).toList())
                            + ", e.g. \"book " + facilities.get(0).name() + " Saturday morning\".");
        }
        StringBuilder r = new StringBuilder(l.say("您的预约：", "Your bookings:"));
        for (int i = 0; i < mine.size(); i++) {
            Booking b = mine.get(i);
            r.append('\n').append(i + 1).append(". ").append(b.bookableName()).append(' ').append(label(l, b.slot()))
                    .append(l.say("，预约号 ", ", booking ")).append(b.code());
        }
        return r.append(l.say("\n如需取消，回复“取消预约”并附上预约号。", "\nTo cancel one, reply \"cancel booking\" with its number.")).toString();
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
        Language l = t.language();
        if (mine.isEmpty() || which.isEmpty()) {
            t.record("booking.listed", Map.of("count", mine.size()));
            return mine.isEmpty() ? l.say("您目前没有可以取消的预约。", "You have no booking to cancel.")
                    : l.say("没有找到要取消的这个预约。", "I could not find that booking. ") + mine(t, List.of());
        }
        if (which.size() > 1) {
            StringBuilder r = new StringBuilder(l.say("您有多个预约，请回复要取消的预约号：",
                    "You have several bookings; reply with the number of the one to cancel:"));
            for (Booking b : which) {
                r.append('\n').append(b.bookableName()).append(' ').append(label(l, b.slot()))
                        .append(l.say("，预约号 ", ", booking ")).append(b.code());
            }
            return r.toString();
        }
        return cancelled(which.get(0), t);
    }

    /** Cancels one of the resident's bookings; the reply, with the refund of a fee paid. */
    private String cancelled(Booking b, TurnContext t) {
        long me = t.resident().orElseThrow().id();
        Language l = t.language();
        try {
            Booking done = bookings.cancel(t.communityId(), me, b.code(), "resident:" + t.resident().get().code(), false);
            t.record("booking.cancelled", Map.of("id", done.code(), "bookable", done.bookableCode(),
                    "start", done.start().toString()));
            String money = "";
            if (b.billId() != null && b.confirmed()) {
                money = done.refundNo() != null ? l.say("已付的场地费" + yuan(done.fee()) + "元将原路退回，一般1至3个工作日到账。",
                        " The " + yuan(done.fee()) + " yuan paid goes back the way it came, usually within 1 to 3 working days.")
                        : l.say("已付的场地费" + yuan(done.fee()) + "元暂未能自动退回，物业会尽快为您办理退款。",
                        " The " + yuan(done.fee()) + " yuan paid could not be refunded automatically; the office will refund it soon.");
            }
            return l.say("已取消您的预约：" + done.bookableName() + " " + done.slot().label() + "（预约号 " + done.code() + "）。",
                    "Cancelled your booking: " + done.bookableName() + " " + label(l, done.slot()) + " (booking " + done.code() + ").")
                    + money;
        } catch (BookingRefused e) {
            t.record("booking.refused", Map.of("bookable", b.bookableCode(), "reason", e.code()));
            return refusal(t, e);
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
        return t.language().say("预约需要先验证您的身份：", "To book, I first need to know who you are: ")
                + Replies.howToVerify(t.language(), t.identity().channel());
    }

    /** A facility's terms, what was asked first: hours, fee, notice, slot length; then how to book. */
    static String terms(Language l, Bookable f, String asked) {
        List<String> zh = new ArrayList<>();
        List<String> en = new ArrayList<>();
        String hours = f.opens().format(HH_MM) + "-" + f.closes().format(HH_MM);
        String fee = f.free() ? "免费" : "收费" + yuan(f.fee()) + "元/时段";
        String feeEn = f.free() ? "free of charge" : yuan(f.fee()) + " yuan a slot";
        String length = f.slotMinutes() % 60 == 0 ? f.slotMinutes() / 60 + "小时（" + f.slotMinutes() + "分钟）"
                : f.slotMinutes() + "分钟";
        List<String[]> all = new ArrayList<>(List.of(
                new String[] {"hours", "开放时间" + hours, "open " + hours},
                new String[] {"fee", fee, feeEn},
                f.advanceDays() > 0 ? new String[] {"ahead", "最多可提前" + f.advanceDays() + "天预约",
                        "bookable up to " + f.advanceDays() + " days ahead"}
                        : new String[] {"ahead", "只能预约当天", "bookable on the day only"},
                new String[] {"length", "每次预约" + length, "each slot " + f.slotMinutes() + " minutes"}));
        // the asked-for facts lead
        all.sort(java.util.Comparator.comparingInt(x -> switch (x[0]) {
            case "hours" -> BookingCues.asksHours(asked) ? 0 : 1;
            case "fee" -> BookingCues.asksFee(asked) ? 0 : 1;
            case "ahead" -> BookingCues.asksAhead(asked) ? 0 : 1;
            default -> BookingCues.asksLength(asked) ? 0 : 1;
        }));
        for (String[] x : all) {
            zh.add(x[1]);
            en.add(x[2]);
        }
        return l.say(f.name() + "：" + String.join("；", zh) + "。需要预约的话，告诉我日期和时间即可。",
                f.name() + ": " + String.join("; ", en) + ". To book, tell me the day and time.");
    }

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    /** Without online payment the fee is paid where the facility is used. */
    private static String feeNote(Language l, BigDecimal fee) {
        return fee.signum() == 0 ? "" : l.say("费用" + yuan(fee) + "元/时段，请在使用时到现场支付。",
                "The fee is " + yuan(fee) + " yuan a slot, paid on the spot. ");
    }

    /** Why a booking was refused, in the resident's language (the bookings module words it in Chinese). */
    private static String refusal(TurnContext t, BookingRefused e) {
        if (!t.language().english()) {
            return e.getMessage();
        }
        return switch (e.code()) {
            case "house_limit" -> "Your home already has a booking not yet used; cancel it or use it before booking another.";
            case "slot_full" -> "That slot is fully booked.";
            case "no_booking" -> "I could not find that booking of yours.";
            case "already_cancelled" -> "That booking is already cancelled.";
            case "over" -> "That slot is over and can no longer be cancelled.";
            case "cancel_deadline" -> "It is too late to cancel this booking here; please contact the service centre.";
            case "paying" -> "The fee for this booking is being paid. Finish the payment, or wait about 15 minutes for the "
                    + "unfinished order to close, then cancel.";
            case "no_bookable" -> "That facility or service cannot be booked.";
            case "not_a_slot" -> "Please choose one of its fixed slots.";
            case "past" -> "That slot has already started or is over.";
            case "too_far" -> "That is further ahead than bookings open.";
            default -> "That booking cannot be made.";
        };
    }

    /** A slot as the resident reads it: "12月8日（周二）08:00-10:00" or "Tue Dec 8 (12月8日) 08:00-10:00". */
    private static String label(Language l, Slot s) {
        // the Chinese date beside the English one: what the guard at the gate and the notices say
        LocalDate d = s.start().toLocalDate();
        return l.english() ? dayLabelEn(d) + " (" + d.getMonthValue() + "月" + d.getDayOfMonth() + "日) " + HM.format(s.start())
                + "-" + HM.format(s.end()) : s.label();
    }

    private static String dayLabelEn(LocalDate d) {
        return d.getDayOfWeek().getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.ENGLISH) + " "
                + d.getMonth().getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.ENGLISH) + " " + d.getDayOfMonth();
    }

    private static String minutesEn(int m) {
        return m % 60 == 0 ? m / 60 + (m == 60 ? " hour" : " hours") : m + " minutes";
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
