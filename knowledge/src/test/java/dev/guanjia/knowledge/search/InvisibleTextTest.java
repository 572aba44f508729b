package dev.guanjia.knowledge.search;

import dev.guanjia.knowledge.embedding.BgeSmallZhEmbedder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Text made only of invisible characters is no text: nothing to search, nothing to embed, no exception. */
class InvisibleTextTest {

    @Test
    void visibleDropsFormatCharactersAndTrimsEveryKindOfSpace() {
        assertEquals("", Question.visible("\u200B"));
        assertEquals("", Question.visible("\u200B\u200C\u200D\uFEFF\u2060"));
        assertEquals("", Question.visible("\u00A0\u3000\u2028\u0001\u001B\t\n"));
        assertEquals("", Question.visible(null));
        assertEquals("物业费怎么交", Question.visible("\uFEFF物业费\u200B怎么交\u00A0"));
        assertEquals("门禁 卡", Question.visible("门禁\u0007卡"));
    }

    @Test
    void theEmbedderAnswersInvisibleTextWithAZeroVector() {
        BgeSmallZhEmbedder e = BgeSmallZhEmbedder.shared();
        for (String text : new String[]{"\u200B", "\u200B\uFEFF", "\u3000\u00A0", "\u0001"}) {
            assertArrayEquals(new float[e.dimension()], e.embed(text));
            assertArrayEquals(new float[e.dimension()], e.embedQuery(text));
        }
        float[] v = e.embed("物业费怎么交");
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        assertTrue(Math.abs(n - 1) < 1e-3);
    }
}
