package dev.guanjia.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ScratchDirectoryTest {

    @Test
    void eachDirectoryIsNewAndEmpty() throws Exception {
        Path a = ScratchDirectory.make("scratch-test");
        Path b = ScratchDirectory.make("scratch-test");
        assertNotEquals(a, b);
        assertTrue(Files.isDirectory(a));
        try (var list = Files.list(a)) {
            assertFalse(list.findAny().isPresent());
        }
    }

    @Test
    void removingTakesEverythingInside() throws Exception {
        Path dir = ScratchDirectory.make("scratch-test");
        Files.createDirectories(dir.resolve("index/segments"));
        Files.writeString(dir.resolve("index/segments/_0.cfs"), "x");
        Files.writeString(dir.resolve("write.lock"), "");
        ScratchDirectory.remove(dir);
        assertFalse(Files.exists(dir));
        // a second removal (the shutdown hook after a test removed it) is no error
        ScratchDirectory.remove(dir);
    }
}
