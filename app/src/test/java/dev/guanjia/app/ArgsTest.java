package dev.guanjia.app;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArgsTest {

    /** A switch is taken off wherever it stands; what is left is still checked. */
    @Test
    void aSwitchIsTakenAndTheRestStillChecked() {
        Args args = new Args(new String[]{"--users", "5", "--cold", "--turns", "2"});
        assertTrue(args.flag("--cold"));
        assertFalse(args.flag("--cold"), "taken once");
        assertEquals(5, args.optionalInt("--users", 50));
        assertEquals(2, args.optionalInt("--turns", 10));
        args.requireNoneLeft();
        Args extra = new Args(new String[]{"--colder"});
        assertFalse(extra.flag("--cold"));
        assertThrows(Args.UsageException.class, extra::requireNoneLeft);
    }
}
