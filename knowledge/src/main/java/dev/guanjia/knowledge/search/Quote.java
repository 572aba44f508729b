package dev.guanjia.knowledge.search;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What an answer quotes from the top article, readable on its own: the best piece first (the fact
 * asked for leads), the others in the article's own order and numbering — all of it in the article's
 * order when the best is a later item of a numbered list whose earlier items it quotes too —, and for an article of question-and-answer pairs only the answer of the one
 * pair the question matches — never the pasted question or several pairs' answers.
 */
final class Quote {

    private static final Pattern ASKED = Pattern.compile("^\\s*(\\d+[.、．]\\s*)?(问|Q|q)\\s*\\d*\\s*[:：]");
    private static final Pattern NUMBERED = Pattern.compile("^\\s*(\\d{1,2}|[一二三四五六七八九十])[.、．)）](?!\\d)");
    private static final Pattern ANSWERED = Pattern.compile("^\\s*(答|A|a)\\s*[:：]\\s*");

    private Quote() {
    }

    /**
     * @param pieces the article's pieces in document order
     * @param scored the same pieces with their passage scores, same order
     */
    static List<Passage> of(List<PassageCandidate> pieces, List<Passage> scored, int max) {
        if (scored.isEmpty()) {
            return List.of();
        }
        int best = 0;
        for (int i = 1; i < scored.size(); i++) {
            if (scored.get(i).score() > scored.get(best).score()) {
                best = i;
            }
        }
        int[] pair = pairs(pieces);
        long pairCount = java.util.Arrays.stream(pair).filter(p -> p >= 0).distinct().count();
        if (pairCount >= 2 && pair[best] >= 0) {
            return answerOf(pieces, scored, pair, pair[best], max);
        }
        List<Integer> others = new ArrayList<>();
        for (int i = 0; i < scored.size(); i++) {
            if (i != best) {
                others.add(i);
            }
        }
        others.sort((x, y) -> Double.compare(scored.get(y).score(), scored.get(x).score()));
        List<Integer> chosen = new ArrayList<>(others.subList(0, Math.min(max - 1, others.size())));
        // the rest in the article's own order, so lists keep their numbering
        chosen.sort(Integer::compare);
        int first = best;
        int item = number(scored.get(best).text());
        if (item > 1 && chosen.stream().anyMatch(i -> i < first && number(scored.get(i).text()) > 0
                && number(scored.get(i).text()) < item)) {
            // the best is an item of a numbered list that an earlier quoted item opens: "2. … 1. …"
            // reads wrong, so the whole quote keeps the article's order
            chosen.add(best);
            chosen.sort(Integer::compare);
        } else {
            chosen.add(0, best);
        }
        List<Passage> out = new ArrayList<>();
        for (int i : chosen) {
            out.add(scored.get(i));
        }
        return out;
    }

    /** The number a list item starts with ("2." → 2, "三、" → 3), 0 for a piece that is no list item. */
    private static int number(String text) {
        java.util.regex.Matcher m = NUMBERED.matcher(text);
        if (!m.find()) {
            return 0;
        }
        String n = m.group(1);
        int chinese = "一二三四五六七八九十".indexOf(n);
        return chinese >= 0 ? chinese + 1 : Integer.parseInt(n);
    }

    /** The pair each piece belongs to (from a "问：" piece up to the next one), -1 outside pairs. */
    private static int[] pairs(List<PassageCandidate> pieces) {
        int[] out = new int[pieces.size()];
        int current = -1;
        for (int i = 0; i < pieces.size(); i++) {
            if (ASKED.matcher(pieces.get(i).text()).find()) {
                current = i;
            }
            out[i] = current;
        }
        return out;
    }

    /** The answer pieces of one pair, "答：" dropped, in order. */
    private static List<Passage> answerOf(List<PassageCandidate> pieces, List<Passage> scored, int[] pair, int which,
                                          int max) {
        List<Passage> out = new ArrayList<>();
        boolean answering = false;
        for (int i = 0; i < pieces.size() && out.size() < max + 2; i++) {
            if (pair[i] != which) {
                continue;
            }
            String text = scored.get(i).text();
            if (ANSWERED.matcher(text).find()) {
                answering = true;
                text = ANSWERED.matcher(text).replaceFirst("");
            }
            if (answering && !text.isBlank()) {
                Passage p = scored.get(i);
                out.add(new Passage(p.docId(), p.title(), text, p.score()));
            }
        }
        if (out.isEmpty()) {
            // a pair written without "答：": everything after its question
            for (int i = which + 1; i < pieces.size() && pair[i] == which && out.size() < max; i++) {
                out.add(scored.get(i));
            }
        }
        return out;
    }
}
