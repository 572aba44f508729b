package dev.guanjia.knowledge;

import dev.guanjia.knowledge.analysis.Aliases;
import dev.guanjia.knowledge.analysis.Colloquial;
import dev.guanjia.knowledge.analysis.KnowledgeAnalysis;
import dev.guanjia.knowledge.document.KbDocument;
import dev.guanjia.knowledge.document.KbDocumentStore;
import dev.guanjia.knowledge.embedding.Embedder;
import dev.guanjia.knowledge.index.KnowledgeIndex;
import dev.guanjia.knowledge.index.SourceDocument;
import dev.guanjia.knowledge.search.RankingModel;
import dev.guanjia.knowledge.search.KnowledgeSearch;
import dev.guanjia.knowledge.search.QuestionEmbedding;
import dev.guanjia.knowledge.search.SearchResult;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The knowledge module as the rest of Guanjia uses it: documents in PostgreSQL, the derived index
 * on disk, and search. Built once per process; closing it stops its question-embedding threads.
 */
public final class KnowledgeBase implements Closeable {

    private final KbDocumentStore store;
    private final KnowledgeIndex index;
    private final KnowledgeSearch search;
    private final QuestionEmbedding embedding = new QuestionEmbedding();
    private volatile java.time.Clock clock = java.time.Clock.systemUTC();
    // serialises index updates from edits with the catch-up rounds, which compare against this map
    private final java.util.concurrent.locks.ReentrantLock sync = new java.util.concurrent.locks.ReentrantLock();
    private final java.util.Map<String, String> indexed = new java.util.concurrent.ConcurrentHashMap<>();
    // the stamps a rebuild read its documents at (null: no rebuild since the last look)
    private volatile java.util.Map<String, java.time.Instant> sourced;
    private volatile java.util.function.Function<String, java.time.ZoneId> zones = c -> DEFAULT_ZONE;

    /** Where "today" is for company-wide articles and when no community's zone is known. */
    /** Where kb_documents' trigger NOTIFYs every node of a change (knowledge migration V3). */
    public static final String CHANGES_CHANNEL = "guanjia_knowledge";

    private final java.util.concurrent.Semaphore changedElsewhere = new java.util.concurrent.Semaphore(0);
    private Thread follower;
    private volatile boolean closing;
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(KnowledgeBase.class.getName());

    public static final java.time.ZoneId DEFAULT_ZONE = java.time.ZoneId.of("Asia/Shanghai");

    public KnowledgeBase(KbDocumentStore store, Path indexDir, Embedder embedder, Aliases aliases) {
        this(store, indexDir, embedder, aliases, KnowledgeSearch.Weights.defaults());
    }

    public KnowledgeBase(KbDocumentStore store, Path indexDir, Embedder embedder, Aliases aliases,
                         KnowledgeSearch.Weights weights) {
        this(store, indexDir, embedder, aliases, Colloquial.bundled(), weights);
    }

    public KnowledgeBase(KbDocumentStore store, Path indexDir, Embedder embedder, Aliases aliases,
                         Colloquial colloquial, KnowledgeSearch.Weights weights) {
        KnowledgeAnalysis analysis = new KnowledgeAnalysis();
        analysis.addWords(aliases.words());
        this.store = store;
        this.index = new KnowledgeIndex(indexDir, embedder, analysis);
        this.search = new KnowledgeSearch(index, embedder, analysis, aliases, colloquial, weights,
                RankingModel.bundled(), embedding);
    }

    /** Opens the index, rebuilding it from PostgreSQL when it is missing, damaged or outdated. */
    public KnowledgeBase open() throws IOException {
        index.open(this::sources);
        learnIndexed();
        return this;
    }

    /** Rebuilds the whole index from PostgreSQL (searches continue on the old one meanwhile). */
    public void rebuild() throws IOException {
        index.rebuild(sources());
        learnIndexed();
    }

    /**
     * The service's clock, and each community's time zone (given null for company-wide articles):
     * an article is answered only on the days of its validity there.
     */
    public KnowledgeBase useClock(java.time.Clock clock, java.util.function.Function<String, java.time.ZoneId> zones) {
        this.clock = clock;
        this.zones = zones;
        return this;
    }

    /** Today in a community (null: company-wide). */
    public java.time.LocalDate today(String communityId) {
        java.time.ZoneId zone = null;
        try {
            zone = zones.apply(communityId);
        } catch (RuntimeException e) {
            // an unknown community has no zone of its own
        }
        return java.time.LocalDate.ofInstant(clock.instant(), zone == null ? DEFAULT_ZONE : zone);
    }

    /**
     * Makes the index hold a stored article exactly when it is answered today: in service and valid.
     * Searches go on meanwhile and see the change on return.
     *
     * @param storedAt when the article was stored (its row's stored_at), so {@link #catchUp} knows it is done
     */
    public void reindex(String communityId, KbDocument document, java.time.LocalDate validFrom,
                        java.time.LocalDate validUntil, boolean retired, java.time.Instant storedAt) throws IOException {
        sync.lock();
        try {
            KbDocumentStore.Stored s = new KbDocumentStore.Stored(communityId, document, validFrom, validUntil);
            boolean answered = !retired && s.validOn(today(communityId));
            if (answered) {
                index.put(communityId, document);
            } else {
                index.delete(communityId, document.id());
            }
            indexed.put(key(communityId, document.id()), stamp(storedAt, answered));
        } finally {
            sync.unlock();
        }
    }

    /**
     * Told that kb_documents changed (a notification on {@link #CHANGES_CHANNEL}): catches up at once
     * on a thread of its own, never the caller's. Told many times during one round, it runs once more.
     */
    public void changed() {
        synchronized (changedElsewhere) {
            if (closing) {
                return;
            }
            if (follower == null) {
                follower = Thread.ofPlatform().daemon().name("knowledge-follower").start(this::follow);
            }
        }
        changedElsewhere.release();
    }

    private void follow() {
        while (true) {
            try {
                changedElsewhere.acquire();
                changedElsewhere.drainPermits();
                if (closing) {
                    return;
                }
                int n = catchUp();
                if (n > 0) {
                    LOG.fine(() -> n + " knowledge article(s) changed elsewhere; index updated");
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // the round every few seconds tries again
                LOG.warning("knowledge catch-up on notice failed: " + e.getMessage());
            }
        }
    }

    /**
     * Brings the index up to PostgreSQL: documents another node (or an import) stored, retired or
     * removed since this node last looked, and documents whose validity began or ended. Run every few
     * seconds; cheap when nothing changed (one query of stamps, no text). Returns the number changed.
     */
    public int catchUp() throws IOException {
        sync.lock();
        try {
            int changed = 0;
            java.util.Set<String> present = new java.util.HashSet<>();
            List<KbDocumentStore.Stamp> stamps = store.stamps();
            for (KbDocumentStore.Stamp st : stamps) {
                String key = key(st.communityId(), st.docId());
                present.add(key);
                boolean answered = !st.retired()
                        && new KbDocumentStore.Stored(st.communityId(), null, st.validFrom(), st.validUntil())
                        .validOn(today(st.communityId()));
                if (stamp(st.storedAt(), answered).equals(indexed.get(key))) {
                    continue;
                }
                if (answered) {
                    java.util.Optional<KbDocumentStore.Stored> now = store.exactly(st.communityId(), st.docId());
                    if (now.isEmpty()) {
                        continue; // removed meanwhile: the next round takes it out
                    }
                    index.put(st.communityId(), now.get().document());
                } else {
                    index.delete(st.communityId(), st.docId());
                }
                indexed.put(key, stamp(st.storedAt(), answered));
                changed++;
            }
            for (String key : java.util.List.copyOf(indexed.keySet())) {
                if (!present.contains(key)) {
                    int cut = key.indexOf('\u0000');
                    String community = key.substring(0, cut);
                    index.delete(community.isEmpty() ? null : community, key.substring(cut + 1));
                    indexed.remove(key);
                    changed++;
                }
            }
            java.util.Optional<java.time.Instant> mark = markOf(stamps);
            if (mark.isPresent()) {
                index.markSource(mark.get());
            }
            return changed;
        } finally {
            sync.unlock();
        }
    }

    /**
     * What the index holds of each document (of every community, or of one), as far as this node
     * knows: stored_at, and answered or not.
     */
    private void learnIndexed() {
        learnIndexed(null, true);
    }

    private void learnIndexed(String onlyCommunity, boolean all) {
        sync.lock();
        try {
            // after a restart, what was stored after the index's mark (or removed) is taken in by the
            // next catch-up; an index without a mark (of an earlier version) is trusted as it is
            java.time.Instant mark = all ? index.sourceMark() : null;
            java.util.Map<String, java.time.Instant> built = all ? sourced : null;
            sourced = null;
            java.util.Set<String> inIndex = index.docKeys();
            if (all) {
                indexed.clear();
            }
            java.util.Set<String> stored = new java.util.HashSet<>();
            for (KbDocumentStore.Stamp st : store.stamps()) {
                String key = key(st.communityId(), st.docId());
                stored.add(key);
                if (all || java.util.Objects.equals(onlyCommunity, st.communityId())) {
                    boolean current = built != null ? st.storedAt().equals(built.get(key))
                            : mark == null || !st.storedAt().isAfter(mark);
                    indexed.put(key, current ? stamp(st.storedAt(), inIndex.contains(key)) : "unknown");
                }
            }
            if (all) {
                for (String key : inIndex) {
                    if (!stored.contains(key)) {
                        indexed.put(key, "removed");
                    }
                }
            }
        } finally {
            sync.unlock();
        }
    }

    /**
     * The instant up to which a snapshot of stamps is surely reflected: its newest minus a minute, as
     * a transaction's stored_at is its start and one that began earlier may commit later.
     */
    private static java.util.Optional<java.time.Instant> markOf(List<KbDocumentStore.Stamp> stamps) {
        return stamps.stream().map(KbDocumentStore.Stamp::storedAt).max(java.util.Comparator.naturalOrder())
                .map(t -> t.minusSeconds(60));
    }

    private static String key(String communityId, String docId) {
        return (communityId == null ? "" : communityId) + "\u0000" + docId;
    }

    private static String stamp(java.time.Instant storedAt, boolean answered) {
        return storedAt + (answered ? "+" : "-");
    }

    /** Re-reads one community's documents from PostgreSQL into the index (after an import). */
    public void refreshCommunity(String communityId) throws IOException {
        java.time.LocalDate today = today(communityId);
        List<KbDocument> docs = store.all().stream()
                .filter(s -> communityId.equals(s.communityId()) && s.validOn(today))
                .map(KbDocumentStore.Stored::document).toList();
        index.replaceCommunity(communityId, docs);
        // the catch-up rounds need not embed the community's documents a second time
        learnIndexed(communityId, false);
    }

    /** The document store (PostgreSQL). */
    public KbDocumentStore store() {
        return store;
    }

    /** Stores a document and makes it searchable before returning. */
    public void put(String communityId, KbDocument document) throws IOException {
        store.put(communityId, document);
        index.put(communityId, document);
    }

    /** Removes a document from PostgreSQL and the index; false when it did not exist. */
    public boolean delete(String communityId, String docId) throws IOException {
        boolean existed = store.delete(communityId, docId);
        index.delete(communityId, docId);
        return existed;
    }

    /** A community's documents plus the company-wide ones. */
    public List<KbDocument> documents(String communityId) {
        return store.forCommunity(communityId);
    }

    /** One document as the community sees it (its own, else the company-wide one). */
    public java.util.Optional<KbDocument> document(String communityId, String docId) {
        return store.find(communityId, docId);
    }

    /** The start of a document's text, whole lines up to about maxChars (instructions, in order). */
    public List<String> opening(String communityId, String docId, int maxChars) {
        return document(communityId, docId)
                .map(d -> {
                    List<String> lines = new java.util.ArrayList<>();
                    int used = 0;
                    for (String line : d.body().split("\n")) {
                        String l = line.strip();
                        if (l.isEmpty() || l.startsWith("|---")) {
                            continue;
                        }
                        if (used + l.length() > maxChars && !lines.isEmpty()) {
                            break;
                        }
                        lines.add(l);
                        used += l.length();
                    }
                    return lines;
                }).orElse(List.of());
    }

    public SearchResult search(String communityId, String question, int k) {
        return search.search(communityId, question, k);
    }

    /** What one article says to a question: the article and its passages for it, in the article's own order. */
    public java.util.Optional<KnowledgeSearch.Quoted> quoteIn(String communityId, String docId, String question) {
        return search.quoteIn(communityId, docId, question);
    }

    /** How a question is ranked, candidate by candidate (for fitting the ranking model). */
    public KnowledgeSearch.Ranking explain(String communityId, String question) {
        return search.explain(communityId, question);
    }

    /** The pieces of the best document with their features (for fitting the passage weights). */
    public KnowledgeSearch.Pieces explainPieces(String communityId, String question) {
        return search.explainPieces(communityId, question);
    }

    public KnowledgeIndex index() {
        return index;
    }

    private List<SourceDocument> sources() {
        List<KbDocumentStore.Stamp> stamps = store.stamps();
        markOf(stamps).ifPresent(index::markNextSource);
        java.util.Map<String, java.time.Instant> read = new java.util.HashMap<>();
        stamps.forEach(st -> read.put(key(st.communityId(), st.docId()), st.storedAt()));
        sourced = read;
        return store.all().stream().filter(s -> s.validOn(today(s.communityId())))
                .map(s -> new SourceDocument(s.communityId(), s.document())).toList();
    }

    @Override
    public void close() throws IOException {
        Thread f;
        synchronized (changedElsewhere) {
            closing = true;
            f = follower;
            follower = null;
        }
        if (f != null) {
            // not interrupted: an interrupt in the middle of Lucene's file I/O closes the index's files
            changedElsewhere.release();
            try {
                f.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        embedding.close();
        index.close();
    }
}
