package dev.guanjia.channels.login;

import dev.guanjia.testkit.MutableClock;
import dev.guanjia.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Two backoffs on one database stand for two nodes: guesses spread over both are slowed as on one. */
class SharedSignInBackoffTest {

    @Test
    void failuresOnTwoNodesAddUp() {
        DataSource db = TestDatabase.fresh("channels");
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T01:00:00Z"));
        SignInBackoff nodeA = SignInBackoff.shared(db, clock);
        SignInBackoff nodeB = SignInBackoff.shared(db, clock);
        nodeA.failed("10.0.0.1");
        nodeB.failed("10.0.0.1");
        nodeA.failed("10.0.0.1");
        assertEquals(Duration.ZERO, nodeB.waitFor("10.0.0.1"), "the first three are free");
        nodeB.failed("10.0.0.1");
        assertEquals(Duration.ofSeconds(2), nodeA.waitFor("10.0.0.1"), "the fourth, on the other node, costs 2 s");
        clock.advance(Duration.ofSeconds(2));
        nodeA.failed("10.0.0.1");
        assertEquals(Duration.ofSeconds(4), nodeB.waitFor("10.0.0.1"), "each failure doubles the wait");
        for (int i = 0; i < 30; i++) {
            (i % 2 == 0 ? nodeA : nodeB).failed("10.0.0.1");
        }
        assertEquals(SignInBackoff.LONGEST, nodeA.waitFor("10.0.0.1"), "never more than 15 minutes");
        assertEquals(Duration.ZERO, nodeB.waitFor("10.0.0.2"), "another address is not held up");
        clock.advance(Duration.ofHours(2));
        nodeB.failed("10.0.0.1");
        assertEquals(Duration.ZERO, nodeA.waitFor("10.0.0.1"), "an hour without failures forgets them");
    }
}
