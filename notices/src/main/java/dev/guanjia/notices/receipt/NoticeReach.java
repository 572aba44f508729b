package dev.guanjia.notices.receipt;

import dev.guanjia.community.privacy.Rows;
import dev.guanjia.notices.delivery.Audience;
import dev.guanjia.notices.notice.Notice;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Read receipts: which of a notice's residents it reached, and where — a WeChat message sent, the
 * web chat's banner shown to them signed in, the phone line's key 4, the bot's answer. Only
 * residents the notice is for count towards its reach.
 */
public final class NoticeReach {

    public static final String WEB = "web";
    public static final String VOICE = "voice";
    public static final String CHAT = "chat";
    public static final String WECHAT = "wechat";

    /**
     * @param targeted  residents the notice is for
     * @param reached   of them, those it reached on any channel
     * @param byChannel of them, those it reached per channel (wechat, web, voice, chat)
     */
    public record Reach(int targeted, int reached, Map<String, Integer> byChannel) {
    }

    private final DataSource db;
    private final Clock clock;

    public NoticeReach(DataSource db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Records that a resident saw these notices on a channel (the first time counts). */
    public void seen(Collection<Long> noticeIds, long residentId, String channel) {
        if (noticeIds.isEmpty()) {
            return;
        }
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO notice_reads (notice_id, resident_id, channel, first_at) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING""")) {
            for (long id : noticeIds) {
                s.setLong(1, id);
                s.setLong(2, residentId);
                s.setString(3, channel);
                s.setTimestamp(4, Timestamp.from(clock.instant()));
                s.addBatch();
            }
            s.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record notice reads: " + e.getMessage(), e);
        }
    }

    /** How far the notice reached. */
    public Reach of(Notice n) {
        try (Connection c = db.getConnection()) {
            TreeSet<Long> targeted = Audience.of(c, n);
            Map<String, Integer> byChannel = new LinkedHashMap<>();
            Set<Long> reached = new HashSet<>();
            Set<Long> wechat = new HashSet<>(Rows.longs(c,
                    "SELECT resident_id FROM notice_deliveries WHERE notice_id = ? AND state = 'sent'", n.id()));
            wechat.retainAll(targeted);
            byChannel.put(WECHAT, wechat.size());
            reached.addAll(wechat);
            for (String channel : new String[] {WEB, VOICE, CHAT}) {
                Set<Long> read = new HashSet<>(Rows.longs(c,
                        "SELECT resident_id FROM notice_reads WHERE notice_id = ? AND channel = ?", n.id(), channel));
                read.retainAll(targeted);
                byChannel.put(channel, read.size());
                reached.addAll(read);
            }
            return new Reach(targeted.size(), reached.size(), byChannel);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count notice reach: " + e.getMessage(), e);
        }
    }

    /** The delivery rows of a notice by state (queued, sent, failed…), for the console. */
    public Map<String, Integer> deliveries(long noticeId) {
        try (Connection c = db.getConnection()) {
            Map<String, Integer> out = new LinkedHashMap<>();
            for (Map<String, Object> r : Rows.list(c, """
                    SELECT state, count(*)::int AS n FROM notice_deliveries WHERE notice_id = ?
                    GROUP BY state ORDER BY state""", noticeId)) {
                out.put((String) r.get("state"), (Integer) r.get("n"));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count notice deliveries: " + e.getMessage(), e);
        }
    }
}
