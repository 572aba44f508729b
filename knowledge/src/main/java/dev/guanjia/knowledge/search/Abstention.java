package dev.guanjia.knowledge.search;

/**
 * Decides whether the best document answers the question at all. A logistic model over three
 * signals that mean the same on any pack — the top chunk's cosine to the question, the share of the
 * question's content words in the top document, and its closeness to example questions that
 * are not the property company's to answer ({@link OutOfScope}) — fitted on
 * held-out questions with {@code bench abstain} (see README, "Abstain calibration"). Abstain when
 * the probability that the top document answers is below the threshold.
 */
public final class Abstention {

    private final double bias;
    private final double wCosine;
    private final double wCoverage;
    private final double wOutOfScope;
    private final double threshold;

    public Abstention(double bias, double wCosine, double wCoverage, double wOutOfScope, double threshold) {
        this.bias = bias;
        this.wCosine = wCosine;
        this.wCoverage = wCoverage;
        this.wOutOfScope = wOutOfScope;
        this.threshold = threshold;
    }

    /** The coefficients fitted on Guanjia's own calibration questions (the demo pack's cases). */
    public static Abstention calibrated() {
        return new Abstention(-1.08, 6.63, 5.62, -6.36, 0.5);
    }

    public double probability(double cosine, double coverage, double outOfScope) {
        double z = bias + wCosine * cosine + wCoverage * coverage + wOutOfScope * outOfScope;
        return 1 / (1 + Math.exp(-z));
    }

    public boolean abstain(double cosine, double coverage, double outOfScope) {
        return probability(cosine, coverage, outOfScope) < threshold;
    }
}
