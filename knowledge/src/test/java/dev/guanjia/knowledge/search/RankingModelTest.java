package dev.guanjia.knowledge.search;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RankingModelTest {

    private static double[] features(double denseCos, double coverage) {
        double[] f = new double[Candidate.FEATURES.size()];
        f[Candidate.FEATURES.indexOf("dense_cos")] = denseCos;
        f[Candidate.FEATURES.indexOf("coverage")] = coverage;
        return f;
    }

    private static RankingModel model(double denseWeight, double coverageWeight) {
        double[] rank = new double[Candidate.FEATURES.size()];
        rank[Candidate.FEATURES.indexOf("dense_cos")] = denseWeight;
        rank[Candidate.FEATURES.indexOf("coverage")] = coverageWeight;
        // answer when cosine + coverage + scope > 1
        double[] abstain = new double[RankingModel.SIGNALS.size() + 1];
        abstain[0] = -10;
        abstain[1 + RankingModel.SIGNALS.indexOf("cosine")] = 10;
        abstain[1 + RankingModel.SIGNALS.indexOf("coverage")] = 10;
        abstain[1 + RankingModel.SIGNALS.indexOf("scope")] = 10;
        return new RankingModel(rank, abstain, 0.5, new double[PassageCandidate.FEATURES.size()]);
    }

    @Test
    void candidatesAreOrderedByTheWeightedFeatures() {
        Candidate meaning = new Candidate(new RankedDoc("a", 1, 0), features(0.8, 0.1));
        Candidate words = new Candidate(new RankedDoc("b", 2, 0), features(0.5, 1.0));
        assertEquals("a", model(2, 0.5).rank(List.of(words, meaning)).get(0).candidate().docId());
        assertEquals("b", model(0.5, 2).rank(List.of(meaning, words)).get(0).candidate().docId());
    }

    @Test
    void abstainsBelowTheThreshold() {
        RankingModel m = model(1, 1);
        List<RankingModel.Ranked> weak = m.rank(List.of(new Candidate(new RankedDoc("a", 1, 0), features(0.3, 0.2))));
        assertTrue(m.abstain(RankingModel.signals(weak, 0.5, 0.6, 0, false)));
        List<RankingModel.Ranked> strong = m.rank(List.of(new Candidate(new RankedDoc("a", 1, 0), features(0.8, 0.6))));
        assertFalse(m.abstain(RankingModel.signals(strong, 0.8, 0.4, 0, false)));
    }

    /** A question written without Chinese is its own signal; a model fitted before that signal reads it as 0. */
    @Test
    void theEnglishSignalIsWeighedAndAbsentFromOlderModels() {
        RankingModel m = model(1, 1);
        List<RankingModel.Ranked> r = m.rank(List.of(new Candidate(new RankedDoc("a", 1, 0), features(0.5, 0.4))));
        double[] english = RankingModel.signals(r, 0.5, 0.6, 0, true);
        assertEquals(1, english[RankingModel.SIGNALS.indexOf("english")]);
        assertEquals(0, RankingModel.signals(r, 0.5, 0.6, 0, false)[RankingModel.SIGNALS.indexOf("english")]);
        String older = RankingModel.bundled().toProperties("older").lines()
                .filter(l -> !l.startsWith("abstain.english=")).collect(java.util.stream.Collectors.joining("\n"));
        RankingModel before = RankingModel.parse(older);
        assertEquals(before.answerProbability(english), before.answerProbability(RankingModel.signals(r, 0.5, 0.6, 0, false)), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> RankingModel.parse(older.replaceAll("abstain.cosine=.*", "")));
    }

    @Test
    void theShippedModelReadsBackAsWritten() {
        RankingModel shipped = RankingModel.bundled();
        RankingModel again = RankingModel.parse(shipped.toProperties("round trip"));
        double[] f = features(0.7, 0.5);
        assertEquals(shipped.score(f), again.score(f), 1e-3);
        assertTrue(shipped.score(features(0.9, 1.0)) > shipped.score(features(0.4, 0.0)),
                "more meaning and more shared words must rank higher");
    }

    @Test
    void aModelWithoutAFeatureIsRefusedByName() {
        String text = RankingModel.bundled().toProperties("x").replaceAll("(?m)^rank\\.coverage=.*$", "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RankingModel.parse(text));
        assertTrue(e.getMessage().contains("rank.coverage"), e.getMessage());
    }
}
