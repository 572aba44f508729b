package dev.guanjia.ticketing.classify;

import dev.guanjia.community.category.ServiceCategory;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TaxonomyTest {

    /** Readings are remembered per taxonomy: another taxonomy reads the same text by its own words. */
    @Test
    void rememberedReadingsBelongToTheirTaxonomy() {
        Taxonomy lifts = Taxonomy.parse("[elevator]\nthings: 电梯\nfaults: 不动\n");
        Taxonomy doors = Taxonomy.parse("[door_access]\nthings: 电梯\nfaults: 不动\n");
        for (int i = 0; i < 2; i++) {
            assertEquals(ServiceCategory.ELEVATOR, lifts.read("电梯不动了").category());
            assertEquals(ServiceCategory.DOOR_ACCESS, doors.read("电梯不动了").category());
            // the same text in other case is the same reading
            assertEquals(lifts.read("LIFT 电梯不动了"), lifts.read("lift 电梯不动了"));
        }
    }

    /** Past the limit the remembered readings start over, and every text still reads as it did. */
    @Test
    void manyTextsReadAsOnce() {
        Taxonomy t = Taxonomy.bundled();
        Taxonomy fresh = Taxonomy.parse(new String(readBundled(), java.nio.charset.StandardCharsets.UTF_8));
        for (int i = 0; i < 5_000; i++) {
            String text = (i % 2 == 0 ? "电梯不动了" : "楼道灯不亮") + i;
            assertEquals(fresh.read(text), t.read(text), text);
            assertEquals(fresh.read(text), t.read(text), text);
        }
    }

    private static byte[] readBundled() {
        try (var in = Taxonomy.class.getResourceAsStream("/ticketing/taxonomy.txt")) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
