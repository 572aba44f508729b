package dev.guanjia.knowledge.search;

import dev.guanjia.knowledge.embedding.Embedder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Example questions that are not the property company's to answer (weather, house prices, other
 * companies' services…), embedded once. How close a question comes to them is one of the abstain
 * signals: near-domain questions ("recommend a renovation company") look like KB questions to a
 * keyword search, but by meaning they sit with these.
 */
public final class OutOfScope {

    private final List<float[]> examples;

    public OutOfScope(List<String> questions, Embedder embedder) {
        this.examples = new ArrayList<>();
        for (String q : questions) {
            examples.add(embedder.embed(q));
        }
    }

    /** The examples shipped with Guanjia (resources/knowledge/out-of-scope.txt). */
    public static OutOfScope bundled(Embedder embedder) {
        try (InputStream in = OutOfScope.class.getResourceAsStream("/knowledge/out-of-scope.txt")) {
            if (in == null) {
                throw new IllegalStateException("knowledge/out-of-scope.txt is missing from the build");
            }
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            return new OutOfScope(lines, embedder);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read out-of-scope examples: " + e.getMessage(), e);
        }
    }

    /** The highest cosine between the question's vector and any example. */
    public double similarity(float[] question) {
        double best = -1;
        for (float[] e : examples) {
            double dot = 0;
            for (int i = 0; i < e.length; i++) {
                dot += e[i] * question[i];
            }
            best = Math.max(best, dot);
        }
        return best;
    }
}
