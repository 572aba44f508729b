package dev.guanjia.knowledge.editing;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LineDiffTest {

    private static String render(List<LineDiff.Line> lines) {
        StringBuilder b = new StringBuilder();
        for (LineDiff.Line l : lines) {
            b.append(l.op()).append(l.text()).append('\n');
        }
        return b.toString();
    }

    @Test
    void keepsCommonLinesAndShowsRemovedBeforeAdded() {
        assertEquals("=a\n-b\n+B\n=c\n+d\n", render(LineDiff.of("a\nb\nc", "a\nB\nc\nd")));
        assertEquals("-x\n=a\n", render(LineDiff.of("x\na", "a")));
        assertEquals("+a\n", render(LineDiff.of("", "a")));
        assertEquals("=a\n=b\n", render(LineDiff.of("a\r\nb", "a\nb")));
    }

    @Test
    void alignsMovedAndRepeatedLinesByTheLongestCommonSubsequence() {
        assertEquals("=1\n-2\n=3\n+2\n=4\n", render(LineDiff.of("1\n2\n3\n4", "1\n3\n2\n4")));
    }
}
