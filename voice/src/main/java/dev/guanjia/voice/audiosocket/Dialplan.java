package dev.guanjia.voice.audiosocket;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the Asterisk dialplan and Guanjia tell each other about a call, outside the audio: before
 * AudioSocket() the dialplan registers the caller's number for the call's fresh UUID (AudioSocket
 * itself carries only the UUID); after AudioSocket() returns it asks what comes next — "agent"
 * (Dial the agents) or "hangup". Entries are forgotten after a few hours.
 */
public final class Dialplan {

    public static final String AGENT = "agent";
    public static final String HANGUP = "hangup";

    private record Call(String caller, String next, long at) {
    }

    private final Map<UUID, Call> calls = new ConcurrentHashMap<>();
    private final Duration keep;

    public Dialplan(Duration keep) {
        this.keep = keep;
    }

    public Dialplan() {
        this(Duration.ofHours(4));
    }

    /** The dialplan's registration; a blank or withheld number counts as no number. */
    public void caller(UUID id, String number) {
        forgetOld();
        String n = number == null ? null : number.strip();
        if (n != null && (n.isEmpty() || !n.matches("\\+?[0-9][0-9 ()\\-]{2,30}"))) {
            n = null; // "anonymous", "Restricted", "unknown": withheld
        }
        // one spelling, as residents are registered: +86…, 0086…, trunk prefixes, extensions
        String caller = n == null ? null : dev.guanjia.community.phone.PhoneNumbers.normalise(n);
        calls.merge(id, new Call(caller, null, System.currentTimeMillis()),
                (old, fresh) -> new Call(caller, old.next(), old.at()));
    }

    /** The number registered for the call, or null (none registered or withheld). */
    public String callerOf(UUID id) {
        Call c = calls.get(id);
        return c == null ? null : c.caller();
    }

    /** Set before our hang-up, so the dialplan finds it as soon as AudioSocket() returns. */
    void next(UUID id, String next) {
        calls.merge(id, new Call(null, next, System.currentTimeMillis()),
                (old, fresh) -> new Call(old.caller(), next, old.at()));
    }

    /** "agent" only when the call flow asked for a person; anything else ends the call. */
    public String next(UUID id) {
        Call c = calls.get(id);
        return c != null && AGENT.equals(c.next()) ? AGENT : HANGUP;
    }

    private void forgetOld() {
        long before = System.currentTimeMillis() - keep.toMillis();
        calls.values().removeIf(c -> c.at() < before);
    }
}
