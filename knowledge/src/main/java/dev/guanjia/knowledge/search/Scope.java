package dev.guanjia.knowledge.search;

import dev.guanjia.knowledge.analysis.Bundled;
import dev.guanjia.knowledge.embedding.Embedder;

import java.util.ArrayList;
import java.util.List;

/**
 * Example questions inside a property desk's remit (fees, procedures, rules, emergencies…) and
 * outside it (weather, house prices, other companies' services…), embedded once. How close a
 * question comes to each set is an abstain signal: "how much per square metre" is in scope for the
 * property fee and out of scope for a flat's price, and only the comparison with question-shaped
 * examples on both sides tells them apart — a document's text is not shaped like a question.
 */
public final class Scope {

    private final List<float[]> inside;
    private final List<float[]> outside;

    public Scope(List<String> inside, List<String> outside, Embedder embedder) {
        this.inside = embed(inside, embedder);
        this.outside = embed(outside, embedder);
    }

    /** The examples shipped with Guanjia (resources/knowledge/in-scope.txt and out-of-scope.txt). */
    public static Scope bundled(Embedder embedder) {
        return new Scope(lines("in-scope.txt"), lines("out-of-scope.txt"), embedder);
    }

    private static List<String> lines(String name) {
        return Bundled.text(name).lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private static List<float[]> embed(List<String> questions, Embedder embedder) {
        List<float[]> out = new ArrayList<>();
        for (String q : questions) {
            out.add(embedder.embed(q));
        }
        return out;
    }

    /** The highest cosine between the question's vector and an in-scope example. */
    public double inside(float[] question) {
        return nearest(inside, question);
    }

    /** The highest cosine between the question's vector and an out-of-scope example. */
    public double outside(float[] question) {
        return nearest(outside, question);
    }

    private static double nearest(List<float[]> examples, float[] question) {
        double best = -1;
        for (float[] e : examples) {
            best = Math.max(best, Candidate.dot(e, question));
        }
        return best;
    }
}
