package dev.guanjia.bot.intent;

import dev.guanjia.knowledge.embedding.Embedder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a resident wants, by meaning: the nearest labelled examples (bge-small-zh embeddings) vote,
 * weighted by closeness. The examples live in resources/bot/intents.txt, one "intent TAB text" a line.
 */
public final class IntentClassifier {

    /** The winning intent and how sure the vote was (share of the weight, 0..1), with the best cosine. */
    public record Result(String intent, double confidence, double cosine) {
    }

    private static final int K = 7;

    private final Embedder embedder;
    /** The examples' vectors, one after another (row i at i × dimension), and their intents. */
    private final float[] vectors;
    private final String[] labels;
    private final int dimension;
    /** One message is classified by the desk (its topic) and by the model (its intent) in a turn. */
    private final java.util.Map<String, Result> recent = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, Result> eldest) {
                    return size() > 256;
                }
            });

    public IntentClassifier(Embedder embedder, List<String[]> labelled) {
        this.embedder = embedder;
        this.dimension = embedder.dimension();
        this.vectors = new float[labelled.size() * dimension];
        this.labels = new String[labelled.size()];
        for (int i = 0; i < labelled.size(); i++) {
            labels[i] = labelled.get(i)[0];
            System.arraycopy(embedder.embed(labelled.get(i)[1]), 0, vectors, i * dimension, dimension);
        }
    }

    public static IntentClassifier bundled(Embedder embedder) {
        try (InputStream in = IntentClassifier.class.getResourceAsStream("/bot/intents.txt")) {
            if (in == null) {
                throw new IllegalStateException("bot/intents.txt is missing from the build");
            }
            List<String[]> labelled = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#") && l.contains("\t"))
                    .map(l -> l.split("\t", 2)).toList();
            return new IntentClassifier(embedder, labelled);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read intents: " + e.getMessage(), e);
        }
    }

    public Result classify(String text) {
        Result r = recent.get(text);
        if (r == null) {
            r = classify(embedder.embed(text));
            recent.put(text, r);
        }
        return r;
    }

    public Result classify(float[] v) {
        // the K nearest examples, kept sorted by insertion (K is small)
        int[] best = new int[K];
        double[] cos = new double[K];
        java.util.Arrays.fill(cos, Double.NEGATIVE_INFINITY);
        for (int e = 0; e < labels.length; e++) {
            double dot = 0;
            int base = e * dimension;
            for (int i = 0; i < dimension; i++) {
                dot += v[i] * vectors[base + i];
            }
            if (dot > cos[K - 1]) {
                int at = K - 1;
                while (at > 0 && cos[at - 1] < dot) {
                    cos[at] = cos[at - 1];
                    best[at] = best[at - 1];
                    at--;
                }
                cos[at] = dot;
                best[at] = e;
            }
        }
        Map<String, Double> votes = new HashMap<>();
        double total = 0;
        for (int k = 0; k < Math.min(K, labels.length); k++) {
            // closer examples count more; sharpened so one near-identical example outweighs far ones
            double w = Math.exp(12 * cos[k]);
            votes.merge(labels[best[k]], w, Double::sum);
            total += w;
        }
        var top = votes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        return new Result(top.getKey(), top.getValue() / total, cos[0]);
    }
}
