package dev.guanjia.knowledge.index;

import dev.guanjia.knowledge.analysis.KnowledgeAnalysis;
import dev.guanjia.knowledge.chunk.Chunk;
import dev.guanjia.knowledge.chunk.Chunker;
import dev.guanjia.knowledge.document.KbDocument;
import dev.guanjia.knowledge.embedding.Embedder;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The Lucene index of every community's KB documents, derived from the documents in PostgreSQL.
 * It lives in numbered generation directories: a rebuild writes the next generation while searches
 * keep using the current one, then swaps. A missing, unreadable or outdated index is rebuilt.
 */
public final class KnowledgeIndex implements Closeable {

    /** Raise when chunking, fields or analysis change: older indexes are then rebuilt. */
    public static final int SCHEMA_VERSION = 7;

    private static final Logger LOG = Logger.getLogger(KnowledgeIndex.class.getName());

    private final Path root;
    private final Embedder embedder;
    private final KnowledgeAnalysis analysis;
    private final Chunker chunker = new Chunker();
    private final ReentrantLock writeLock = new ReentrantLock();

    private volatile Generation current;
    /** Full rebuilds under way: a node answering from an outdated or no index is not ready. */
    private final java.util.concurrent.atomic.AtomicInteger rebuilding = new java.util.concurrent.atomic.AtomicInteger();

    private record Generation(int number, Path dir, FSDirectory directory, IndexWriter writer,
                              SearcherManager searchers) implements Closeable {
        @Override
        public void close() throws IOException {
            searchers.close();
            writer.close();
            directory.close();
        }
    }

    public KnowledgeIndex(Path root, Embedder embedder, KnowledgeAnalysis analysis) {
        this.root = root;
        this.embedder = embedder;
        this.analysis = analysis;
    }

    /**
     * Opens the newest usable generation. With none (first start, deleted, corrupt, older schema or
     * another embedding model) the index is rebuilt from source before this returns.
     */
    public void open(Supplier<List<SourceDocument>> source) throws IOException {
        Files.createDirectories(root);
        for (Path dir : generations()) {
            try {
                Generation g = openGeneration(number(dir), dir, false);
                Map<String, String> data = g.writer.getLiveCommitData() == null ? Map.of() : toMap(g.writer);
                if (String.valueOf(SCHEMA_VERSION).equals(data.get("schema"))
                        && embedder.modelId().equals(data.get("embedder"))) {
                    sourceMark = data.getOrDefault("source", "");
                    current = g;
                    removeOlderThan(g.number);
                    return;
                }
                // Readable but outdated: keep answering from it while the new generation is built.
                LOG.info(() -> "knowledge index " + dir + " is of an older schema or model; rebuilding in the background");
                current = g;
                // counted from now, so the node is not ready from the moment it knows its index is outdated
                rebuilding.incrementAndGet();
                Thread rebuild = new Thread(() -> {
                    try {
                        rebuildNow(source.get());
                    } catch (IOException | RuntimeException e) {
                        LOG.log(Level.SEVERE, "knowledge index rebuild failed; still serving " + dir, e);
                    } finally {
                        rebuilding.decrementAndGet();
                    }
                }, "knowledge-rebuild");
                rebuild.setDaemon(true);
                rebuild.start();
                return;
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "knowledge index " + dir + " cannot be opened (" + e + "); rebuilding");
            }
        }
        rebuild(source.get());
    }

    /** Builds a new generation from these documents and swaps it in; searches continue meanwhile. */
    public void rebuild(List<SourceDocument> documents) throws IOException {
        rebuilding.incrementAndGet();
        try {
            rebuildNow(documents);
        } finally {
            rebuilding.decrementAndGet();
        }
    }

    /**
     * True while a whole generation is being built (first start, an outdated index rebuilt in the
     * background, an operator's rebuild); single-document changes do not count.
     */
    public boolean building() {
        return rebuilding.get() > 0;
    }

    /** True once a generation answers searches. */
    public boolean isOpen() {
        return current != null;
    }

    private void rebuildNow(List<SourceDocument> documents) throws IOException {
        writeLock.lock();
        try {
            int next = generations().stream().mapToInt(KnowledgeIndex::number).max().orElse(0) + 1;
            Path dir = root.resolve("gen-" + next);
            Generation g = openGeneration(next, dir, true);
            long start = System.nanoTime();
            int chunks = 0;
            // every tag joins the user dictionary before any text is analysed, so all chunks get its word
            for (SourceDocument s : documents) {
                analysis.addWords(s.document().tags());
            }
            for (SourceDocument s : documents) {
                chunks += add(g.writer, s.communityId(), s.document());
            }
            // one segment: a knowledge base is small, and every search visits each segment for each
            // of its four rankings
            g.writer.forceMerge(1);
            commit(g.writer);
            g.searchers.maybeRefreshBlocking();
            Generation old = current;
            current = g;
            if (old != null) {
                old.close();
            }
            removeOlderThan(next);
            int n = chunks;
            LOG.info(() -> "knowledge index generation " + next + ": " + documents.size() + " documents, " + n
                    + " chunks in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        } finally {
            writeLock.unlock();
        }
    }

    /** Makes a community's documents exactly these (after an import); searchable on return. */
    public void replaceCommunity(String communityId, List<KbDocument> documents) throws IOException {
        change(writer -> {
            writer.deleteDocuments(new TermQuery(new Term(ChunkFields.COMMUNITY,
                    ChunkFields.communityKey(communityId))));
            for (KbDocument d : documents) {
                analysis.addWords(d.tags());
            }
            for (KbDocument d : documents) {
                add(writer, communityId, d);
            }
        });
    }

    /** Adds or replaces one document; searchable on return. */
    public void put(String communityId, KbDocument document) throws IOException {
        change(writer -> {
            writer.deleteDocuments(new Term(ChunkFields.DOC_KEY, ChunkFields.docKey(communityId, document.id())));
            analysis.addWords(document.tags());
            add(writer, communityId, document);
        });
    }

    public void delete(String communityId, String docId) throws IOException {
        change(writer -> writer.deleteDocuments(new Term(ChunkFields.DOC_KEY,
                ChunkFields.docKey(communityId, docId))));
    }

    /** One change to the current generation: serialised with rebuilds, committed, visible on return. */
    private void change(WriterChange change) throws IOException {
        writeLock.lock();
        try {
            Generation g = require();
            change.apply(g.writer);
            commit(g.writer);
            g.searchers.maybeRefreshBlocking();
        } finally {
            writeLock.unlock();
        }
    }

    @FunctionalInterface
    private interface WriterChange {
        void apply(IndexWriter writer) throws IOException;
    }

    /** Runs a search on the current generation's searcher, released afterwards. */
    public <T> T withSearcher(SearchAction<T> action) {
        Generation g = require();
        SearcherManager m = g.searchers;
        IndexSearcher s;
        try {
            s = m.acquire();
        } catch (IOException | org.apache.lucene.store.AlreadyClosedException e) {
            // swapped between require() and acquire(): the new generation is there now
            return withSearcher(action);
        }
        try {
            return action.search(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                m.release(s);
            } catch (IOException | org.apache.lucene.store.AlreadyClosedException ignored) {
                // the generation was closed by a swap; its files go with it
            }
        }
    }

    /**
     * A query restricted to a community and the company-wide documents, where a community's own
     * document replaces the company-wide one of the same id (the community's version wins).
     */
    public static BooleanQuery.Builder visibleTo(IndexSearcher searcher, String communityId) throws IOException {
        org.apache.lucene.index.IndexReader.CacheHelper helper = searcher.getIndexReader().getReaderCacheHelper();
        if (helper == null) {
            return new BooleanQuery.Builder().add(buildFilter(searcher, communityId), BooleanClause.Occur.FILTER);
        }
        // built once per reader and community, as the ids it leaves out: the query cache then finds it
        // without hashing a new query's terms on every ranking
        Map<String, org.apache.lucene.search.Query> filters = FILTER_QUERIES.computeIfAbsent(helper.getKey(),
                k -> new java.util.concurrent.ConcurrentHashMap<>());
        String key = communityId == null ? "\u0001" : communityId;
        org.apache.lucene.search.Query filter = filters.get(key);
        if (filter == null) {
            filter = buildFilter(searcher, communityId);
            filters.put(key, filter);
        }
        return new BooleanQuery.Builder().add(filter, BooleanClause.Occur.FILTER);
    }

    /**
     * The live documents a community sees ({@link #visibleTo}) as a bit set over the reader's documents,
     * remembered per reader and community: rankings that score documents themselves test it per posting.
     */
    public static org.apache.lucene.util.FixedBitSet visibleDocs(IndexSearcher searcher, String communityId)
            throws IOException {
        org.apache.lucene.index.IndexReader reader = searcher.getIndexReader();
        return VISIBLE.get(reader.getReaderCacheHelper(), communityId == null ? "\u0001" : communityId, key -> {
            org.apache.lucene.util.FixedBitSet docs = new org.apache.lucene.util.FixedBitSet(Math.max(1, reader.maxDoc()));
            org.apache.lucene.search.Weight weight = searcher.createWeight(searcher.rewrite(
                    new org.apache.lucene.search.ConstantScoreQuery(visibleTo(searcher, communityId).build())),
                    org.apache.lucene.search.ScoreMode.COMPLETE_NO_SCORES, 1f);
            for (org.apache.lucene.index.LeafReaderContext leaf : reader.leaves()) {
                org.apache.lucene.search.Scorer scorer = weight.scorer(leaf);
                if (scorer == null) {
                    continue;
                }
                org.apache.lucene.util.Bits live = leaf.reader().getLiveDocs();
                org.apache.lucene.search.DocIdSetIterator it = scorer.iterator();
                for (int d = it.nextDoc(); d != org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS; d = it.nextDoc()) {
                    if (live == null || live.get(d)) {
                        docs.set(leaf.docBase + d);
                    }
                }
            }
            return docs;
        });
    }

    private static final KeptPerReader<String, org.apache.lucene.util.FixedBitSet> VISIBLE = new KeptPerReader<>();

    private static final Map<org.apache.lucene.index.IndexReader.CacheKey, Map<String, org.apache.lucene.search.Query>>
            FILTER_QUERIES = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    private static org.apache.lucene.search.Query buildFilter(IndexSearcher searcher, String communityId)
            throws IOException {
        BooleanQuery.Builder filter = new BooleanQuery.Builder();
        if (communityId == null) {
            filter.add(new TermQuery(new Term(ChunkFields.COMMUNITY, ChunkFields.SHARED)), BooleanClause.Occur.SHOULD);
        } else {
            java.util.Set<String> own = ownDocIds(searcher, communityId);
            BooleanQuery.Builder shared = new BooleanQuery.Builder()
                    .add(new TermQuery(new Term(ChunkFields.COMMUNITY, ChunkFields.SHARED)), BooleanClause.Occur.FILTER);
            if (!own.isEmpty()) {
                shared.add(new org.apache.lucene.search.TermInSetQuery(ChunkFields.DOC_KEY, own.stream()
                        .map(id -> new org.apache.lucene.util.BytesRef(ChunkFields.docKey(null, id))).toList()),
                        BooleanClause.Occur.MUST_NOT);
            }
            filter.add(shared.build(), BooleanClause.Occur.SHOULD);
            filter.add(new TermQuery(new Term(ChunkFields.COMMUNITY, communityId)), BooleanClause.Occur.SHOULD);
        }
        return filter.build();
    }

    /**
     * Every ranking of every search repeats its community's visibility filter ({@link #visibleTo}), and
     * Lucene's default cache leaves out segments under 10,000 documents, which a knowledge base never
     * reaches: the filters' documents are kept per segment here. Entries belong to a segment's core, so a
     * new segment or generation is read afresh, and deletions are still applied by each search.
     */
    private static final org.apache.lucene.search.LRUQueryCache FILTERS =
            new org.apache.lucene.search.LRUQueryCache(256, 16L << 20, leaf -> true, Float.MAX_VALUE);

    /** How often a search found its filter kept (tests). */
    static long filterHits() {
        return FILTERS.getHitCount();
    }

    /** Only the visibility filters are kept: the other queries are each question's own words. */
    private static final org.apache.lucene.search.QueryCachingPolicy VISIBILITY =
            new org.apache.lucene.search.QueryCachingPolicy() {
                @Override
                public void onUse(org.apache.lucene.search.Query query) {
                }

                @Override
                public boolean shouldCache(org.apache.lucene.search.Query query) {
                    return visibilityFilter(query);
                }
            };

    private static final org.apache.lucene.search.SearcherFactory SEARCHERS = new org.apache.lucene.search.SearcherFactory() {
        @Override
        public IndexSearcher newSearcher(org.apache.lucene.index.IndexReader reader,
                                         org.apache.lucene.index.IndexReader previous) throws IOException {
            IndexSearcher s = super.newSearcher(reader, previous);
            s.setQueryCache(FILTERS);
            s.setQueryCachingPolicy(VISIBILITY);
            return s;
        }
    };

    /** The filter {@link #visibleTo} builds: a Boolean query with a community term among its own clauses. */
    static boolean visibilityFilter(org.apache.lucene.search.Query query) {
        if (!(query instanceof BooleanQuery b)) {
            return false;
        }
        for (BooleanClause c : b.clauses()) {
            if (c.query() instanceof TermQuery t && t.getTerm().field().equals(ChunkFields.COMMUNITY)) {
                return true;
            }
        }
        return false;
    }

    private static final KeptPerReader<String, java.util.Set<String>> OWN = new KeptPerReader<>();

    /**
     * The ids of a community's own documents in this reader, remembered per reader: every search asks,
     * and a reader never changes (a change opens a new one, whose answer is read afresh).
     */
    public static java.util.Set<String> ownDocIds(IndexSearcher searcher, String communityId) throws IOException {
        org.apache.lucene.index.IndexReader reader = searcher.getIndexReader();
        return OWN.get(reader.getReaderCacheHelper(), communityId, id -> {
            java.util.Set<String> ids = new java.util.HashSet<>();
            var hits = searcher.search(new TermQuery(new Term(ChunkFields.COMMUNITY, id)),
                    Math.max(1, reader.maxDoc())).scoreDocs;
            List<org.apache.lucene.index.LeafReaderContext> leaves = reader.leaves();
            for (var h : hits) {
                org.apache.lucene.index.LeafReaderContext leaf = leaves.get(org.apache.lucene.index.ReaderUtil.subIndex(h.doc, leaves));
                org.apache.lucene.index.SortedDocValues values = org.apache.lucene.index.DocValues.getSorted(leaf.reader(),
                        ChunkFields.DOC_ID);
                if (values.advanceExact(h.doc - leaf.docBase)) {
                    ids.add(values.lookupOrd(values.ordValue()).utf8ToString());
                }
            }
            return java.util.Set.copyOf(ids);
        });
    }

    /** Whether a document of a community (null: company-wide) is in the index. */
    public boolean contains(String communityId, String docId) {
        return withSearcher(s -> s.count(new TermQuery(new Term(ChunkFields.DOC_KEY,
                ChunkFields.docKey(communityId, docId)))) > 0);
    }

    /** A search over an IndexSearcher that may do I/O. */
    @FunctionalInterface
    public interface SearchAction<T> {
        T search(IndexSearcher searcher) throws IOException;
    }

    public int generation() {
        return require().number;
    }

    public Path directory() {
        return require().dir;
    }

    private Generation require() {
        Generation g = current;
        if (g == null) {
            throw new IllegalStateException("knowledge index is not open");
        }
        return g;
    }

    private int add(IndexWriter writer, String communityId, KbDocument d) throws IOException {
        List<Chunk> chunks = chunker.chunk(d.id(), d.title(), d.body());
        String tags = String.join(" ", d.tags());
        List<Document> docs = new ArrayList<>(chunks.size());
        // the topic: title, tags and the section outline, which names every aspect the document covers
        java.util.LinkedHashSet<String> outline = new java.util.LinkedHashSet<>();
        for (Chunk c : chunks) {
            if (!c.section().isEmpty()) {
                outline.add(c.section());
            }
        }
        float[] topic = embedder.embed(d.title() + " " + tags + " " + String.join(" ", outline));
        for (Chunk c : chunks) {
            List<float[]> pieces = new ArrayList<>();
            for (String piece : Chunker.pieces(c.text())) {
                pieces.add(embedder.embed(Chunker.inContext(c.section(), piece)));
            }
            docs.add(ChunkFields.toDocument(communityId, c, d.category(), tags, embedder.embed(c.fullText()), topic, pieces));
        }
        writer.addDocuments(docs);
        return chunks.size();
    }

    private void commit(IndexWriter writer) throws IOException {
        writer.setLiveCommitData(Map.of("schema", String.valueOf(SCHEMA_VERSION),
                "embedder", embedder.modelId(), "source", sourceMark).entrySet());
        writer.commit();
    }

    // how far the source (PostgreSQL) is reflected: an ISO instant, "" when unknown; kept in each commit
    private volatile String sourceMark = "";

    /**
     * Records that every source document stored up to this instant is reflected: written with the
     * next commit, or now when nothing else changes (a restart then re-reads only what came later).
     */
    public void markSource(java.time.Instant upTo) throws IOException {
        String mark = upTo.toString();
        if (mark.equals(sourceMark)) {
            return;
        }
        sourceMark = mark;
        writeLock.lock();
        try {
            if (current != null) {
                commit(current.writer);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Sets the mark the next rebuild's commit carries, without committing. */
    public void markNextSource(java.time.Instant upTo) {
        sourceMark = upTo.toString();
    }

    /** The mark of the open generation (null: none, e.g. an index of an earlier version). */
    public java.time.Instant sourceMark() {
        String m = sourceMark;
        return m.isEmpty() ? null : java.time.Instant.parse(m);
    }

    /** The (community, document) keys of every document in the index, as {@link ChunkFields#docKey}. */
    public java.util.Set<String> docKeys() {
        return withSearcher(s -> {
            java.util.Set<String> keys = new java.util.HashSet<>();
            for (org.apache.lucene.index.LeafReaderContext leaf : s.getIndexReader().leaves()) {
                org.apache.lucene.index.Terms terms = leaf.reader().terms(ChunkFields.DOC_KEY);
                if (terms == null) {
                    continue;
                }
                org.apache.lucene.index.TermsEnum it = terms.iterator();
                for (org.apache.lucene.util.BytesRef t = it.next(); t != null; t = it.next()) {
                    keys.add(t.utf8ToString());
                }
            }
            // a deleted document's terms stay until its segment is merged
            keys.removeIf(k -> {
                try {
                    return s.count(new TermQuery(new Term(ChunkFields.DOC_KEY, k))) == 0;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return keys;
        });
    }

    private Generation openGeneration(int number, Path dir, boolean create) throws IOException {
        FSDirectory directory = FSDirectory.open(dir);
        if (!create && !DirectoryReader.indexExists(directory)) {
            directory.close();
            throw new IOException("no index in " + dir);
        }
        IndexWriterConfig config = new IndexWriterConfig(analysis.indexAnalyzer())
                .setOpenMode(create ? IndexWriterConfig.OpenMode.CREATE : IndexWriterConfig.OpenMode.APPEND);
        IndexWriter writer;
        try {
            writer = new IndexWriter(directory, config);
            if (!create) {
                // reading every segment's header now surfaces corruption before we trust it
                try (DirectoryReader r = DirectoryReader.open(directory)) {
                    learnTags(r);
                }
            }
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
        return new Generation(number, dir, directory, writer, new SearcherManager(writer, SEARCHERS));
    }

    /** The documents' tags join the user dictionary (reading every stored field also checks them). */
    private void learnTags(DirectoryReader reader) throws IOException {
        java.util.Set<String> tags = new java.util.HashSet<>();
        var stored = reader.storedFields();
        for (int i = 0; i < reader.maxDoc(); i++) {
            String t = stored.document(i, java.util.Set.of(ChunkFields.TAGS)).get(ChunkFields.TAGS);
            if (t != null) {
                tags.addAll(List.of(t.split(" ")));
            }
        }
        analysis.addWords(tags);
    }

    private static Map<String, String> toMap(IndexWriter w) {
        Map<String, String> m = new java.util.HashMap<>();
        for (Map.Entry<String, String> e : w.getLiveCommitData()) {
            m.put(e.getKey(), e.getValue());
        }
        return m;
    }

    /** Generation directories, newest first. */
    private List<Path> generations() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> p.getFileName().toString().matches("gen-\\d+") && Files.isDirectory(p))
                    .sorted(Comparator.comparingInt(KnowledgeIndex::number).reversed())
                    .toList();
        }
    }

    private static int number(Path dir) {
        return Integer.parseInt(dir.getFileName().toString().substring(4));
    }

    private void removeOlderThan(int keep) throws IOException {
        for (Path dir : generations()) {
            if (number(dir) < keep) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        writeLock.lock();
        try {
            Generation g = current;
            current = null;
            if (g != null) {
                g.close();
            }
        } finally {
            writeLock.unlock();
        }
    }
}
