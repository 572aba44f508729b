package dev.guanjia.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.app.Args;
import dev.guanjia.app.database.Database;
import dev.guanjia.app.files.TemporaryDirectory;
import dev.guanjia.app.pack.PackImport;
import dev.guanjia.knowledge.KnowledgeBase;
import dev.guanjia.knowledge.analysis.Aliases;
import dev.guanjia.knowledge.document.KbDocumentStore;
import dev.guanjia.knowledge.embedding.BgeSmallZhEmbedder;
import dev.guanjia.knowledge.search.SearchResult;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bench abstain --pack DIR --cases FILE}: fits the abstain model on a pack's knowledge cases.
 * For each question it records the two signals and whether the question is answerable by the top
 * document (answerable and the top hit is an expected document), then fits a logistic regression
 * and prints its coefficients and its accuracy on those questions.
 */
public final class AbstainCalibration {

    public static final String HELP = """
            Usage: java -jar guanjia.jar bench abstain --pack DIR --cases FILE

            Fits the knowledge search's abstain decision (logistic regression over the top hit's cosine,
            word coverage and closeness to out-of-scope examples) on the knowledge cases of a pack, and prints coefficients and accuracy.
            Use questions that are not the ones you will evaluate on.
            """;

    private AbstainCalibration() {
    }

    record Sample(double cosine, double coverage, double outOfScope, boolean answer, String question) {
    }

    public static int run(Args args, PrintStream out) throws IOException {
        Path pack = Path.of(args.required("--pack"));
        Path cases = Path.of(args.required("--cases"));
        args.requireNoneLeft();
        ObjectMapper json = new ObjectMapper();
        List<Sample> samples = new ArrayList<>();
        try (TemporaryDirectory tmp = new TemporaryDirectory("guanjia-calibrate");
             Database db = Database.temporary()) {
            Path indexDir = tmp.path();
            PackImport.Report r = new PackImport(db.dataSource()).importPack(pack, null, "calibrate");
            try (KnowledgeBase kb = new KnowledgeBase(new KbDocumentStore(db.dataSource()), indexDir,
                    BgeSmallZhEmbedder.shared(), Aliases.bundled()).open()) {
                for (String line : Files.readAllLines(cases, StandardCharsets.UTF_8)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode c = json.readTree(line);
                    if (!"knowledge".equals(c.path("kind").asText())) {
                        continue;
                    }
                    SearchResult s = kb.search(r.communityId(), c.path("question").asText(), 3);
                    List<String> expected = new ArrayList<>();
                    c.path("expect").path("docs").forEach(d -> expected.add(d.asText()));
                    boolean answer = !c.path("expect").path("unanswerable").asBoolean(false)
                            && !s.hits().isEmpty() && expected.contains(s.hits().get(0).docId());
                    samples.add(new Sample(s.signals().cosine(), s.signals().coverage(), s.signals().outOfScope(), answer,
                            c.path("question").asText()));
                }
            }
        }
        double[] w = fit(samples);
        int correct = 0;
        for (Sample s : samples) {
            double p = 1 / (1 + Math.exp(-(w[0] + w[1] * s.cosine() + w[2] * s.coverage() + w[3] * s.outOfScope())));
            boolean predicted = p >= 0.5;
            if (predicted == s.answer()) {
                correct++;
            }
            out.printf("%s cos=%.3f cov=%.2f oos=%.2f p=%.2f %s%n", s.answer() ? "ANS" : "NO ", s.cosine(), s.coverage(),
                    s.outOfScope(), p,
                    s.question());
        }
        out.printf("{\"bias\":%.2f,\"cosine\":%.2f,\"coverage\":%.2f,\"out_of_scope\":%.2f,\"samples\":%d,"
                        + "\"accuracy\":%.3f}%n", w[0], w[1], w[2], w[3], samples.size(),
                (double) correct / samples.size());
        return 0;
    }

    /** Logistic regression by gradient descent with a little L2, on two features. */
    static double[] fit(List<Sample> samples) {
        double[] w = new double[4];
        double rate = 0.5;
        for (int epoch = 0; epoch < 20000; epoch++) {
            double[] g = new double[4];
            for (Sample s : samples) {
                double[] x = {1, s.cosine(), s.coverage(), s.outOfScope()};
                double z = w[0] * x[0] + w[1] * x[1] + w[2] * x[2] + w[3] * x[3];
                double err = 1 / (1 + Math.exp(-z)) - (s.answer() ? 1 : 0);
                for (int i = 0; i < 4; i++) {
                    g[i] += err * x[i];
                }
            }
            for (int i = 0; i < 4; i++) {
                double l2 = i == 0 ? 0 : 0.001 * w[i];
                w[i] -= rate * (g[i] / samples.size() + l2);
            }
        }
        return w;
    }
}
