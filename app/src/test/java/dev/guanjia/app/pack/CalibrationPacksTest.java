package dev.guanjia.app.pack;

import dev.guanjia.community.pack.PackException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guanjia's own calibration packs (with notices, bookables and dated cases) are read and checked by
 * the importer as an operator's pack would be: a pack the product refuses cannot calibrate it.
 */
class CalibrationPacksTest {

    private static final Path PACKS = Path.of("..", "calibration", "packs");

    @ParameterizedTest
    @ValueSource(strings = {"songhua", "lingnan", "pujiang", "qujiang", "jianghan", "yuzhong", "jingxi"})
    void theImporterAcceptsThePack(String id) {
        Path dir = PACKS.resolve(id);
        assertTrue(Files.isDirectory(dir), dir.toAbsolutePath().toString());
        PackImport.ReadPack read;
        try {
            read = PackImport.read(dir);
        } catch (PackException e) {
            throw new AssertionError(id + " refused:\n" + e.getMessage(), e);
        }
        assertEquals(id, read.community().community().id());
        // dated notice articles are read as notices and stay knowledge articles (answered while valid)
        assertTrue(!read.notices().isEmpty(), id + " has no notices");
        assertTrue(read.notices().stream().allMatch(n -> read.documents().stream().anyMatch(d -> n.docId().equals(d.id()))),
                id + ": a notice is not a knowledge article");
        assertTrue(!read.community().bookables().isEmpty(), id + " has nothing to book");
    }
}
