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
        return gloss(text).chinese();
    }

    /** {@link #chinese} and {@link #groups} of one text, its terms matched once for both. */
    public record Glossed(String chinese, List<List<String>> groups) {
    }

    public Glossed gloss(String text) {
        Read r = read(text);
        return new Glossed(String.join(" ", r.groups().stream().flatMap(List::stream).toList()), withTopicWords(r));
    }

    /**
     * The Chinese words of each English term of a text, one group per term ("heating season" → 供暖季
     * 采暖期 供暖期): any of a group found in an article means the term is there. Longest phrase first;
     * a word already given by an earlier term is not repeated. After them, each word the glossary does
     * not know and that says what is asked about ("kayak", not "when" or "can") as a group of its own:
     * no Chinese article holds it, so a question about a thing the articles never name is not taken as
     * covered by the one generic term it shares with them ("rent").
     */
    public List<List<String>> groups(String text) {
        return gloss(text).groups();
    }

    private static List<List<String>> withTopicWords(Read r) {
        List<List<String>> out = new ArrayList<>(r.groups());
        Matcher w = WORD.matcher(r.lower());
        while (w.find()) {
            if (free(r.used(), w.start(), w.end()) && !GENERAL.contains(w.group())) {
                out.add(List.of(w.group()));
            }
        }
        return out;
    }

    /** No character from start to end is part of a term already matched. */
    private static boolean free(boolean[] used, int start, int end) {
        for (int i = start; i < end; i++) {
            if (used[i]) {
                return false;
            }
        }
        return true;
    }

    private record Read(String lower, List<List<String>> groups, boolean[] used) {
    }

    private Read read(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        Set<String> words = new LinkedHashSet<>();
        List<List<String>> groups = new ArrayList<>();
        boolean[] used = new boolean[lower.length()];
        for (Rule r : rules) {
            Matcher m = r.english().matcher(lower);
            while (m.find()) {
                if (free(used, m.start(), m.end())) {
                    for (int i = m.start(); i < m.end(); i++) {
                        used[i] = true;
                    }
                    List<String> group = new ArrayList<>();
                    for (String w : r.chinese().split("\\s+")) {
                        if (words.add(w)) {
                            group.add(w);
                        }
                    }
                    if (!group.isEmpty()) {
                        groups.add(List.copyOf(group));
                    }
                }
            }
        }
        return new Read(lower, groups, used);
    }

    /** A word of three letters or more, with its contraction ("don't", "i'm"), as {@link #GENERAL} lists it. */
    private static final Pattern WORD = Pattern.compile("[a-z]{3,}(?:'[a-z]+)?|[a-z]{1,2}'[a-z]+");

    /**
     * Words of any English question that say nothing of its topic: function words, question words, the
     * verbs and adjectives every request uses. A word neither here nor in the glossary is taken for the
     * topic (a rarer general word taken so only lowers the share of the question an article covers).
     */
    private static final Set<String> GENERAL = Set.copyOf(java.util.Arrays.asList(("the and are for not but can could would should will shall may might must "
            + "does did done doing has have had having was were been being its it's you your yours our ours their theirs his her "
            + "hers him she they them this that these those there here what when where which who whom whose why how any some "
            + "all each every much many more most less few lot lots very really just also too still already yet again about "
            + "with without from into onto out off over under after before during since until till then than else ever never "
            + "always often sometimes now today tomorrow yesterday tonight week weekend month year day days night morning "
            + "afternoon evening time times please thanks thank hello dear sir madam okay yes get got gets getting give make "
            + "made take took put let need needs needed want wants wanted like know knew tell told ask asked say said see look "
            + "find found use used using come came go goes going went keep kept start starts started stop begin end ends "
            + "open close closed allowed allow able there's what's how's i'm i've i'd don't doesn't didn't can't won't isn't "
            + "aren't wasn't weren't someone somebody something anyone anything anybody everyone everything nothing one two "
            + "three first last next other another same own new old big small good bad long short near nearby way ways "
            + "thing things place people person home house flat apartment building unit our estate compound community "
            + "is am an as at be by do if in me my no of on or so to up us we help helps helped call calls called "
            + "calling receive received receiving keeps keeping gets making taking takes asking wondering think "
            + "sure fine sorry hey guys thing anymore somewhere anywhere everywhere right left back away around").split(" ")));
}
