package dev.guanjia.voice.speech;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A chat answer rewritten to be heard: sources and links dropped, lists flattened, long numbers
 * (phones, order numbers) read digit by digit the way people say them (1 as 幺), and cut to a
 * length a caller can follow.
 */
public final class SpokenText {

    private static final Pattern LONG_NUMBER = Pattern.compile("(?<![\\d.])\\d{5,}(?![\\d.])");
    private static final String DIGITS = "零幺二三四五六七八九";
    public static final int MAX_CHARS = 120; // about 50 s at 140 characters a minute

    private SpokenText() {
    }

    public static String of(String answer) {
        String t = answer == null ? "" : answer;
        t = t.replaceAll("（来源：[^）]*）", "").replaceAll("来源：《[^》]*》", "")
                .replaceAll("https?://\\S+", "")
                .replaceAll("[*#>`|]", "")
                .replaceAll("(?m)^\\s*[-•]\\s*", "")
                .replaceAll("\\s*\\n+\\s*", "。")
                .replaceAll("。{2,}", "。")
                .strip();
        Matcher m = LONG_NUMBER.matcher(t);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            StringBuilder digits = new StringBuilder();
            for (char c : m.group().toCharArray()) {
                digits.append(DIGITS.charAt(c - '0'));
            }
            m.appendReplacement(out, digits.toString());
        }
        m.appendTail(out);
        t = out.toString();
        if (t.length() > MAX_CHARS) {
            int cut = t.lastIndexOf('。', MAX_CHARS);
            t = t.substring(0, cut > 40 ? cut + 1 : MAX_CHARS);
        }
        return t;
    }
}
