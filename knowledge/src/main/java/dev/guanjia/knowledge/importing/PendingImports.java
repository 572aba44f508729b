package dev.guanjia.knowledge.importing;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Previews waiting for the staff's confirmation, held in memory for a while: what is saved is what
 * the server read, never text the browser sends back. A preview belongs to the staff member of the
 * community who uploaded it; the oldest give way when too many wait.
 */
public final class PendingImports {

    private record Held(String communityId, String staff, Instant at, DocumentImport.Preview preview) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Held> held = new LinkedHashMap<>();
    private final Clock clock;
    private final Duration keep;
    private final int max;

    public PendingImports(Clock clock, Duration keep, int max) {
        this.clock = clock;
        this.keep = keep;
        this.max = max;
    }

    /** Holds a preview; its id is what the confirmation names. */
    public synchronized String hold(String communityId, String staff, DocumentImport.Preview preview) {
        expire();
        while (held.size() >= max) {
            Iterator<String> oldest = held.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        String key = HexFormat.of().formatHex(id);
        held.put(key, new Held(communityId, staff, clock.instant(), preview));
        return key;
    }

    /** The preview, when it is still held and was uploaded by this staff member of this community. */
    public synchronized Optional<DocumentImport.Preview> find(String id, String communityId, String staff) {
        expire();
        Held h = held.get(id);
        return h != null && h.communityId.equals(communityId) && h.staff.equals(staff)
                ? Optional.of(h.preview) : Optional.empty();
    }

    /** Forgets a preview once its articles are saved. */
    public synchronized void release(String id) {
        held.remove(id);
    }

    private void expire() {
        Instant cut = clock.instant().minus(keep);
        held.values().removeIf(h -> h.at.isBefore(cut));
    }
}
