package dev.guanjia.voice.call;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A frame sent half a frame or more off its 20 ms tick, late or early, is a slip. */
class PacingTest {

    @Test
    void gapsOffByTenMillisecondsOrMoreAreSlips() {
        long frames = Pacing.frames();
        long slips = Pacing.slips();
        Pacing.gap(20_000_000);      // on time
        Pacing.gap(29_000_000);      // 9 ms late: the jitter buffer hides it
        Pacing.gap(30_000_000);      // 10 ms late
        Pacing.gap(5_000_000);       // 15 ms early (a burst after a stall)
        assertEquals(frames + 4, Pacing.frames());
        assertEquals(slips + 2, Pacing.slips());
        Pacing.reset();
        assertEquals(frames + 4, Pacing.frames(), "the benchmark's reset leaves the process's counts alone");
    }
}
