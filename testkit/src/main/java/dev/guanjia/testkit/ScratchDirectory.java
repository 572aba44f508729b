package dev.guanjia.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A temporary directory removed with everything in it when the test JVM ends. A test's knowledge index
 * stays open until its estate is dropped, which no test does; without this every run left its indexes
 * in the temp directory (a few hundred a run).
 */
public final class ScratchDirectory {

    private static final List<Path> MADE = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ScratchDirectory::removeAll, "scratch-directories"));
    }

    private ScratchDirectory() {
    }

    /** A new empty directory under the system's temp directory, named from {@code prefix}. */
    public static Path make(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            synchronized (MADE) {
                MADE.add(dir);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void removeAll() {
        synchronized (MADE) {
            MADE.forEach(ScratchDirectory::remove);
        }
    }

    /** Deepest first; a file another thread still writes as the JVM ends is left, not fought over. */
    static void remove(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // the JVM is going away; what is left is only in the temp directory
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // already gone, or unreadable: nothing this test run can do about it
        }
    }
}
