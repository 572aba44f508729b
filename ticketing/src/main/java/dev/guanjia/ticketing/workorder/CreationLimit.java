package dev.guanjia.ticketing.workorder;

import dev.guanjia.community.directory.CommunityDirectory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * How many orders one resident may create, whatever the channel (API, web chat, WeChat, phone):
 * {@value #PER_HOUR} an hour, {@value #PER_DAY} a day, of them at most {@value #EMERGENCIES_PER_HOUR}
 * emergencies an hour. Every emergency order pages technicians and supervisors, so thirty fake
 * "燃气味很重" in a row would send people running thirty times; past the limit a person decides.
 * Staff entering orders are not limited.
 */
final class CreationLimit {

    static final int PER_HOUR = 5;
    static final int PER_DAY = 20;
    static final int EMERGENCIES_PER_HOUR = 2;
    /** The first key of the two-key advisory lock that queues one resident's creations. */
    private static final int LOCK_CLASS = 0x574f4c31; // "WOL1"

    private CreationLimit() {
    }

    /** Throws {@link TooManyOrders} when this resident may not create another order now. */
    static void check(Connection c, String communityId, long residentId, Priority priority, OffsetDateTime now)
            throws SQLException {
        // one resident's creations queue here, so two at once cannot both slip under the limit; a lock
        // of our own (until the transaction ends) rather than a row lock on the community's residents
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(?, (? % 2147483647)::int)")) {
            s.setInt(1, LOCK_CLASS);
            s.setLong(2, residentId);
            s.executeQuery().close();
        }
        Optional<Duration> wait = waitFor(c, residentId, now, Duration.ofHours(1), PER_HOUR, false)
                .or(() -> waitFor(c, residentId, now, Duration.ofDays(1), PER_DAY, false))
                .or(() -> priority == Priority.EMERGENCY
                        ? waitFor(c, residentId, now, Duration.ofHours(1), EMERGENCIES_PER_HOUR, true)
                        : Optional.empty());
        if (wait.isEmpty()) {
            return;
        }
        String phone = CommunityDirectory.emergencyPhone(c, communityId);
        throw new TooManyOrders("您近期提交的报修较多，暂时不能再在线创建工单。"
                + (phone.isEmpty() ? "如有燃气泄漏、火情等紧急情况，请立即拨打119或110。"
                : "如有燃气泄漏、火情等紧急情况，请立即拨打物业24小时电话" + phone + "或119。"), wait.get(), phone);
    }

    /** Empty when under the limit; else until the oldest counted order leaves the window. */
    private static Optional<Duration> waitFor(Connection c, long residentId, OffsetDateTime now, Duration window,
                                              int max, boolean emergenciesOnly) {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT created_at FROM work_orders
                WHERE reporter_resident_id = ? AND created_at > ?""" + (emergenciesOnly ? " AND priority = 'emergency'" : "")
                + " ORDER BY created_at DESC OFFSET ? LIMIT 1")) {
            s.setLong(1, residentId);
            s.setObject(2, now.minus(window));
            s.setInt(3, max - 1);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Duration left = Duration.between(now, rs.getObject(1, OffsetDateTime.class).plus(window));
                return Optional.of(left.isNegative() || left.isZero() ? Duration.ofSeconds(1) : left);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count work orders: " + e.getMessage(), e);
        }
    }
}
