package dev.guanjia.notices.notice;

import dev.guanjia.community.audit.AuditLog;
import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.community.privacy.Rows;
import dev.guanjia.community.refusal.Refusal;
import dev.guanjia.community.resident.Households;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The notices of every community: staff publish, edit and withdraw them (each change audited in the
 * same transaction), residents and the bot read the current ones. "Current" is decided by the
 * service's clock in the community's time zone, so a notice ends at midnight where the community is
 * and an evaluation run "as of" a day sees that day's notices.
 */
public final class Notices {

    private static final String COLUMNS = """
            id, community_id, title, body, category, buildings, valid_from, valid_until, source_doc, created_by,
            created_at, updated_at, withdrawn_at""";

    private final DataSource db;
    private final Clock clock;
    private final CommunityDirectory communities;

    public Notices(DataSource db, Clock clock, CommunityDirectory communities) {
        this.db = db;
        this.clock = clock;
        this.communities = communities;
    }

    /** The day it is now in the community. */
    public LocalDate today(String communityId) {
        return clock.instant().atZone(communities.zone(communityId)).toLocalDate();
    }

    /** Publishes a notice; the actor ("staff:a1") is audited. */
    public Notice publish(String communityId, NoticeDraft d, String actor) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                checkBuildings(c, communityId, d.buildings());
                long id = insert(c, clock.instant(), communityId, d, null, actor);
                AuditLog.append(c, actor, "notice.published", communityId, "notice:" + id, summary(d));
                c.commit();
                return find(communityId, id).orElseThrow();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot publish notice: " + e.getMessage(), e);
        }
    }

    /** Rewrites a standing notice; the audit entry keeps what it said before. */
    public Notice edit(String communityId, long id, NoticeDraft d, String actor) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                Notice before = lock(c, communityId, id);
                if (before.withdrawn() != null) {
                    throw new Refusal(Refusal.Reason.CONFLICT, "notice_withdrawn", "该公告已撤回，不能再修改");
                }
                checkBuildings(c, communityId, d.buildings());
                Rows.update(c, """
                        UPDATE notices SET title = ?, body = ?, category = ?, buildings = ?, valid_from = ?,
                            valid_until = ?, updated_at = ? WHERE id = ?""", d.title(), d.body(), d.category().code(),
                        c.createArrayOf("text", d.buildings().toArray()), Date.valueOf(d.validFrom()),
                        Date.valueOf(d.validUntil()), Timestamp.from(clock.instant()), id);
                AuditLog.append(c, actor, "notice.edited", communityId, "notice:" + id,
                        "before: " + summary(before) + " | after: " + summary(d));
                c.commit();
                return find(communityId, id).orElseThrow();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot edit notice: " + e.getMessage(), e);
        }
    }

    /** Withdraws a notice: it stops answering and showing, and messages not yet sent are cancelled. */
    public Notice withdraw(String communityId, long id, String actor, String reason) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                Notice before = lock(c, communityId, id);
                if (before.withdrawn() == null) {
                    Timestamp now = Timestamp.from(clock.instant());
                    Rows.update(c, "UPDATE notices SET withdrawn_at = ?, updated_at = ? WHERE id = ?", now, now, id);
                    Rows.update(c, """
                            UPDATE notice_deliveries SET state = 'cancelled', last_error = 'notice withdrawn'
                            WHERE notice_id = ? AND state = 'queued'""", id);
                    AuditLog.append(c, actor, "notice.withdrawn", communityId, "notice:" + id,
                            (reason == null || reason.isBlank() ? "" : "reason: " + reason.strip() + " | ")
                                    + summary(before));
                }
                c.commit();
                return find(communityId, id).orElseThrow();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot withdraw notice: " + e.getMessage(), e);
        }
    }

    /**
     * Publishes or rewrites the notice a pack's knowledge article carries (keyed by its document id);
     * returns its id. An unchanged article changes nothing and writes no audit entry.
     */
    public long importFromPack(String communityId, String docId, NoticeDraft d) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                long id = importFromPack(c, clock.instant(), communityId, docId, d);
                c.commit();
                return id;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot import notice " + docId + ": " + e.getMessage(), e);
        }
    }

    /** As {@link #importFromPack(String, String, NoticeDraft)}, inside the pack import's transaction. */
    public static long importFromPack(Connection c, Instant now, String communityId, String docId, NoticeDraft d)
            throws SQLException {
        List<Long> found = Rows.longs(c,
                "SELECT id FROM notices WHERE community_id = ? AND source_doc = ? FOR UPDATE", communityId, docId);
        if (found.isEmpty()) {
            long id = insert(c, now, communityId, d, docId, "pack");
            AuditLog.append(c, "pack", "notice.published", communityId, "notice:" + id, summary(d));
            return id;
        }
        long id = found.get(0);
        Notice before = lock(c, communityId, id);
        if (!same(before, d) || before.withdrawn() != null) {
            Rows.update(c, """
                    UPDATE notices SET title = ?, body = ?, category = ?, buildings = ?, valid_from = ?,
                        valid_until = ?, updated_at = ?, withdrawn_at = NULL WHERE id = ?""", d.title(),
                    d.body(), d.category().code(), c.createArrayOf("text", d.buildings().toArray()),
                    Date.valueOf(d.validFrom()), Date.valueOf(d.validUntil()), Timestamp.from(now), id);
            AuditLog.append(c, "pack", "notice.edited", communityId, "notice:" + id,
                    "before: " + summary(before) + " | after: " + summary(d));
        }
        return id;
    }

    /**
     * Withdraws the community's pack notices whose article is no longer in the pack (a re-import
     * without it); returns how many.
     */
    public static int withdrawRemovedFromPack(Connection c, Instant now, String communityId, Collection<String> kept)
            throws SQLException {
        List<Long> gone = Rows.longs(c, """
                SELECT id FROM notices WHERE community_id = ? AND source_doc IS NOT NULL AND withdrawn_at IS NULL
                  AND NOT (source_doc = ANY (?))""", communityId, c.createArrayOf("text", kept.toArray()));
        for (long id : gone) {
            Rows.update(c, "UPDATE notices SET withdrawn_at = ?, updated_at = ? WHERE id = ?", Timestamp.from(now),
                    Timestamp.from(now), id);
            Rows.update(c, """
                    UPDATE notice_deliveries SET state = 'cancelled', last_error = 'notice withdrawn'
                    WHERE notice_id = ? AND state = 'queued'""", id);
            AuditLog.append(c, "pack", "notice.withdrawn", communityId, "notice:" + id, "no longer in the pack");
        }
        return gone.size();
    }

    /** One notice of the community, withdrawn or not. */
    public Optional<Notice> find(String communityId, long id) {
        return query("SELECT " + COLUMNS + " FROM notices WHERE community_id = ? AND id = ?", communityId, id)
                .stream().findFirst();
    }

    /** Every notice of the community, newest first (the console's list). */
    public List<Notice> list(String communityId) {
        return query("SELECT " + COLUMNS + " FROM notices WHERE community_id = ? ORDER BY created_at DESC, id DESC",
                communityId);
    }

    /**
     * Every notice in force today, whichever buildings it concerns, community-wide ones last: for a visitor who
     * names no building, to whom each is told with its buildings.
     */
    public List<Notice> everyCurrent(String communityId) {
        LocalDate today = today(communityId);
        List<Notice> out = new ArrayList<>(query("SELECT " + COLUMNS + """
                 FROM notices WHERE community_id = ? AND withdrawn_at IS NULL AND valid_from <= ? AND valid_until >= ?
                ORDER BY valid_from DESC, id DESC""", communityId, Date.valueOf(today), Date.valueOf(today)));
        out.sort(java.util.Comparator.comparing(Notice::communityWide));
        return out;
    }

    /**
     * The notices that apply today to someone in these buildings: those for the whole community and
     * those naming one of the buildings, the building's own first, then the most recent. With no
     * buildings (an anonymous visitor), the whole community's only.
     */
    public List<Notice> current(String communityId, Collection<String> buildings) {
        LocalDate today = today(communityId);
        List<String> mine = buildings == null ? List.of() : List.copyOf(buildings);
        List<Notice> out = new ArrayList<>(query("SELECT " + COLUMNS + """
                 FROM notices WHERE community_id = ? AND withdrawn_at IS NULL AND valid_from <= ? AND valid_until >= ?
                  AND (buildings = '{}' OR buildings && ?::text[])
                ORDER BY valid_from DESC, id DESC""", communityId, Date.valueOf(today), Date.valueOf(today),
                mine.toArray(String[]::new)));
        out.sort(java.util.Comparator.comparing(Notice::communityWide));
        return out;
    }

    // ---------------------------------------------------------------------------------------------

    private static long insert(Connection c, Instant at, String communityId, NoticeDraft d, String sourceDoc,
                               String actor) throws SQLException {
        Timestamp now = Timestamp.from(at);
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO notices (community_id, title, body, category, buildings, valid_from, valid_until,
                    source_doc, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                RETURNING id""")) {
            s.setString(1, communityId);
            s.setString(2, d.title());
            s.setString(3, d.body());
            s.setString(4, d.category().code());
            s.setArray(5, c.createArrayOf("text", d.buildings().toArray()));
            s.setDate(6, Date.valueOf(d.validFrom()));
            s.setDate(7, Date.valueOf(d.validUntil()));
            s.setString(8, sourceDoc);
            s.setString(9, actor);
            s.setTimestamp(10, now);
            s.setTimestamp(11, now);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void checkBuildings(Connection c, String communityId, List<String> buildings) throws SQLException {
        for (String b : buildings) {
            if (Households.houseIdsInBuilding(c, communityId, b).isEmpty()) {
                throw new Refusal(Refusal.Reason.INVALID, "notice_building", "本小区没有楼栋“" + b + "”");
            }
        }
    }

    private static Notice lock(Connection c, String communityId, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS
                + " FROM notices WHERE community_id = ? AND id = ? FOR UPDATE")) {
            s.setString(1, communityId);
            s.setLong(2, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new Refusal(Refusal.Reason.NOT_FOUND, "notice_not_found", "没有这条公告");
                }
                return read(rs);
            }
        }
    }

    private List<Notice> query(String sql, Object... params) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                Object p = params[i];
                if (p instanceof String[] arr) {
                    s.setArray(i + 1, c.createArrayOf("text", arr));
                } else {
                    s.setObject(i + 1, p);
                }
            }
            List<Notice> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read notices: " + e.getMessage(), e);
        }
    }

    private static Notice read(ResultSet rs) throws SQLException {
        Array b = rs.getArray("buildings");
        Timestamp withdrawn = rs.getTimestamp("withdrawn_at");
        return new Notice(rs.getLong("id"), rs.getString("community_id"), rs.getString("title"), rs.getString("body"),
                category(rs.getString("category")), Arrays.asList((String[]) b.getArray()),
                rs.getDate("valid_from").toLocalDate(), rs.getDate("valid_until").toLocalDate(),
                rs.getString("source_doc"), rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), withdrawn == null ? null : withdrawn.toInstant());
    }

    private static NoticeCategory category(String code) {
        return dev.guanjia.community.code.Coded.require(NoticeCategory.class, code);
    }

    private static boolean same(Notice n, NoticeDraft d) {
        return n.title().equals(d.title()) && n.body().equals(d.body()) && n.category() == d.category()
                && n.buildings().equals(d.buildings()) && n.validFrom().equals(d.validFrom())
                && n.validUntil().equals(d.validUntil());
    }

    private static String summary(NoticeDraft d) {
        return summary(d.title(), d.category(), d.buildings(), d.validFrom(), d.validUntil(), d.body());
    }

    private static String summary(Notice n) {
        return summary(n.title(), n.category(), n.buildings(), n.validFrom(), n.validUntil(), n.body());
    }

    private static String summary(String title, NoticeCategory category, List<String> buildings, LocalDate from,
                                  LocalDate until, String body) {
        return category.code() + " \"" + title + "\" " + (buildings.isEmpty() ? "all buildings" : "buildings "
                + String.join(",", buildings)) + " " + from + ".." + until + " body " + body.length() + " chars: "
                + (body.length() > 200 ? body.substring(0, 200) + "…" : body);
    }
}
