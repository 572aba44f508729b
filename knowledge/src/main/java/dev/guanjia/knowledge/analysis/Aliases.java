package dev.guanjia.knowledge.analysis;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The operator-editable vocabulary of the property domain: groups of words that mean the same
 * (物业费, 管理费, 物管费), common mistypings and English terms. A question using one member is
 * also searched with the others.
 *
 * <p>File format: one group per line, members separated by commas (，also works); '#' starts a comment.
 */
public final class Aliases {

    private final List<List<String>> groups;
    private final List<String> words;

    private Aliases(List<List<String>> groups, List<String> words) {
        this.groups = groups;
        this.words = words;
    }

    /**
     * Every word of the file, including lines of a single word: the user dictionary, so that the word
     * analysis keeps them whole (开锁, 民宿, a fee item's or building's name).
     */
    public List<String> words() {
        return words;
    }

    /** The vocabulary shipped with Guanjia. */
    public static Aliases bundled() {
        return parse(Bundled.text("aliases.txt"));
    }

    /** An operator's file when it exists, else the bundled one. */
    public static Aliases load(Path file) throws IOException {
        return parse(Bundled.operatorOr(file, "aliases.txt"));
    }

    public static Aliases parse(String text) {
        List<List<String>> groups = new ArrayList<>();
        Set<String> words = new LinkedHashSet<>();
        try (BufferedReader r = new BufferedReader(new java.io.StringReader(text))) {
            String line;
            while ((line = r.readLine()) != null) {
                int hash = line.indexOf('#');
                if (hash >= 0) {
                    line = line.substring(0, hash);
                }
                Set<String> members = new LinkedHashSet<>();
                for (String m : line.split("[,，]")) {
                    String t = m.strip().toLowerCase(Locale.ROOT);
                    if (!t.isEmpty()) {
                        members.add(t);
                    }
                }
                words.addAll(members);
                if (members.size() > 1) {
                    groups.add(List.copyOf(members));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new Aliases(groups, List.copyOf(words));
    }

    /** Words to search besides the question's own: the other members of every group it touches. */
    public List<String> expansions(String question) {
        List<String> known = recent.get(question);
        if (known != null) {
            return known;
        }
        if (recent.size() > 20_000) {
            recent.clear();
        }
        List<String> out = expand(question);
        recent.put(question, out);
        return out;
    }

    // the same words come back question after question (each content word is expanded too)
    private final java.util.Map<String, List<String>> recent = new java.util.concurrent.ConcurrentHashMap<>();

    private List<String> expand(String question) {
        String q = question.toLowerCase(Locale.ROOT);
        Set<String> out = new LinkedHashSet<>();
        for (List<String> g : groups) {
            boolean hit = false;
            for (String m : g) {
                if (contains(q, m)) {
                    hit = true;
                    break;
                }
            }
            if (hit) {
                for (String m : g) {
                    if (!contains(q, m)) {
                        out.add(m);
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    public int size() {
        return groups.size();
    }

    /** Latin words match whole words only ("fee" is not in "coffee"); Chinese matches anywhere. */
    private static boolean contains(String text, String member) {
        for (int k = 0; k < member.length(); k++) {
            if (member.charAt(k) >= 0x4E00) {
                return text.contains(member);
            }
        }
        int from = 0;
        while (true) {
            int i = text.indexOf(member, from);
            if (i < 0) {
                return false;
            }
            int end = i + member.length();
            boolean startOk = i == 0 || !Character.isLetter(text.charAt(i - 1));
            boolean endOk = end == text.length() || !Character.isLetter(text.charAt(end));
            if (startOk && endOk) {
                return true;
            }
            from = i + 1;
        }
    }
}
