package dev.guanjia.knowledge.search;

/**
 * Decides whether the best document answers the question at all. A logistic model over two
 * signals that mean the same on any pack — the top chunk's cosine to the question, and how many of
 * the question's content words the top document contains — fitted on held-out questions (see
 * README, "Abstain calibration"). Abstain when the probability of an answer is below the threshold.
 */
public final class Abstention {

    /** Fitted coefficients: intercept, cosine, word coverage. */
    private final double bias;
    private final double wCosine;
    private final double wCoverage;
    private final double threshold;

    public Abstention(double bias, double wCosine, double wCoverage, double threshold) {
        this.bias = bias;
        this.wCosine = wCosine;
        this.wCoverage = wCoverage;
        this.threshold = threshold;
    }

    /** The coefficients fitted on Guanjia's calibration questions. */
    public static Abstention calibrated() {
        return new Abstention(-21.0, 32.0, 4.0, 0.5);
    }

    public double probability(double cosine, double coverage) {
        double z = bias + wCosine * cosine + wCoverage * coverage;
        return 1 / (1 + Math.exp(-z));
    }

    public boolean abstain(double cosine, double coverage) {
        return probability(cosine, coverage) < threshold;
    }
}
