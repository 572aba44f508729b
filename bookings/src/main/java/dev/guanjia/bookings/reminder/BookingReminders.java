package dev.guanjia.bookings.reminder;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reminders the day before a booking (预约提醒), run periodically: each booking starting tomorrow (the
 * community's local date) is claimed once (its reminded_at; a second run or node finds it taken) and
 * told to the resident through the {@link Channel} the application wires (WeChat, else a text). Not
 * in the community's quiet hours: a reminder due then goes in the first round after they end, as long
 * as it is still the day before. At most once: a send that fails is logged, not repeated.
 */
public final class BookingReminders {

    private static final Logger LOG = Logger.getLogger(BookingReminders.class.getName());
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("M月d日 HH:mm");

    /** How a reminder reaches a resident. */
    public interface Channel {
        /** Sends the text; false when the resident has no way to be reached. Throws when sending failed. */
        boolean send(String communityId, long residentId, String text) throws Exception;
    }

    /** What a round did. */
    public record Round(int sent, int unreachable, int failed) {
    }

    private final DataSource db;
    private final Function<String, ZoneId> zones;
    private final BiPredicate<String, LocalTime> quiet;
    private final Channel channel;

    /** @param quiet whether a community's local time is within its quiet hours (no messages then) */
    public BookingReminders(DataSource db, Function<String, ZoneId> zones, BiPredicate<String, LocalTime> quiet,
                            Channel channel) {
        this.db = db;
        this.zones = zones;
        this.quiet = quiet;
        this.channel = channel;
    }

    private record Due(long id, String code, String communityId, long residentId, String facility, Instant start) {
    }

    public Round run(Instant now) {
        List<Due> due = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT k.id, k.code, k.community_id, k.resident_id, b.name, k.starts_at
                FROM bookings k JOIN bookables b ON b.id = k.bookable_id
                WHERE k.status = 'confirmed' AND k.reminded_at IS NULL AND k.starts_at > ? AND k.starts_at < ?
                ORDER BY k.starts_at""")) {
            // tomorrow in any time zone lies within the next 50 hours
            s.setTimestamp(1, Timestamp.from(now));
            s.setTimestamp(2, Timestamp.from(now.plus(Duration.ofHours(50))));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    due.add(new Due(r.getLong(1), r.getString(2), r.getString(3), r.getLong(4), r.getString(5),
                            r.getTimestamp(6).toInstant()));
                }
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "booking reminders not read", e);
            return new Round(0, 0, 0);
        }
        int sent = 0;
        int unreachable = 0;
        int failed = 0;
        for (Due d : due) {
            ZoneId zone = zones.apply(d.communityId());
            LocalDateTime local = LocalDateTime.ofInstant(now, zone);
            LocalDateTime start = LocalDateTime.ofInstant(d.start(), zone);
            if (!start.toLocalDate().equals(local.toLocalDate().plusDays(1)) || quiet.test(d.communityId(), local.toLocalTime())) {
                continue;
            }
            if (!claim(d.id(), now)) {
                continue;
            }
            String text = "预约提醒：您预约的" + d.facility() + "在明天（" + WHEN.format(start) + "）开始，预约号 "
                    + d.code() + "。如不能前往，请提前取消，方便其他住户使用。";
            try {
                if (channel.send(d.communityId(), d.residentId(), text)) {
                    sent++;
                } else {
                    unreachable++;
                }
            } catch (Exception e) {
                failed++;
                LOG.log(Level.WARNING, "booking reminder " + d.code() + " not sent", e);
            }
        }
        return new Round(sent, unreachable, failed);
    }

    /**
     * Tells a resident about one of their bookings now (a booking released unpaid), through the same
     * channel; not in quiet hours (they were told the deadline when booking). Failures are logged.
     */
    public void tell(dev.guanjia.bookings.booking.Booking b, String text) {
        LocalTime local = LocalDateTime.now(java.time.Clock.system(zones.apply(b.communityId()))).toLocalTime();
        if (quiet.test(b.communityId(), local)) {
            return;
        }
        try {
            channel.send(b.communityId(), b.residentId(), text);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "booking " + b.code() + ": message not sent", e);
        }
    }

    private boolean claim(long id, Instant now) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE bookings SET reminded_at = ? WHERE id = ? AND reminded_at IS NULL")) {
            s.setTimestamp(1, Timestamp.from(now));
            s.setLong(2, id);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "booking reminder not claimed", e);
            return false;
        }
    }

}
