package dev.guanjia.knowledge.editing;

import dev.guanjia.knowledge.KnowledgeBase;
import dev.guanjia.knowledge.document.KbDocument;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * Knowledge articles edited in the console. {@code kb_documents} holds each article as it stands (the
 * search index is derived from it); every save — create, edit, retire, restore, roll back — also
 * writes a new row of {@code kb_document_versions} and an audit entry in the same transaction, then
 * updates the index for that one article, so the next search answers from it while searches go on.
 */
public final class Articles {

    /** Appends an audit entry on the caller's transaction (the community module's audit log). */
    @FunctionalInterface
    public interface Audit {
        void append(Connection c, String actor, String action, String communityId, String subject, String details)
                throws SQLException;
    }

    public static final int MAX_BODY = 200_000;
    private static final Pattern DOC_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,79}");

    private final DataSource db;
    private final KnowledgeBase kb;
    private final Clock clock;
    private final Audit audit;
    // a save and its index update as one step: two saves of an article reach the index in commit order
    private final ReentrantLock saving = new ReentrantLock();

    public Articles(DataSource db, KnowledgeBase kb, Clock clock, Audit audit) {
        this.db = db;
        this.kb = kb;
        this.clock = clock;
        this.audit = audit;
    }

    /** Today in a community (null: company-wide), by the service's clock. */
    public LocalDate today(String communityId) {
        return kb.today(communityId);
    }

    /**
     * A community's own articles and the company-wide ones (communityId null: the company-wide ones
     * only), retired ones included, by id; a company-wide article comes before the community's
     * article that overrides it.
     */
    public List<Article> list(String communityId) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(SELECT
                + " WHERE d.community_id IS NULL OR d.community_id = ? ORDER BY d.doc_id, d.community_id NULLS FIRST")) {
            s.setString(1, communityId);
            List<Article> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list knowledge articles: " + e.getMessage(), e);
        }
    }

    /** One article of exactly this scope (null: company-wide). */
    public Optional<Article> find(String communityId, String docId) {
        try (Connection c = db.getConnection()) {
            return find(c, communityId, docId);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read knowledge article: " + e.getMessage(), e);
        }
    }

    /** Its versions, newest first. */
    public List<ArticleVersion> versions(String communityId, String docId) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT version, action, author, saved_at, title, category, tags, body, valid_from, valid_until,
                    retired, from_version FROM kb_document_versions
                WHERE community_id IS NOT DISTINCT FROM ? AND doc_id = ? ORDER BY version DESC""")) {
            s.setString(1, communityId);
            s.setString(2, docId);
            List<ArticleVersion> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    int from = rs.getInt(12);
                    out.add(new ArticleVersion(rs.getInt(1), rs.getString(2), rs.getString(3),
                            rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getString(6),
                            List.of((String[]) rs.getArray(7).getArray()), rs.getString(8), date(rs, 9),
                            date(rs, 10), rs.getBoolean(11), rs.wasNull() || from == 0 ? null : from));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read knowledge article versions: " + e.getMessage(), e);
        }
    }

    /** Writes a new article; refused when one of that id exists in that scope. */
    public Article create(String communityId, String docId, ArticleDraft draft, String author) {
        if (docId == null || !DOC_ID.matcher(docId).matches()) {
            throw new ArticleRefusal(ArticleRefusal.Kind.INVALID, "doc_id_invalid",
                    "the article id must be 1-80 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        State next = State.of(check(draft), null);
        return save(communityId, docId, "created", author, null, current -> {
            if (current != null) {
                throw new ArticleRefusal(ArticleRefusal.Kind.CONFLICT, "article_exists",
                        "an article with id '" + docId + "' already exists here; edit it instead");
            }
            return next;
        });
    }

    /**
     * Creates the article or saves a new version of it, as another feature writes it (an imported
     * document, an unanswered question added as an example): no base version, the latest save wins;
     * a retired article takes the text and stays retired. {@code action} names the version (imported…).
     */
    public Article put(String communityId, String docId, ArticleDraft draft, String author, String action,
                       String sourceFile) {
        if (docId == null || !DOC_ID.matcher(docId).matches()) {
            throw new ArticleRefusal(ArticleRefusal.Kind.INVALID, "doc_id_invalid",
                    "the article id must be 1-80 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        ArticleDraft d = check(draft);
        return save(communityId, docId, action, author, null, sourceFile,
                current -> State.of(d, current == null ? null : current.retiredAt()));
    }

    /** Saves a new version of an article in service. */
    public Article edit(String communityId, String docId, ArticleDraft draft, String author) {
        State next = State.of(check(draft), null);
        return save(communityId, docId, "edited", author, null, current -> {
            Article now = existing(current, docId);
            if (now.retired()) {
                throw new ArticleRefusal(ArticleRefusal.Kind.CONFLICT, "article_retired",
                        "the article is retired; restore it before editing");
            }
            if (draft.baseVersion() != null && draft.baseVersion() != now.version()) {
                throw new ArticleRefusal(ArticleRefusal.Kind.CONFLICT, "article_changed",
                        "the article was saved by someone else meanwhile (version " + now.version()
                                + ", you edited version " + draft.baseVersion() + "); reload it");
            }
            return next;
        });
    }

    /** Takes an article out of search; it stays listed as retired and can be restored. */
    public Article retire(String communityId, String docId, String author) {
        return save(communityId, docId, "retired", author, null, current -> {
            Article now = existing(current, docId);
            if (now.retired()) {
                throw new ArticleRefusal(ArticleRefusal.Kind.CONFLICT, "article_retired", "the article is already retired");
            }
            return State.of(now, clock.instant());
        });
    }

    /** Puts a retired article back into search as it was. */
    public Article restore(String communityId, String docId, String author) {
        return save(communityId, docId, "restored", author, null, current -> {
            Article now = existing(current, docId);
            if (!now.retired()) {
                throw new ArticleRefusal(ArticleRefusal.Kind.CONFLICT, "article_in_service", "the article is not retired");
            }
            return State.of(now, null);
        });
    }

    /** Makes an earlier version the article's state again, as a new version. */
    public Article rollBack(String communityId, String docId, int version, String author) {
        ArticleVersion old = versions(communityId, docId).stream().filter(v -> v.version() == version).findFirst()
                .orElseThrow(() -> new ArticleRefusal(ArticleRefusal.Kind.NOT_FOUND, "version_not_found",
                        "article '" + docId + "' has no version " + version));
        return save(communityId, docId, "rolled_back", author, version, current -> {
            existing(current, docId);
            return new State(old.title(), old.category(), old.tags(), old.body(), old.validFrom(), old.validUntil(),
                    old.retired() ? clock.instant() : null);
        });
    }

    /** The line diff from one version to another (title, category, tags and validity first, then the body). */
    public List<LineDiff.Line> diff(String communityId, String docId, int from, int to) {
        List<ArticleVersion> all = versions(communityId, docId);
        return LineDiff.of(text(pick(all, docId, from)), text(pick(all, docId, to)));
    }

    private static ArticleVersion pick(List<ArticleVersion> all, String docId, int version) {
        return all.stream().filter(v -> v.version() == version).findFirst()
                .orElseThrow(() -> new ArticleRefusal(ArticleRefusal.Kind.NOT_FOUND, "version_not_found",
                        "article '" + docId + "' has no version " + version));
    }

    /** A version as lines, so a change of title or validity shows in the same diff as the body's. */
    static String text(ArticleVersion v) {
        return "标题：" + v.title() + "\n分类：" + v.category() + "\n标签：" + String.join("、", v.tags())
                + "\n有效期：" + (v.validFrom() == null ? "" : v.validFrom()) + " ~ "
                + (v.validUntil() == null ? "" : v.validUntil()) + "\n状态：" + (v.retired() ? "已停用" : "使用中")
                + "\n\n" + v.body();
    }

    private static Article existing(Article current, String docId) {
        if (current == null) {
            throw new ArticleRefusal(ArticleRefusal.Kind.NOT_FOUND, "article_not_found", "no article '" + docId + "' here");
        }
        return current;
    }

    private static ArticleDraft check(ArticleDraft d) {
        String title = d.title() == null ? "" : d.title().strip();
        if (title.isEmpty() || title.length() > 200) {
            throw new ArticleRefusal(ArticleRefusal.Kind.INVALID, "title_invalid", "a title of 1-200 characters is required");
        }
        if (d.category() == null || !KbDocument.CATEGORIES.contains(d.category())) {
            throw new ArticleRefusal(ArticleRefusal.Kind.INVALID, "category_invalid",
                    "category must be one of " + String.join(", ", KbDocument.CATEGORIES));
        }
        List<String> tags = new ArrayList<>();
        for (String t : d.tags() == null ? List.<String>of() : d.tags()) {
            String s = t == null ? "" : t.strip();
            if (!s.isEmpty() && !tags.contains(s)) {
                if (s.length() > 30 || s.contains(" ")) {
                    throw new ArticleRefusal(ArticleRefusal.Kind.INVALID, "tag_invalid",
                            "a tag is one word of at most 30 characters: '" + s + "'");
                }
                tags.add(s);
            }
        }
        if (tags.size() > 20) {
            throw new ArticleRefusal(ArticleRefusal.Kind.INVALID, "tags_too_many", "at most 20 tags");
        }
        String body = d.body() == null ? "" : d.body().replace("\r\n", "\n").strip();
        if (body.isEmpty()) {
            throw new ArticleRefusal(ArticleRefusal.Kind.INVALID, "body_missing", "the article has no text");
        }
        if (body.length() > MAX_BODY) {
            throw new ArticleRefusal(ArticleRefusal.Kind.INVALID, "body_too_long",
                    "the text is longer than " + MAX_BODY + " characters");
        }
        if (d.validFrom() != null && d.validUntil() != null && d.validUntil().isBefore(d.validFrom())) {
            throw new ArticleRefusal(ArticleRefusal.Kind.INVALID, "validity_invalid",
                    "valid until (" + d.validUntil() + ") is before valid from (" + d.validFrom() + ")");
        }
        return new ArticleDraft(title, d.category(), List.copyOf(tags), body, d.validFrom(), d.validUntil(),
                d.baseVersion());
    }

    /** What a save makes the article: its fields, and when it was retired (null: in service). */
    private record State(String title, String category, List<String> tags, String body, LocalDate validFrom,
                         LocalDate validUntil, Instant retiredAt) {
        static State of(ArticleDraft d, Instant retiredAt) {
            return new State(d.title(), d.category(), d.tags(), d.body(), d.validFrom(), d.validUntil(), retiredAt);
        }

        static State of(Article a, Instant retiredAt) {
            return new State(a.title(), a.category(), a.tags(), a.body(), a.validFrom(), a.validUntil(), retiredAt);
        }
    }

    @FunctionalInterface
    private interface Change {
        State next(Article current);
    }

    private Article save(String communityId, String docId, String action, String author, Integer fromVersion,
                         Change change) {
        return save(communityId, docId, action, author, fromVersion, null, change);
    }

    /** @param sourceFile where the text came from (an imported file); null: kept, or the console's */
    private Article save(String communityId, String docId, String action, String author, Integer fromVersion,
                         String sourceFile, Change change) {
        saving.lock();
        try {
            Article saved;
            try (Connection c = db.getConnection()) {
                c.setAutoCommit(false);
                try {
                    try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                        lock.setString(1, "kb:" + (communityId == null ? "" : communityId) + "/" + docId);
                        lock.execute();
                    }
                    Article current = find(c, communityId, docId).orElse(null);
                    State next = change.next(current);
                    int version = current == null ? 0 : current.version();
                    if (current != null && version == 0) {
                        // its state before the console first saved it (a pack's article) is version 1
                        version = 1;
                        insertVersion(c, communityId, docId, version, "imported", "pack", current.savedAt(),
                                State.of(current, current.retiredAt()), null);
                    }
                    Instant now = clock.instant();
                    upsert(c, communityId, docId, next, today(communityId), sourceFile != null ? sourceFile
                            : current == null ? "console:" + docId : current.sourceFile());
                    insertVersion(c, communityId, docId, version + 1, action, author, now, next, fromVersion);
                    audit.append(c, author, "knowledge.article_" + action, communityId, "kb:" + docId,
                            "version " + (version + 1) + (fromVersion == null ? "" : " (from version " + fromVersion + ")")
                                    + ": " + next.title());
                    saved = find(c, communityId, docId).orElseThrow();
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot save knowledge article " + docId + ": " + e.getMessage(), e);
            }
            try {
                kb.reindex(communityId, document(saved), saved.validFrom(), saved.validUntil(), saved.retired(),
                        saved.savedAt());
            } catch (IOException e) {
                // stored but not yet searchable: the next catch-up round (within seconds) tries again
                throw new UncheckedIOException("article " + docId + " saved, but the search index was not updated", e);
            }
            return saved;
        } finally {
            saving.unlock();
        }
    }

    /** The article as the index takes it. */
    public static KbDocument document(Article a) {
        return new KbDocument(a.docId(), a.title(), a.category(), a.tags(),
                a.savedAt().atZone(KnowledgeBase.DEFAULT_ZONE).toLocalDate(), a.body(), a.sourceFile());
    }

    private static void upsert(Connection c, String communityId, String docId, State s, LocalDate today,
                               String sourceFile) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("""
                INSERT INTO kb_documents (community_id, doc_id, title, category, tags, updated, body, source_file,
                    valid_from, valid_until, retired_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (coalesce(community_id, ''), doc_id) DO UPDATE SET title = excluded.title,
                    category = excluded.category, tags = excluded.tags, updated = excluded.updated,
                    body = excluded.body, valid_from = excluded.valid_from, valid_until = excluded.valid_until,
                    retired_at = excluded.retired_at, stored_at = now()""")) {
            up.setString(1, communityId);
            up.setString(2, docId);
            up.setString(3, s.title());
            up.setString(4, s.category());
            up.setArray(5, c.createArrayOf("text", s.tags().toArray()));
            up.setDate(6, Date.valueOf(today));
            up.setString(7, s.body());
            up.setString(8, sourceFile);
            up.setDate(9, s.validFrom() == null ? null : Date.valueOf(s.validFrom()));
            up.setDate(10, s.validUntil() == null ? null : Date.valueOf(s.validUntil()));
            up.setTimestamp(11, s.retiredAt() == null ? null : Timestamp.from(s.retiredAt()));
            up.executeUpdate();
        }
    }

    private static void insertVersion(Connection c, String communityId, String docId, int version, String action,
                                      String author, Instant at, State s, Integer fromVersion) throws SQLException {
        try (PreparedStatement in = c.prepareStatement("""
                INSERT INTO kb_document_versions (community_id, doc_id, version, action, author, saved_at, title,
                    category, tags, body, valid_from, valid_until, retired, from_version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            in.setString(1, communityId);
            in.setString(2, docId);
            in.setInt(3, version);
            in.setString(4, action);
            in.setString(5, author);
            in.setTimestamp(6, Timestamp.from(at));
            in.setString(7, s.title());
            in.setString(8, s.category());
            in.setArray(9, c.createArrayOf("text", s.tags().toArray()));
            in.setString(10, s.body());
            in.setDate(11, s.validFrom() == null ? null : Date.valueOf(s.validFrom()));
            in.setDate(12, s.validUntil() == null ? null : Date.valueOf(s.validUntil()));
            in.setBoolean(13, s.retiredAt() != null);
            if (fromVersion == null) {
                in.setNull(14, java.sql.Types.INTEGER);
            } else {
                in.setInt(14, fromVersion);
            }
            in.executeUpdate();
        }
    }

    private static final String SELECT = """
            SELECT d.community_id, d.doc_id, d.title, d.category, d.tags, d.body, d.valid_from, d.valid_until,
                d.retired_at, coalesce((SELECT max(v.version) FROM kb_document_versions v
                    WHERE v.community_id IS NOT DISTINCT FROM d.community_id AND v.doc_id = d.doc_id), 0),
                d.stored_at, d.source_file
            FROM kb_documents d""";

    private static Optional<Article> find(Connection c, String communityId, String docId)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT
                + " WHERE d.community_id IS NOT DISTINCT FROM ? AND d.doc_id = ?")) {
            s.setString(1, communityId);
            s.setString(2, docId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static Article read(ResultSet rs) throws SQLException {
        Timestamp retired = rs.getTimestamp(9);
        return new Article(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                List.of((String[]) rs.getArray(5).getArray()), rs.getString(6), date(rs, 7), date(rs, 8),
                retired == null ? null : retired.toInstant(), rs.getInt(10), rs.getTimestamp(11).toInstant(),
                rs.getString(12));
    }

    private static LocalDate date(ResultSet rs, int column) throws SQLException {
        Date d = rs.getDate(column);
        return d == null ? null : d.toLocalDate();
    }
}
