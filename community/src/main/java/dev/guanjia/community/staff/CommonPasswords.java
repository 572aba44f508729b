package dev.guanjia.community.staff;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The passwords guessed first (common-passwords.txt next to this class): a password is common when
 * it is on the list, or is a listed word with only digits and symbols around it ("Password123",
 * "admin@2026", "woaini1314!"), also after undoing the usual swaps ("P@ssw0rd"), or is a listed
 * number with at most three letters and some symbols added ("12345678!!", "123456789a!").
 */
final class CommonPasswords {

    private static final Set<String> LIST = load();

    private CommonPasswords() {
    }

    static boolean isCommon(String password) {
        String lower = password.toLowerCase(Locale.ROOT);
        String trimmed = lower.replaceAll("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$", "");
        for (String candidate : new String[]{lower, trimmed, unswap(lower)}) {
            if (LIST.contains(candidate) || LIST.contains(core(candidate))) {
                return true;
            }
        }
        String digits = lower.replaceAll("[^0-9]", "");
        // a listed number with a letter or three and symbols sprinkled on ("123456789a!", "Ab!12345678")
        return lower.chars().filter(Character::isLetter).count() <= 3 && LIST.contains(digits);
    }

    /** The text without the digits and symbols before its first and after its last letter. */
    private static String core(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && !Character.isLetter(s.charAt(from))) {
            from++;
        }
        while (to > from && !Character.isLetter(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(from, to);
    }

    /** Undoes the swaps people think are clever; only between letters, so "admin123" keeps its digits. */
    private static String unswap(String s) {
        StringBuilder b = new StringBuilder(s);
        String core = core(s);
        int from = s.indexOf(core);
        for (int i = from; i < from + core.length(); i++) {
            char c = b.charAt(i);
            b.setCharAt(i, switch (c) {
                case '@', '4' -> 'a';
                case '0' -> 'o';
                case '1', '!' -> 'i';
                case '3' -> 'e';
                case '$', '5' -> 's';
                case '7' -> 't';
                default -> c;
            });
        }
        return b.toString();
    }

    private static Set<String> load() {
        Set<String> out = new HashSet<>();
        try (InputStream in = CommonPasswords.class.getResourceAsStream("common-passwords.txt")) {
            if (in == null) {
                throw new IllegalStateException("common-passwords.txt is missing from the build");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                String w = line.strip().toLowerCase(Locale.ROOT);
                if (!w.isEmpty() && !w.startsWith("#")) {
                    out.add(w);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(out);
    }
}
