package dev.guanjia.knowledge.index;

import org.apache.lucene.index.IndexReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Values worked out from an index reader or one of its segments (a field's postings, the chunk vectors,
 * the documents a community sees) and kept while that reader or segment lives: neither ever changes, a
 * change opens new ones, whose values are worked out afresh. Each value is worked out once; the searches
 * that meet a new one together wait for the first to finish it.
 */
public final class KeptPerReader<K, V> {

    /** How a value is worked out from the reader, for its key. */
    @FunctionalInterface
    public interface Reading<K, V> {
        V read(K key) throws IOException;
    }

    private final Map<IndexReader.CacheKey, Map<K, V>> kept = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * The value for the key under a reader's or segment core's cache helper; without a helper (a reader
     * that cannot be cached) it is worked out each time. A null value is not kept.
     */
    public V get(IndexReader.CacheHelper helper, K key, Reading<K, V> reading) throws IOException {
        if (helper == null) {
            return reading.read(key);
        }
        Map<K, V> values = kept.computeIfAbsent(helper.getKey(), k -> new ConcurrentHashMap<>());
        V known = values.get(key);
        if (known != null) {
            return known;
        }
        try {
            return values.computeIfAbsent(key, k -> {
                try {
                    return reading.read(k);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
