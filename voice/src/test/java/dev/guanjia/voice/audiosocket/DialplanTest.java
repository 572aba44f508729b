package dev.guanjia.voice.audiosocket;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README dialplan's pieces: its call UUID, the caller registration, the next step. */
class DialplanTest {

    /** What the README's Set(CALLID=…) line makes of ${UNIQUEID} (epoch seconds "." sequence). */
    static String callId(String uniqueId) {
        String t = uniqueId.substring(0, uniqueId.indexOf('.'));
        long seq = Long.parseLong(uniqueId.substring(uniqueId.indexOf('.') + 1));
        return t.substring(0, 8) + "-" + t.substring(8, 10) + "00-4000-8000-" + String.format("%012d", seq);
    }

    @Test
    void theDialplansCallIdIsAUuidAsAsteriskParsesItAndUniquePerCall() {
        String a = callId("1764741600.42");
        String b = callId("1764741600.43");
        String c = callId("1764741601.42");
        for (String id : new String[]{a, b, c}) {
            // libuuid's uuid_parse: 36 characters, hyphens at 8, 13, 18, 23, hex digits elsewhere
            assertTrue(id.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), id);
            assertEquals(id, UUID.fromString(id).toString());
        }
        assertNotEquals(a, b);
        assertNotEquals(a, c);
    }

    @Test
    void withheldNumbersAreNoNumberAndOnlyAnAskedTransferDialsTheAgents() {
        Dialplan d = new Dialplan();
        UUID one = UUID.randomUUID();
        UUID two = UUID.randomUUID();
        d.caller(one, "anonymous");
        d.caller(two, "0086 512 6601 0901");
        assertNull(d.callerOf(one));
        assertEquals("051266010901", d.callerOf(two));
        assertEquals(Dialplan.HANGUP, d.next(one));
        d.next(two, Dialplan.AGENT);
        assertEquals(Dialplan.AGENT, d.next(two));
        assertEquals("051266010901", d.callerOf(two), "the next step keeps the registration");
        assertEquals(Dialplan.HANGUP, d.next(UUID.randomUUID()), "an unknown call is hung up, never sent to agents");
    }
}
