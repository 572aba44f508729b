package dev.guanjia.bot.policy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A reading of a text that depends on the text alone, remembered for the texts of the turns under
 * way: one turn reads its message several times (its words and their Mandarin reading, in the policy
 * and in the model). Emptied when full: it only has to hold the turns in progress.
 */
final class RecentReadings<V> {

    private static final int KEPT = 4_096;

    private final Map<String, V> recent = new ConcurrentHashMap<>();
    private final Function<String, V> reading;

    RecentReadings(Function<String, V> reading) {
        this.reading = reading;
    }

    V of(String text) {
        V known = recent.get(text);
        if (known != null) {
            return known;
        }
        V v = reading.apply(text);
        if (recent.size() >= KEPT) {
            recent.clear();
        }
        recent.put(text, v);
        return v;
    }
}
