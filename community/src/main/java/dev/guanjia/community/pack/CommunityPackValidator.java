package dev.guanjia.community.pack;

import dev.guanjia.community.category.ServiceCategory;
import dev.guanjia.community.phone.PhoneNumbers;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Year;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks how the entries of a community pack fit together: ids unique, every reference known,
 * money positive and consistent with its fee item, dates and states coherent.
 */
public final class CommunityPackValidator {

    private static final String F = CommunityPackReader.FILE;
    private static final Pattern COMMUNITY_ID = Pattern.compile("[a-z0-9-]+");
    private static final Pattern PHONE = Pattern.compile("\\d{7,12}");
    private static final String NOT_A_PHONE = "must be a phone number: 7-12 digits, or + and the country code for one abroad";
    private static final Pattern FOREIGN_PHONE = Pattern.compile("\\+\\d{7,15}");
    private static final Pattern ROOM = Pattern.compile("\\d{3,4}");
    private static final Set<String> RESIDENT_ROLES = Set.of("owner", "tenant", "family");
    private static final Set<String> STAFF_ROLES = Set.of("technician", "agent", "supervisor", "admin");
    private static final Set<String> BILL_STATUS = Set.of("unpaid", "overdue", "paid");
    private static final Set<String> BASIS = Set.of("area", "fixed");
    private static final Set<String> ORDER_STATUS =
            Set.of("submitted", "assigned", "in_progress", "pending_acceptance", "closed", "cancelled");
    private static final Map<String, Integer> CYCLE_MONTHS =
            Map.of("monthly", 1, "quarterly", 3, "semiannual", 6, "yearly", 12, "once", 1);
    private static final Map<String, Pattern> PERIOD = Map.of(
            "monthly", Pattern.compile("\\d{4}-(0[1-9]|1[0-2])"),
            "quarterly", Pattern.compile("\\d{4}-Q[1-4]"),
            "semiannual", Pattern.compile("\\d{4}-H[12]"),
            "yearly", Pattern.compile("\\d{4}"),
            // a one-off charge is named as the company names it: a month, a day, or a season ("2026-2027采暖季")
            "once", Pattern.compile("\\S.{0,39}"));

    private final List<PackProblem> problems;
    private final List<PackProblem> notes;

    /**
     * A phone as a company writes it ("022-2658 0412", "+86 138…") once spelled the one way callers are found
     * by ({@link PhoneNumbers#normalise}): 7-12 digits, or + and a number abroad.
     */
    private static boolean phone(String normalised) {
        return PHONE.matcher(normalised).matches() || FOREIGN_PHONE.matcher(normalised).matches();
    }

    private CommunityPackValidator(List<PackProblem> problems, List<PackProblem> notes) {
        this.problems = problems;
        this.notes = notes;
    }

    /** What makes the pack unusable goes to problems; what only looks odd in a company's real records, to notes. */
    public static void check(CommunityPack pack, List<PackProblem> problems, List<PackProblem> notes) {
        new CommunityPackValidator(problems, notes).check(pack);
    }

    private void problem(int line, String field, String reason) {
        problems.add(new PackProblem(F, line, field, reason));
    }

    /**
     * Records a company's own data often hold and the service copes with — a tenant whose landlord is no
     * resident here, a past job done by someone outside their listed trades or buildings: said, and imported.
     */
    private void note(int line, String field, String reason) {
        notes.add(new PackProblem(F, line, field, reason));
    }

    private void check(CommunityPack p) {
        String cid = p.community().id();
        if (cid != null && !COMMUNITY_ID.matcher(cid).matches()) {
            problem(1, "id", "'" + cid + "' must use only a-z, 0-9 and '-'");
        }
        Map<String, CommunityPack.Building> buildings = unique(p.buildings(), "building",
                CommunityPack.Building::id, CommunityPack.Building::line);
        Map<String, CommunityPack.House> houses = unique(p.houses(), "house",
                CommunityPack.House::id, CommunityPack.House::line);
        Map<String, CommunityPack.Resident> residents = unique(p.residents(), "resident",
                CommunityPack.Resident::id, CommunityPack.Resident::line);
        Map<String, CommunityPack.Staff> staff = unique(p.staff(), "staff",
                CommunityPack.Staff::id, CommunityPack.Staff::line);
        Map<String, CommunityPack.FeeItem> fees = unique(p.feeItems(), "fee_item",
                CommunityPack.FeeItem::code, CommunityPack.FeeItem::line);
        unique(p.bills(), "bill", CommunityPack.Bill::id, CommunityPack.Bill::line);
        unique(p.workOrders(), "work_order", CommunityPack.WorkOrder::id, CommunityPack.WorkOrder::line);

        for (CommunityPack.Building b : p.buildings()) {
            String w = "building " + b.id();
            if (b.units() != null && b.units().isEmpty()) {
                problem(b.line(), w + ".units", "must list at least one unit");
            }
            if (b.floors() != null && b.floors() < 1) {
                problem(b.line(), w + ".floors", "must be 1 or more");
            }
            if (b.elevators() != null && b.elevators() < 0) {
                problem(b.line(), w + ".elevators", "must be 0 or more");
            }
        }
        for (CommunityPack.House h : p.houses()) {
            checkHouse(h, buildings);
        }
        checkResidents(p.residents(), houses);
        checkStaff(p.staff(), buildings);
        for (CommunityPack.FeeItem f : p.feeItems()) {
            String w = "fee_item " + f.code();
            positive(f.unitPrice(), f.line(), w + ".unit_price");
            oneOf(f.basis(), BASIS, f.line(), w + ".basis");
            oneOf(f.cycle(), CYCLE_MONTHS.keySet(), f.line(), w + ".cycle");
        }
        checkBills(p.bills(), houses, fees);
        checkWorkOrders(p.workOrders(), houses, staff);
        unique(p.bookables(), "bookable", CommunityPack.Bookable::id, CommunityPack.Bookable::line);
        for (CommunityPack.Bookable b : p.bookables()) {
            checkBookable(b);
        }
    }

    /** "09:00-21:00": opening and closing time of one day, opening first. */
    public static final Pattern OPEN_HOURS = Pattern.compile("([01]?\\d|2[0-3]):([0-5]\\d)\\s*[-–~～至到]\\s*([01]?\\d|2[0-4]):([0-5]\\d)");

    private void checkBookable(CommunityPack.Bookable b) {
        String w = "bookable " + b.id();
        if (b.id() != null && !COMMUNITY_ID.matcher(b.id()).matches()) {
            problem(b.line(), w + ".id", "'" + b.id() + "' must use only a-z, 0-9 and '-'");
        }
        if (b.open() != null) {
            java.util.regex.Matcher m = OPEN_HOURS.matcher(b.open().strip());
            if (!m.matches()) {
                problem(b.line(), w + ".open", "'" + b.open() + "' must be like 09:00-21:00");
            } else if (Integer.parseInt(m.group(1)) * 60 + Integer.parseInt(m.group(2))
                    >= Math.min(24 * 60 - 1, Integer.parseInt(m.group(3)) * 60 + Integer.parseInt(m.group(4)))) {
                problem(b.line(), w + ".open", "'" + b.open() + "' must open before it closes, within one day");
            }
        }
        if (b.slotMinutes() != null && (b.slotMinutes() < 10 || b.slotMinutes() > 720)) {
            problem(b.line(), w + ".slot_minutes", "must be between 10 and 720");
        }
        if (b.capacity() != null && (b.capacity() < 1 || b.capacity() > 1000)) {
            problem(b.line(), w + ".capacity", "must be between 1 and 1000");
        }
        if (b.fee() != null && (b.fee().signum() < 0 || b.fee().scale() > 2)) {
            problem(b.line(), w + ".fee", "must be 0 or more, in yuan with at most 2 decimals");
        }
        if (b.advanceDays() != null && (b.advanceDays() < 0 || b.advanceDays() > 365)) {
            problem(b.line(), w + ".advance_days", "must be between 0 and 365");
        }
    }

    private void checkHouse(CommunityPack.House h, Map<String, CommunityPack.Building> buildings) {
        String w = "house " + h.id();
        CommunityPack.Building b = h.building() == null ? null : buildings.get(h.building());
        if (h.building() != null && b == null) {
            problem(h.line(), w + ".building", "unknown building '" + h.building() + "'");
        }
        if (b != null && b.units() != null && h.unit() != null && !b.units().contains(h.unit())) {
            problem(h.line(), w + ".unit", "unit '" + h.unit() + "' is not one of building " + b.id()
                    + "'s units " + b.units());
        }
        if (b != null && b.floors() != null && h.room() != null && ROOM.matcher(h.room()).matches()) {
            int floor = Integer.parseInt(h.room().substring(0, h.room().length() - 2));
            if (floor < 1 || floor > b.floors()) {
                problem(h.line(), w + ".room", "room " + h.room() + " is on floor " + floor + " but building "
                        + b.id() + " has " + b.floors() + " floors");
            }
        }
        positive(h.areaM2(), h.line(), w + ".area_m2");
    }

    private void checkResidents(List<CommunityPack.Resident> residents, Map<String, CommunityPack.House> houses) {
        Map<String, String> phones = new HashMap<>();
        Map<String, String> openids = new HashMap<>();
        Set<String> ownedHouses = new HashSet<>();
        for (CommunityPack.Resident r : residents) {
            if ("owner".equals(r.role()) && r.houses() != null) {
                ownedHouses.addAll(r.houses());
            }
        }
        int thisYear = Year.now().getValue();
        for (CommunityPack.Resident r : residents) {
            String w = "resident " + r.id();
            if (r.phone() != null) {
                String number = PhoneNumbers.normalise(r.phone());
                if (!phone(number)) {
                    problem(r.line(), w + ".phone", "'" + r.phone() + "' " + NOT_A_PHONE);
                } else {
                    String before = phones.putIfAbsent(number, r.id());
                    if (before != null) {
                        problem(r.line(), w + ".phone", r.phone() + " is also the phone of resident " + before);
                    }
                }
            }
            if (r.wechatOpenid() != null && openids.putIfAbsent(r.wechatOpenid(), r.id()) != null) {
                problem(r.line(), w + ".wechat_openid", r.wechatOpenid() + " is also bound to resident "
                        + openids.get(r.wechatOpenid()));
            }
            if (r.houses() != null) {
                if (r.houses().isEmpty()) {
                    problem(r.line(), w + ".houses", "must list at least one house");
                }
                for (String h : r.houses()) {
                    if (!houses.containsKey(h)) {
                        problem(r.line(), w + ".houses", "unknown house '" + h + "'");
                    } else if (("tenant".equals(r.role()) || "family".equals(r.role())) && !ownedHouses.contains(h)) {
                        note(r.line(), w + ".houses", r.role() + " of " + h + ", but no resident owns that house");
                    }
                }
            }
            oneOf(r.role(), RESIDENT_ROLES, r.line(), w + ".role");
            if (r.birthYear() != null && (r.birthYear() < 1900 || r.birthYear() > thisYear)) {
                problem(r.line(), w + ".birth_year", r.birthYear() + " is not a plausible year of birth");
            }
        }
    }

    private void checkStaff(List<CommunityPack.Staff> staff, Map<String, CommunityPack.Building> buildings) {
        boolean anyAgent = false;
        for (CommunityPack.Staff s : staff) {
            String w = "staff " + s.id();
            oneOf(s.role(), STAFF_ROLES, s.line(), w + ".role");
            anyAgent |= "agent".equals(s.role());
            if (s.skills() != null) {
                for (String skill : s.skills()) {
                    if (ServiceCategory.ofCode(skill).isEmpty()) {
                        problem(s.line(), w + ".skills", "'" + skill + "' is not a work-order category");
                    }
                }
            }
            if (s.buildings() != null) {
                for (String b : s.buildings()) {
                    if (!buildings.containsKey(b)) {
                        problem(s.line(), w + ".buildings", "unknown building '" + b + "'");
                    }
                }
            }
            if ("technician".equals(s.role())) {
                if (s.skills() != null && s.skills().isEmpty()) {
                    problem(s.line(), w + ".skills", "a technician needs at least one skill");
                }
                if (s.buildings() != null && s.buildings().isEmpty()) {
                    problem(s.line(), w + ".buildings", "a technician needs the buildings they cover");
                }
                if (s.onDuty() == null) {
                    problem(s.line(), w + ".on_duty", "a technician needs on_duty: true or false");
                }
            }
            if (s.phone() != null && !phone(PhoneNumbers.normalise(s.phone()))) {
                problem(s.line(), w + ".phone", "'" + s.phone() + "' " + NOT_A_PHONE);
            }
        }
        if (!staff.isEmpty() && !anyAgent) {
            problem(0, "staff", "no staff member has role agent, so nobody could take a hand-off");
        }
    }

    private void checkBills(List<CommunityPack.Bill> bills, Map<String, CommunityPack.House> houses,
                            Map<String, CommunityPack.FeeItem> fees) {
        Set<String> periods = new HashSet<>();
        for (CommunityPack.Bill b : bills) {
            String w = "bill " + b.id();
            CommunityPack.House h = b.house() == null ? null : houses.get(b.house());
            CommunityPack.FeeItem f = b.item() == null ? null : fees.get(b.item());
            if (b.house() != null && h == null) {
                problem(b.line(), w + ".house", "unknown house '" + b.house() + "'");
            }
            if (b.item() != null && f == null) {
                problem(b.line(), w + ".item", "unknown fee item '" + b.item() + "'");
            }
            if (f != null && b.period() != null && f.cycle() != null && PERIOD.containsKey(f.cycle())) {
                if (!PERIOD.get(f.cycle()).matcher(b.period()).matches()) {
                    problem(b.line(), w + ".period", "'" + b.period() + "' does not fit the " + f.cycle()
                            + " cycle of fee item " + f.code());
                } else if (!"once".equals(f.cycle()) && !periods.add(b.house() + "|" + b.item() + "|" + b.period())) {
                    problem(b.line(), w + ".period", "a second bill for house " + b.house() + ", item " + b.item()
                            + ", period " + b.period());
                }
            }
            if (positive(b.amount(), b.line(), w + ".amount") && h != null && f != null) {
                checkAmount(b, h, f);
            }
            oneOf(b.status(), BILL_STATUS, b.line(), w + ".status");
            if ("paid".equals(b.status()) && b.paidAt() == null) {
                problem(b.line(), w + ".paid_at", "a paid bill needs paid_at (YYYY-MM-DD)");
            }
            if (b.status() != null && !"paid".equals(b.status()) && b.paidAt() != null) {
                problem(b.line(), w + ".paid_at", "a bill that is " + b.status() + " must not have paid_at");
            }
        }
    }

    /** The amount must be what the fee item charges for the period, so residents can be told why. */
    private void checkAmount(CommunityPack.Bill b, CommunityPack.House h, CommunityPack.FeeItem f) {
        if (f.unitPrice() == null || f.basis() == null || !CYCLE_MONTHS.containsKey(f.cycle())) {
            return;
        }
        BigDecimal months = BigDecimal.valueOf(CYCLE_MONTHS.get(f.cycle()));
        if ("area".equals(f.basis()) && h.areaM2() != null) {
            BigDecimal raw = h.areaM2().multiply(f.unitPrice()).multiply(months);
            BigDecimal amount = b.amount().setScale(2, RoundingMode.HALF_UP);
            if (amount.compareTo(raw.setScale(2, RoundingMode.HALF_UP)) != 0
                    && amount.compareTo(raw.setScale(2, RoundingMode.HALF_EVEN)) != 0) {
                problem(b.line(), "bill " + b.id() + ".amount", b.amount() + " is not area " + h.areaM2() + " × "
                        + f.unitPrice() + " × " + months + " months = " + raw.setScale(2, RoundingMode.HALF_UP));
            }
        } else if ("fixed".equals(f.basis())) {
            BigDecimal per = f.unitPrice().multiply(months);
            BigDecimal[] qr = b.amount().divideAndRemainder(per);
            if (qr[1].signum() != 0 || qr[0].signum() <= 0) {
                problem(b.line(), "bill " + b.id() + ".amount", b.amount() + " is not a whole multiple of "
                        + f.unitPrice() + " × " + months + " months");
            }
        }
    }

    private void checkWorkOrders(List<CommunityPack.WorkOrder> orders, Map<String, CommunityPack.House> houses,
                                 Map<String, CommunityPack.Staff> staff) {
        for (CommunityPack.WorkOrder o : orders) {
            String w = "work_order " + o.id();
            CommunityPack.House h = o.house() == null ? null : houses.get(o.house());
            if (o.house() != null && h == null) {
                problem(o.line(), w + ".house", "unknown house '" + o.house() + "'");
            }
            ServiceCategory category = o.category() == null ? null : ServiceCategory.ofCode(o.category()).orElse(null);
            if (o.category() != null && category == null) {
                problem(o.line(), w + ".category", "'" + o.category() + "' is not a work-order category");
            }
            oneOf(o.status(), ORDER_STATUS, o.line(), w + ".status");
            CommunityPack.Staff a = o.assignee() == null ? null : staff.get(o.assignee());
            if (o.assignee() != null && a == null) {
                problem(o.line(), w + ".assignee", "unknown staff '" + o.assignee() + "'");
            }
            if (a != null && category != null) {
                if ("technician".equals(a.role())) {
                    if (a.skills() != null && !a.skills().contains(category.code())) {
                        note(o.line(), w + ".assignee", a.id() + " has no skill " + category.code());
                    }
                    if (h != null && a.buildings() != null && !a.buildings().contains(h.building())) {
                        note(o.line(), w + ".assignee", a.id() + " does not cover building " + h.building());
                    }
                } else if (!category.isDeskMatter()) {
                    problem(o.line(), w + ".assignee", category.code() + " work needs a technician, not a "
                            + a.role());
                }
            }
            if (o.status() != null) {
                boolean needsAssignee = Set.of("assigned", "in_progress", "pending_acceptance", "closed")
                        .contains(o.status());
                if (needsAssignee && o.assignee() == null) {
                    problem(o.line(), w + ".assignee", "a " + o.status() + " work order needs an assignee");
                }
                if ("submitted".equals(o.status()) && o.assignee() != null) {
                    problem(o.line(), w + ".assignee", "a submitted work order has no assignee yet");
                }
                if ("closed".equals(o.status()) && o.closed() == null) {
                    problem(o.line(), w + ".closed", "a closed work order needs its closed date-time");
                }
                if (!"closed".equals(o.status()) && o.closed() != null) {
                    problem(o.line(), w + ".closed", "only a closed work order has a closed date-time");
                }
                if (o.rating() != null && !"closed".equals(o.status())) {
                    problem(o.line(), w + ".rating", "only closed work orders can be rated");
                }
            }
            if (o.closed() != null && o.created() != null && o.closed().isBefore(o.created())) {
                problem(o.line(), w + ".closed", "closed before it was created");
            }
            if (o.rating() != null && (o.rating() < 1 || o.rating() > 5)) {
                problem(o.line(), w + ".rating", "must be 1 to 5");
            }
        }
    }

    private <T> Map<String, T> unique(List<T> items, String kind, Function<T, String> id, Function<T, Integer> line) {
        Map<String, T> seen = new HashMap<>();
        for (T item : items) {
            String key = id.apply(item);
            if (key != null && seen.putIfAbsent(key, item) != null) {
                problem(line.apply(item), kind + " " + key, "duplicate id '" + key + "' (first at line "
                        + line.apply(seen.get(key)) + ")");
            }
        }
        return seen;
    }

    private boolean positive(BigDecimal v, int line, String field) {
        if (v == null) {
            return false;
        }
        if (v.signum() <= 0) {
            problem(line, field, v.toPlainString() + " must be greater than 0");
            return false;
        }
        return true;
    }

    private void oneOf(String v, Set<String> allowed, int line, String field) {
        if (v != null && !allowed.contains(v)) {
            problem(line, field, "'" + v + "' must be one of " + allowed.stream().sorted().toList());
        }
    }
}
