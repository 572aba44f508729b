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
    private volatile java.util.function.Function<String, java.time.ZoneId> zones = c -> DEFAULT_ZONE;

    /** Where "today" is for company-wide articles and when no community's zone is known. */
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
        return this;
    }

    /** Rebuilds the whole index from PostgreSQL (searches continue on the old one meanwhile). */
    public void rebuild() throws IOException {
        index.rebuild(sources());
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
     */
    public void reindex(String communityId, KbDocument document, java.time.LocalDate validFrom,
                        java.time.LocalDate validUntil, boolean retired) throws IOException {
        KbDocumentStore.Stored s = new KbDocumentStore.Stored(communityId, document, validFrom, validUntil);
        if (!retired && s.validOn(today(communityId))) {
            index.put(communityId, document);
        } else {
            index.delete(communityId, document.id());
        }
    }

    /**
     * Brings articles whose validity began or ended since the last look into or out of the index
     * (run every minute or so); the number changed.
     */
    public int applyValidity() throws IOException {
        int changed = 0;
        for (KbDocumentStore.Stored s : store.all()) {
            if (s.validFrom() == null && s.validUntil() == null) {
                continue;
            }
            boolean answered = s.validOn(today(s.communityId()));
            if (answered != index.contains(s.communityId(), s.document().id())) {
                reindex(s.communityId(), s.document(), s.validFrom(), s.validUntil(), false);
                changed++;
            }
        }
        return changed;
    }

    /** Re-reads one community's documents from PostgreSQL into the index (after an import). */
    public void refreshCommunity(String communityId) throws IOException {
        java.time.LocalDate today = today(communityId);
        List<KbDocument> docs = store.all().stream()
                .filter(s -> communityId.equals(s.communityId()) && s.validOn(today))
                .map(KbDocumentStore.Stored::document).toList();
        index.replaceCommunity(communityId, docs);
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
        return store.all().stream().filter(s -> s.validOn(today(s.communityId())))
                .map(s -> new SourceDocument(s.communityId(), s.document())).toList();
    }

    @Override
    public void close() throws IOException {
        embedding.close();
        index.close();
    }
}
