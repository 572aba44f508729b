package dev.guanjia.desk.unanswered;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Questions grouped by meaning: each question, oldest first, joins the group whose centroid (the
 * normalised mean of its members' embeddings) is closest, if that closeness reaches the threshold,
 * else it starts a group. A centroid rather than the nearest member keeps a chain of small steps
 * ("快递柜在哪" → "快递柜坏了" → "门禁坏了") from pulling unrelated questions into one group.
 */
public final class QuestionGroups {

    /**
     * How close to a group's centroid a question must be to join it, with bge-small-zh. Measured on
     * our own property questions: rewordings of one question score 0.67–0.81 against each other and
     * 0.75–0.83 against the centroid of the others (快递柜在哪 / 丰巢快递柜放在哪儿了 / 取快递的柜子在什么位置;
     * 电动车在哪里充电 / 电瓶车充电桩在什么地方 / 给电动自行车充电的地方); another question on the same
     * subject 0.70 (快递柜坏了打不开 against the 快递柜 group), unrelated ones 0.27–0.57, with one pair of
     * "may X go in the lift" questions (电动车 / 宠物狗) at 0.72. 0.73 sits between.
     */
    public static final double THRESHOLD = 0.73;

    private QuestionGroups() {
    }

    /** One group: its members in the order they were asked. */
    public record Group<T>(List<T> members) {
    }

    /**
     * Groups items by their unit-length embeddings; ranked by size, then by the newest member
     * (items are given oldest first, so the last index is the newest).
     */
    public static <T> List<Group<T>> of(List<T> oldestFirst, Function<T, float[]> embedding, double threshold) {
        List<List<Integer>> members = new ArrayList<>();
        List<double[]> sums = new ArrayList<>();
        for (int i = 0; i < oldestFirst.size(); i++) {
            float[] v = embedding.apply(oldestFirst.get(i));
            int best = -1;
            double bestScore = threshold;
            for (int g = 0; g < sums.size(); g++) {
                double s = cosine(sums.get(g), v);
                if (s >= bestScore) {
                    best = g;
                    bestScore = s;
                }
            }
            if (best < 0) {
                members.add(new ArrayList<>());
                sums.add(new double[v.length]);
                best = members.size() - 1;
            }
            members.get(best).add(i);
            double[] sum = sums.get(best);
            for (int k = 0; k < v.length && k < sum.length; k++) {
                sum[k] += v[k];
            }
        }
        List<List<Integer>> ranked = new ArrayList<>(members);
        ranked.sort(Comparator.<List<Integer>>comparingInt(List::size).reversed()
                .thenComparing(Comparator.<List<Integer>>comparingInt(m -> m.get(m.size() - 1)).reversed()));
        List<Group<T>> out = new ArrayList<>();
        for (List<Integer> m : ranked) {
            out.add(new Group<>(m.stream().map(oldestFirst::get).toList()));
        }
        return out;
    }

    /** Cosine of a (not normalised) sum of unit vectors with a unit vector. */
    static double cosine(double[] sum, float[] v) {
        double dot = 0;
        double norm = 0;
        for (int k = 0; k < sum.length && k < v.length; k++) {
            dot += sum[k] * v[k];
            norm += sum[k] * sum[k];
        }
        return norm == 0 ? 0 : dot / Math.sqrt(norm);
    }
}
