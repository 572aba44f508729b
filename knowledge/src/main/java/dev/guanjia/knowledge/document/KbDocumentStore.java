package dev.guanjia.knowledge.document;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** KB documents in PostgreSQL, their source of truth. */
public final class KbDocumentStore {

    private final DataSource db;

    public KbDocumentStore(DataSource db) {
        this.db = db;
    }

    /**
     * Makes the stored pack documents of a community (null: company-wide) exactly these, on the
     * caller's transaction: changed ones are updated, new ones added, missing ones removed. Articles
     * staff wrote in the console or imported from office documents are not the pack's: they stay.
     */
    public static void replace(Connection c, String communityId, List<KbDocument> docs) throws SQLException {
        replace(c, communityId, docs, java.util.Map.of());
    }

    /** When a document is answered: its first and last day (either null: open). */
    public record Validity(java.time.LocalDate from, java.time.LocalDate until) {
    }

    /**
     * As {@link #replace(Connection, String, List)}, the documents named in {@code validity} answered
     * only on those days (a pack's notices: "10号停水吗" is answered from the notice while it is in force).
     */
    public static void replace(Connection c, String communityId, List<KbDocument> docs,
                               java.util.Map<String, Validity> validity) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("""
                INSERT INTO kb_documents (community_id, doc_id, title, category, tags, updated, body, source_file,
                    valid_from, valid_until)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (coalesce(community_id, ''), doc_id) DO UPDATE SET title = excluded.title,
                    category = excluded.category, tags = excluded.tags, updated = excluded.updated,
                    body = excluded.body, source_file = excluded.source_file, valid_from = excluded.valid_from,
                    valid_until = excluded.valid_until, stored_at = now()""")) {
            for (KbDocument d : docs) {
                bind(c, up, communityId, d);
                Validity v = validity.getOrDefault(d.id(), new Validity(null, null));
                up.setDate(9, v.from() == null ? null : Date.valueOf(v.from()));
                up.setDate(10, v.until() == null ? null : Date.valueOf(v.until()));
                up.addBatch();
            }
            up.executeBatch();
        }
        try (PreparedStatement del = c.prepareStatement("""
                DELETE FROM kb_documents WHERE community_id IS NOT DISTINCT FROM ?
                AND NOT (doc_id = ANY (?)) AND source_file NOT LIKE 'console%' AND source_file NOT LIKE 'import:%'""")) {
            del.setString(1, communityId);
            del.setArray(2, c.createArrayOf("text", docs.stream().map(KbDocument::id).toArray()));
            del.executeUpdate();
        }
    }

    /** Adds or replaces one document of a community (null: company-wide). */
    public void put(String communityId, KbDocument d) {
        try (Connection c = db.getConnection(); PreparedStatement up = c.prepareStatement("""
                INSERT INTO kb_documents (community_id, doc_id, title, category, tags, updated, body, source_file)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (coalesce(community_id, ''), doc_id) DO UPDATE SET title = excluded.title,
                    category = excluded.category, tags = excluded.tags, updated = excluded.updated,
                    body = excluded.body, source_file = excluded.source_file, stored_at = now()""")) {
            bind(c, up, communityId, d);
            up.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store KB document " + d.id() + ": " + e.getMessage(), e);
        }
    }

    /** Removes one document; false when there was none. */
    public boolean delete(String communityId, String docId) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "DELETE FROM kb_documents WHERE community_id IS NOT DISTINCT FROM ? AND doc_id = ?")) {
            s.setString(1, communityId);
            s.setString(2, docId);
            return s.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete KB document " + docId + ": " + e.getMessage(), e);
        }
    }

    private static void bind(Connection c, PreparedStatement up, String communityId, KbDocument d)
            throws SQLException {
        up.setString(1, communityId);
        up.setString(2, d.id());
        up.setString(3, d.title());
        up.setString(4, d.category());
        up.setArray(5, c.createArrayOf("text", d.tags().toArray()));
        up.setDate(6, Date.valueOf(d.updated()));
        up.setString(7, d.body());
        up.setString(8, d.sourceFile());
    }

    /**
     * Every document in service (not retired) with the community it belongs to (null: company-wide)
     * and its validity, for indexing.
     */
    public List<Stored> all() {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT community_id, doc_id, title, category, tags, updated, body, source_file, valid_from, valid_until
                FROM kb_documents WHERE retired_at IS NULL
                ORDER BY community_id NULLS FIRST, doc_id""")) {
            List<Stored> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Date from = rs.getDate(9);
                    Date until = rs.getDate(10);
                    out.add(new Stored(rs.getString(1), read(rs, 2), from == null ? null : from.toLocalDate(),
                            until == null ? null : until.toLocalDate()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read KB documents: " + e.getMessage(), e);
        }
    }

    /**
     * What every stored document is at the moment, without its text: enough for a node to tell which
     * documents changed since it indexed them (another node's edit, an import, a retirement).
     */
    public List<Stamp> stamps() {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT community_id, doc_id, stored_at, retired_at IS NOT NULL, valid_from, valid_until
                FROM kb_documents""")) {
            List<Stamp> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Date from = rs.getDate(5);
                    Date until = rs.getDate(6);
                    out.add(new Stamp(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getBoolean(4),
                            from == null ? null : from.toLocalDate(), until == null ? null : until.toLocalDate()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read KB document stamps: " + e.getMessage(), e);
        }
    }

    /** When a document was last stored, whether it is retired, and its validity. */
    public record Stamp(String communityId, String docId, java.time.Instant storedAt, boolean retired,
                        java.time.LocalDate validFrom, java.time.LocalDate validUntil) {
    }

    /** One document of exactly this scope (null: company-wide), retired or not. */
    public java.util.Optional<Stored> exactly(String communityId, String docId) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT community_id, doc_id, title, category, tags, updated, body, source_file, valid_from, valid_until
                FROM kb_documents WHERE community_id IS NOT DISTINCT FROM ? AND doc_id = ?""")) {
            s.setString(1, communityId);
            s.setString(2, docId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return java.util.Optional.empty();
                }
                Date from = rs.getDate(9);
                Date until = rs.getDate(10);
                return java.util.Optional.of(new Stored(rs.getString(1), read(rs, 2),
                        from == null ? null : from.toLocalDate(), until == null ? null : until.toLocalDate()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read KB document: " + e.getMessage(), e);
        }
    }

    /**
     * A document, its community (null: company-wide) and the days it is answered on (either end null:
     * open).
     */
    public record Stored(String communityId, KbDocument document, java.time.LocalDate validFrom,
                         java.time.LocalDate validUntil) {

        public Stored(String communityId, KbDocument document) {
            this(communityId, document, null, null);
        }

        /** Whether the document is answered on this day. */
        public boolean validOn(java.time.LocalDate day) {
            return (validFrom == null || !day.isBefore(validFrom)) && (validUntil == null || !day.isAfter(validUntil));
        }
    }

    private static KbDocument read(ResultSet rs, int from) throws SQLException {
        return new KbDocument(rs.getString(from), rs.getString(from + 1), rs.getString(from + 2),
                List.of((String[]) rs.getArray(from + 3).getArray()), rs.getDate(from + 4).toLocalDate(),
                rs.getString(from + 5), rs.getString(from + 6));
    }

    /** One document as a community sees it: its own, else the company-wide one of that id. */
    public java.util.Optional<KbDocument> find(String communityId, String docId) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT doc_id, title, category, tags, updated, body, source_file FROM kb_documents
                WHERE (community_id = ? OR community_id IS NULL) AND doc_id = ? AND retired_at IS NULL
                ORDER BY community_id NULLS LAST LIMIT 1""")) {
            s.setString(1, communityId);
            s.setString(2, docId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? java.util.Optional.of(read(rs, 1)) : java.util.Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read KB document: " + e.getMessage(), e);
        }
    }

    /** A community's documents in service plus the company-wide ones, by id. */
    public List<KbDocument> forCommunity(String communityId) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT doc_id, title, category, tags, updated, body, source_file FROM kb_documents
                WHERE (community_id = ? OR community_id IS NULL) AND retired_at IS NULL ORDER BY doc_id""")) {
            s.setString(1, communityId);
            List<KbDocument> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs, 1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read KB documents: " + e.getMessage(), e);
        }
    }
}
