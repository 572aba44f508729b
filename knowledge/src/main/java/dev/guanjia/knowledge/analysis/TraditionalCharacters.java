package dev.guanjia.knowledge.analysis;

/**
 * Traditional characters read as their simplified forms, one character for one (knowledge/traditional.txt).
 * Only characters that are never simplified ones themselves are rewritten, so a message in simplified
 * characters comes back unchanged; the phrases of Cantonese and Minnan are read after this, by the
 * colloquial readings.
 */
public final class TraditionalCharacters {

    private static final char[] SIMPLIFIED = table();

    private TraditionalCharacters() {
    }

    private static char[] table() {
        char[] out = new char[0x10000];
        for (String line : Bundled.text("traditional.txt").split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            for (String pair : line.strip().split(" +")) {
                if (pair.length() == 2) {
                    out[pair.charAt(0)] = pair.charAt(1);
                } else if (!pair.isEmpty()) {
                    throw new IllegalStateException("knowledge/traditional.txt: not a pair of characters: " + pair);
                }
            }
        }
        return out;
    }

    /** The text with every traditional character of the table in its simplified form; the same string when none. */
    public static String simplify(String text) {
        if (text == null) {
            return null;
        }
        char[] chars = null;
        for (int i = 0; i < text.length(); i++) {
            char s = SIMPLIFIED[text.charAt(i)];
            if (s != 0) {
                if (chars == null) {
                    chars = text.toCharArray();
                }
                chars[i] = s;
            }
        }
        return chars == null ? text : new String(chars);
    }
}
