package dev.guanjia.app.bench;

import dev.guanjia.knowledge.search.Candidate;
import dev.guanjia.knowledge.search.KnowledgeSearch;
import dev.guanjia.knowledge.search.PassageCandidate;
import dev.guanjia.knowledge.search.RankedDoc;
import dev.guanjia.knowledge.search.RankingModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fitting itself, on questions made up so that the right document is told apart by one feature
 * while another one misleads: the fit must learn to trust the first.
 */
class RankingCalibrationTest {

    private static final int MEANING = Candidate.FEATURES.indexOf("dense_cos");
    private static final int WORDS = Candidate.FEATURES.indexOf("words_rel");

    private static Candidate candidate(String id, double meaning, double words) {
        double[] f = new double[Candidate.FEATURES.size()];
        f[MEANING] = meaning;
        f[WORDS] = words;
        return new Candidate(new RankedDoc(id, 0, 0), f);
    }

    private static final int KIND = PassageCandidate.FEATURES.indexOf("figure_kind");
    private static final int SHARE = PassageCandidate.FEATURES.indexOf("word_share");

    private static PassageCandidate piece(String text, double kind, double share) {
        double[] f = new double[PassageCandidate.FEATURES.size()];
        f[KIND] = kind;
        f[SHARE] = share;
        return new PassageCandidate("right", "t", text, f);
    }

    /** The piece with the asked-for figure shares fewer words than four chatty ones around it. */
    private static KnowledgeSearch.Pieces pieces(Random random) {
        List<PassageCandidate> out = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            out.add(piece("说明" + i, 0, 0.6 + 0.3 * random.nextDouble()));
        }
        out.add(piece("每天 7:00-9:00", 1, 0.3));
        return new KnowledgeSearch.Pieces("right", out);
    }

    private static List<RankingCalibration.Sample> samples(Random random) {
        List<RankingCalibration.Sample> out = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            // the right document is closest in meaning; a wrong one shares more words
            List<Candidate> cs = List.of(
                    candidate("wrong", 0.5 + 0.1 * random.nextDouble(), 1.0),
                    candidate("right", 0.7 + 0.1 * random.nextDouble(), 0.4),
                    candidate("other", 0.3, 0.2));
            double scope = 0.2 + 0.1 * random.nextDouble();
            out.add(new RankingCalibration.Sample("p", "q" + i, Set.of("right"), true, cs, scope, 0, 0, false,
                    List.of(List.of("7:00", "7点")), pieces(random)));
            // an unanswerable question sits nearer the out-of-scope examples
            out.add(new RankingCalibration.Sample("p", "u" + i, Set.of(), false, cs, 0, scope, 0, false, List.of(),
                    new KnowledgeSearch.Pieces(null, List.of())));
        }
        return out;
    }

    @Test
    void learnsWhichFeatureFindsTheRightDocumentAndWhenToAbstain() {
        List<RankingCalibration.Sample> samples = samples(new Random(7));
        RankingModel model = RankingCalibration.fit(samples);
        double[] right = samples.get(0).candidates().get(1).features();
        double[] wrong = samples.get(0).candidates().get(0).features();
        assertTrue(model.score(right) > model.score(wrong), "meaning must outweigh shared words here");
        String figures = RankingCalibration.measure(model, samples(new Random(8)));
        assertTrue(figures.startsWith("hit@1 1.000"), figures);
        assertTrue(figures.contains("abstained 1.000"), figures);
        assertTrue(figures.contains("answered 1.000"), figures);
    }

    @Test
    void learnsWhichPiecesHoldTheFacts() {
        RankingModel model = RankingCalibration.fit(samples(new Random(7)));
        String figures = RankingCalibration.measure(model.withPassageWeights(weights(SHARE)), samples(new Random(8)));
        assertTrue(figures.endsWith("facts quoted 0.000 of 60"), "shared words alone quote the chatty pieces: " + figures);
        figures = RankingCalibration.measure(model, samples(new Random(8)));
        assertTrue(figures.endsWith("facts quoted 1.000 of 60"), figures);
    }

    private static double[] weights(int feature) {
        double[] w = new double[PassageCandidate.FEATURES.size()];
        w[feature] = 1;
        return w;
    }

    @Test
    void aDumpedQuestionSaysWhetherItsFoldLeftItOutAndWhatTheAbstainModelSaw() throws Exception {
        RankingModel model = RankingCalibration.fit(samples(new Random(10)));
        RankingCalibration.Sample question = samples(new Random(11)).get(1);
        var left = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                RankingCalibration.dumpLine(model, "p", question));
        assertTrue(left.path("test").asBoolean(), left::toString);
        assertEquals(false, left.path("answerable").asBoolean(true));
        assertEquals("right", left.path("top").path(0).asText(), left::toString);
        assertEquals(RankingModel.SIGNALS.size(), left.path("signals").size());
        double p = left.path("probability").asDouble(-1);
        assertTrue(p >= 0 && p <= 1, left::toString);
        var kept = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                RankingCalibration.dumpLine(model, "other-pack", question));
        assertEquals(false, kept.path("test").asBoolean(true));
        assertEquals(0, kept.path("candidates").size());
        // a --check pack's question, measured by the model fitted on every pack: left out, candidates kept
        var checked = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                RankingCalibration.dumpLine(model, "all", question));
        assertTrue(checked.path("test").asBoolean(), checked::toString);
        assertEquals(question.candidates().size(), checked.path("candidates").size());
    }

    @Test
    void aFittedModelIsWrittenInTheShippedFormat() {
        RankingModel model = RankingCalibration.fit(samples(new Random(9)));
        String props = model.toProperties("test");
        RankingModel read = RankingModel.parse(props);
        double[] f = samples(new Random(9)).get(0).candidates().get(1).features();
        assertEquals(model.score(f), read.score(f), 1e-3);
    }
    /**
     * A signal that tells the classes apart only within a narrow band (cosines crowd into 0.55–0.65)
     * beside one that is pure noise on a wide scale: the fit must find the narrow one, with both
     * classes weighted equally however few unanswerable questions there are.
     */
    @Test
    void theAbstainFitFindsANarrowSignalBesideWideNoise() {
        Random random = new Random(12);
        int k = RankingModel.SIGNALS.size();
        List<double[]> x = new ArrayList<>();
        List<Boolean> y = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            boolean answerable = i % 8 != 0;
            double[] s = new double[k];
            s[0] = (answerable ? 0.62 : 0.58) + random.nextGaussian() * 0.012;
            s[1] = random.nextGaussian() * 50;
            // a constant signal cannot be fitted and must not break the fit
            s[2] = 1;
            x.add(s);
            y.add(answerable);
        }
        double[] w = RankingCalibration.fitAbstain(x, y);
        assertEquals(k + 1, w.length);
        assertTrue(Double.isFinite(w[0]) && w[1] > 100, () -> java.util.Arrays.toString(w));
        assertEquals(0, w[3], 1e-12);
        int right = 0;
        for (int i = 0; i < x.size(); i++) {
            double z = w[0];
            for (int j = 0; j < k; j++) {
                z += w[j + 1] * x.get(i)[j];
            }
            right += (z >= 0) == y.get(i) ? 1 : 0;
        }
        // the classes overlap by about 5 % at this spread
        assertTrue(right > 0.9 * x.size(), right + " of " + x.size());
    }
}
