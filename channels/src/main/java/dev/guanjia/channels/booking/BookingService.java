package dev.guanjia.channels.booking;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guanjia.bookings.booking.Booking;
import dev.guanjia.bookings.booking.Bookings;
import dev.guanjia.bookings.booking.Slot;
import dev.guanjia.bookings.facility.Bookable;
import dev.guanjia.bookings.facility.Bookables;
import dev.guanjia.bookings.facility.BookingRules;
import dev.guanjia.channels.auth.Authentication;
import dev.guanjia.channels.json.JsonBody;
import dev.guanjia.community.refusal.Refusal;
import dev.guanjia.community.resident.Resident;
import dev.guanjia.community.resident.Residents;
import dev.guanjia.community.session.Caller;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bookings (预约) over HTTP: residents see the facilities and free slots, book, cancel and list their
 * own; agents, supervisors and admins see a facility's day and may cancel any booking; supervisors
 * and admins edit the facilities and the community's rules.
 * <pre>
 * curl -s -H "Authorization: Bearer $TOKEN" localhost:8080/api/v1/bookings/facilities
 * curl -s -H "Authorization: Bearer $TOKEN" "localhost:8080/api/v1/bookings/slots?facility=court&amp;day=2026-12-05"
 * curl -s -H "Authorization: Bearer $TOKEN" -d '{"facility":"court","start":"2026-12-05T10:00"}' localhost:8080/api/v1/bookings
 * curl -s -H "Authorization: Bearer $TOKEN" localhost:8080/api/v1/bookings/mine
 * curl -s -X POST -H "Authorization: Bearer $TOKEN" localhost:8080/api/v1/bookings/BK7Q2MXA/cancel
 * curl -s -H "Authorization: Bearer $STAFF" "localhost:8080/api/v1/bookings/day?facility=court&amp;day=2026-12-05"
 * curl -s -X PUT -H "Authorization: Bearer $STAFF" -d '{"name":"羽毛球场","open":"09:00","close":"21:00",
 *      "slotMinutes":60,"capacity":1,"fee":20,"advanceDays":7,"active":true}' localhost:8080/api/v1/bookings/facilities/court
 * curl -s -X PUT -H "Authorization: Bearer $STAFF" -d '{"activePerHouse":1,"cancelBeforeMinutes":120}' localhost:8080/api/v1/bookings/rules
 * </pre>
 */
public final class BookingService implements HttpService {

    private static final int MAX_BODY = 4096;

    private final Bookings bookings;
    private final Bookables bookables;
    private final Residents residents;
    private final Authentication auth;

    public BookingService(Bookings bookings, Bookables bookables, Residents residents, Authentication auth) {
        this.bookings = bookings;
        this.bookables = bookables;
        this.residents = residents;
        this.auth = auth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/facilities", this::facilities)
                .put("/facilities/{code}", this::saveFacility)
                .get("/rules", this::rules)
                .put("/rules", this::saveRules)
                .get("/slots", this::slots)
                .get("/mine", this::mine)
                .get("/day", this::day)
                .post("/", this::book)
                .post("/{code}/cancel", this::cancel);
    }

    private Optional<Caller> resident(ServerRequest req, ServerResponse res) {
        Optional<Caller> me = auth.require(req, res);
        if (me.isPresent() && !me.get().isResident()) {
            throw new Refusal(Refusal.Reason.FORBIDDEN, "residents_only", "只有住户本人可以预约。");
        }
        return me;
    }

    private Optional<Caller> manager(ServerRequest req, ServerResponse res) {
        return auth.requireStaff(req, res, "supervisor", "admin");
    }

    /** Residents see what they can book; supervisors and admins also the switched-off ones. */
    private void facilities(ServerRequest req, ServerResponse res) {
        auth.require(req, res).ifPresent(me -> {
            boolean all = me.isStaff() && me.hasRole("supervisor", "admin");
            List<Bookable> list = all ? bookables.all(me.communityId()) : bookables.active(me.communityId());
            res.send(Map.of("facilities", list.stream().map(BookingService::json).toList()));
        });
    }

    private void saveFacility(ServerRequest req, ServerResponse res) {
        Optional<Caller> me = manager(req, res);
        if (me.isEmpty()) {
            return;
        }
        String code = req.path().pathParameters().get("code");
        JsonNode b = body(req);
        Optional<Bookable> now = bookables.find(me.get().communityId(), code);
        try {
            Bookables.Entry e = new Bookables.Entry(code,
                    b.path("name").asText(now.map(Bookable::name).orElse("")),
                    b.has("open") ? LocalTime.parse(b.get("open").asText()) : now.map(Bookable::opens).orElse(null),
                    b.has("close") ? LocalTime.parse(b.get("close").asText()) : now.map(Bookable::closes).orElse(null),
                    b.path("slotMinutes").asInt(now.map(Bookable::slotMinutes).orElse(0)),
                    b.path("capacity").asInt(now.map(Bookable::capacity).orElse(0)),
                    b.has("fee") ? new BigDecimal(b.get("fee").asText()) : now.map(Bookable::fee).orElse(null),
                    b.path("advanceDays").asInt(now.map(Bookable::advanceDays).orElse(-1)));
            Bookable saved = bookables.save(me.get().communityId(), e,
                    b.path("active").asBoolean(now.map(Bookable::active).orElse(true)));
            res.send(json(saved));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new Refusal(Refusal.Reason.INVALID, "bad_facility", "时间请写成 09:00 的格式，费用写数字。");
        }
    }

    private void rules(ServerRequest req, ServerResponse res) {
        manager(req, res).ifPresent(me -> res.send(json(bookables.rules(me.communityId()))));
    }

    private void saveRules(ServerRequest req, ServerResponse res) {
        Optional<Caller> me = manager(req, res);
        if (me.isEmpty()) {
            return;
        }
        BookingRules now = bookables.rules(me.get().communityId());
        JsonNode b = body(req);
        res.send(json(bookables.saveRules(me.get().communityId(), new BookingRules(
                b.path("activePerHouse").asInt(now.activePerHouse()),
                b.path("cancelBeforeMinutes").asInt(now.cancelBeforeMinutes())))));
    }

    private void slots(ServerRequest req, ServerResponse res) {
        auth.require(req, res).ifPresent(me -> {
            String facility = req.query().first("facility").orElse("");
            LocalDate day = day(req, me);
            List<Slot> slots = bookings.slots(me.communityId(), facility, day);
            res.send(Map.of("facility", facility, "day", day.toString(),
                    "slots", slots.stream().map(BookingService::json).toList()));
        });
    }

    private void mine(ServerRequest req, ServerResponse res) {
        resident(req, res).ifPresent(me -> res.send(Map.of("bookings",
                bookings.upcoming(me.communityId(), me.subjectId()).stream().map(BookingService::json).toList())));
    }

    private void day(ServerRequest req, ServerResponse res) {
        auth.requireStaff(req, res, "agent", "supervisor", "admin").ifPresent(me -> {
            String facility = req.query().first("facility").orElse("");
            if (bookables.find(me.communityId(), facility).isEmpty()) {
                throw new Refusal(Refusal.Reason.NOT_FOUND, "no_bookable", "没有这个可预约的场地或服务。");
            }
            LocalDate day = day(req, me);
            res.send(Map.of("facility", facility, "day", day.toString(), "bookings",
                    bookings.ofDay(me.communityId(), facility, day).stream().map(BookingService::json).toList()));
        });
    }

    private void book(ServerRequest req, ServerResponse res) {
        Optional<Caller> me = resident(req, res);
        if (me.isEmpty()) {
            return;
        }
        JsonNode b = body(req);
        Resident r = residents.find(me.get().communityId(), me.get().subjectId())
                .orElseThrow(() -> new Refusal(Refusal.Reason.NOT_FOUND, "no_resident", "没有找到您的住户信息。"));
        if (r.houses().isEmpty()) {
            throw new Refusal(Refusal.Reason.INVALID, "no_house", "您名下没有登记房屋，暂不能预约。");
        }
        String house = b.path("house").asText("");
        Resident.Household h = r.houses().stream().filter(x -> x.houseCode().equals(house)).findFirst()
                .orElse(r.houses().get(0));
        LocalDateTime start;
        try {
            start = LocalDateTime.parse(b.path("start").asText(""));
        } catch (DateTimeParseException e) {
            throw new Refusal(Refusal.Reason.INVALID, "bad_start", "请选择预约时段（如 2026-12-05T10:00）。");
        }
        Booking booking = bookings.book(me.get().communityId(), b.path("facility").asText(""), start,
                new Bookings.Booker(r.id(), h.houseId(), h.houseCode(), "web"));
        res.status(Status.CREATED_201).send(json(booking));
    }

    private void cancel(ServerRequest req, ServerResponse res) {
        auth.require(req, res).ifPresent(me -> {
            String code = req.path().pathParameters().get("code");
            boolean staff = me.isStaff();
            if (staff && !me.hasRole("agent", "supervisor", "admin")) {
                throw new Refusal(Refusal.Reason.FORBIDDEN, "forbidden", "没有权限进行此操作。");
            }
            res.send(json(bookings.cancel(me.communityId(), staff ? 0 : me.subjectId(), code, me.actor(), staff)));
        });
    }

    private LocalDate day(ServerRequest req, Caller me) {
        Optional<String> d = req.query().first("day").asOptional();
        if (d.isEmpty()) {
            return bookings.now(me.communityId()).toLocalDate();
        }
        try {
            return LocalDate.parse(d.get());
        } catch (DateTimeParseException e) {
            throw new Refusal(Refusal.Reason.INVALID, "bad_day", "日期请写成 2026-12-05 的格式。");
        }
    }

    static Map<String, Object> json(Bookable b) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("code", b.code());
        out.put("name", b.name());
        out.put("open", b.opens().toString());
        out.put("close", b.closes().toString());
        out.put("slotMinutes", b.slotMinutes());
        out.put("capacity", b.capacity());
        out.put("fee", b.fee().toPlainString());
        out.put("advanceDays", b.advanceDays());
        out.put("active", b.active());
        out.put("source", b.source());
        return out;
    }

    static Map<String, Object> json(BookingRules r) {
        return Map.of("activePerHouse", r.activePerHouse(), "cancelBeforeMinutes", r.cancelBeforeMinutes());
    }

    static Map<String, Object> json(Slot s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("start", s.start().toString());
        out.put("end", s.end().toString());
        out.put("left", s.left());
        out.put("label", s.label());
        return out;
    }

    static Map<String, Object> json(Booking b) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("code", b.code());
        out.put("facility", b.bookableCode());
        out.put("facilityName", b.bookableName());
        out.put("house", b.houseCode());
        out.put("start", b.start().toString());
        out.put("end", b.end().toString());
        out.put("label", b.slot().label());
        out.put("status", b.status());
        out.put("fee", b.fee().toPlainString());
        // free; paid where the facility is used; or online: awaiting payment, paid, refunded on cancelling
        out.put("feePaid", b.fee().signum() == 0 ? "free" : b.billId() == null ? "at_facility"
                : b.awaitingPayment() ? "awaiting" : b.refundNo() != null ? "refunded" : "online");
        if (b.payBy() != null && b.awaitingPayment()) {
            out.put("payBy", b.payBy().toString());
        }
        if (b.refundNo() != null) {
            out.put("refundNo", b.refundNo());
        }
        out.put("channel", b.channel());
        return out;
    }

    private static JsonNode body(ServerRequest req) {
        return JsonBody.object(req.content().inputStream(), MAX_BODY);
    }
}
