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
import dev.guanjia.knowledge.search.Candidate;
import dev.guanjia.knowledge.search.KnowledgeSearch;
import dev.guanjia.knowledge.search.PassageCandidate;
import dev.guanjia.knowledge.search.RankingModel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code bench ranker --packs DIR[,DIR…] [--write FILE]}: fits the knowledge search's ranking and
 * abstain models ({@link RankingModel}) on the knowledge cases of packs (each DIR/cases.jsonl).
 *
 * <p>Ranking: for every answerable question the candidates' features are recorded; the weights
 * maximise the softmax probability of the expected documents among each question's candidates
 * (listwise logistic loss, a little L2). Abstaining: with those weights, a logistic regression over
 * the best candidate's signals, labelled by whether the question is answerable at all, each class
 * weighted equally so a pack with few unanswerable questions still teaches both sides; threshold 0.5.
 * With several packs it also prints leave-one-pack-out figures: fitted on the others, measured on
 * the one left out, which is what a pack never seen gets.
 */
public final class RankingCalibration {

    public static final String HELP = """
            Usage: java -jar guanjia.jar bench ranker --packs DIR[,DIR…] [--check DIR[,DIR…]] [--today YYYY-MM-DD]
                                                      [--write FILE] [--dump FILE]

            Fits the knowledge search's ranking weights and abstain model on the knowledge cases of the
            packs (DIR/cases.jsonl), prints leave-one-pack-out and in-sample figures and the fitted model
            as a properties file (written to FILE with --write; the shipped one is
            knowledge/src/main/resources/knowledge/ranking.properties). Fit on your own questions,
            never on the ones you will evaluate with. --today: the day the packs' questions are asked
            (notices are searchable only on their valid days), as eval's --today; default today.
            --dump: writes every question of every leave-one-pack-out fold (one JSON object a line: the
            fold, whether the question was left out, its top documents, abstain signals, probability),
            for reading the misses and trying signals without re-running the search.
            --check: packs never fitted on, measured with the model fitted on all of --packs (what a
            community nobody tuned for gets from the model you would ship); dumped as fold "all".
            """;

    private RankingCalibration() {
    }

    /** One knowledge question as the search saw it. */
    record Sample(String pack, String question, Set<String> expected, boolean answerable, List<Candidate> candidates,
                  double inScope, double outOfScope, double unknown, boolean english, List<List<String>> facts,
                  KnowledgeSearch.Pieces pieces) {
        boolean positive(Candidate c) {
            return expected.contains(c.docId());
        }

        boolean trainable() {
            return answerable && candidates.stream().anyMatch(this::positive);
        }

        /** Whether a piece holds one of the facts the answer must contain. */
        boolean quotable(PassageCandidate p) {
            String text = plain(p.text());
            return facts.stream().anyMatch(f -> f.stream().anyMatch(a -> text.contains(plain(a))));
        }

        /** The answer can be judged on its quotes: the best document is an expected one, and it has facts. */
        boolean quoting() {
            return answerable && !facts.isEmpty() && expected.contains(pieces.docId())
                    && pieces.pieces().stream().anyMatch(this::quotable);
        }
    }

    /** As the cases format compares facts: without spaces, full- and half-width alike. */
    static String plain(String s) {
        return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFKC).replaceAll("\\s+", "").toLowerCase();
    }

    public static int run(Args args, PrintStream out) throws IOException {
        List<Path> packs = paths(args.required("--packs"));
        String write = args.optional("--write");
        String todayArg = args.optional("--today");
        String dump = args.optional("--dump");
        List<Path> checked = paths(args.optional("--check"));
        args.requireNoneLeft();
        for (Path c : checked) {
            if (packs.contains(c)) {
                throw new Args.UsageException(c + " is in --packs and --check: a pack checked must be one never fitted on");
            }
        }
        List<String> dumped = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        for (Path pack : packs) {
            samples.addAll(read(pack, todayArg));
        }
        RankingModel fusion = fusionOnly();
        for (Path pack : packs) {
            List<Sample> own = samples.stream().filter(s -> s.pack().equals(pack.toString())).toList();
            out.println("fusion only, " + pack + ": " + measure(fusion, own).replaceAll(" · abstained[^·]*·[^·]*", ""));
        }
        if (packs.size() > 1) {
            for (Path pack : packs) {
                String name = pack.toString();
                List<Sample> train = samples.stream().filter(s -> !s.pack().equals(name)).toList();
                List<Sample> test = samples.stream().filter(s -> s.pack().equals(name)).toList();
                RankingModel m = fit(train);
                out.println("left out " + name + ": " + measure(m, test));
                samples.forEach(s -> dumped.add(dumpLine(m, name, s)));
            }
        }
        RankingModel model = fit(samples);
        out.println("in sample (" + samples.size() + " questions): " + measure(model, samples));
        for (Path pack : checked) {
            List<Sample> check = read(pack, todayArg);
            out.println("checked " + pack + " (never fitted): " + measure(model, check));
            check.forEach(s -> dumped.add(dumpLine(model, "all", s)));
        }
        String props = model.toProperties("""
                Fitted by `bench ranker --packs %s` on %d questions (Guanjia's own packs).
                rank.*: weights of the candidate features (Candidate.FEATURES); abstain.*: logistic model
                over RankingModel.SIGNALS, answer when the probability is at least the threshold."""
                .formatted(String.join(",", packs.stream().map(Path::toString).toList()), samples.size()));
        out.print(props);
        if (dump != null) {
            Files.write(Path.of(dump), dumped, StandardCharsets.UTF_8);
        }
        if (write != null) {
            Files.writeString(Path.of(write), props, StandardCharsets.UTF_8);
        }
        return 0;
    }

    /** "a, b,c" as paths; none for an option not given. */
    private static List<Path> paths(String commaSeparated) {
        List<Path> out = new ArrayList<>();
        for (String p : commaSeparated == null ? new String[0] : commaSeparated.split(",")) {
            if (!p.isBlank()) {
                out.add(Path.of(p.strip()));
            }
        }
        return out;
    }

    private static List<Sample> read(Path pack, String todayArg) throws IOException {
        ObjectMapper json = new ObjectMapper();
        dev.guanjia.community.pack.CommunityPack.Community community = PackImport.read(pack).community().community();
        java.time.ZoneId zone = community.timeZone() == null ? dev.guanjia.community.pack.CommunityPack.DEFAULT_ZONE
                : community.timeZone();
        java.time.Clock machine = java.time.Clock.systemUTC();
        java.time.Clock clock = dev.guanjia.app.eval.ServiceDay.clock(
                dev.guanjia.app.eval.ServiceDay.parse(todayArg, zone, machine), zone, machine);
        List<Sample> samples = new ArrayList<>();
        try (TemporaryDirectory tmp = new TemporaryDirectory("guanjia-calibrate");
             Database db = Database.temporary()) {
            PackImport.Report r = new PackImport(db.dataSource(),
                    dev.guanjia.community.privacy.PersonalData.ephemeral()).importPack(pack, null, "calibrate");
            try (KnowledgeBase kb = new KnowledgeBase(new KbDocumentStore(db.dataSource()), tmp.path(),
                    BgeSmallZhEmbedder.shared(), Aliases.bundled()).useClock(clock, id -> zone).open()) {
                for (String line : Files.readAllLines(pack.resolve("cases.jsonl"), StandardCharsets.UTF_8)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode c = json.readTree(line);
                    if (!"knowledge".equals(c.path("kind").asText())) {
                        continue;
                    }
                    String question = c.path("question").asText();
                    KnowledgeSearch.Ranking ranking = kb.explain(r.communityId(), question);
                    if (ranking.pinyin() || ranking.ranked().isEmpty()) {
                        // a pinyin question's answer is decided by its syllable coverage, not the abstain
                        // model, and its candidates have only the pinyin features, fitted here on questions
                        // in characters
                        continue;
                    }
                    Set<String> expected = new java.util.HashSet<>();
                    c.path("expect").path("docs").forEach(d -> expected.add(d.asText()));
                    boolean answerable = !dev.guanjia.app.eval.EvalCommand.unanswerable(c);
                    List<List<String>> facts = new ArrayList<>();
                    c.path("expect").path("facts").forEach(f -> {
                        List<String> alternatives = new ArrayList<>();
                        f.forEach(a -> alternatives.add(a.asText()));
                        facts.add(alternatives);
                    });
                    samples.add(new Sample(pack.toString(), question, expected, answerable,
                            ranking.ranked().stream().map(RankingModel.Ranked::candidate).toList(),
                            ranking.inScope(), ranking.outOfScope(), ranking.unknown(), ranking.english(), facts,
                            kb.explainPieces(r.communityId(), question)));
                }
            }
        }
        return samples;
    }

    /** Plain weighted reciprocal-rank fusion, the ranking the fitted weights are measured against. */
    static RankingModel fusionOnly() {
        double[] rank = new double[Candidate.FEATURES.size()];
        rank[Candidate.FEATURES.indexOf("fused")] = 1;
        return new RankingModel(rank, new double[RankingModel.SIGNALS.size() + 1], 0.5,
                RankingModel.bundled().passageWeights());
    }

    static RankingModel fit(List<Sample> samples) {
        double[] rank = fitRanking(samples.stream().filter(Sample::trainable).toList());
        double[] passage = fitPassages(samples.stream().filter(Sample::quoting).toList());
        RankingModel ranking = new RankingModel(rank, new double[RankingModel.SIGNALS.size() + 1], 0.5, passage);
        List<double[]> signals = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        for (Sample s : samples) {
            signals.add(RankingModel.signals(ranking.rank(s.candidates()), s.inScope(), s.outOfScope(), s.unknown(), s.english()));
            labels.add(s.answerable());
        }
        return new RankingModel(rank, fitAbstain(signals, labels), 0.5, passage);
    }

    /** One question's competitors: their features, and which of them are right. */
    record Group(List<double[]> features, boolean[] positive) {
    }

    static double[] fitRanking(List<Sample> samples) {
        List<Group> groups = new ArrayList<>();
        for (Sample s : samples) {
            boolean[] positive = new boolean[s.candidates().size()];
            for (int i = 0; i < positive.length; i++) {
                positive[i] = s.positive(s.candidates().get(i));
            }
            groups.add(new Group(s.candidates().stream().map(Candidate::features).toList(), positive));
        }
        double[] start = new double[Candidate.FEATURES.size()];
        start[Candidate.FEATURES.indexOf("fused")] = 1; // start from plain fusion
        return fitListwise(groups, start);
    }

    /** The passage weights: the pieces holding a fact of the expected answer should come first. */
    static double[] fitPassages(List<Sample> samples) {
        List<Group> groups = new ArrayList<>();
        for (Sample s : samples) {
            List<PassageCandidate> pieces = s.pieces().pieces();
            boolean[] positive = new boolean[pieces.size()];
            for (int i = 0; i < positive.length; i++) {
                positive[i] = s.quotable(pieces.get(i));
            }
            groups.add(new Group(pieces.stream().map(PassageCandidate::features).toList(), positive));
        }
        return fitListwise(groups, RankingModel.bundled().passageWeights());
    }

    /**
     * Listwise logistic loss (−log Σ softmax over each group's right members), minimised by Adam over
     * standardised features: the raw features differ in scale by two orders (fusion is ×60, shares are 0–1),
     * and plain gradient descent with one step size left the small ones under-fitted (leave-one-pack-out
     * hit@1 0.918 against 0.939 fitted this way). A score shifted by the same amount for every member of a
     * group ranks alike, so the weights map back to raw features by dividing by each feature's spread.
     */
    static double[] fitListwise(List<Group> groups, double[] start) {
        int n = start.length;
        double[] mean = new double[n];
        double[] spread = new double[n];
        long members = 0;
        for (Group s : groups) {
            for (double[] f : s.features()) {
                members++;
                for (int j = 0; j < n; j++) {
                    mean[j] += f[j];
                    spread[j] += f[j] * f[j];
                }
            }
        }
        for (int j = 0; j < n; j++) {
            mean[j] /= Math.max(1, members);
            spread[j] = Math.sqrt(Math.max(0, spread[j] / Math.max(1, members) - mean[j] * mean[j]));
        }
        // a feature that never varies over these groups cannot be fitted: it keeps its starting weight
        boolean[] fixed = new boolean[n];
        for (int j = 0; j < n; j++) {
            fixed[j] = spread[j] < 1e-6;
            if (fixed[j]) {
                spread[j] = 1;
            }
        }
        // the groups in standardised features, computed once
        List<Group> scaled = new ArrayList<>();
        for (Group s : groups) {
            List<double[]> fs = new ArrayList<>();
            for (double[] f : s.features()) {
                double[] x = new double[n];
                for (int j = 0; j < n; j++) {
                    x[j] = (f[j] - mean[j]) / spread[j];
                }
                fs.add(x);
            }
            scaled.add(new Group(fs, s.positive()));
        }
        double[] w = new double[n];
        for (int j = 0; j < n; j++) {
            w[j] = start[j] * spread[j];
        }
        double[] m = new double[n];
        double[] v = new double[n];
        double rate = 0.05;
        // -Dguanjia.fit.l2=… tries another penalty (0.01 measured no better leave-one-pack-out)
        double l2 = Double.parseDouble(System.getProperty("guanjia.fit.l2", "0.001"));
        for (int step = 1; step <= 1000; step++) {
            double[] g = new double[n];
            for (Group s : scaled) {
                List<double[]> fs = s.features();
                double[] z = new double[fs.size()];
                double max = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < fs.size(); i++) {
                    z[i] = dot(w, fs.get(i));
                    max = Math.max(max, z[i]);
                }
                double all = 0;
                double pos = 0;
                for (int i = 0; i < fs.size(); i++) {
                    z[i] = Math.exp(z[i] - max);
                    all += z[i];
                    if (s.positive()[i]) {
                        pos += z[i];
                    }
                }
                // d/dw of −log(pos/all) = E_all[f] − E_pos[f]
                for (int i = 0; i < fs.size(); i++) {
                    double[] f = fs.get(i);
                    double coef = z[i] / all - (s.positive()[i] ? z[i] / pos : 0);
                    for (int j = 0; j < n; j++) {
                        g[j] += coef * f[j];
                    }
                }
            }
            for (int j = 0; j < n; j++) {
                if (fixed[j]) {
                    continue;
                }
                double gj = g[j] / Math.max(1, groups.size()) + l2 * w[j];
                m[j] = 0.9 * m[j] + 0.1 * gj;
                v[j] = 0.999 * v[j] + 0.001 * gj * gj;
                w[j] -= rate * (m[j] / (1 - Math.pow(0.9, step))) / (Math.sqrt(v[j] / (1 - Math.pow(0.999, step))) + 1e-8);
            }
        }
        double[] raw = new double[n];
        for (int j = 0; j < n; j++) {
            raw[j] = fixed[j] ? start[j] : w[j] / spread[j];
        }
        return raw;
    }

    /**
     * Logistic regression with both classes weighted equally, fitted to convergence by Newton's method
     * over standardised signals with a small L2 on the standardised weights. The signals differ in scale
     * (cosines crowd into 0.4–0.8, shares spread over 0–1): plain gradient steps on the raw signals had
     * not converged after 20,000 epochs and their penalty fell hardest on the narrow ones
     * (leave-one-pack-out over Guanjia's ten packs: unanswerable abstained 0.883, answered 0.906, against
     * 0.914 / 0.911 fitted this way). The weights map back to the raw signals the model is given.
     */
    static double[] fitAbstain(List<double[]> x, List<Boolean> y) {
        int k = RankingModel.SIGNALS.size();
        int n = k + 1;
        long positives = y.stream().filter(b -> b).count();
        long negatives = y.size() - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("the abstain model needs answerable and unanswerable questions; these "
                    + "packs have " + positives + " answerable and " + negatives + " unanswerable");
        }
        double[] mean = new double[k];
        double[] spread = new double[k];
        for (double[] f : x) {
            for (int j = 0; j < k; j++) {
                mean[j] += f[j] / Math.max(1, x.size());
            }
        }
        for (double[] f : x) {
            for (int j = 0; j < k; j++) {
                spread[j] += (f[j] - mean[j]) * (f[j] - mean[j]) / Math.max(1, x.size());
            }
        }
        for (int j = 0; j < k; j++) {
            spread[j] = Math.sqrt(spread[j]);
            // a signal that never varies here cannot be fitted: its weight stays 0
            if (spread[j] < 1e-9) {
                spread[j] = Double.POSITIVE_INFINITY;
            }
        }
        double l2 = Double.parseDouble(System.getProperty("guanjia.fit.abstain_l2", "0.001"));
        double[] w = new double[n];
        double[] z = new double[n];
        for (int iteration = 0; iteration < 100; iteration++) {
            double[] g = new double[n];
            double[][] h = new double[n][n];
            for (int i = 0; i < x.size(); i++) {
                z[0] = 1;
                for (int j = 1; j < n; j++) {
                    z[j] = (x.get(i)[j - 1] - mean[j - 1]) / spread[j - 1];
                }
                double score = 0;
                for (int j = 0; j < n; j++) {
                    score += w[j] * z[j];
                }
                boolean label = y.get(i);
                double weight = label ? 0.5 / Math.max(1, positives) : 0.5 / Math.max(1, negatives);
                double p = 1 / (1 + Math.exp(-score));
                double err = (p - (label ? 1 : 0)) * weight;
                double curvature = p * (1 - p) * weight;
                for (int a = 0; a < n; a++) {
                    g[a] += err * z[a];
                    for (int b = 0; b < n; b++) {
                        h[a][b] += curvature * z[a] * z[b];
                    }
                }
            }
            for (int j = 1; j < n; j++) {
                g[j] += l2 * w[j];
                h[j][j] += l2;
            }
            // a trace of ridge on the bias and on signals that never vary keeps the system solvable with l2 = 0
            for (int j = 0; j < n; j++) {
                h[j][j] += 1e-9;
            }
            double[] step = solve(h, g);
            double moved = 0;
            for (int j = 0; j < n; j++) {
                w[j] -= step[j];
                moved = Math.max(moved, Math.abs(step[j]));
            }
            if (!Double.isFinite(moved)) {
                throw new IllegalStateException("the abstain fit diverged (weights not finite)");
            }
            if (moved < 1e-9) {
                break;
            }
            if (iteration == 99) {
                System.err.println("the abstain fit stopped after 100 Newton steps without converging (last step "
                        + moved + ")");
            }
        }
        double[] raw = new double[n];
        raw[0] = w[0];
        for (int j = 1; j < n; j++) {
            raw[j] = w[j] / spread[j - 1];
            raw[0] -= raw[j] * mean[j - 1];
        }
        return raw;
    }

    /** Solves h·s = g by Gaussian elimination with partial pivoting (h is small and positive definite). */
    static double[] solve(double[][] h, double[] g) {
        int n = g.length;
        double[][] a = new double[n][];
        double[] b = g.clone();
        for (int i = 0; i < n; i++) {
            a[i] = h[i].clone();
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
                    pivot = r;
                }
            }
            double[] row = a[c];
            a[c] = a[pivot];
            a[pivot] = row;
            double t = b[c];
            b[c] = b[pivot];
            b[pivot] = t;
            for (int r = c + 1; r < n; r++) {
                double f = a[r][c] / a[c][c];
                for (int j = c; j < n; j++) {
                    a[r][j] -= f * a[c][j];
                }
                b[r] -= f * b[c];
            }
        }
        double[] s = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double v = b[r];
            for (int j = r + 1; j < n; j++) {
                v -= a[r][j] * s[j];
            }
            s[r] = v / a[r][r];
        }
        return s;
    }

    /** hit@1, hit@3, MRR over answerable questions; abstain and answer rates. */
    static String measure(RankingModel m, List<Sample> samples) {
        int answerable = 0;
        int hit1 = 0;
        int hit3 = 0;
        double rr = 0;
        int unanswerable = 0;
        int abstained = 0;
        int answered = 0;
        for (Sample s : samples) {
            List<RankingModel.Ranked> ranked = m.rank(s.candidates());
            boolean abstain = m.abstain(RankingModel.signals(ranked, s.inScope(), s.outOfScope(), s.unknown(), s.english()));
            if (!s.answerable()) {
                unanswerable++;
                abstained += abstain ? 1 : 0;
                continue;
            }
            answerable++;
            answered += abstain ? 0 : 1;
            for (int i = 0; i < ranked.size(); i++) {
                if (s.positive(ranked.get(i).candidate())) {
                    hit1 += i == 0 ? 1 : 0;
                    hit3 += i < 3 ? 1 : 0;
                    rr += 1.0 / (i + 1);
                    break;
                }
            }
        }
        int quoting = 0;
        int quoted = 0;
        for (Sample s : samples) {
            if (s.quoting()) {
                quoting++;
                quoted += factsQuoted(m, s) ? 1 : 0;
            }
        }
        return String.format(Locale.ROOT,
                "hit@1 %.3f hit@3 %.3f MRR %.3f (%d answerable) · abstained %.3f of %d unanswerable · answered %.3f"
                        + " · facts quoted %.3f of %d",
                ratio(hit1, answerable), ratio(hit3, answerable), answerable == 0 ? 0 : rr / answerable, answerable,
                ratio(abstained, unanswerable), unanswerable, ratio(answered, answerable), ratio(quoted, quoting),
                quoting);
    }

    /**
     * One question as a fold's model sees it; left out ("test") when the fold is its own pack, or when the
     * fold is {@code all} (the model fitted on every pack of --packs, the question from a --check pack).
     */
    static String dumpLine(RankingModel m, String fold, Sample s) {
        boolean test = fold.equals(s.pack()) || fold.equals("all");
        List<RankingModel.Ranked> ranked = m.rank(s.candidates());
        double[] signals = RankingModel.signals(ranked, s.inScope(), s.outOfScope(), s.unknown(), s.english());
        var line = new ObjectMapper().createObjectNode();
        line.put("fold", fold).put("test", test).put("pack", s.pack())
                .put("question", s.question()).put("answerable", s.answerable());
        s.expected().forEach(line.putArray("expected")::add);
        var top = line.putArray("top");
        ranked.stream().limit(3).forEach(r -> top.add(r.candidate().docId()));
        // every candidate's features (in Candidate.FEATURES order, the same in every fold: written once, in
        // the question's own fold), for trying other rankings without re-running the search
        var candidates = line.putArray("candidates");
        for (Candidate c : test ? s.candidates() : List.<Candidate>of()) {
            var one = candidates.addObject().put("doc", c.docId()).put("right", s.positive(c));
            var f = one.putArray("features");
            for (double v : c.features()) {
                f.add(v);
            }
        }
        var named = line.putObject("signals");
        for (int i = 0; i < signals.length; i++) {
            named.put(RankingModel.SIGNALS.get(i), signals[i]);
        }
        return line.put("probability", m.answerProbability(signals)).toString();
    }

    /** How many pieces the bot quotes from the best document (as ServiceDeskTools does). */
    static final int QUOTED = 4;

    /** Every fact of the question is in one of the pieces the model quotes. */
    static boolean factsQuoted(RankingModel m, Sample s) {
        List<String> quoted = s.pieces().pieces().stream()
                .sorted(java.util.Comparator.comparingDouble((PassageCandidate p) -> m.passageScore(p.features()))
                        .reversed())
                .limit(QUOTED).map(p -> plain(p.text())).toList();
        return s.facts().stream().allMatch(f -> f.stream().anyMatch(a -> quoted.stream().anyMatch(q -> q.contains(plain(a)))));
    }

    private static double ratio(int a, int b) {
        return b == 0 ? 0 : (double) a / b;
    }

    private static double dot(double[] w, double[] f) {
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            s += w[i] * f[i];
        }
        return s;
    }
}
