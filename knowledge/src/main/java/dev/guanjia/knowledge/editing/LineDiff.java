package dev.guanjia.knowledge.editing;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff between two texts: the longest common subsequence of their lines, after the common
 * start and end are set aside (an edit usually touches a few lines of a long article).
 */
public final class LineDiff {

    /** Beyond this many cells the middle is shown as removed, then added, rather than aligned. */
    private static final long MAX_CELLS = 4_000_000;

    /** One line of the diff: '=' in both, '-' only in the old text, '+' only in the new one. */
    public record Line(char op, String text) {
    }

    private LineDiff() {
    }

    public static List<Line> of(String before, String after) {
        String[] a = lines(before);
        String[] b = lines(after);
        int start = 0;
        while (start < a.length && start < b.length && a[start].equals(b[start])) {
            start++;
        }
        int endA = a.length;
        int endB = b.length;
        while (endA > start && endB > start && a[endA - 1].equals(b[endB - 1])) {
            endA--;
            endB--;
        }
        List<Line> out = new ArrayList<>();
        for (int i = 0; i < start; i++) {
            out.add(new Line('=', a[i]));
        }
        int n = endA - start;
        int m = endB - start;
        if ((long) n * m > MAX_CELLS) {
            for (int i = start; i < endA; i++) {
                out.add(new Line('-', a[i]));
            }
            for (int j = start; j < endB; j++) {
                out.add(new Line('+', b[j]));
            }
        } else {
            // lcs[i][j]: the longest common subsequence of a[start+i..] and b[start+j..]
            int[][] lcs = new int[n + 1][m + 1];
            for (int i = n - 1; i >= 0; i--) {
                for (int j = m - 1; j >= 0; j--) {
                    lcs[i][j] = a[start + i].equals(b[start + j]) ? lcs[i + 1][j + 1] + 1
                            : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
                }
            }
            int i = 0;
            int j = 0;
            while (i < n || j < m) {
                if (i < n && j < m && a[start + i].equals(b[start + j])) {
                    out.add(new Line('=', a[start + i]));
                    i++;
                    j++;
                } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                    out.add(new Line('-', a[start + i]));
                    i++;
                } else {
                    out.add(new Line('+', b[start + j]));
                    j++;
                }
            }
        }
        for (int i = endA; i < a.length; i++) {
            out.add(new Line('=', a[i]));
        }
        return out;
    }

    private static String[] lines(String text) {
        if (text == null || text.isEmpty()) {
            return new String[0];
        }
        return text.replace("\r\n", "\n").split("\n", -1);
    }
}
