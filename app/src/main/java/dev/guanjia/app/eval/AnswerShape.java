package dev.guanjia.app.eval;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How readable a knowledge answer is, beside whether it holds its facts: whether the facts asked for
 * come first (within the answer's first {@value #LEAD} characters), and whether the answer pastes an
 * article of question-and-answer pairs (问：… 答：…) instead of answering with the one matching pair —
 * a question or answer marker left in it, or the answers of more than one pair.
 *
 * <p>Facts are compared as {@code eval} compares them everywhere: NFKC, whitespace removed, any
 * alternative as a substring; the first {@value #LEAD} characters are counted the same way.
 */
public final class AnswerShape {

    /** How many characters a resident reads before deciding whether the answer is theirs. */
    public static final int LEAD = 80;

    /** A question or answer marker at the start of a line or after a space: "问：", "答:", "Q1:", "A：". */
    private static final Pattern MARKER = Pattern.compile("(^|[\\n\\s])(问|答|Q|A)\\s*\\d*\\s*[:：]");

    /** A line of an article that opens a pair's question ("问：", "Q:", "1. 问：", "**问：**"). */
    private static final Pattern ASKS = Pattern.compile("^\\s*(\\d+[.、．]\\s*)?[*_]*\\s*(问|Q|q)\\s*\\d*\\s*[:：]");

    /** A line of an article that opens a pair's answer; the marker is cut off. */
    private static final Pattern ANSWERS = Pattern.compile("^\\s*[*_]*\\s*(答|A|a)\\s*\\d*\\s*[:：][*_]*\\s*");

    /** A clause shorter than this (normalised) says too little to tell which pair an answer quotes. */
    private static final int CLAUSE = 8;

    private AnswerShape() {
    }

    /** Of an answer's expected facts: how many it holds, and how many of those within the first {@link #LEAD}. */
    public record Lead(int found, int early) {
    }

    /** @param facts each fact a list of alternatives, any one of which counts */
    public static Lead lead(List<List<String>> facts, String answer) {
        String a = normalize(answer);
        String head = a.substring(0, Math.min(LEAD, a.length()));
        int found = 0;
        int early = 0;
        for (List<String> fact : facts) {
            List<String> alternatives = fact.stream().map(AnswerShape::normalize).filter(x -> !x.isEmpty()).toList();
            if (alternatives.stream().anyMatch(a::contains)) {
                found++;
                if (alternatives.stream().anyMatch(head::contains)) {
                    early++;
                }
            }
        }
        return new Lead(found, early);
    }

    /**
     * Whether the answer pastes question-and-answer fragments: a 问/答/Q/A marker, or the answers of
     * more than one pair of any of the articles it quotes.
     *
     * @param articles the bodies of the articles the answer cites
     */
    public static boolean pastesFaq(String answer, List<String> articles) {
        if (MARKER.matcher(answer).find()) {
            return true;
        }
        String a = normalize(answer.replace("*", ""));
        for (String article : articles) {
            int quoted = 0;
            for (String pair : pairAnswers(article)) {
                if (clauses(pair).stream().anyMatch(a::contains)) {
                    quoted++;
                }
            }
            if (quoted > 1) {
                return true;
            }
        }
        return false;
    }

    /** The answers of an article's question-and-answer pairs, in order; none when it has fewer than two. */
    static List<String> pairAnswers(String article) {
        List<String> out = new ArrayList<>();
        StringBuilder current = null;
        boolean answering = false;
        for (String line : article.split("\n")) {
            if (ASKS.matcher(line).find()) {
                flush(out, current);
                current = new StringBuilder();
                answering = false;
                continue;
            }
            if (current == null) {
                continue;
            }
            java.util.regex.Matcher m = ANSWERS.matcher(line);
            if (m.find()) {
                answering = true;
                line = line.substring(m.end());
            }
            if (answering) {
                current.append(line).append('\n');
            }
        }
        flush(out, current);
        return out.size() >= 2 ? out : List.of();
    }

    private static void flush(List<String> out, StringBuilder answer) {
        if (answer != null && !answer.toString().isBlank()) {
            out.add(answer.toString().strip());
        }
    }

    /** A pair's answer cut at sentence ends into normalised clauses long enough to be told apart. */
    private static List<String> clauses(String text) {
        List<String> out = new ArrayList<>();
        for (String c : text.split("[。；;！!？?，,\\n]")) {
            String n = normalize(c.replace("*", ""));
            if (n.length() >= CLAUSE) {
                out.add(n);
            }
        }
        return out;
    }

    /** NFKC, no whitespace: how eval compares facts. */
    public static String normalize(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFKC).replaceAll("\\s+", "");
    }
}
