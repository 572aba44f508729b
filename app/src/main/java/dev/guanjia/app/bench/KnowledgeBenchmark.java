package dev.guanjia.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.app.Args;
import dev.guanjia.app.files.TemporaryDirectory;
import dev.guanjia.app.pack.DemoPack;
import dev.guanjia.knowledge.analysis.Aliases;
import dev.guanjia.knowledge.analysis.Colloquial;
import dev.guanjia.knowledge.analysis.KnowledgeAnalysis;
import dev.guanjia.knowledge.document.DocumentProblem;
import dev.guanjia.knowledge.document.KbDocument;
import dev.guanjia.knowledge.document.KbDocumentReader;
import dev.guanjia.knowledge.embedding.BgeSmallZhEmbedder;
import dev.guanjia.knowledge.index.KnowledgeIndex;
import dev.guanjia.knowledge.index.SourceDocument;
import dev.guanjia.knowledge.search.RankingModel;
import dev.guanjia.knowledge.search.KnowledgeSearch;
import dev.guanjia.knowledge.search.QuestionEmbedding;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code bench knowledge [--docs 1000] [--queries 500]}: indexes that many documents (the demo
 * community's articles, repeated as variants with other numbers and titles) with their embeddings,
 * then times warm searches of the demo's questions. Prints one JSON line.
 */
public final class KnowledgeBenchmark {

    public static final String HELP = """
            Usage: java -jar guanjia.jar bench knowledge [--docs 1000] [--queries 500]

            Builds a knowledge index of --docs documents with embeddings in a temporary directory and
            times it, then runs --queries warm searches (question embedding included) and prints
            p50/p95/max latency as JSON.
            """;

    private KnowledgeBenchmark() {
    }

    public static int run(Args args, PrintStream out) throws IOException {
        int docs = args.optionalInt("--docs", 1000);
        int queries = args.optionalInt("--queries", 500);
        args.requireNoneLeft();
        List<KbDocument> base = new ArrayList<>();
        List<String> questions = new ArrayList<>();
        DemoPack.use(dir -> {
            try (Stream<Path> files = Files.list(dir.resolve("kb"))) {
                for (Path f : files.sorted().toList()) {
                    base.add(KbDocumentReader.parse(f.getFileName().toString(),
                            Files.readString(f, StandardCharsets.UTF_8), new ArrayList<DocumentProblem>()));
                }
                ObjectMapper json = new ObjectMapper();
                for (String line : Files.readAllLines(dir.resolve("cases.jsonl"), StandardCharsets.UTF_8)) {
                    JsonNode c = json.readTree(line);
                    if ("knowledge".equals(c.path("kind").asText())) {
                        questions.add(c.path("question").asText());
                    }
                }
                return null;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        List<SourceDocument> sources = new ArrayList<>();
        for (int i = 0; i < docs; i++) {
            KbDocument d = base.get(i % base.size());
            int copy = i / base.size();
            // variants differ in title and numbers, so they are not identical texts
            String body = copy == 0 ? d.body() : d.body().replaceAll("(\\d+)", "$1" + (copy % 10));
            sources.add(new SourceDocument("bench", new KbDocument(d.id() + "-" + copy, d.title() + "（第" + copy + "期）",
                    d.category(), d.tags(), d.updated(), body, d.sourceFile())));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        try (TemporaryDirectory tmp = new TemporaryDirectory("guanjia-bench-kb")) {
            Path dir = tmp.path();
            BgeSmallZhEmbedder embedder = BgeSmallZhEmbedder.shared();
            KnowledgeAnalysis analysis = new KnowledgeAnalysis();
            try (KnowledgeIndex index = new KnowledgeIndex(dir, embedder, analysis);
                 QuestionEmbedding embedding = new QuestionEmbedding()) {
                long t0 = System.nanoTime();
                index.open(() -> sources);
                result.put("documents", docs);
                result.put("index_ms", (System.nanoTime() - t0) / 1_000_000);
                KnowledgeSearch search = new KnowledgeSearch(index, embedder, analysis, Aliases.bundled(), Colloquial.bundled(),
                        KnowledgeSearch.Weights.defaults(), RankingModel.bundled(), embedding);
                for (int i = 0; i < 100; i++) {
                    search.search("bench", questions.get(i % questions.size()), 5);
                }
                List<Long> micros = new ArrayList<>();
                for (int i = 0; i < queries; i++) {
                    // a number makes every question new to the embedder's cache of recent texts, so
                    // each search pays for embedding its question as a resident's would
                    String question = questions.get(i % questions.size()) + " " + i;
                    micros.add(search.search("bench", question, 5).micros());
                }
                micros.sort(null);
                result.put("queries", queries);
                result.put("p50_ms", micros.get(micros.size() / 2) / 1000.0);
                result.put("p95_ms", micros.get((int) Math.ceil(micros.size() * 0.95) - 1) / 1000.0);
                result.put("max_ms", micros.get(micros.size() - 1) / 1000.0);
            }
            result.put("cores", Runtime.getRuntime().availableProcessors());
        }
        out.println(new ObjectMapper().writeValueAsString(result));
        return 0;
    }
}
