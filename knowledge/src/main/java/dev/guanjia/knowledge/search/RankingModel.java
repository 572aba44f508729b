package dev.guanjia.knowledge.search;

import dev.guanjia.knowledge.analysis.Bundled;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The three fitted decisions of the knowledge search. Ranking: a linear score over each candidate's
 * {@link Candidate#FEATURES}, fitted listwise (softmax over a question's candidates) so the right
 * document scores highest. Abstaining: a logistic model over {@link #SIGNALS} giving the
 * probability that the best document answers at all; below the threshold the bot says it does not
 * know. Quoting: a linear score over each piece's {@link PassageCandidate#FEATURES}, fitted listwise
 * so the pieces holding the asked-for facts come first. All are fitted once with {@code bench ranker} on Guanjia's own questions (the calibration
 * and demo packs, never the packs it is judged on) and shipped as {@code knowledge/ranking.properties}.
 */
public final class RankingModel {

    /** What the abstain decision reads, in order. */
    public static final List<String> SIGNALS = List.of(
            "cosine",        // the best document's cosine to the question
            "topic_cosine",  // the best document's title and tags' cosine to the question
            "coverage",      // share of the question's content words in it
            "scope",         // closeness to example questions a property desk answers, minus to ones it does not
            "rare_coverage", // share of the question's words in it, each weighted by its rarity
            "topic_coverage", // share of them in the title and tags
            "agreement",     // how high the meaning, word and bigram rankings each put it (mean 1/rank)
            "top_share",     // its share of the ranking's softmax: how clearly it beats the others
            "passage_coverage", // the best single piece's rarity-weighted share of the question's words
            "figure_missing", // the question asks for a kind of figure the document has none of
            "unknown",       // share of the question's words that no document of the community uses
            "piece_cosine",  // its closest single piece's cosine to the question
            "cosine_margin", // its cosine minus the best other candidate's: how alone it stands in meaning
            "piece_lift",    // its closest piece's cosine minus the candidates' mean cosine: a question
                             // near every document (short, generic) earns less from being near this one
            "english");      // 1 for a question without Chinese characters: its meaning is read by a Chinese
                             // model and its words through a glossary, so the other signals run lower

    /** Signals added after models were shipped: a model fitted before one existed reads it as weight 0. */
    private static final java.util.Set<String> LATER = java.util.Set.of("english");

    private final double[] rank;
    private final double[] abstain;
    private final double threshold;
    private final double[] passage;

    /**
     * @param rank      one weight per candidate feature
     * @param abstain   the bias, then one weight per signal
     * @param threshold answer only when the probability is at least this
     * @param passage   one weight per passage feature
     */
    public RankingModel(double[] rank, double[] abstain, double threshold, double[] passage) {
        if (rank.length != Candidate.FEATURES.size() || abstain.length != SIGNALS.size() + 1
                || passage.length != PassageCandidate.FEATURES.size()) {
            throw new IllegalArgumentException("ranking model has " + rank.length + " ranking, "
                    + abstain.length + " abstain and " + passage.length + " passage coefficients; expected "
                    + Candidate.FEATURES.size() + ", " + (SIGNALS.size() + 1) + " and "
                    + PassageCandidate.FEATURES.size());
        }
        this.rank = rank.clone();
        this.abstain = abstain.clone();
        this.threshold = threshold;
        this.passage = passage.clone();
    }

    /** The same model with other passage weights (what {@code bench ranker} fits last). */
    public RankingModel withPassageWeights(double[] weights) {
        return new RankingModel(rank, abstain, threshold, weights);
    }

    /** The model shipped with Guanjia. */
    public static RankingModel bundled() {
        return parse(Bundled.text("ranking.properties"));
    }

    public static RankingModel parse(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        double[] rank = new double[Candidate.FEATURES.size()];
        for (int i = 0; i < rank.length; i++) {
            rank[i] = number(p, "rank." + Candidate.FEATURES.get(i));
        }
        double[] abstain = new double[SIGNALS.size() + 1];
        abstain[0] = number(p, "abstain.bias");
        for (int i = 0; i < SIGNALS.size(); i++) {
            String key = "abstain." + SIGNALS.get(i);
            abstain[i + 1] = LATER.contains(SIGNALS.get(i)) && p.getProperty(key) == null ? 0 : number(p, key);
        }
        double[] passage = new double[PassageCandidate.FEATURES.size()];
        for (int i = 0; i < passage.length; i++) {
            passage[i] = number(p, "passage." + PassageCandidate.FEATURES.get(i));
        }
        return new RankingModel(rank, abstain, number(p, "abstain.threshold"), passage);
    }

    private static double number(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("ranking model lacks " + key);
        }
        return Double.parseDouble(v.strip());
    }

    /** The model as a properties file, the way {@link #parse} reads it. */
    public String toProperties(String comment) {
        StringBuilder out = new StringBuilder();
        comment.lines().forEach(l -> out.append("# ").append(l).append('\n'));
        for (int i = 0; i < rank.length; i++) {
            out.append(String.format(Locale.ROOT, "rank.%s=%.4f%n", Candidate.FEATURES.get(i), rank[i]));
        }
        out.append(String.format(Locale.ROOT, "abstain.bias=%.4f%n", abstain[0]));
        for (int i = 0; i < SIGNALS.size(); i++) {
            out.append(String.format(Locale.ROOT, "abstain.%s=%.4f%n", SIGNALS.get(i), abstain[i + 1]));
        }
        out.append(String.format(Locale.ROOT, "abstain.threshold=%.2f%n", threshold));
        for (int i = 0; i < passage.length; i++) {
            out.append(String.format(Locale.ROOT, "passage.%s=%.4f%n", PassageCandidate.FEATURES.get(i), passage[i]));
        }
        return out.toString();
    }

    public double score(double[] features) {
        return weighted(rank, features);
    }

    private static double weighted(double[] weights, double[] features) {
        double s = 0;
        for (int i = 0; i < weights.length; i++) {
            s += weights[i] * features[i];
        }
        return s;
    }

    public double[] passageWeights() {
        return passage.clone();
    }

    /** How well a piece of a document answers the question: higher is quoted first. */
    public double passageScore(double[] features) {
        return weighted(passage, features);
    }

    /** Probability that the best document answers the question, from the signals in {@link #SIGNALS} order. */
    public double answerProbability(double[] signals) {
        double z = abstain[0];
        for (int i = 0; i < signals.length; i++) {
            z += abstain[i + 1] * signals[i];
        }
        return 1 / (1 + Math.exp(-z));
    }

    /** A candidate with its ranking score. */
    public record Ranked(Candidate candidate, double score) {
    }

    /** The candidates best first. */
    public List<Ranked> rank(List<Candidate> candidates) {
        List<Ranked> out = new ArrayList<>();
        for (Candidate c : candidates) {
            out.add(new Ranked(c, score(c.features())));
        }
        out.sort(Comparator.comparingDouble(Ranked::score).reversed());
        return out;
    }

    /** The candidates in the order of the fused rankings alone, each scored by its fusion score. */
    public static List<Ranked> byFusion(List<Candidate> candidates) {
        int fused = Candidate.FEATURES.indexOf("fused");
        List<Ranked> out = new ArrayList<>();
        for (Candidate c : candidates) {
            out.add(new Ranked(c, c.features()[fused]));
        }
        out.sort(Comparator.comparingDouble(Ranked::score).reversed());
        return out;
    }

    /**
     * The abstain signals of a ranking (best first), the question's closeness to the scope examples and
     * the share of its words the community's documents never use ({@link KnownWords}).
     * Raw ranking scores are left out (their scale follows the pack's vocabulary); only the top
     * document's share of the softmax over them is read.
     */
    public static double[] signals(List<Ranked> ranked, double inScope, double outOfScope, double unknown,
                                   boolean english) {
        double[] f = ranked.get(0).candidate().features();
        double sum = 0;
        for (Ranked r : ranked) {
            sum += Math.exp(r.score() - ranked.get(0).score());
        }
        int dense = Candidate.FEATURES.indexOf("dense_rr");
        int words = Candidate.FEATURES.indexOf("words_rr");
        int grams = Candidate.FEATURES.indexOf("grams_rr");
        return new double[] {f[Candidate.DENSE_COS], f[Candidate.TOPIC_COS], f[Candidate.COVERAGE],
                inScope - outOfScope, f[Candidate.FEATURES.indexOf("rare_coverage")],
                f[Candidate.FEATURES.indexOf("topic_coverage")], (f[dense] + f[words] + f[grams]) / 3, 1 / sum,
                f[Candidate.FEATURES.indexOf("passage_coverage")], f[Candidate.FEATURES.indexOf("figure_missing")],
                unknown, f[Candidate.FEATURES.indexOf("piece_cosine")], margin(ranked),
                f[Candidate.FEATURES.indexOf("piece_cosine")] - ranked.stream()
                        .mapToDouble(r -> r.candidate().features()[Candidate.DENSE_COS]).average().orElse(0),
                english ? 1 : 0};
    }

    private static double margin(List<Ranked> ranked) {
        double top = ranked.get(0).candidate().features()[Candidate.DENSE_COS];
        double other = ranked.stream().skip(1).mapToDouble(r -> r.candidate().features()[Candidate.DENSE_COS])
                .max().orElse(0);
        return top - other;
    }

    public boolean abstain(double[] signals) {
        return answerProbability(signals) < threshold;
    }
}
