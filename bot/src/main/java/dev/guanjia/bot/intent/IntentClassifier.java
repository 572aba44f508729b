package dev.guanjia.bot.intent;

import dev.guanjia.knowledge.embedding.Embedder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
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

    private record Example(String intent, float[] vector) {
    }

    private static final int K = 7;

    private final Embedder embedder;
    private final List<Example> examples = new ArrayList<>();

    public IntentClassifier(Embedder embedder, List<String[]> labelled) {
        this.embedder = embedder;
        for (String[] l : labelled) {
            examples.add(new Example(l[0], embedder.embed(l[1])));
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
        return classify(embedder.embed(text));
    }

    public Result classify(float[] v) {
        record Scored(String intent, double cos) {
        }
        List<Scored> scored = new ArrayList<>(examples.size());
        for (Example e : examples) {
            double dot = 0;
            for (int i = 0; i < v.length; i++) {
                dot += v[i] * e.vector()[i];
            }
            scored.add(new Scored(e.intent(), dot));
        }
        scored.sort(Comparator.comparingDouble(Scored::cos).reversed());
        Map<String, Double> votes = new HashMap<>();
        double total = 0;
        for (Scored s : scored.subList(0, Math.min(K, scored.size()))) {
            // closer examples count more; sharpened so one near-identical example outweighs far ones
            double w = Math.exp(12 * s.cos());
            votes.merge(s.intent(), w, Double::sum);
            total += w;
        }
        var best = votes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        return new Result(best.getKey(), best.getValue() / total, scored.get(0).cos());
    }
}
