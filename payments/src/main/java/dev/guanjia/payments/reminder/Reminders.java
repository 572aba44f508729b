package dev.guanjia.payments.reminder;

import dev.guanjia.community.billing.Bills;
import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.community.directory.CommunitySummary;
import dev.guanjia.community.phone.PhoneNumbers;
import dev.guanjia.community.resident.Bindings;
import dev.guanjia.community.resident.Households;
import dev.guanjia.community.retry.Backoff;
import dev.guanjia.community.sms.Sms;
import dev.guanjia.community.sms.SmsSender;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Payment reminders (催缴), run periodically on every node. Each round, per community whose policy is
 * on and whose quiet hours are not under way: the unpaid bills that reached a stage (due soon, overdue,
 * a repeat of overdue) are claimed once (a row per bill and stage; a second run or node finds it) and
 * their household's owners (tenants where a house has no owner) get one message per stage listing all
 * their bills, queued in the same transaction; then queued messages are sent, WeChat or SMS in the
 * policy's order, and retried on failure. Residents who opted out get nothing. A reminder that falls
 * in the quiet hours is not dropped: the bill stays at its stage and the next round after they end
 * sends it.
 */
public final class Reminders {

    private static final Logger LOG = Logger.getLogger(Reminders.class.getName());

    private static final java.util.regex.Pattern MOBILE = java.util.regex.Pattern.compile("1[3-9]\\d{9}");

    static final String DUE_SOON = "due_soon";
    static final String OVERDUE = "overdue";

    /** Sends tried per message before it is given up as failed. */
    static final int ATTEMPTS = 5;
    private static final Backoff BACKOFF = new Backoff(Duration.ofMinutes(5), Duration.ofHours(2));
    /** How long a node holds the messages it took: another node takes them only after a crash. */
    private static final Duration LEASE = Duration.ofMinutes(5);

    /** What a round did: messages queued, sent, and given up (failed or no way to reach the resident). */
    public record Round(int queued, int sent, int failed) {
    }

    /** Where reminders go out: the official account, the SMS gateway, and the payment page they link to. */
    public record Delivery(WeChatReminders wechat, SmsSender sms, PaymentLinks links) {
    }

    private final DataSource db;
    private final CommunityDirectory directory;
    private final ReminderPolicies policies;
    private final Bindings bindings;
    private final Delivery delivery;

    public Reminders(DataSource db, CommunityDirectory directory, ReminderPolicies policies, Bindings bindings,
                     Delivery delivery) {
        this.db = db;
        this.directory = directory;
        this.policies = policies;
        this.bindings = bindings;
        this.delivery = delivery;
    }

    /** One round at {@code now}: queue what is due in every open community, then send what is queued. */
    public Round run(Instant now) {
        int queued = 0;
        List<String> open = new ArrayList<>();
        Map<String, ReminderPolicy> byCommunity = new HashMap<>();
        for (CommunitySummary community : directory.list()) {
            ReminderPolicy policy = policies.of(community.id());
            ZonedDateTime local = now.atZone(ZoneId.of(community.timeZone()));
            try {
                if (!policy.enabled()) {
                    cancelQueued(community.id());
                    continue;
                }
                if (policy.quiet(local.toLocalTime())) {
                    continue;
                }
                // what an earlier round queued goes out even if planning this one fails
                open.add(community.id());
                byCommunity.put(community.id(), policy);
                queued += plan(community, policy, local.toLocalDate(), now);
            } catch (SQLException | RuntimeException e) {
                LOG.log(Level.WARNING, "payment reminders for " + community.id() + " not planned", e);
            }
        }
        int[] sentFailed = deliver(open, byCommunity, now);
        return new Round(queued, sentFailed[0], sentFailed[1]);
    }

    // ------------------------------------------------------------------------------------ planning

    private record Due(Bills.Outstanding bill, String stage) {
        String kind() {
            return stage.startsWith(OVERDUE) ? OVERDUE : DUE_SOON;
        }
    }

    private record Recipient(long residentId, String kind) {
    }

    /** Claims the bills at a stage and queues their messages, in one transaction. */
    private int plan(CommunitySummary community, ReminderPolicy policy, LocalDate today, Instant now)
            throws SQLException {
        String id = community.id();
        LocalDate dueBy = policy.daysBefore() > 0 ? today.plusDays(policy.daysBefore()) : today.minusDays(1);
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Bills.Outstanding> bills = Bills.outstandingDueBy(c, id, dueBy);
                Map<Long, List<Instant>> overdueSent = overdueSent(c, bills);
                Set<Long> dueSoonSent = dueSoonSent(c, bills);
                ZoneId zone = ZoneId.of(community.timeZone());
                List<Due> due = new ArrayList<>();
                for (Bills.Outstanding b : bills) {
                    stage(b, today, policy, dueSoonSent.contains(b.id()),
                            overdueSent.getOrDefault(b.id(), List.of()), zone).ifPresent(s -> due.add(new Due(b, s)));
                }
                if (due.isEmpty()) {
                    c.rollback();
                    return 0;
                }
                Map<Recipient, List<Due>> messages = recipients(c, id, policy, due);
                Set<String> claimed = claim(c, id, messages.values().stream().flatMap(List::stream)
                        .collect(Collectors.toCollection(LinkedHashSet::new)), now);
                int queued = 0;
                for (Map.Entry<Recipient, List<Due>> m : messages.entrySet()) {
                    List<Due> mine = m.getValue().stream().filter(d -> claimed.contains(d.bill().id() + "/" + d.stage()))
                            .toList();
                    if (!mine.isEmpty()) {
                        queue(c, community, policy, m.getKey(), mine, now);
                        queued++;
                    }
                }
                c.commit();
                return queued;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The stage a bill reached today and was not reminded at yet, if any. */
    static Optional<String> stage(Bills.Outstanding b, LocalDate today, ReminderPolicy policy, boolean dueSoonSent,
                                  List<Instant> overdueSent, ZoneId zone) {
        LocalDate due = b.bill().due();
        if (!due.isBefore(today)) {
            boolean window = policy.daysBefore() > 0 && !due.isAfter(today.plusDays(policy.daysBefore()));
            return window && !dueSoonSent ? Optional.of(DUE_SOON) : Optional.empty();
        }
        if (!policy.overdue()) {
            return Optional.empty();
        }
        int sent = overdueSent.size();
        if (sent == 0) {
            return Optional.of(OVERDUE);
        }
        if (policy.overdueRepeatDays() == 0 || sent >= policy.overdueLimit()) {
            return Optional.empty();
        }
        LocalDate last = overdueSent.stream().max(Instant::compareTo).orElseThrow().atZone(zone).toLocalDate();
        return today.isBefore(last.plusDays(policy.overdueRepeatDays())) ? Optional.empty()
                : Optional.of(OVERDUE + "_" + (sent + 1));
    }

    private static Map<Long, List<Instant>> overdueSent(Connection c, List<Bills.Outstanding> bills) throws SQLException {
        Map<Long, List<Instant>> out = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT bill_id, planned_at FROM payment_reminders WHERE bill_id = ANY (?) AND stage LIKE 'overdue%'")) {
            s.setArray(1, c.createArrayOf("bigint", bills.stream().map(Bills.Outstanding::id).toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getTimestamp(2).toInstant());
                }
            }
        }
        return out;
    }

    private static Set<Long> dueSoonSent(Connection c, List<Bills.Outstanding> bills) throws SQLException {
        return new java.util.HashSet<>(dev.guanjia.community.privacy.Rows.longs(c,
                "SELECT bill_id FROM payment_reminders WHERE bill_id = ANY (?) AND stage = 'due_soon'",
                (Object) bills.stream().map(Bills.Outstanding::id).toArray(Long[]::new)));
    }

    /**
     * Who is reminded of each bill: the house's owners, or its tenants where it has no owner (family
     * members pay through them). Residents who opted out, or whom no channel of the policy reaches,
     * are left out; a bill left with nobody is not claimed and is tried again next round.
     */
    private Map<Recipient, List<Due>> recipients(Connection c, String communityId, ReminderPolicy policy,
                                                 List<Due> due) throws SQLException {
        Set<Long> houses = due.stream().map(d -> d.bill().houseId()).collect(Collectors.toSet());
        Map<Long, List<Households.Member>> byHouse = Households.members(c, houses).stream()
                .collect(Collectors.groupingBy(Households.Member::houseId));
        Set<Long> optedOut = ReminderOptOuts.optedOut(c, communityId);
        Map<Long, Boolean> reachable = new HashMap<>();
        Map<Recipient, List<Due>> out = new TreeMap<>(java.util.Comparator.comparingLong(Recipient::residentId)
                .thenComparing(Recipient::kind));
        for (Due d : due) {
            List<Households.Member> members = byHouse.getOrDefault(d.bill().houseId(), List.of());
            List<Households.Member> payers = members.stream().filter(m -> Households.OWNER.equals(m.role())).toList();
            if (payers.isEmpty()) {
                payers = members.stream().filter(m -> "tenant".equals(m.role())).toList();
            }
            for (Households.Member m : payers) {
                if (optedOut.contains(m.residentId())
                        || !reachable.computeIfAbsent(m.residentId(), r -> reachable(communityId, policy, r))) {
                    continue;
                }
                out.computeIfAbsent(new Recipient(m.residentId(), d.kind()), k -> new ArrayList<>()).add(d);
            }
        }
        return out;
    }

    private boolean reachable(String communityId, ReminderPolicy policy, long residentId) {
        return !addresses(communityId, policy, residentId).isEmpty();
    }

    /** The resident's addresses on the policy's channels, in its order: channel → openids or phones. */
    private Map<String, List<String>> addresses(String communityId, ReminderPolicy policy, long residentId) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String channel : policy.channels()) {
            List<String> found = switch (channel) {
                case ReminderPolicy.WECHAT -> delivery.wechat().reaches(communityId)
                        ? bindings.of(residentId, "wechat_openid") : List.of();
                // a landline registered as the resident's phone cannot take a text
                case ReminderPolicy.SMS -> bindings.of(residentId, "phone").stream()
                        .map(PhoneNumbers::normalise).filter(p -> MOBILE.matcher(p).matches()).distinct().toList();
                default -> List.of();
            };
            if (!found.isEmpty()) {
                out.put(channel, found);
            }
        }
        return out;
    }

    /** Writes the bill-and-stage rows; returns those this round wrote ("id/stage"), not another's. */
    private static Set<String> claim(Connection c, String communityId, Set<Due> due, Instant now) throws SQLException {
        Set<String> claimed = new java.util.HashSet<>();
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO payment_reminders (bill_id, stage, community_id, planned_at) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING""")) {
            for (Due d : due) {
                s.setLong(1, d.bill().id());
                s.setString(2, d.stage());
                s.setString(3, communityId);
                s.setTimestamp(4, Timestamp.from(now));
                // a concurrent round's uncommitted row makes this wait, then count 0: it is theirs
                if (s.executeUpdate() == 1) {
                    claimed.add(d.bill().id() + "/" + d.stage());
                }
            }
        }
        return claimed;
    }

    private void queue(Connection c, CommunitySummary community, ReminderPolicy policy, Recipient to, List<Due> due,
                       Instant now) throws SQLException {
        List<ReminderTexts.Line> lines = due.stream().map(d -> new ReminderTexts.Line(d.bill().bill().houseCode(),
                d.bill().bill().itemName(), d.bill().bill().period(), d.bill().bill().amount(), d.bill().bill().due()))
                .toList();
        List<Long> houseIds = due.stream().map(d -> d.bill().houseId()).distinct().toList();
        List<String> codes = due.stream().map(d -> d.bill().bill().code()).toList();
        String first = addresses(community.id(), policy, to.residentId()).keySet().stream().findFirst()
                .orElse(ReminderPolicy.SMS);
        String link = delivery.links().link(community.id(), to.residentId(), houseIds, codes, first).orElse(null);
        String text = ReminderTexts.text(to.kind(), community.name(), lines, link);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("community", community.name());
        params.put("house", lines.stream().map(ReminderTexts.Line::houseCode).distinct().collect(Collectors.joining("、")));
        params.put("amount", ReminderTexts.yuan(ReminderTexts.total(lines)));
        params.put("due", lines.stream().map(ReminderTexts.Line::due).min(LocalDate::compareTo).orElseThrow().toString());
        params.put("count", String.valueOf(lines.size()));
        params.put("stage", to.kind());
        params.put("link", link == null ? "" : link);
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO reminder_messages (community_id, resident_id, stage, bill_ids, text, params, state,
                    next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?)""")) {
            s.setString(1, community.id());
            s.setLong(2, to.residentId());
            s.setString(3, to.kind());
            s.setArray(4, c.createArrayOf("bigint", due.stream().map(d -> d.bill().id()).distinct().toArray()));
            s.setString(5, text);
            s.setArray(6, c.createArrayOf("text", flat(params)));
            s.setTimestamp(7, Timestamp.from(now));
            s.setTimestamp(8, Timestamp.from(now));
            s.executeUpdate();
        }
    }

    private void cancelQueued(String communityId) throws SQLException {
        try (Connection c = db.getConnection()) {
            dev.guanjia.community.privacy.Rows.update(c, """
                    UPDATE reminder_messages SET state = 'cancelled', last_error = 'reminders switched off'
                    WHERE community_id = ? AND state = 'queued'""", communityId);
        }
    }

    // ------------------------------------------------------------------------------------ delivery

    private record Queued(long id, String communityId, long residentId, String text, Map<String, String> params,
                          int attempts) {
    }

    /** Sends the queued messages of the open communities; returns {sent, given up}. */
    private int[] deliver(List<String> open, Map<String, ReminderPolicy> policy, Instant now) {
        int sent = 0;
        int failed = 0;
        if (open.isEmpty()) {
            return new int[] {0, 0};
        }
        List<Queued> batch;
        try {
            batch = take(open, now);
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "queued payment reminders not read", e);
            return new int[] {0, 0};
        }
        for (Queued q : batch) {
            try {
                switch (send(q, policy.get(q.communityId()), now)) {
                    case "sent" -> sent++;
                    case "failed", "unreachable" -> failed++;
                    default -> { }
                }
            } catch (SQLException | RuntimeException e) {
                LOG.log(Level.WARNING, "payment reminder " + q.id() + " not recorded; retried after its lease", e);
            }
        }
        return new int[] {sent, failed};
    }

    /** Takes up to 100 due messages for this node (a lease, so two nodes never send the same one). */
    private List<Queued> take(List<String> open, Instant now) throws SQLException {
        List<Queued> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                UPDATE reminder_messages SET next_attempt_at = ? WHERE id IN (
                    SELECT id FROM reminder_messages WHERE state = 'queued' AND next_attempt_at <= ?
                    AND community_id = ANY (?) ORDER BY id LIMIT 100 FOR UPDATE SKIP LOCKED)
                RETURNING id, community_id, resident_id, text, params, attempts""")) {
            s.setTimestamp(1, Timestamp.from(now.plus(LEASE)));
            s.setTimestamp(2, Timestamp.from(now));
            s.setArray(3, c.createArrayOf("text", open.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Queued(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                            params((String[]) rs.getArray(5).getArray()), rs.getInt(6)));
                }
            }
        }
        out.sort(java.util.Comparator.comparingLong(Queued::id));
        return out;
    }

    /** Tries the policy's channels in order until one takes the message; records the outcome. */
    private String send(Queued q, ReminderPolicy policy, Instant now) throws SQLException {
        try (Connection c = db.getConnection()) {
            if (ReminderOptOuts.optedOut(c, q.communityId()).contains(q.residentId())) {
                return record(q, "cancelled", null, "opted out", now);
            }
        }
        Map<String, List<String>> addresses = addresses(q.communityId(), policy, q.residentId());
        if (addresses.isEmpty()) {
            return record(q, "unreachable", null, "no WeChat binding or phone on the policy's channels", now);
        }
        List<String> errors = new ArrayList<>();
        for (Map.Entry<String, List<String>> a : addresses.entrySet()) {
            try {
                if (ReminderPolicy.WECHAT.equals(a.getKey())) {
                    wechat(q, a.getValue());
                } else {
                    // one phone is enough: a household's numbers usually ring the same person
                    delivery.sms().send(new Sms(a.getValue().get(0), "payment_reminder", q.params(), q.text()));
                }
                return record(q, "sent", a.getKey(), null, now);
            } catch (Exception e) {
                errors.add(a.getKey() + ": " + e.getMessage());
            }
        }
        int attempts = q.attempts() + 1;
        String error = String.join("; ", errors);
        LOG.warning(() -> "payment reminder " + q.id() + " not sent (attempt " + attempts + "): " + error);
        if (attempts >= ATTEMPTS) {
            return record(q, "failed", null, error, now);
        }
        try (Connection c = db.getConnection()) {
            dev.guanjia.community.privacy.Rows.update(c, """
                    UPDATE reminder_messages SET attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?""",
                    attempts, error, Timestamp.from(now.plus(BACKOFF.after(attempts))), q.id());
        }
        return "queued";
    }

    /** To every openid the resident bound (several phones, one account); sent when one took it. */
    private void wechat(Queued q, List<String> openids) throws Exception {
        Exception last = null;
        boolean any = false;
        for (String openid : openids) {
            try {
                delivery.wechat().send(q.communityId(), openid, q.text() + ReminderTexts.HOW_TO_STOP);
                any = true;
            } catch (Exception e) {
                last = e;
            }
        }
        if (!any) {
            throw last;
        }
    }

    private String record(Queued q, String state, String channel, String error, Instant now) throws SQLException {
        try (Connection c = db.getConnection()) {
            dev.guanjia.community.privacy.Rows.update(c, """
                    UPDATE reminder_messages SET state = ?, channel = ?, last_error = ?, attempts = attempts + 1,
                        sent_at = CASE WHEN ? = 'sent' THEN ?::timestamptz END WHERE id = ?""",
                    state, channel, error, state, Timestamp.from(now), q.id());
        }
        return state;
    }

    // ------------------------------------------------------------------------------------ params

    /** Template variables kept as name, value, name, value… (a text array). */
    private static String[] flat(Map<String, String> params) {
        return params.entrySet().stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
                .toArray(String[]::new);
    }

    private static Map<String, String> params(String[] flat) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.length; i += 2) {
            out.put(flat[i], flat[i + 1]);
        }
        return out;
    }
}
