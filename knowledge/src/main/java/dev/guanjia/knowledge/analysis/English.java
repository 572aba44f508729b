package dev.guanjia.knowledge.analysis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * English words residents use, with the Chinese words of the knowledge base they mean ("property
 * fee" → 物业费 物业服务费). An English question keeps its words and gains these, so the Chinese
 * articles can be found by words as well as by meaning. Rules come from an editable file (english.txt).
 */
public final class English {

    private record Rule(Pattern english, String chinese) {
    }

    private final List<Rule> rules;

    private English(List<Rule> rules) {
        this.rules = rules;
    }

    public static English none() {
        return new English(List.of());
    }

    public static English bundled() {
        return parse(Bundled.text("english.txt"));
    }

    /** An operator's file when it exists, else the bundled one. */
    public static English load(Path file) throws IOException {
        return parse(Bundled.operatorOr(file, "english.txt"));
    }

    /** Lines of "english phrase => 中文 中文"; blank lines and # comments are skipped. */
    public static English parse(String text) {
        record Line(String english, String chinese) {
        }
        List<Line> lines = new ArrayList<>();
        for (String line : text.lines().map(String::strip).toList()) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int arrow = line.indexOf("=>");
            if (arrow <= 0) {
                throw new IllegalArgumentException("english rule without '=>': " + line);
            }
            lines.add(new Line(line.substring(0, arrow).strip().toLowerCase(Locale.ROOT), line.substring(arrow + 2).strip()));
        }
        // longer phrases first: "parking fee" before "parking"
        lines.sort(Comparator.comparingInt((Line l) -> l.english().length()).reversed());
        List<Rule> rules = new ArrayList<>();
        for (Line l : lines) {
            rules.add(new Rule(Pattern.compile("\\b" + Pattern.quote(l.english()).replace(" ", "\\E\\s+\\Q") + "\\b"),
                    l.chinese()));
        }
        return new English(rules);
    }

    /** The Chinese words for the English terms of a text, each once, longest phrase first; "" when none. */
    public String chinese(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        Set<String> words = new LinkedHashSet<>();
        boolean[] used = new boolean[lower.length()];
        for (Rule r : rules) {
            Matcher m = r.english().matcher(lower);
            while (m.find()) {
                boolean free = true;
                for (int i = m.start(); i < m.end(); i++) {
                    free &= !used[i];
                }
                if (free) {
                    for (int i = m.start(); i < m.end(); i++) {
                        used[i] = true;
                    }
                    for (String w : r.chinese().split("\\s+")) {
                        words.add(w);
                    }
                }
            }
        }
        return String.join(" ", words);
    }
}
