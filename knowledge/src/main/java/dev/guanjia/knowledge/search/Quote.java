package dev.guanjia.knowledge.search;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What an answer quotes from the top article, readable on its own: the best piece first (the fact
 * asked for leads), the others by how well they answer, list items in the article's own numbering.
 * When the best is a later item of a numbered list ("4. 老人上门收费…"), the quote starts at it, after
 * the list's own short introduction when it has one ("可以用下面几种方式交："), and leaves out the
 * items above it, which would otherwise read "4. … 1. … 2.". For an article of question-and-answer pairs only the answer of
 * the one pair the question matches — never the pasted question or several pairs' answers. A short
 * list quoted ("1. 身份证；2. 户口本；3. 回执。") is read whole, as one passage, never with a hole in
 * it. Markdown emphasis is taken out: a chat shows it as asterisks.
 *
 * <p>The pair is chosen by meaning, its own question and its answer together: the article's question
 * is the resident's question as the writer foresaw it, and the pieces' other signals (a figure, a
 * time, a rule word) are in nearly every pair's answer, so the best single piece is often another
 * pair's ("几点开门？" answered by "音响最晚用到20:00"); between two pairs that mean the question
 * nearly as well, the one answering with the kind of figure asked for.
 */
final class Quote {

    private static final Pattern ASKED = Pattern.compile("^\\s*(\\d+[.、．]\\s*)?(问|Q|q)\\s*\\d*\\s*[:：]");
    private static final Pattern ANSWERED = Pattern.compile("^\\s*(答|A|a)\\s*[:：]\\s*");
    private static final Pattern EXAMPLE = Pattern.compile("^[\\s*_]*(举个例子|举例|例如|比如|譬如|例[:：])");
    private static final Pattern EMPHASIS = Pattern.compile("\\*\\*|__");
    /**
     * How long the quoted items above a later list item asked for may be, together, for the quote to
     * keep them before it ("1. 2. 3."): half the 80 characters a resident reads first, so the item asked
     * for still begins within them. Longer, the quote starts at the item asked for.
     */
    private static final int ABOVE_ASKED = 40;
    /**
     * The longest a quoted sentence grows with the rest of its line, in characters: the 80 a resident
     * reads first, so a long line does not push the other passages out of them.
     */
    private static final int GLANCE = 80;
    /** The longest lead-in a quote starting inside a list gets, in characters. */
    private static final int LEAD_IN = 20;

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
        int best = bestOf(scored);
        int[] pair = pairs(pieces);
        long pairCount = java.util.Arrays.stream(pair).filter(p -> p >= 0).distinct().count();
        if (pairCount >= 2 && pair[best] >= 0) {
            return answerOf(pieces, scored, pair, pairAsked(pieces, pair, best), max);
        }
        int[] unit = shortLists(pieces, best);
        List<Passage> out = compose(pieces, scored, best, max);
        if (java.util.Arrays.stream(unit).anyMatch(u -> u >= 0)) {
            // a short list quoted is read whole, as one passage; the room that leaves goes to the next
            // pieces, as long as the quote stays short
            int room = Math.max(length(out), LIST_ROOM);
            List<Passage> merged = merged(pieces, scored, unit, out);
            for (int more = max + 1; merged.size() < max && more <= pieces.size(); more++) {
                List<Passage> wider = merged(pieces, scored, unit, compose(pieces, scored, best, more));
                if (wider.size() > max || length(wider) > room) {
                    break;
                }
                merged = wider;
            }
            if (length(merged) <= room) {
                out = merged;
            }
        }
        return withTheirLines(pieces, scored, withoutBareHeadings(pieces, scored,
                withoutHoles(pieces, scored, best, listsTogether(pieces, scored, out))));
    }

    /** A section heading on a line of its own ("【带什么】", "## 费用"): it says nothing by itself. */
    private static final Pattern HEADING = Pattern.compile("^\\s*(【[^】]{1,16}】|#{1,6}\\s*\\S.{0,24})\\s*$");

    /**
     * The quote without headings standing alone: a heading quoted by its words ("卖房" in "【卖方】")
     * reads as an empty line unless what it heads follows it — the piece under it, or an item of the
     * list that starts under it, or that list read whole.
     */
    private static List<Passage> withoutBareHeadings(List<PassageCandidate> pieces, List<Passage> scored, List<Passage> out) {
        java.util.Map<Passage, Integer> at = positions(scored);
        int[] list = lists(pieces);
        List<Passage> kept = new ArrayList<>();
        for (int k = 0; k < out.size(); k++) {
            Passage p = out.get(k);
            int i = at.getOrDefault(p, -1);
            if (i >= 0 && HEADING.matcher(unmarked(p.text())).matches() && !(k + 1 < out.size() && heads(pieces, scored, list, i, at, out.get(k + 1)))) {
                continue;
            }
            kept.add(p);
        }
        return kept.isEmpty() ? out : kept;
    }

    private static boolean heads(List<PassageCandidate> pieces, List<Passage> scored, int[] list, int heading,
                                 java.util.Map<Passage, Integer> at, Passage next) {
        if (heading + 1 >= pieces.size()) {
            return false;
        }
        int n = at.getOrDefault(next, -1);
        if (n >= 0) {
            return n == heading + 1 || list[n] == heading + 1;
        }
        // a list read whole is a new passage: it begins with one of the items of the list under the heading
        for (int j = heading + 1; j < pieces.size(); j++) {
            if (list[j] == heading + 1 && next.text().startsWith(scored.get(j).text().strip())) {
                return true;
            }
        }
        return next.text().startsWith(scored.get(heading + 1).text().strip());
    }

    /**
     * The most the items left out between two quoted items of one list may hold, in characters, for
     * the quote to take them in: "1. … 3. 4." leaves the resident asking what 2 was, and the item left
     * out is as often the one holding the fact ("2. 施工图" among the papers to bring).
     */
    private static final int HOLE = 40;

    /**
     * Each list quoted with two or more items, read without holes: the short items left out between
     * them taken in, and, for a list other than the one asked about, its short items above the first
     * quoted one, so it reads from "1."; such a list becomes one passage, as it is one answer.
     */
    private static List<Passage> withoutHoles(List<PassageCandidate> pieces, List<Passage> scored, int best,
                                              List<Passage> out) {
        java.util.Map<Passage, Integer> at = positions(scored);
        int[] list = lists(pieces);
        java.util.Map<Integer, java.util.TreeSet<Integer>> quoted = new java.util.HashMap<>();
        for (Passage p : out) {
            int i = at.getOrDefault(p, -1);
            if (i >= 0 && list[i] >= 0) {
                quoted.computeIfAbsent(list[i], k -> new java.util.TreeSet<>()).add(i);
            }
        }
        java.util.Map<Integer, Passage> whole = new java.util.HashMap<>();
        java.util.Set<Integer> folded = new java.util.HashSet<>();
        for (var e : quoted.entrySet()) {
            java.util.TreeSet<Integer> items = e.getValue();
            if (items.size() < 2) {
                continue;
            }
            // the list asked about leads with the item asked: only its holes below that item are filled
            int from = list[best] == e.getKey() ? Math.max(items.first(), best) : items.first();
            int to = items.last();
            if (items.subSet(from, true, to, true).size() < 2) {
                continue;
            }
            // the pieces the list reads with: its items from the first to the last quoted, each with the further
            // sentences of its own line; what was not quoted counts against the hole
            int start = from;
            if (list[best] != e.getKey()) {
                int above = 0;
                for (int i = e.getKey(); i < from; i++) {
                    above += list[i] == e.getKey() || pieces.get(i).continues() ? unmarked(pieces.get(i).text()).strip().length() : 0;
                }
                if (above <= ABOVE_ASKED) {
                    start = e.getKey();
                }
            }
            if (start > items.first()) {
                continue; // items quoted above the one asked read as they were placed; not merged
            }
            List<Integer> taken = new ArrayList<>();
            int missing = 0;
            int holes = 0;
            for (int i = start; i < pieces.size(); i++) {
                boolean item = list[i] == e.getKey() && i <= to;
                boolean itsLine = list[i] < 0 && pieces.get(i).continues() && taken.contains(i - 1);
                if (!item && !itsLine) {
                    if (i > to) {
                        break;
                    }
                    continue;
                }
                taken.add(i);
                if (!out.contains(scored.get(i)) && i >= from) {
                    missing += unmarked(pieces.get(i).text()).strip().length();
                    holes += item ? 1 : 0;
                }
            }
            // (only the rest of a quoted item's line left out is no hole: that line is completed below)
            if (missing > HOLE || holes == 0 && start == items.first()) {
                continue;
            }
            StringBuilder text = new StringBuilder();
            double score = Double.NEGATIVE_INFINITY;
            for (int i : taken) {
                if (text.length() > 0 && !pieces.get(i).continues()) {
                    text.append('\n');
                }
                text.append(scored.get(i).text().strip());
                score = Math.max(score, scored.get(i).score());
                folded.add(i);
            }
            whole.put(e.getKey(), new Passage(scored.get(start).docId(), scored.get(start).title(), text.toString(), score));
        }
        if (whole.isEmpty()) {
            return out;
        }
        List<Passage> result = new ArrayList<>();
        java.util.Set<Integer> placed = new java.util.HashSet<>();
        for (Passage p : out) {
            int i = at.getOrDefault(p, -1);
            Integer l = i >= 0 && list[i] >= 0 ? list[i] : null;
            if (l == null || !whole.containsKey(l)) {
                if (!folded.contains(i)) {
                    result.add(p); // a further sentence read with its item is not quoted twice
                }
            } else if (placed.add(l)) {
                result.add(whole.get(l));
            }
        }
        return result;
    }

    /**
     * Each numbered list's quoted items together, in the article's order, where the list is first read,
     * its own introduction ("发现着火时：") just before them when that is quoted too: items of two lists
     * taken by score read "1. … 1. … 2. … 2." or "1. … 3. … 2.", which no resident can follow.
     */
    private static List<Passage> listsTogether(List<PassageCandidate> pieces, List<Passage> scored, List<Passage> out) {
        java.util.Map<Passage, Integer> at = positions(scored);
        int[] list = lists(pieces);
        java.util.Map<Integer, List<Integer>> items = new java.util.HashMap<>();
        for (Passage p : out) {
            int i = at.getOrDefault(p, -1);
            if (i >= 0 && list[i] >= 0) {
                items.computeIfAbsent(list[i], k -> new ArrayList<>()).add(i);
            }
        }
        if (items.values().stream().allMatch(l -> l.size() == 1) && items.size() <= 1) {
            return out;
        }
        java.util.Set<Integer> intros = new java.util.HashSet<>();
        java.util.Map<Integer, Integer> introOf = new java.util.HashMap<>();
        for (java.util.Map.Entry<Integer, List<Integer>> e : items.entrySet()) {
            int first = e.getValue().stream().mapToInt(Integer::intValue).min().orElseThrow();
            // with items of two lists quoted, each list's own heading ("【卖方】") says whose "1." is whose
            int above = e.getKey() - 1;
            boolean heading = items.size() > 1 && above >= 0 && HEADING.matcher(unmarked(pieces.get(above).text())).matches();
            int intro = heading ? above : first - 1;
            if (heading || intro >= 0 && number(pieces.get(intro).text()) == 0
                    && unmarked(pieces.get(intro).text()).strip().matches("(?s).*[：:]$")
                    && out.stream().anyMatch(p -> at.getOrDefault(p, -1) == intro)) {
                intros.add(intro);
                introOf.put(e.getKey(), intro);
            }
        }
        List<Passage> result = new ArrayList<>();
        java.util.Set<Integer> placed = new java.util.HashSet<>();
        for (Passage p : out) {
            int i = at.getOrDefault(p, -1);
            if (i >= 0 && intros.contains(i)) {
                continue; // read with its list
            }
            if (i < 0 || list[i] < 0) {
                result.add(p);
                continue;
            }
            if (!placed.add(list[i])) {
                continue;
            }
            Integer intro = introOf.get(list[i]);
            if (intro != null) {
                result.add(scored.get(intro));
            }
            items.get(list[i]).stream().sorted().forEach(k -> result.add(scored.get(k)));
        }
        // an introduction whose list was not quoted stays where it was
        for (Passage p : out) {
            int i = at.getOrDefault(p, -1);
            if (i >= 0 && intros.contains(i) && !result.contains(p)) {
                result.add(p);
            }
        }
        return result;
    }

    /** Where each scored piece stands in the article: the quote's passages are those very objects. */
    private static java.util.Map<Passage, Integer> positions(List<Passage> scored) {
        java.util.Map<Passage, Integer> at = new java.util.IdentityHashMap<>();
        for (int i = 0; i < scored.size(); i++) {
            at.put(scored.get(i), i);
        }
        return at;
    }

    /**
     * For each piece, the numbered list it is an item of (the index of the list's first item), -1 for a
     * piece that is no list item: a list goes on while its numbers count up one by one, past unnumbered
     * pieces between them (a table row, a note); "1." or a number out of turn starts another.
     */
    private static int[] lists(List<PassageCandidate> pieces) {
        int[] list = new int[pieces.size()];
        int current = -1;
        int expected = 0;
        for (int i = 0; i < pieces.size(); i++) {
            int n = number(pieces.get(i).text());
            if (n == 0) {
                list[i] = -1;
                continue;
            }
            if (current < 0 || n != expected) {
                current = i;
            }
            list[i] = current;
            expected = n + 1;
        }
        return list;
    }

    /** The pieces quoted, in the order they are read, before their lines are completed. */
    private static List<Passage> compose(List<PassageCandidate> pieces, List<Passage> scored, int best, int max) {
        List<Integer> chosen = choose(pieces, scored, best, -1, false, max - 1);
        int item = number(scored.get(best).text());
        int opens = item > 1 ? listStart(pieces, best) : -1;
        List<Passage> out = new ArrayList<>();
        Passage first = scored.get(best);
        if (item > 1) {
            List<Integer> above = chosen.stream().filter(i -> i < best && number(scored.get(i).text()) > 0).toList();
            int length = above.stream().mapToInt(i -> unmarked(scored.get(i).text()).strip().length()).sum();
            if (!above.isEmpty() && opens >= 0 && above.get(0) >= opens && (length <= ABOVE_ASKED || step(pieces.get(best)))) {
                // short items of the same list above the one asked for, or the steps of a how-to question:
                // the list from its introduction in the article's order, "1. 2. 3.", then the rest
                int from = opens > 0 && number(scored.get(opens - 1).text()) == 0 ? opens - 1 : opens;
                List<Integer> before = chosen.stream().filter(i -> i >= from && i < best).sorted().toList();
                before.forEach(i -> out.add(scored.get(i)));
                out.add(first);
                // the list goes on after the item asked for, then the rest
                chosen.stream().filter(i -> !before.contains(i) && number(scored.get(i).text()) > 0)
                        .forEach(i -> out.add(scored.get(i)));
                chosen.stream().filter(i -> !before.contains(i) && number(scored.get(i).text()) == 0)
                        .forEach(i -> out.add(scored.get(i)));
                return out;
            }
            // otherwise the quote starts at the item asked for, after the list's own introduction; an item
            // of the same list above it scored next to it answers as likely as it does (the score cannot
            // tell "提前几天登记" from "几点可以搬" apart): it alone comes along, in the article's order
            int second = runnerUp(scored, best);
            boolean secondAbove = opens >= 0 && second >= opens && second < best && number(scored.get(second).text()) > 0;
            java.util.Optional<String> leadIn = opens >= 0 ? leadIn(pieces, opens) : java.util.Optional.empty();
            int room = max - 1 - (leadIn.isPresent() ? 1 : 0) - (secondAbove ? 1 : 0);
            chosen = choose(pieces, scored, best, leadIn.isPresent() ? opens - 1 : -1, true, room);
            double lowest = scored.stream().mapToDouble(Passage::score).min().orElse(0);
            // scored below every piece: the piece asked for stays the best one quoted
            leadIn.ifPresent(text -> out.add(new Passage(first.docId(), first.title(), text, lowest - 1)));
            if (secondAbove) {
                out.add(scored.get(second));
            }
        }
        out.add(first);
        for (int i : chosen) {
            out.add(scored.get(i));
        }
        return out;
    }

    private static int length(List<Passage> quote) {
        return quote.stream().mapToInt(p -> unmarked(p.text()).strip().length()).sum();
    }

    /** The longest item of a list read whole as one passage, in characters. */
    private static final int SHORT_ITEM = 50;
    /** The longest such a list may be, all its items together. */
    private static final int SHORT_LIST = 160;
    /**
     * The longest a quote holding lists read whole may grow to, in characters (unless it was longer
     * already): about two glances, what four passages usually come to.
     */
    private static final int LIST_ROOM = 200;

    /**
     * For each piece, the first piece of the short numbered list it belongs to, or -1: a list of at
     * least three items numbered from 1, each at most {@link #SHORT_ITEM} characters and together at
     * most {@link #SHORT_LIST} ("1. 身份证；2. 户口本；3. 出租登记回执。"). Not the list of the best
     * piece, which leads on its own, nor the steps of a how-to question, read one by one.
     */
    private static int[] shortLists(List<PassageCandidate> pieces, int best) {
        int[] unit = new int[pieces.size()];
        java.util.Arrays.fill(unit, -1);
        for (int start = 0; start < pieces.size(); start++) {
            if (number(pieces.get(start).text()) != 1) {
                continue;
            }
            int expected = 1;
            int end = start;
            int total = 0;
            int item = 0;
            boolean isShort = true;
            for (int i = start; i < pieces.size(); i++) {
                int n = number(pieces.get(i).text());
                if (n == expected) {
                    isShort &= item <= SHORT_ITEM;
                    item = 0;
                    expected++;
                } else if (n != 0 || !pieces.get(i).continues()) {
                    break;
                }
                int length = unmarked(pieces.get(i).text()).strip().length();
                item += length;
                total += length;
                isShort &= !step(pieces.get(i)) && i != best;
                end = i + 1;
            }
            if (isShort && item <= SHORT_ITEM && total <= SHORT_LIST && expected > 3) {
                for (int i = start; i < end; i++) {
                    unit[i] = start;
                }
            }
            start = end - 1;
        }
        return unit;
    }


    /** The quote with each short list it touches read whole, as one passage, where its first quoted piece stands. */
    private static List<Passage> merged(List<PassageCandidate> pieces, List<Passage> scored, int[] unit, List<Passage> out) {
        java.util.Map<Passage, Integer> at = positions(scored);
        java.util.Set<Integer> done = new java.util.HashSet<>();
        List<Passage> result = new ArrayList<>();
        for (Passage p : out) {
            int k = at.getOrDefault(p, -1);
            if (k < 0 || unit[k] < 0) {
                result.add(p);
                continue;
            }
            if (!done.add(unit[k])) {
                continue;
            }
            StringBuilder list = new StringBuilder();
            double score = Double.NEGATIVE_INFINITY;
            for (int i = unit[k]; i < unit.length && unit[i] == unit[k]; i++) {
                if (list.length() > 0 && !pieces.get(i).continues()) {
                    list.append('\n');
                }
                list.append(scored.get(i).text().strip());
                score = Math.max(score, scored.get(i).score());
            }
            result.add(new Passage(p.docId(), p.title(), list.toString(), score));
        }
        return result;
    }

    /**
     * The quoted pieces, each with the next sentence of its own line when that is not quoted already
     * and the two read at a glance ("柜台可以刷卡、扫码。" + "柜台不收现金。"): a paragraph's or list
     * item's second sentence often holds the condition or the exception the first one leads up to,
     * and scores low on its own. Markdown emphasis is taken out.
     */
    private static List<Passage> withTheirLines(List<PassageCandidate> pieces, List<Passage> scored, List<Passage> out) {
        java.util.Map<Passage, Integer> at = positions(scored);
        java.util.Set<Integer> quoted = new java.util.HashSet<>();
        out.forEach(p -> quoted.add(at.getOrDefault(p, -1)));
        List<Passage> lines = new ArrayList<>();
        for (Passage p : out) {
            int i = at.getOrDefault(p, -1);
            if (i >= 0 && i + 1 < pieces.size() && pieces.get(i + 1).continues() && !quoted.contains(i + 1)
                    && p.text().length() + scored.get(i + 1).text().length() <= GLANCE) {
                p = new Passage(p.docId(), p.title(), p.text() + scored.get(i + 1).text(), p.score());
            }
            lines.add(plain(p));
        }
        return lines;
    }

    private static final int STEP = PassageCandidate.FEATURES.indexOf("step");

    /** The piece scored highest after the best one, or -1 when there is none. */
    private static int runnerUp(List<Passage> scored, int best) {
        int second = -1;
        for (int i = 0; i < scored.size(); i++) {
            if (i != best && (second < 0 || scored.get(i).score() > scored.get(second).score())) {
                second = i;
            }
        }
        return second;
    }

    /** The piece is a numbered step and the question asks how to do something: the steps answer it in order. */
    private static boolean step(PassageCandidate piece) {
        return piece.features().length > STEP && piece.features()[STEP] > 0;
    }

    /**
     * The piece to lead with: the best scored, unless it is a worked example ("举个例子：60平方米…",
     * "例如…"), which illustrates a statement rather than makes it: then the best statement, the example
     * following among the rest.
     */
    private static int bestOf(List<Passage> scored) {
        int best = -1;
        for (int i = 0; i < scored.size(); i++) {
            if (!EXAMPLE.matcher(scored.get(i).text()).find()
                    && (best < 0 || scored.get(i).score() > scored.get(best).score())) {
                best = i;
            }
        }
        if (best >= 0) {
            return best;
        }
        best = 0;
        for (int i = 1; i < scored.size(); i++) {
            if (scored.get(i).score() > scored.get(best).score()) {
                best = i;
            }
        }
        return best;
    }

    /**
     * The pieces quoted besides the best: the highest scored, in the order of their scores, since the
     * runner-up holds what is asked nearly as often as the best and a resident reads the first lines
     * only; the numbered items among them stand together where the best of them would, in the
     * article's order, so a list still reads "1. 2. 3." and never "3. … 1.", and a further sentence of
     * a quoted line right after it.
     *
     * @param skip       a piece not to quote (the list introduction already used as the lead-in), or -1
     * @param noneAbove  leave out the numbered items above the best, which would read "3. … 1. 2." after it
     */
    private static List<Integer> choose(List<PassageCandidate> pieces, List<Passage> scored, int best, int skip,
                                        boolean noneAbove, int room) {
        List<Integer> others = new ArrayList<>();
        for (int i = 0; i < scored.size(); i++) {
            if (i != best && i != skip && !(noneAbove && i < best && number(scored.get(i).text()) > 0)) {
                others.add(i);
            }
        }
        others.sort((x, y) -> Double.compare(scored.get(y).score(), scored.get(x).score()));
        List<Integer> chosen = new ArrayList<>(others.subList(0, Math.max(0, Math.min(room, others.size()))));
        // the numbered items together, in the article's order, where the best scored of them stands
        List<Integer> items = chosen.stream().filter(i -> number(scored.get(i).text()) > 0).sorted().toList();
        List<Integer> ordered = new ArrayList<>();
        if (items.isEmpty()) {
            ordered.addAll(chosen);
        } else {
            int at = 0;
            while (number(scored.get(chosen.get(at)).text()) == 0) {
                at++;
            }
            List<Integer> rest = chosen.stream().filter(i -> number(scored.get(i).text()) == 0).toList();
            ordered.addAll(rest.subList(0, at));
            ordered.addAll(items);
            ordered.addAll(rest.subList(at, rest.size()));
        }
        // a further sentence of a quoted line follows that line ("举例：1号楼…" then "3号楼…")
        for (int i : chosen.stream().sorted().toList()) {
            if (i > 0 && pieces.get(i).continues() && (i - 1 == best || ordered.contains(i - 1))) {
                ordered.remove(Integer.valueOf(i));
                ordered.add(i - 1 == best ? 0 : ordered.indexOf(i - 1) + 1, i);
            }
        }
        return ordered;
    }

    /**
     * Where the numbered list holding a later item starts: the item numbered 1 above it, counting down
     * one number a piece (unnumbered pieces between items, such as a table row or a note, are passed);
     * -1 when the numbers do not lead down to 1.
     */
    private static int listStart(List<PassageCandidate> pieces, int at) {
        int expected = number(pieces.get(at).text()) - 1;
        for (int i = at - 1; i >= 0 && expected >= 1; i--) {
            int n = number(pieces.get(i).text());
            if (n == 0) {
                continue;
            }
            if (n != expected) {
                return -1;
            }
            if (n == 1) {
                return i;
            }
            expected--;
        }
        return -1;
    }

    /**
     * A short lead-in for a quote that starts inside a list: the list's own introduction, when the
     * piece above its first item introduces it ("…可以用下面几种方式交："), cut to its last clause.
     */
    private static java.util.Optional<String> leadIn(List<PassageCandidate> pieces, int listStart) {
        if (listStart == 0) {
            return java.util.Optional.empty();
        }
        String intro = unmarked(pieces.get(listStart - 1).text()).strip();
        if (number(intro) > 0 || !(intro.endsWith("：") || intro.endsWith(":"))) {
            return java.util.Optional.empty();
        }
        int cut = Math.max(intro.lastIndexOf('，'), Math.max(intro.lastIndexOf('。'), intro.lastIndexOf('；')));
        String clause = intro.substring(cut + 1).strip();
        return clause.length() >= 2 && clause.length() <= LEAD_IN ? java.util.Optional.of(clause) : java.util.Optional.empty();
    }

    /** The passage without Markdown emphasis, which a chat shows as stray asterisks. */
    private static Passage plain(Passage p) {
        String text = unmarked(p.text());
        return text.equals(p.text()) ? p : new Passage(p.docId(), p.title(), text, p.score());
    }

    /** "**缴费方式：** 前台" → "缴费方式： 前台". */
    static String unmarked(String text) {
        return EMPHASIS.matcher(text).replaceAll("");
    }

    /** The number a list item starts with ("2." → 2, "三、" → 3), 0 for a piece that is no list item. */
    private static int number(String text) {
        return Passage.listNumber(text);
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

    private static final int MEANING = PassageCandidate.FEATURES.indexOf("meaning");
    private static final int FIGURE_KIND = PassageCandidate.FEATURES.indexOf("figure_kind");
    /**
     * What an answer holding the kind of figure asked for (a time for 几点, a price for 多少钱) adds to its
     * pair's closeness in meaning: enough to choose between two pairs that mean the question nearly
     * as well ("几点关门" between "在哪？" and "几点开放？"), too little to outweigh what was asked.
     */
    private static final double KIND_ANSWERED = 0.1;

    /**
     * The pair the question asks: the one whose question piece and closest other piece are together
     * closest in meaning to it, a little closer when its answer has the kind of figure asked for.
     * Pieces without the meaning feature (tests, fitting) keep the pair of the best scored piece.
     */
    private static int pairAsked(List<PassageCandidate> pieces, int[] pair, int best) {
        if (pieces.stream().anyMatch(p -> p.features().length <= MEANING)) {
            return pair[best];
        }
        int asked = pair[best];
        double most = Double.NEGATIVE_INFINITY;
        for (int q = 0; q < pieces.size(); q++) {
            if (pair[q] != q) {
                continue;
            }
            double closest = Double.NEGATIVE_INFINITY;
            double kind = 0;
            for (int i = q + 1; i < pieces.size() && pair[i] == q; i++) {
                closest = Math.max(closest, pieces.get(i).features()[MEANING]);
                kind = Math.max(kind, pieces.get(i).features()[FIGURE_KIND]);
            }
            double together = pieces.get(q).features()[MEANING] + (closest == Double.NEGATIVE_INFINITY ? 0 : closest)
                    + KIND_ANSWERED * kind;
            if (together > most) {
                most = together;
                asked = q;
            }
        }
        return asked;
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
                if (pieces.get(i).continues() && !out.isEmpty() && pair[i - 1] == which
                        && out.get(out.size() - 1).text().length() + text.length() <= GLANCE) {
                    // the answer's line goes on: one passage, as the article wrote it
                    Passage last = out.remove(out.size() - 1);
                    out.add(new Passage(last.docId(), last.title(), last.text() + unmarked(text), last.score()));
                } else {
                    out.add(plain(new Passage(p.docId(), p.title(), text, p.score())));
                }
            }
        }
        if (out.isEmpty()) {
            // a pair written without "答：": everything after its question
            for (int i = which + 1; i < pieces.size() && pair[i] == which && out.size() < max; i++) {
                out.add(plain(scored.get(i)));
            }
        }
        return out;
    }
}
