package dev.guanjia.knowledge.analysis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Rewrites spoken and dialect words of a question into standard Mandarin (咋个 → 怎么, 几多钱 → 多少钱,
 * 侬 → 你). The embedding model and the documents speak Mandarin; a resident asking in dialect should
 * be found as well as one who does not. Rules come from an editable file (colloquial.txt).
 */
public final class Colloquial {

    private record Rule(String spoken, String standard) {
    }

    private final List<Rule> rules;
    private English english = English.none();

    private Colloquial(List<Rule> rules) {
        List<Rule> sorted = new ArrayList<>(rules);
        // longer first: 咋个 before 咋, 几多钱 before 几多
        sorted.sort(Comparator.comparingInt((Rule r) -> r.spoken().length()).reversed());
        this.rules = List.copyOf(sorted);
    }

    public static Colloquial none() {
        return new Colloquial(List.of());
    }

    /** The rules shipped with Guanjia (resources/knowledge/colloquial.txt). */
    public static Colloquial bundled() {
        return parse(Bundled.text("colloquial.txt")).with(English.bundled());
    }

    /** The English glossary an English question is read with (its Chinese words are added to it). */
    public Colloquial with(English glossary) {
        this.english = glossary;
        return this;
    }

    /** An operator's file when it exists, else the bundled one. */
    public static Colloquial load(Path file) throws IOException {
        return parse(Bundled.operatorOr(file, "colloquial.txt"))
                .with(English.load(file == null ? null : file.resolveSibling("english.txt")));
    }

    /** Lines of "spoken => standard"; blank lines and # comments are skipped. */
    public static Colloquial parse(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String line : text.lines().map(String::strip).toList()) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int arrow = line.indexOf("=>");
            if (arrow <= 0) {
                throw new IllegalArgumentException("colloquial rule without '=>': " + line);
            }
            String spoken = line.substring(0, arrow).strip();
            String standard = line.substring(arrow + 2).strip();
            if (!spoken.isEmpty()) {
                rules.add(new Rule(spoken, standard));
            }
        }
        return new Colloquial(rules);
    }

    /**
     * A question as the search reads it: its text standardised (see {@link #standardize}) and, for an English
     * one, its terms as the Chinese words of the knowledge base, one group of alternatives per term (see
     * {@link English#groups}); no groups for a question in Chinese or pinyin. The glossary is read once for both.
     */
    public record Reading(String text, List<List<String>> glosses) {
        public Reading {
            glosses = List.copyOf(glosses);
        }
    }

    public Reading read(String question) {
        if (english(question)) {
            // English (or pinyin, which the glossary leaves alone): add the Chinese words it means
            English.Glossed g = english.gloss(question);
            return new Reading(g.chinese().isEmpty() ? question : question + " " + g.chinese(), g.groups());
        }
        return new Reading(spoken(question), List.of());
    }

    /** An English question's term groups (see {@link #read}); none for a question in Chinese or pinyin. */
    public List<List<String>> glosses(String question) {
        return read(question).glosses();
    }

    private static boolean english(String question) {
        return !KnowledgeAnalysis.hasChinese(question) && !Pinyin.mostlyPinyin(question);
    }

    /**
     * The question with every spoken word replaced, scanning left to right, longest rule first; an English
     * one with the Chinese words it means after it.
     */
    public String standardize(String question) {
        return read(question).text();
    }

    private String spoken(String question) {
        if (rules.isEmpty()) {
            return question;
        }
        StringBuilder out = new StringBuilder(question.length());
        int i = 0;
        outer:
        while (i < question.length()) {
            for (Rule r : rules) {
                if (question.startsWith(r.spoken(), i)) {
                    out.append(r.standard());
                    i += r.spoken().length();
                    continue outer;
                }
            }
            out.append(question.charAt(i++));
        }
        return out.toString();
    }

    public int size() {
        return rules.size();
    }
}
