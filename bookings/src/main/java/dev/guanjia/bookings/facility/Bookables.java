package dev.guanjia.bookings.facility;

import dev.guanjia.community.refusal.Refusal;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The bookable facilities of each community and the community's booking rules. */
public final class Bookables {

    private static final String COLUMNS =
            "id, community_id, code, name, opens, closes, slot_minutes, capacity, fee, advance_days, source, active";

    private final DataSource db;

    public Bookables(DataSource db) {
        this.db = db;
    }

    /** What the pack lists, as imported; the pack reader's entries map onto this. */
    public record Entry(String code, String name, LocalTime opens, LocalTime closes, int slotMinutes, int capacity,
                        BigDecimal fee, int advanceDays) {
    }

    /** Stores the pack's bookables (community.yaml {@code bookables:}) in the import's transaction. */
    public static void importPack(Connection c, String communityId, List<dev.guanjia.community.pack.CommunityPack.Bookable> pack)
            throws SQLException {
        List<Entry> entries = new ArrayList<>();
        for (var b : pack) {
            java.util.regex.Matcher m = dev.guanjia.community.pack.CommunityPackValidator.OPEN_HOURS.matcher(b.open().strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("bookable " + b.id() + ": open hours '" + b.open() + "'");
            }
            LocalTime opens = LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            int closeHour = Integer.parseInt(m.group(3));
            // "24:00" is the end of the day; a time column stops at 23:59:59
            LocalTime closes = closeHour == 24 ? LocalTime.of(23, 59, 59)
                    : LocalTime.of(closeHour, Integer.parseInt(m.group(4)));
            entries.add(new Entry(b.id(), b.name(), opens, closes, b.slotMinutes(), b.capacity(), b.fee(),
                    b.advanceDays()));
        }
        replaceFromPack(c, communityId, entries);
    }

    /**
     * Stores a pack's bookables inside the import's transaction: new ones added, listed ones updated,
     * pack ones no longer listed switched off (their bookings stay). Console-made ones are left alone.
     */
    public static void replaceFromPack(Connection c, String communityId, List<Entry> entries) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO bookables (community_id, code, name, opens, closes, slot_minutes, capacity, fee,
                                       advance_days, source, active)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pack', true)
                ON CONFLICT (community_id, code) DO UPDATE SET name = excluded.name, opens = excluded.opens,
                    closes = excluded.closes, slot_minutes = excluded.slot_minutes, capacity = excluded.capacity,
                    fee = excluded.fee, advance_days = excluded.advance_days, source = 'pack', active = true,
                    updated_at = now()""")) {
            for (Entry e : entries) {
                s.setString(1, communityId);
                s.setString(2, e.code());
                s.setString(3, e.name());
                s.setObject(4, e.opens());
                s.setObject(5, e.closes());
                s.setInt(6, e.slotMinutes());
                s.setInt(7, e.capacity());
                s.setBigDecimal(8, e.fee());
                s.setInt(9, e.advanceDays());
                s.addBatch();
            }
            s.executeBatch();
        }
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE bookables b SET active = false, updated_at = now()
                WHERE community_id = ? AND source = 'pack' AND active
                  AND NOT EXISTS (SELECT 1 FROM unnest(?::text[]) AS k(code) WHERE k.code = b.code)""")) {
            s.setString(1, communityId);
            s.setArray(2, c.createArrayOf("text", entries.stream().map(Entry::code).toArray()));
            s.executeUpdate();
        }
        // a list read meanwhile is read again; the importer counts once more after its commit ({@link #changed})
        CHANGES.incrementAndGet();
    }

    /**
     * The community's bookable facilities that residents can book now, by name. Every chat turn asks
     * (any message may name a facility) and they change seldom, so the list is kept: read again at once
     * after any change made in this process (an edit, a pack import), and after {@link #ACTIVE_KEPT_NANOS}
     * for a change another node made.
     */
    public List<Bookable> active(String communityId) {
        long now = System.nanoTime();
        long generation = CHANGES.get();
        Active known = activeKept.get(communityId);
        if (known != null && known.generation() == generation && now - known.readAt() < ACTIVE_KEPT_NANOS) {
            return known.facilities();
        }
        List<Bookable> read = List.copyOf(query("SELECT " + COLUMNS
                + " FROM bookables WHERE community_id = ? AND active ORDER BY code", communityId));
        if (activeKept.size() >= 10_000) {
            activeKept.clear();
        }
        activeKept.put(communityId, new Active(read, generation, now));
        return read;
    }

    private record Active(List<Bookable> facilities, long generation, long readAt) {
    }

    /**
     * Tells this process's kept lists that facilities changed: a pack import calls it once its transaction
     * has committed (a list read while the import ran may hold the old facilities).
     */
    public static void changed() {
        CHANGES.incrementAndGet();
    }

    /** How long another node's change to the facilities may go unseen. */
    static final long ACTIVE_KEPT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    /** Changes to any facility made in this process: a kept list older than the last one is read again. */
    private static final java.util.concurrent.atomic.AtomicLong CHANGES = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.Map<String, Active> activeKept = new java.util.concurrent.ConcurrentHashMap<>();

    /** Every facility of the community, switched off ones too, for the console. */
    public List<Bookable> all(String communityId) {
        return query("SELECT " + COLUMNS + " FROM bookables WHERE community_id = ? ORDER BY code", communityId);
    }

    public Optional<Bookable> find(String communityId, String code) {
        return query("SELECT " + COLUMNS + " FROM bookables WHERE community_id = ? AND code = ?", communityId, code)
                .stream().findFirst();
    }

    /** The console's edit: every setting at once; a code not yet known makes a new facility. */
    public Bookable save(String communityId, Entry e, boolean active) {
        check(e);
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO bookables (community_id, code, name, opens, closes, slot_minutes, capacity, fee,
                                       advance_days, source, active)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'console', ?)
                ON CONFLICT (community_id, code) DO UPDATE SET name = excluded.name, opens = excluded.opens,
                    closes = excluded.closes, slot_minutes = excluded.slot_minutes, capacity = excluded.capacity,
                    fee = excluded.fee, advance_days = excluded.advance_days, active = excluded.active,
                    updated_at = now()""")) {
            s.setString(1, communityId);
            s.setString(2, e.code());
            s.setString(3, e.name());
            s.setObject(4, e.opens());
            s.setObject(5, e.closes());
            s.setInt(6, e.slotMinutes());
            s.setInt(7, e.capacity());
            s.setBigDecimal(8, e.fee());
            s.setInt(9, e.advanceDays());
            s.setBoolean(10, active);
            s.executeUpdate();
            CHANGES.incrementAndGet();
        } catch (SQLException ex) {
            throw new IllegalStateException("cannot save bookable " + e.code() + ": " + ex.getMessage(), ex);
        }
        return find(communityId, e.code()).orElseThrow();
    }

    /** The community's rules, or {@link BookingRules#DEFAULTS} when it set none. */
    public BookingRules rules(String communityId) {
        try (Connection c = db.getConnection()) {
            return rules(c, communityId);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read booking rules: " + e.getMessage(), e);
        }
    }

    public static BookingRules rules(Connection c, String communityId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT active_per_house, cancel_before_minutes FROM booking_rules WHERE community_id = ?")) {
            s.setString(1, communityId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? new BookingRules(r.getInt(1), r.getInt(2)) : BookingRules.DEFAULTS;
            }
        }
    }

    public BookingRules saveRules(String communityId, BookingRules rules) {
        if (rules.activePerHouse() < 1 || rules.activePerHouse() > 50) {
            throw new Refusal(Refusal.Reason.INVALID, "bad_rule", "每户同时有效的预约数应在1到50之间");
        }
        if (rules.cancelBeforeMinutes() < 0 || rules.cancelBeforeMinutes() > 10080) {
            throw new Refusal(Refusal.Reason.INVALID, "bad_rule", "取消截止时间应在开始前0到10080分钟之间");
        }
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO booking_rules (community_id, active_per_house, cancel_before_minutes) VALUES (?, ?, ?)
                ON CONFLICT (community_id) DO UPDATE SET active_per_house = excluded.active_per_house,
                    cancel_before_minutes = excluded.cancel_before_minutes, updated_at = now()""")) {
            s.setString(1, communityId);
            s.setInt(2, rules.activePerHouse());
            s.setInt(3, rules.cancelBeforeMinutes());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot save booking rules: " + e.getMessage(), e);
        }
        return rules;
    }

    /** What a console edit must satisfy, said in Chinese to the staff member. */
    public static void check(Entry e) {
        if (e.code() == null || !e.code().matches("[a-z0-9-]{1,40}")) {
            throw new Refusal(Refusal.Reason.INVALID, "bad_code", "编号只能用小写字母、数字和“-”");
        }
        if (e.name() == null || e.name().isBlank() || e.name().length() > 60) {
            throw new Refusal(Refusal.Reason.INVALID, "bad_name", "请填写名称（不超过60字）");
        }
        if (e.opens() == null || e.closes() == null || !e.opens().isBefore(e.closes())) {
            throw new Refusal(Refusal.Reason.INVALID, "bad_hours", "开放时间应早于关闭时间");
        }
        if (e.slotMinutes() < 10 || e.slotMinutes() > 720) {
            throw new Refusal(Refusal.Reason.INVALID, "bad_slot", "每段时长应在10到720分钟之间");
        }
        if (e.capacity() < 1 || e.capacity() > 1000) {
            throw new Refusal(Refusal.Reason.INVALID, "bad_capacity", "每段可约数量应在1到1000之间");
        }
        if (e.fee() == null || e.fee().signum() < 0 || e.fee().scale() > 2) {
            throw new Refusal(Refusal.Reason.INVALID, "bad_fee", "费用应为不小于0的金额（最多两位小数）");
        }
        if (e.advanceDays() < 0 || e.advanceDays() > 365) {
            throw new Refusal(Refusal.Reason.INVALID, "bad_advance", "可提前预约天数应在0到365之间");
        }
    }

    private List<Bookable> query(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            List<Bookable> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(read(r));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read bookables: " + e.getMessage(), e);
        }
    }

    static Bookable read(ResultSet r) throws SQLException {
        return new Bookable(r.getLong("id"), r.getString("community_id"), r.getString("code"), r.getString("name"),
                r.getObject("opens", LocalTime.class), r.getObject("closes", LocalTime.class),
                r.getInt("slot_minutes"), r.getInt("capacity"), r.getBigDecimal("fee"), r.getInt("advance_days"),
                r.getString("source"), r.getBoolean("active"));
    }

    /** Reads a facility row locked for the rest of the caller's transaction: bookings of it wait here. */
    public static Optional<Bookable> lock(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM bookables WHERE id = ? FOR UPDATE")) {
            s.setLong(1, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(read(r)) : Optional.empty();
            }
        }
    }
}
